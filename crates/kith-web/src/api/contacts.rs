//! `/api/v1/contacts`: list, create, read, change, snooze; a contact's timeline.

use crate::state::AsOwner;
use axum::{Json, response::Response};
use chrono::NaiveDate;
use kith_app::{
    Profile,
    snooze::SnoozeAsk,
    views::{ContactView, InteractionView, ProfileView},
};
use kith_core::{Circle, ContactPatch, NewContact, Status, ValidationError, contact::Birthday};
use kith_store::{ContactFilter, ContactSort};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Id, Params, created, nullable};
use crate::{
    error::{ApiErrorBody, ApiResult},
    state::AppState,
};

/// The most contacts one list call returns.
const MAX_LIMIT: u32 = 1000;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show, update, delete))
        .routes(routes!(snooze))
        .routes(routes!(bulk))
        .routes(routes!(timeline))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Full-text search over names, organizations, titles, e-mails, tags and notes.
    q: Option<String>,
    circle: Option<Circle>,
    status: Option<Status>,
    tag: Option<String>,
    /// Organization name (exact, any case).
    org: Option<String>,
    /// `name` (default), `warmth` or `due`.
    sort: Option<String>,
    /// At most this many (default 50, at most 1000).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
    offset: Option<u32>,
    /// Include archived contacts.
    archived: Option<bool>,
}

/// Contacts, filtered and ordered.
#[utoipa::path(get, path = "/api/v1/contacts", tag = "contacts", params(ListParams),
    responses((status = 200, body = Vec<ContactView>), (status = 422, body = ApiErrorBody)))]
async fn list(AsOwner(state): AsOwner, Params(p): Params<ListParams>) -> ApiResult<Json<Vec<ContactView>>> {
    let limit = p.limit.unwrap_or(50);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ValidationError::new("limit", limit.to_string(), format!("must be from 1 to {MAX_LIMIT}")).into());
    }
    let filter = ContactFilter {
        tag: p.tag,
        circle: p.circle,
        status: p.status,
        org: p.org,
        search: p.q,
        limit: Some(limit),
        offset: p.offset,
        sort: p.sort.as_deref().map(|s| ContactSort::parse("sort", s)).transpose()?.unwrap_or_default(),
        include_archived: p.archived.unwrap_or(false),
    };
    let today = state.today();
    let contacts = state.store().list_contacts(&filter, today).await?;
    let ids: Vec<i64> = contacts.iter().map(|c| c.id).collect();
    let mut found = kith_app::search::found(state.store(), filter.search.as_deref(), &ids).await?;
    Ok(Json(
        contacts.iter().map(|c| ContactView { found: found.remove(&c.id), ..ContactView::new(c, today) }).collect(),
    ))
}

/// A new contact.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewContactBody {
    name: String,
    #[serde(default)]
    emails: Vec<String>,
    #[serde(default)]
    phones: Vec<String>,
    org: Option<String>,
    title: Option<String>,
    location: Option<String>,
    /// Default: `active`.
    circle: Option<Circle>,
    /// A custom cadence in days, instead of the circle's.
    cadence_days: Option<u32>,
    #[serde(default)]
    tags: Vec<String>,
    met_at: Option<String>,
    met_on: Option<NaiveDate>,
    linkedin: Option<String>,
    website: Option<String>,
    /// `YYYY-MM-DD`, or `--MM-DD` without a year.
    birthday: Option<String>,
    notes: Option<String>,
    #[serde(default)]
    important: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

/// Adds a contact.
#[utoipa::path(post, path = "/api/v1/contacts", tag = "contacts", request_body = NewContactBody,
    responses((status = 201, body = Created), (status = 422, body = ApiErrorBody)))]
async fn create(AsOwner(state): AsOwner, Body(b): Body<NewContactBody>) -> ApiResult<Response> {
    let contact = NewContact {
        name: b.name,
        emails: b.emails,
        phones: b.phones,
        org: b.org,
        title: b.title,
        location: b.location,
        circle: b.circle,
        cadence_days: b.cadence_days,
        tags: b.tags,
        met_at: b.met_at,
        met_on: b.met_on,
        linkedin: b.linkedin,
        website: b.website,
        birthday: b.birthday.as_deref().map(|v| Birthday::parse("birthday", v)).transpose()?,
        notes: b.notes,
        important: b.important,
    }
    .validate()?;
    let id = state.store().add_contact(contact, state.today()).await?;
    Ok(created(Created { id }))
}

/// A contact's profile, warmth, due date, follow-ups and timeline.
#[utoipa::path(get, path = "/api/v1/contacts/{id}", tag = "contacts", params(("id" = i64, Path)),
    responses((status = 200, body = ProfileView), (status = 404, body = ApiErrorBody)))]
async fn show(AsOwner(state): AsOwner, Id(id): Id<i64>) -> ApiResult<Json<ProfileView>> {
    Ok(Json(Profile::load(state.store(), id, None).await?.view(state.today())))
}

/// Deletes a contact for good, with everything that is only theirs; touches shared with others
/// stay without them.
#[utoipa::path(delete, path = "/api/v1/contacts/{id}", tag = "contacts", params(("id" = i64, Path)),
    responses((status = 200, body = kith_store::DeleteReport), (status = 404, body = ApiErrorBody)))]
async fn delete(AsOwner(state): AsOwner, Id(id): Id<i64>) -> ApiResult<Json<kith_store::DeleteReport>> {
    Ok(Json(state.store().delete_contacts(&[id]).await?))
}

