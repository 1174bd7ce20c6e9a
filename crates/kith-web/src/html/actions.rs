//! The small posts behind buttons and quick forms: log a touch, snooze, follow-ups. Each validates
//! everything before writing, writes in one store call, and returns to the page it came from with
//! a message saying what happened.

use crate::state::AsOwner;
use axum::{Form, extract::Path, response::Response};
use kith_app::{followup::FollowUpAsk, snooze::SnoozeAsk};
use kith_core::{InteractionKind, NewInteraction, contact::Cadenced, date::parse_date};
use serde::Deserialize;

use crate::{
    error::{WebError, WebResult},
    html::{
        chrome::{PageResult, done},
        format::percent,
        forms::{back_to, checked, list, text},
    },
    state::AppState,
};

/// The quick log form (contact page, plan's "logged it").
#[derive(Debug, Deserialize)]
pub struct LogForm {
    pub kind: String,
    pub on: Option<String>,
    pub minutes: Option<String>,
    pub note: Option<String>,
    pub gave: Option<String>,
    pub got: Option<String>,
    pub they_initiated: Option<String>,
    /// Others who were there, as the CLI names people: ids, e-mails, names or unique prefixes.
    pub with: Option<String>,
    /// Whom a favor given or received belongs to, named like `with`; the page's contact if empty.
    pub favor_with: Option<String>,
    /// Follow-ups this touch keeps, by id (comma-separated): marked done with it. The plan's
    /// "logged it" sends the one it stands for; the contact page offers the due ones as a checkbox.
    pub done_followup: Option<String>,
    pub back: Option<String>,
}

