//! Relating contacts from a contact's page: `POST /contacts/{id}/relationships` adds one,
//! `POST /relationships/{id}/remove` takes one away.

use crate::state::AsOwner;
use axum::{Form, extract::Path, response::Response};
use kith_app::relationships::{self, RelateRequest};
use kith_core::{ValidationError, date::parse_date};
use serde::Deserialize;

use crate::html::{
    chrome::{PageResult, done},
    forms::{back_to, text},
};

/// The contact page's "Relationships" form.
#[derive(Debug, Deserialize)]
pub struct RelateForm {
    /// One of kith's types, or `other` for the user's own (then `custom` and `inverse`).
    pub kind: String,
    pub custom: Option<String>,
    pub inverse: Option<String>,
    /// The other contact, by name, e-mail or id.
    pub with: Option<String>,
    pub note: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
}

/// `POST /contacts/{id}/relationships`.
pub async fn relate(
    AsOwner(state): AsOwner,
    Path(id): Path<i64>,
    Form(form): Form<RelateForm>,
) -> PageResult<Response> {
    let store = state.store();
    store.contact(id).await?;
    let Some(with) = text(&form.with) else {
        return Err(ValidationError::new("with", "", "name the other person (a name, an e-mail or an id)").into());
    };
    let other = store.resolve(&with).await?;
    let kind = if form.kind == "other" { text(&form.custom).unwrap_or_default() } else { form.kind.clone() };
    let date = |field: &str, v: &Option<String>| text(v).map(|d| parse_date(field, &d)).transpose();
    let req = RelateRequest {
        kind,
        inverse: text(&form.inverse),
        note: text(&form.note),
        since: date("since", &form.since)?,
        until: date("until", &form.until)?,
    };
    let done_ = relationships::relate(store, id, other, req).await?;
    Ok(done(&format!("/contacts/{id}#relationships"), done_.sentence))
}

#[derive(Debug, Deserialize)]
pub struct RemoveForm {
    pub back: Option<String>,
}

/// `POST /relationships/{id}/remove`.
pub async fn remove(
    AsOwner(state): AsOwner,
    Path(id): Path<i64>,
    Form(form): Form<RemoveForm>,
) -> PageResult<Response> {
    if !state.store().remove_relationship(id).await? {
        return Err(kith_store::StoreError::not_found("relationship", id).into());
    }
    Ok(done(&back_to(&form.back, "/contacts"), "Relationship removed."))
}
