//! Adding and editing a contact. One form serves both; on a mistake it comes back with everything
//! the user typed and the field at fault marked, so nothing typed is lost.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    Form,
    extract::Path,
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use kith_core::{Circle, Contact, ContactPatch, NewContact, contact::Birthday, date::parse_date};
use serde::Deserialize;

use crate::{
    error::WebError,
    html::{
        chrome::{Chrome, Page, PageResult, done},
        forms::{checked, list, text},
    },
    state::AppState,
};

/// The fields as typed (lists comma-separated).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ContactForm {
    pub name: Option<String>,
    pub emails: Option<String>,
    pub phones: Option<String>,
    pub org: Option<String>,
    pub title: Option<String>,
    pub location: Option<String>,
    pub circle: Option<String>,
    pub every: Option<String>,
    pub tags: Option<String>,
    pub met_at: Option<String>,
    pub met_on: Option<String>,
    pub linkedin: Option<String>,
    pub website: Option<String>,
    pub birthday: Option<String>,
    pub notes: Option<String>,
    pub important: Option<String>,
}

impl ContactForm {
    /// The form filled with a stored contact.
    pub fn of(c: &Contact) -> ContactForm {
        let opt = |v: &Option<String>| v.clone();
        ContactForm {
            name: Some(c.name.clone()),
            emails: Some(c.emails.join(", ")),
            phones: Some(c.phones.join(", ")),
            org: opt(&c.org),
            title: opt(&c.title),
            location: opt(&c.location),
            circle: Some(c.circle.as_str().to_string()),
            every: c.custom_cadence_days.map(|d| d.to_string()),
            tags: Some(c.tags.join(", ")),
            met_at: opt(&c.met_at),
            met_on: c.met_on.map(|d| d.to_string()),
            linkedin: opt(&c.linkedin),
            website: opt(&c.website),
            birthday: c.birthday.map(|b| b.to_string()),
            notes: opt(&c.notes),
            important: c.important.then(|| "on".into()),
        }
    }

    /// The value of a field for the template (empty when absent).
    pub fn v(&self, field: &str) -> &str {
        let f = match field {
            "name" => &self.name,
            "emails" => &self.emails,
            "phones" => &self.phones,
            "org" => &self.org,
            "title" => &self.title,
            "location" => &self.location,
            "circle" => &self.circle,
            "every" => &self.every,
            "tags" => &self.tags,
            "met_at" => &self.met_at,
            "met_on" => &self.met_on,
            "linkedin" => &self.linkedin,
            "website" => &self.website,
            "birthday" => &self.birthday,
            "notes" => &self.notes,
            _ => return "",
        };
        f.as_deref().unwrap_or("")
    }

    pub fn is_important(&self) -> bool {
        checked(&self.important)
    }

    fn circle(&self) -> Result<Option<Circle>, WebError> {
        Ok(text(&self.circle).map(|c| c.parse::<Circle>()).transpose()?)
    }

    fn every(&self) -> Result<Option<u32>, WebError> {
        text(&self.every)
            .map(|e| {
                e.parse::<u32>().map_err(|_| {
                    kith_core::ValidationError::new("every", &e, "a whole number of days, from 1 to 3650").into()
                })
            })
            .transpose()
    }

    fn met_on(&self) -> Result<Option<chrono::NaiveDate>, WebError> {
        Ok(text(&self.met_on).map(|d| parse_date("met-on", &d)).transpose()?)
    }

    fn birthday(&self) -> Result<Option<Birthday>, WebError> {
        Ok(text(&self.birthday).map(|b| Birthday::parse("birthday", &b)).transpose()?)
    }

    fn new_contact(&self) -> Result<NewContact, WebError> {
        Ok(NewContact {
            name: self.name.clone().unwrap_or_default(),
            emails: list(&self.emails),
            phones: list(&self.phones),
            org: text(&self.org),
            title: text(&self.title),
            location: text(&self.location),
            circle: self.circle()?,
            cadence_days: self.every()?,
            tags: list(&self.tags),
            met_at: text(&self.met_at),
            met_on: self.met_on()?,
            linkedin: text(&self.linkedin),
            website: text(&self.website),
            birthday: self.birthday()?,
            notes: text(&self.notes),
            important: self.is_important(),
        }
        .validate()?)
    }

    /// What changed from `c`: lists become additions and removals, cleared fields are cleared.
    fn patch(&self, c: &Contact) -> Result<ContactPatch, WebError> {
        fn changed(new: Option<String>, old: &Option<String>) -> Option<String> {
            (new != *old).then(|| new.unwrap_or_default())
        }
        fn diff(new: Vec<String>, old: &[String]) -> (Vec<String>, Vec<String>) {
            let key = |s: &str| s.trim().to_lowercase();
            let add = new.iter().filter(|n| !old.iter().any(|o| key(o) == key(n))).cloned().collect();
            let remove = old.iter().filter(|o| !new.iter().any(|n| key(o) == key(n))).cloned().collect();
            (add, remove)
        }
        let (add_emails, remove_emails) = diff(list(&self.emails), &c.emails);
        let (add_phones, remove_phones) = diff(list(&self.phones), &c.phones);
        let (add_tags, remove_tags) = diff(list(&self.tags), &c.tags);
        let name = self.name.as_deref().map(str::trim).unwrap_or("");
        let circle = self.circle()?.filter(|circle| *circle != c.circle);
        let every = self.every()?;
        let met_on = self.met_on()?;
        let birthday = self.birthday()?;
        Ok(ContactPatch {
            name: (name != c.name).then(|| name.to_string()),
            add_emails,
            remove_emails,
            add_phones,
            remove_phones,
            org: changed(text(&self.org), &c.org),
            title: changed(text(&self.title), &c.title),
            location: changed(text(&self.location), &c.location),
            circle,
            cadence_days: (every != c.custom_cadence_days).then_some(every),
            add_tags,
            remove_tags,
            met_at: changed(text(&self.met_at), &c.met_at),
            met_on: (met_on != c.met_on).then_some(met_on),
            linkedin: changed(text(&self.linkedin), &c.linkedin),
            website: changed(text(&self.website), &c.website),
            birthday: (birthday != c.birthday).then_some(birthday),
            notes: changed(text(&self.notes), &c.notes),
            important: (self.is_important() != c.important).then_some(self.is_important()),
            archived: None,
            as_of: None,
        }
        .validate()?)
    }
}

