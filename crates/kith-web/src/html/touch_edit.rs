//! Changing a logged touch: kind, date, minutes, the people there, the note and the favors. A
//! refused change shows the form again with what was typed.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use kith_app::touch_edit::edit_touch;
use kith_core::{Interaction, InteractionKind, ValidationError, date::parse_date, interaction::InteractionPatch};
use serde::Deserialize;

use crate::{
    error::WebError,
    html::{
        chrome::{Chrome, Page, PageResult, done},
        forms::{back_to, list, minutes, text},
    },
    state::AppState,
};

/// The form as typed (or as the touch is, when first shown).
#[derive(Debug, Default, Deserialize)]
pub struct TouchForm {
    pub kind: Option<String>,
    pub on: Option<String>,
    pub minutes: Option<String>,
    /// Everyone who was there, as the CLI names people: ids, e-mails, names or unique prefixes.
    pub with: Option<String>,
    pub note: Option<String>,
    pub gave: Option<String>,
    pub got: Option<String>,
    /// Whose favor it was, named like `with`; the first one there if empty.
    pub favor_with: Option<String>,
    pub back: Option<String>,
}

impl TouchForm {
    fn of(i: &Interaction, back: Option<String>) -> TouchForm {
        TouchForm {
            kind: Some(i.kind.as_str().to_string()),
            on: Some(i.on.to_string()),
            minutes: i.minutes.map(|m| m.to_string()),
            with: Some(i.with.iter().map(|p| format!("{} (#{})", p.name, p.id)).collect::<Vec<_>>().join(", ")),
            note: i.note.clone(),
            gave: i.gave.clone(),
            got: i.got.clone(),
            favor_with: i
                .favor_with
                .and_then(|id| i.with.iter().find(|p| p.id == id))
                .map(|p| format!("{} (#{})", p.name, p.id)),
            back,
        }
    }
}

#[derive(Template)]
#[template(path = "touch_edit.html")]
struct TouchPage {
    chrome: Chrome,
    id: i64,
    /// Who was there, as stored: `Ada Lovelace (#1)`.
    people: String,
    kinds: Vec<&'static str>,
    form: TouchForm,
    back: String,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct BackQuery {
    back: Option<String>,
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    id: i64,
    form: TouchForm,
    error: Option<String>,
) -> PageResult<Page> {
    let i = state.store().interaction(id).await?;
    let back = back_to(&form.back, &format!("/contacts/{}", i.with.first().map_or(0, |p| p.id)));
    let people = i.with.iter().map(|p| format!("{} (#{})", p.name, p.id)).collect::<Vec<_>>().join(", ");
    let view = TouchPage {
        chrome: Chrome::new(state, headers, format!("Change the {} of {}", i.kind, i.on), "contacts"),
        id,
        people,
        kinds: InteractionKind::ALL.iter().map(|k| k.as_str()).collect(),
        form,
        back,
        error,
    };
    Ok(Page::render(&view, &view.chrome)?)
}

/// `GET /interactions/{id}/edit`.
pub async fn page(
    AsOwner(state): AsOwner,
    Path(id): Path<i64>,
    Query(q): Query<BackQuery>,
    headers: HeaderMap,
) -> PageResult<Response> {
    let i = state.store().interaction(id).await?;
    Ok(render(&state, &headers, id, TouchForm::of(&i, q.back), None).await?.into_response())
}

/// Who a name in the form means: `Ada Lovelace (#1)` as the form writes people is contact 1; `#1`
/// is too; anything else is resolved as the CLI resolves it (id, e-mail, name, unique prefix).
fn person(typed: &str) -> &str {
    fn id_of(s: &str) -> Option<&str> {
        s.strip_prefix('#').filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    }
    typed
        .strip_suffix(')')
        .and_then(|s| s.rsplit_once(" ("))
        .and_then(|(_, id)| id_of(id))
        .or_else(|| id_of(typed))
        .unwrap_or(typed)
}

/// The change the form asks for: every field is sent, so each one given replaces what is stored
/// and an emptied note or favor removes it.
async fn patch_of(state: &AppState, form: &TouchForm) -> Result<InteractionPatch, WebError> {
    let kind: InteractionKind = form.kind.as_deref().unwrap_or("").parse().map_err(WebError::Invalid)?;
    let on = match text(&form.on) {
        Some(d) => parse_date("on", &d)?,
        None => return Err(ValidationError::new("on", "", "give the day it happened").into()),
    };
    let minutes = minutes(&form.minutes)?;
    let mut contacts = Vec::new();
    for who in list(&form.with) {
        contacts.push(state.store().resolve(person(&who)).await.map_err(|e| {
            WebError::Invalid(ValidationError::new("with", &who, format!("{e}; name people by id, e-mail or name")))
        })?);
    }
    let favor_with = match text(&form.favor_with) {
        Some(who) => Some(state.store().resolve(person(&who)).await.map_err(|e| {
            WebError::Invalid(ValidationError::new("favor_with", &who, format!("{e}; name one of the people there")))
        })?),
        None => None,
    };
    Ok(InteractionPatch {
        kind: Some(kind),
        on: Some(on),
        minutes: Some(minutes),
        note: Some(text(&form.note)),
        contacts: Some(contacts),
        gave: Some(text(&form.gave)),
        got: Some(text(&form.got)),
        favor_with: Some(favor_with),
    })
}

/// `POST /interactions/{id}/edit`.
pub async fn save(
    AsOwner(state): AsOwner,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(form): Form<TouchForm>,
) -> PageResult<Response> {
    let result = match patch_of(&state, &form).await {
        Ok(patch) => {
            edit_touch(state.store(), &state.settings().weights, id, patch, state.today()).await.map_err(WebError::from)
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(i) => {
            let back = back_to(&form.back, &format!("/contacts/{}", i.with.first().map_or(0, |p| p.id)));
            Ok(done(&back, format!("Changed the {} of {}.", i.kind, i.on)))
        }
        Err(WebError::Invalid(v)) => {
            let message = format!("{} '{}': {}", v.field, v.value, v.message);
            let page = render(&state, &headers, id, form, Some(message)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::person;

    #[test]
    fn people_are_read_as_the_form_writes_them_or_as_typed() {
        assert_eq!(person("Ada Lovelace (#12)"), "12");
        assert_eq!(person("#7"), "7");
        assert_eq!(person("Ada"), "Ada");
        assert_eq!(person("Jean (Johnny) Doe"), "Jean (Johnny) Doe");
        assert_eq!(person("ada@example.org"), "ada@example.org");
        assert_eq!(person("Team (#x)"), "Team (#x)");
    }
}
