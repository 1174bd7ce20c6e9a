//! Bulk loading (the demo network): validated and prepared here, written by the backend's
//! `write_bulk` with multi-row inserts. The derived warmth columns and the reconnection days are
//! computed in Rust from the bulk data itself, with the same kith-core functions as every other
//! write. One summary change-log row (`entity = "bulk"`, `entity_id` = number of contacts) stands
//! for the whole load: a sync client that sees it should resynchronize in full.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use kith_core::{
    Circle, ContactId, OrgKind, Role, ValidationError,
    contact::{ContactBrief, name_key, split_name},
    interaction::MAX_MINUTES,
};
use sqlx::QueryBuilder;
use tracing::instrument;

use crate::{
    Bulk, BulkContact, BulkStore, OwnerId, StoreError, StoreResult,
    derived::{derive, fold_touches},
    dialect::Dialect,
    text,
    write_rows::{BulkContactRow, BulkFollowUpRow, BulkInteractionRow, BulkRows},
};

use super::bulk_practice::{bulk_practice_in, check_bulk_practice};
use super::contacts::non_empty;
use super::interactions::check_weight;
use super::reconnections::{insert_reconnections, push_revivals};
use super::rows::{IdSource, log_change};
use super::ties::refresh_ties;
use super::web::bump_version;
use super::{Conn, D, Db, ThisStore};

/// The ids a bulk load gave its contacts and interactions, in the order of the load.
pub(super) struct BulkIds {
    pub(super) contacts: Vec<i64>,
}

pub(super) fn bulk_invalid(what: &str, index: usize, e: ValidationError) -> StoreError {
    StoreError::Invalid(ValidationError::new(
        e.field,
        e.value,
        format!("{} ({what} {} of the load)", e.message, index + 1),
    ))
}

/// Checks the interactions of a bulk load; returns each one's contacts (indexes, deduplicated).
fn bulk_participants(bulk: &Bulk) -> StoreResult<Vec<Vec<usize>>> {
    let n = bulk.contacts.len();
    let mut out = Vec::with_capacity(bulk.interactions.len());
    for (k, bi) in bulk.interactions.iter().enumerate() {
        let i = &bi.interaction;
        let err = |field: &str, value: String, msg: &str| {
            bulk_invalid("interaction", k, ValidationError::new(field, value, msg))
        };
        check_weight(bi.weight)
            .map_err(|_| err("weight", bi.weight.to_string(), "a weight must be a number from 0 to 10"))?;
        if i.contacts.is_empty() {
            return Err(err("who", String::new(), "name at least one contact"));
        }
        if let Some(m) = i.minutes
            && (m == 0 || m > MAX_MINUTES)
        {
            return Err(err("minutes", m.to_string(), "must be from 1 to 1440"));
        }
        let mut people: Vec<usize> = Vec::with_capacity(i.contacts.len());
        for &c in &i.contacts {
            let c = usize::try_from(c)
                .ok()
                .filter(|&c| c < n)
                .ok_or_else(|| err("who", c.to_string(), "no such contact in the load"))?;
            if !people.contains(&c) {
                people.push(c);
            }
        }
        out.push(people);
    }
    Ok(out)
}

/// Organizations the load names, by key: existing ones reused, new ones created.
async fn bulk_orgs(conn: &mut Conn, owner: OwnerId, contacts: &[BulkContact]) -> StoreResult<HashMap<String, i64>> {
    let existing: Vec<(String, i64)> = sqlx::query_as("SELECT name_key, id FROM organizations WHERE owner_id = $1")
        .bind(owner)
        .fetch_all(&mut *conn)
        .await?;
    let mut orgs: HashMap<String, i64> = existing.into_iter().collect();
    // Each spelling is checked once; each new organization is made once, by its first spelling.
    let mut seen: HashSet<&str> = HashSet::new();
    let mut new: Vec<(String, String, OrgKind)> = Vec::new();
    let mut new_keys: HashSet<String> = HashSet::new();
    for (k, bc) in contacts.iter().enumerate() {
        let named = bc.contact.org.iter().map(|o| (o.as_str(), OrgKind::Employer));
        for (name, kind) in named.chain(bc.memberships.iter().map(|(n, kind, _)| (n.as_str(), *kind))) {
            if !seen.insert(name) {
                continue;
            }
            let name = kith_core::org::validate_org_name(name).map_err(|e| bulk_invalid("contact", k, e))?;
            let key = name_key(&name);
            if !orgs.contains_key(&key) && new_keys.insert(key.clone()) {
                new.push((name, key, kind));
            }
        }
    }
    orgs.extend(create_orgs(conn, owner, &new).await?);
    Ok(orgs)
}