#[derive(Template)]
#[template(path = "contact_form.html")]
struct FormPage {
    chrome: Chrome,
    heading: String,
    action: String,
    cancel: String,
    form: ContactForm,
    error: Option<String>,
    error_field: Option<String>,
    circles: Vec<(&'static str, &'static str)>,
}

impl FormPage {
    /// Whether the error is about this form field (validation names some fields in the singular).
    fn invalid(&self, field: &str) -> bool {
        let named = match self.error_field.as_deref() {
            Some("email") => "emails",
            Some("phone") => "phones",
            Some("tag") => "tags",
            Some("note") => "notes",
            Some(f) => f,
            None => return false,
        };
        named == field
    }
}

fn circle_options() -> Vec<(&'static str, &'static str)> {
    vec![
        ("inner", "inner — every 14 days"),
        ("close", "close — every 30 days"),
        ("active", "active — every 90 days"),
        ("wide", "wide — every 180 days"),
        ("dormant", "dormant — never nagged"),
    ]
}

fn render_form(
    state: &AppState,
    headers: &HeaderMap,
    heading: String,
    action: String,
    cancel: String,
    form: ContactForm,
    error: Option<WebError>,
) -> PageResult<Response> {
    let title = heading.clone();
    let status = error.as_ref().map(WebError::status);
    let page = FormPage {
        chrome: Chrome::new(state, headers, title, "contacts"),
        heading,
        action,
        cancel,
        error_field: error.as_ref().and_then(WebError::field),
        error: error.as_ref().map(WebError::message),
        form,
        circles: circle_options(),
    };
    let rendered = Page::render(&page, &page.chrome)?;
    Ok(match status {
        Some(s) => (s, rendered).into_response(),
        None => rendered.into_response(),
    })
}

/// `GET /contacts/new`.
pub async fn new_page(AsOwner(state): AsOwner, headers: HeaderMap) -> PageResult<Response> {
    let form = ContactForm { circle: Some("active".into()), ..Default::default() };
    render_form(&state, &headers, "Add a contact".into(), "/contacts".into(), "/contacts".into(), form, None)
}

/// `POST /contacts`.
pub async fn create(
    AsOwner(state): AsOwner,
    headers: HeaderMap,
    Form(form): Form<ContactForm>,
) -> PageResult<Response> {
    let attempt = async {
        let contact = form.new_contact()?;
        let name = contact.name.clone();
        let id = state.store().add_contact(contact, state.today()).await?;
        Ok::<_, WebError>((id, name))
    };
    match attempt.await {
        Ok((id, name)) => Ok(done(&format!("/contacts/{id}"), format!("Added {name}. Log your first touch below."))),
        Err(e) if e.status().is_client_error() => {
            render_form(&state, &headers, "Add a contact".into(), "/contacts".into(), "/contacts".into(), form, Some(e))
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /contacts/{id}/edit`.
pub async fn edit_page(AsOwner(state): AsOwner, Path(id): Path<i64>, headers: HeaderMap) -> PageResult<Response> {
    let c = state.store().contact(id).await?;
    let (heading, action, cancel) = (format!("Edit {}", c.name), format!("/contacts/{id}"), format!("/contacts/{id}"));
    render_form(&state, &headers, heading, action, cancel, ContactForm::of(&c), None)
}

/// `POST /contacts/{id}`.
pub async fn update(
    AsOwner(state): AsOwner,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(form): Form<ContactForm>,
) -> PageResult<Response> {
    let c = state.store().contact(id).await?;
    let attempt = async {
        let patch = ContactPatch { as_of: Some(state.today()), ..form.patch(&c)? };
        if patch.is_empty() {
            return Ok(false);
        }
        state.store().edit_contact(id, patch).await?;
        Ok::<_, WebError>(true)
    };
    match attempt.await {
        Ok(true) => Ok(done(&format!("/contacts/{id}"), format!("Saved {}.", form.v("name").trim()))),
        Ok(false) => Ok(done(&format!("/contacts/{id}"), "Nothing changed.")),
        Err(e) if e.status().is_client_error() => {
            let (heading, action, cancel) =
                (format!("Edit {}", c.name), format!("/contacts/{id}"), format!("/contacts/{id}"));
            render_form(&state, &headers, heading, action, cancel, form, Some(e))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct ArchiveForm {
    pub archive: Option<String>,
}

/// `POST /contacts/{id}/archive`: archive (kept, never nagged) or bring back.
pub async fn archive(
    AsOwner(state): AsOwner,
    Path(id): Path<i64>,
    Form(form): Form<ArchiveForm>,
) -> PageResult<Response> {
    let archive = checked(&form.archive);
    let patch = ContactPatch { archived: Some(archive), ..Default::default() };
    state.store().edit_contact(id, patch).await?;
    let c = state.store().contact(id).await?;
    let message = if archive {
        format!("Archived {}: kept, never nagged.", c.name)
    } else {
        format!("{} is back in your network.", c.name)
    };
    Ok(done(&format!("/contacts/{id}"), message))
}