/// Logs one interaction with contact `id` and anyone named in `with`; the page handler
/// (`contact::log`) decides how a mistake is shown.
pub async fn log(state: &AppState, id: i64, form: LogForm) -> WebResult<Response> {
    let today = state.today();
    let store = state.store();
    let kind: InteractionKind = form.kind.parse().map_err(WebError::Invalid)?;
    let on = match text(&form.on) {
        Some(d) => parse_date("on", &d)?,
        None => today,
    };
    let minutes = super::forms::minutes(&form.minutes)?;
    let mut contacts = vec![store.contact(id).await?.id];
    for who in list(&form.with) {
        contacts.push(store.resolve(&who).await?);
    }
    let favor_with = match text(&form.favor_with) {
        Some(who) => {
            let favor = store.resolve(&who).await?;
            if !contacts.contains(&favor) {
                return Err(WebError::Invalid(kith_core::ValidationError::new(
                    "favor_with",
                    who,
                    "is not one of the people in this touch; name one of them, or leave it empty",
                )));
            }
            Some(favor)
        }
        None => None,
    };
    let fulfills = list(&form.done_followup)
        .iter()
        .map(|f| {
            f.parse::<i64>().map_err(|_| kith_core::ValidationError::new("done_followup", f, "not a follow-up number"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let interaction = NewInteraction {
        contacts,
        kind,
        on,
        minutes,
        note: text(&form.note),
        gave: text(&form.gave),
        got: text(&form.got),
        they_initiated: checked(&form.they_initiated),
        favor_with,
        fulfills,
    }
    .validate(today)?;
    let ids = interaction.contacts.clone();
    let kept = interaction.fulfills.len();
    store.log_interaction(interaction, state.settings().weights.of(kind)).await?;
    let mut parts = Vec::new();
    for cid in ids {
        let c = store.contact(cid).await?;
        let s = c.summary(today);
        parts.push(format!("{} is {} {}", c.name, s.status, percent(s.warmth)));
    }
    let kept = match kept {
        0 => String::new(),
        1 => " The follow-up is done.".to_string(),
        n => format!(" {n} follow-ups are done."),
    };
    let message = format!("Logged {kind} on {on}: {}.{kept}", parts.join(", "));
    Ok(done(&back_to(&form.back, &format!("/contacts/{id}")), message))
}

#[derive(Debug, Deserialize)]
pub struct SnoozeForm {
    /// A span (`1w`, `2w`, `1m`) …
    #[serde(rename = "for")]
    pub for_: Option<String>,
    /// … or a date.
    pub until: Option<String>,
    /// Lifts the snooze.
    pub clear: Option<String>,
    pub back: Option<String>,
}

/// `POST /contacts/{id}/snooze`.
pub async fn snooze(
    AsOwner(state): AsOwner,
    Path(id): Path<i64>,
    Form(form): Form<SnoozeForm>,
) -> PageResult<Response> {
    let today = state.today();
    let ask = SnoozeAsk { until: form.until, span: form.for_, clear: checked(&form.clear) };
    let until = ask.until(today)?;
    let c = state.store().contact(id).await?;
    state.store().snooze(id, until).await?;
    let message = match until {
        Some(u) => format!("Snoozed {} until {u}.", c.name),
        None => format!("{} is no longer snoozed.", c.name),
    };
    Ok(done(&back_to(&form.back, &format!("/contacts/{id}")), message))
}

#[derive(Debug, Deserialize)]
pub struct FollowUpForm {
    /// Who, when posted from the follow-ups page; the contact page posts to its own contact.
    pub who: Option<String>,
    #[serde(rename = "in")]
    pub in_: Option<String>,
    pub on: Option<String>,
    pub note: Option<String>,
    pub back: Option<String>,
}

/// `POST /followups` (with `who`) and `POST /contacts/{id}/followups`.
pub async fn add_followup(state: &AppState, contact: Option<i64>, form: FollowUpForm) -> PageResult<Response> {
    let today = state.today();
    // The form's span is a select, which always sends one: a date typed beside it is the choice
    // (the form says "a date wins").
    let span = if text(&form.on).is_some() { None } else { form.in_ };
    let ask = FollowUpAsk { on: form.on, span, note: form.note };
    let (due_on, note) = (ask.due_on(today)?, ask.note()?);
    let id = match (contact, text(&form.who)) {
        (Some(id), _) => id,
        (None, Some(who)) => state.store().resolve(&who).await?,
        (None, None) => {
            return Err(kith_core::ValidationError::new("who", "", "name the person to follow up with").into());
        }
    };
    state.store().add_followup(id, due_on, note, today).await?;
    let c = state.store().contact(id).await?;
    Ok(done(&back_to(&form.back, "/followups"), format!("Follow-up with {} on {due_on}.", c.name)))
}

pub async fn add_followup_for(
    AsOwner(state): AsOwner,
    Path(id): Path<i64>,
    Form(form): Form<FollowUpForm>,
) -> PageResult<Response> {
    add_followup(&state, Some(id), form).await
}

pub async fn add_followup_by_name(AsOwner(state): AsOwner, Form(form): Form<FollowUpForm>) -> PageResult<Response> {
    add_followup(&state, None, form).await
}

#[derive(Debug, Deserialize)]
pub struct BackForm {
    pub back: Option<String>,
}

/// `POST /followups/{id}/done`.
pub async fn followup_done(
    AsOwner(state): AsOwner,
    Path(id): Path<i64>,
    Form(form): Form<BackForm>,
) -> PageResult<Response> {
    state.store().complete_followup(id, state.today()).await?;
    Ok(done(&back_to(&form.back, "/followups"), format!("Follow-up #{id} done.")))
}

/// `POST /interactions/{id}/delete`.
pub async fn delete_interaction(
    AsOwner(state): AsOwner,
    Path(id): Path<i64>,
    Form(form): Form<BackForm>,
) -> PageResult<Response> {
    let i = state.store().interaction(id).await?;
    state.store().delete_interaction(id).await?;
    let names: Vec<&str> = i.with.iter().map(|p| p.name.as_str()).collect();
    Ok(done(&back_to(&form.back, "/"), format!("Deleted the {} of {} with {}.", i.kind, i.on, names.join(", "))))
}