/// Makes the organizations `new` names (name, key, kind; keys not yet taken) in multi-row
/// statements, with their change-log rows, and gives their ids by key. A real export names almost
/// as many employers as people: one statement per organization was most of an import's time.
async fn create_orgs(
    conn: &mut Conn,
    owner: OwnerId,
    new: &[(String, String, OrgKind)],
) -> StoreResult<Vec<(String, i64)>> {
    // Six values a row stays under either backend's limit on bound values (SQLite: 32,766).
    const ROWS_PER_STATEMENT: usize = 1_000;
    let mut made = Vec::with_capacity(new.len());
    let now = Utc::now();
    for chunk in new.chunks(ROWS_PER_STATEMENT) {
        let mut qb: QueryBuilder<Db> = QueryBuilder::new("INSERT INTO organizations (owner_id, name, name_key, kind) ");
        qb.push_values(chunk, |mut row, (name, key, kind)| {
            row.push_bind(owner).push_bind(name).push_bind(key).push_bind(kind.as_str());
        });
        qb.push(" RETURNING name_key, id");
        let ids: Vec<(String, i64)> = qb.build_query_as().fetch_all(&mut *conn).await?;
        // The owner's row locked before any seq is taken (see `log_change`).
        bump_version(&mut *conn, owner).await?;
        let mut qb: QueryBuilder<Db> =
            QueryBuilder::new("INSERT INTO changes (owner_id, entity, entity_id, uid, op, at) ");
        qb.push_values(&ids, |mut row, (_, id)| {
            row.push_bind(owner)
                .push_bind("org")
                .push_bind(*id)
                .push_bind(None::<String>)
                .push_bind("create")
                .push_bind(now);
        });
        qb.build().execute(&mut *conn).await?;
        made.extend(ids);
    }
    if !made.is_empty() {
        bump_version(conn, owner).await?;
    }
    Ok(made)
}