/// A change to a contact: absent fields stay as they are; `null` clears a field.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactPatchBody {
    name: Option<String>,
    #[serde(default)]
    add_emails: Vec<String>,
    #[serde(default)]
    remove_emails: Vec<String>,
    #[serde(default)]
    add_phones: Vec<String>,
    #[serde(default)]
    remove_phones: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    org: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    title: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    location: Option<Option<String>>,
    circle: Option<Circle>,
    /// A number of days, or `null` to follow the circle again.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<u32>)]
    cadence_days: Option<Option<u32>>,
    #[serde(default)]
    add_tags: Vec<String>,
    #[serde(default)]
    remove_tags: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    met_at: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    met_on: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    linkedin: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    website: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    birthday: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    notes: Option<Option<String>>,
    important: Option<bool>,
    archived: Option<bool>,
}

/// Changes a contact; answers with the contact as it stands afterwards.
#[utoipa::path(patch, path = "/api/v1/contacts/{id}", tag = "contacts", params(("id" = i64, Path)),
    request_body = ContactPatchBody,
    responses((status = 200, body = ContactView), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn update(
    AsOwner(state): AsOwner,
    Id(id): Id<i64>,
    Body(b): Body<ContactPatchBody>,
) -> ApiResult<Json<ContactView>> {
    let text = |v: Option<Option<String>>| v.map(Option::unwrap_or_default);
    let birthday = match b.birthday {
        Some(Some(v)) => Some(Some(Birthday::parse("birthday", &v)?)),
        Some(None) => Some(None),
        None => None,
    };
    let patch = ContactPatch {
        name: b.name,
        add_emails: b.add_emails,
        remove_emails: b.remove_emails,
        add_phones: b.add_phones,
        remove_phones: b.remove_phones,
        org: text(b.org),
        title: text(b.title),
        location: text(b.location),
        circle: b.circle,
        cadence_days: b.cadence_days,
        add_tags: b.add_tags,
        remove_tags: b.remove_tags,
        met_at: text(b.met_at),
        met_on: b.met_on,
        linkedin: text(b.linkedin),
        website: text(b.website),
        birthday,
        notes: text(b.notes),
        important: b.important,
        archived: b.archived,
        as_of: Some(state.today()),
    }
    .validate()?;
    state.store().contact(id).await?;
    if !patch.is_empty() {
        state.store().edit_contact(id, patch).await?;
    }
    Ok(Json(ContactView::new(&state.store().contact(id).await?, state.today())))
}

/// How long to snooze: a date, a span, or `clear`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SnoozeBody {
    until: Option<NaiveDate>,
    /// `3d`, `2w`, `6m`, `1y`.
    #[serde(rename = "for")]
    for_: Option<String>,
    #[serde(default)]
    clear: bool,
}

/// Pushes a due contact back until a date (or lifts the snooze).
#[utoipa::path(post, path = "/api/v1/contacts/{id}/snooze", tag = "contacts", params(("id" = i64, Path)),
    request_body = SnoozeBody,
    responses((status = 200, body = ContactView), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn snooze(AsOwner(state): AsOwner, Id(id): Id<i64>, Body(b): Body<SnoozeBody>) -> ApiResult<Json<ContactView>> {
    let today = state.today();
    let ask = SnoozeAsk { until: b.until.map(|d| d.to_string()), span: b.for_, clear: b.clear };
    let until = ask.until(today)?;
    state.store().snooze(id, until).await?;
    Ok(Json(ContactView::new(&state.store().contact(id).await?, today)))
}

/// A contact's interactions, newest first.
#[utoipa::path(get, path = "/api/v1/contacts/{id}/interactions", tag = "contacts", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<InteractionView>), (status = 404, body = ApiErrorBody)))]
async fn timeline(AsOwner(state): AsOwner, Id(id): Id<i64>) -> ApiResult<Json<Vec<InteractionView>>> {
    state.store().contact(id).await?;
    let timeline = state.store().timeline(id, None).await?;
    Ok(Json(timeline.iter().map(InteractionView::from).collect()))
}

/// One change to many contacts.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkBody {
    /// The contacts to change (at least one, at most 1000).
    ids: Vec<i64>,
    /// `true` archives them, `false` brings them back.
    archive: Option<bool>,
    /// Tags to add to each.
    #[serde(default)]
    add_tags: Vec<String>,
}

/// How many contacts a bulk change touched.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkDone {
    changed: usize,
}

/// Archives or tags many contacts at once, all or none: an unknown id changes nothing.
#[utoipa::path(post, path = "/api/v1/contacts/bulk", tag = "contacts", request_body = BulkBody,
    responses((status = 200, body = BulkDone), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn bulk(AsOwner(state): AsOwner, Body(b): Body<BulkBody>) -> ApiResult<Json<BulkDone>> {
    if b.ids.is_empty() || b.ids.len() > MAX_LIMIT as usize {
        let msg = format!("give from 1 to {MAX_LIMIT} contact ids");
        return Err(ValidationError::new("ids", b.ids.len().to_string(), msg).into());
    }
    if b.archive.is_none() && b.add_tags.is_empty() {
        return Err(ValidationError::new("archive", "", "say what to change: archive, add_tags or both").into());
    }
    let patch = ContactPatch { archived: b.archive, add_tags: b.add_tags, ..Default::default() };
    state.store().edit_contacts(&b.ids, patch).await?;
    Ok(Json(BulkDone { changed: b.ids.len() }))
}