fn prepare_bulk<'a>(
    bulk: &'a Bulk,
    people: &[Vec<usize>],
    contact_ids: &[i64],
    interaction_ids: &[i64],
    orgs: &HashMap<String, i64>,
    taken_emails: &HashMap<String, String>,
) -> StoreResult<BulkRows<'a>> {
    let now = Utc::now();
    // Each contact's touches in (date, interaction id) order, as `refresh_warmth` reads them.
    let mut touches: Vec<Vec<(NaiveDate, f64)>> = vec![Vec::new(); bulk.contacts.len()];
    let mut rows = BulkRows {
        now,
        contacts: Vec::with_capacity(bulk.contacts.len()),
        emails: Vec::new(),
        phones: Vec::new(),
        tags: Vec::new(),
        memberships: Vec::new(),
        interactions: Vec::with_capacity(bulk.interactions.len()),
        links: Vec::with_capacity(bulk.interactions.len() * 11 / 10),
        sources: Vec::new(),
        extras: Vec::new(),
        followups: Vec::with_capacity(bulk.followups.len()),
        reconnections: Vec::new(),
    };
    for ((bi, who), &iid) in bulk.interactions.iter().zip(people).zip(interaction_ids) {
        let i = &bi.interaction;
        let text = |t: &'a Option<String>| t.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let (gave, got, note) = (text(&i.gave), text(&i.got), text(&i.note));
        rows.interactions.push(BulkInteractionRow {
            id: iid,
            kind: i.kind.as_str(),
            on: i.on,
            minutes: i.minutes.map(i64::from),
            note,
            gave,
            got,
            they_initiated: i.they_initiated,
            weight: bi.weight,
            favor_contact_id: bulk_favor(i.favor_with, who, gave.is_some() || got.is_some()).map(|c| contact_ids[c]),
            people: who.len() as i64,
            search_text: text::typed_text([note, gave, got]),
        });
        for &c in who {
            touches[c].push((i.on, bi.weight));
            rows.links.push((iid, contact_ids[c]));
        }
        if let Some(key) = &bi.source_key {
            rows.sources.push((key.as_str(), iid));
        }
    }
    let mut emails_seen: HashMap<String, usize> = HashMap::new();
    let mut random = IdSource::new();
    for (k, (bc, touches)) in bulk.contacts.iter().zip(touches).enumerate() {
        let id = contact_ids[k];
        let c = bc.contact.clone().validate().map_err(|e| bulk_invalid("contact", k, e))?;
        for (pos, e) in c.emails.iter().enumerate() {
            let key = e.to_lowercase();
            if let Some(other) = taken_emails.get(&key) {
                return Err(bulk_invalid(
                    "contact",
                    k,
                    ValidationError::new("email", e, format!("already belongs to {other}")),
                ));
            }
            if let Some(&other) = emails_seen.get(&key) {
                let msg = format!("already belongs to {}", bulk.contacts[other].contact.name);
                return Err(bulk_invalid("contact", k, ValidationError::new("email", e, msg)));
            }
            emails_seen.insert(key.clone(), k);
            rows.emails.push((id, e.clone(), key, pos as i64));
        }
        for (pos, p) in c.phones.iter().enumerate() {
            rows.phones.push((id, p.clone(), pos as i64));
        }
        for t in &c.tags {
            rows.tags.push((id, t.clone(), t.to_lowercase()));
        }
        let org_id = c.org.as_deref().map(|o| orgs[&name_key(o)]);
        let mut member_of: Vec<(i64, &'static str)> = Vec::new();
        if let Some(o) = org_id {
            member_of.push((o, Role::Employee.as_str()));
        }
        for (name, _, role) in &bc.memberships {
            let m = (orgs[&name_key(name.trim())], role.as_str());
            if !member_of.contains(&m) {
                member_of.push(m);
            }
        }
        let mut parts: Vec<&str> = vec![&c.name];
        parts.extend(c.org.as_deref());
        parts.extend(c.title.as_deref());
        parts.extend(c.notes.as_deref());
        parts.extend(bc.memberships.iter().map(|(n, _, _)| n.as_str()));
        parts.extend(c.emails.iter().map(String::as_str));
        parts.extend(c.tags.iter().map(String::as_str));
        let search_text = text::search_text(parts);
        rows.memberships.extend(member_of.into_iter().map(|(o, r)| (id, o, r)));
        let circle = c.circle.unwrap_or(Circle::Active);
        let touch_count = touches.len() as i64;
        let mut sorted = touches;
        sorted.sort_by_key(|t| t.0);
        push_revivals(&mut rows.reconnections, id, circle, c.cadence_days, &sorted);
        let brief = ContactBrief {
            id,
            name: String::new(),
            org: None,
            circle,
            custom_cadence_days: c.cadence_days,
            important: c.important,
            archived: bc.archived,
            added_on: bc.added_on,
            snoozed_until: bc.snoozed_until,
            warmth: fold_touches(circle, c.cadence_days, sorted),
        };
        for (pos, line) in bc.extra.iter().enumerate() {
            rows.extras.push((id, pos as i64, line.as_str()));
        }
        let (given_name, family_name) = split_name(&c.name);
        rows.contacts.push(BulkContactRow {
            id,
            uid: bc.uid.clone().unwrap_or_else(|| random.uuid().to_string()),
            etag: random.etag(),
            name_key: name_key(&c.name),
            given_name,
            family_name,
            org_id,
            title: c.title.and_then(non_empty),
            location: c.location.and_then(non_empty),
            circle: circle.as_str(),
            custom_cadence_days: c.cadence_days.map(i64::from),
            met_at: c.met_at.and_then(non_empty),
            met_on: c.met_on,
            linkedin: c.linkedin,
            website: c.website,
            birthday: c.birthday.map(|b| b.to_string()),
            notes: c.notes.and_then(non_empty),
            important: c.important,
            archived: bc.archived,
            added_on: bc.added_on,
            snoozed_until: bc.snoozed_until,
            search_text,
            touch_count,
            derived: derive(&brief),
            name: c.name,
        });
    }
    for (k, f) in bulk.followups.iter().enumerate() {
        let contact_id = *contact_ids.get(f.contact).ok_or_else(|| {
            bulk_invalid(
                "follow-up",
                k,
                ValidationError::new("who", f.contact.to_string(), "no such contact in the load"),
            )
        })?;
        let note = f.note.as_deref().map(str::trim).filter(|t| !t.is_empty());
        rows.followups.push(BulkFollowUpRow {
            contact_id,
            due_on: f.due_on,
            note,
            created_on: f.created_on,
            done_on: f.done_on,
            search_text: text::typed_text([note]),
        });
    }
    Ok(rows)
}

/// Whom a bulk interaction's favor belongs to, as an index into the load: the one it names when that
/// one was there, else the first of `who`; nobody without a favor.
fn bulk_favor(favor_with: Option<ContactId>, who: &[usize], favor: bool) -> Option<usize> {
    if !favor {
        return None;
    }
    favor_with.and_then(|k| usize::try_from(k).ok()).filter(|k| who.contains(k)).or_else(|| who.first().copied())
}

/// Loads a whole network inside the caller's transaction; returns the ids it gave.
pub(super) async fn bulk_in(tx: &mut Conn, owner: OwnerId, bulk: &Bulk) -> StoreResult<BulkIds> {
    let people = bulk_participants(bulk)?;
    check_bulk_practice(bulk)?;
    let orgs = bulk_orgs(&mut *tx, owner, &bulk.contacts).await?;
    let taken: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT e.email_key, c.id, c.name FROM contact_emails e JOIN contacts c ON c.id = e.contact_id \
         WHERE e.owner_id = $1",
    )
    .bind(owner)
    .fetch_all(&mut *tx)
    .await?;
    let taken: HashMap<String, String> =
        taken.into_iter().map(|(k, id, name)| (k, format!("{name} (#{id})"))).collect();
    let contact_ids = D::reserve_ids(&mut *tx, "contacts", bulk.contacts.len()).await?;
    let interaction_ids = D::reserve_ids(&mut *tx, "interactions", bulk.interactions.len()).await?;
    let mut rows = prepare_bulk(bulk, &people, &contact_ids, &interaction_ids, &orgs, &taken)?;
    let reconnections = std::mem::take(&mut rows.reconnections);
    // Takes the rows: the backend frees them while its last statement runs.
    D::write_bulk(&mut *tx, owner, rows).await?;
    insert_reconnections(&mut *tx, owner, &reconnections).await?;
    if !bulk.contacts.is_empty() {
        log_change(&mut *tx, owner, "bulk", bulk.contacts.len() as i64, None, "create").await?;
    }
    bulk_practice_in(&mut *tx, owner, bulk, &contact_ids).await?;
    // Touches the load gives two people or more make ties (its events made theirs as they went).
    let mut shared: Vec<i64> = bulk
        .interactions
        .iter()
        .filter(|bi| bi.interaction.contacts.len() >= 2)
        .flat_map(|bi| bi.interaction.contacts.iter().map(|&c| contact_ids[c as usize]))
        .collect();
    shared.sort_unstable();
    shared.dedup();
    refresh_ties(&mut *tx, owner, &shared).await?;
    Ok(BulkIds { contacts: contact_ids })
}

#[async_trait]
impl BulkStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn bulk_load(&self, bulk: &Bulk) -> StoreResult<()> {
        let mut tx = D::begin_write(&self.pool).await?;
        bulk_in(&mut tx, self.owner, bulk).await?;
        tx.commit().await?;
        D::settle_after_bulk(&self.pool).await
    }
}
