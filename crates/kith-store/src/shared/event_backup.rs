//! Events, the user's own memberships and membership dates in a backup, and back in a restore. An
//! event's interaction is left out of the snapshot's interactions and made again with the event, so
//! a restored event counts once in the goals.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use kith_core::{
    ContactId, ValidationError,
    contact::name_key,
    event::NewEvent,
    org::Tenure,
    snapshot::{Snapshot, SnapshotEvent, SnapshotOwnMembership},
};

use crate::{OwnerId, StoreError, StoreResult};

use super::Conn;
use super::events::insert_event;
use super::interactions::check_weight;
use super::orgs::{own_memberships_of, upsert_own_membership};
use super::rows::{bad_data, org_id_by_key};

type SnapshotEventRow = (i64, String, String, NaiveDate, Option<String>, Option<i64>, Option<String>, Option<f64>);

pub(super) async fn snapshot_events(conn: &mut Conn, owner: OwnerId) -> StoreResult<Vec<SnapshotEvent>> {
    let rows: Vec<SnapshotEventRow> = sqlx::query_as(
        "SELECT e.id, e.title, e.kind, e.on_date, o.name, e.minutes, e.note, i.weight FROM events e \
         LEFT JOIN organizations o ON o.id = e.org_id LEFT JOIN interactions i ON i.id = e.interaction_id \
         WHERE e.owner_id = $1 ORDER BY e.on_date, e.id",
    )
    .bind(owner)
    .fetch_all(&mut *conn)
    .await?;
    let people: Vec<(i64, String, bool)> = sqlx::query_as(
        "SELECT ep.event_id, c.uid, ep.met_here FROM event_people ep JOIN contacts c ON c.id = ep.contact_id \
         WHERE ep.owner_id = $1 ORDER BY ep.event_id, c.id",
    )
    .bind(owner)
    .fetch_all(&mut *conn)
    .await?;
    let mut by_event: HashMap<i64, (Vec<String>, Vec<String>)> = HashMap::new();
    for (event, uid, met_here) in people {
        let entry = by_event.entry(event).or_default();
        if met_here { entry.1.push(uid) } else { entry.0.push(uid) }
    }
    rows.into_iter()
        .map(|(id, title, kind, on, org, minutes, note, weight)| {
            let (with, met) = by_event.remove(&id).unwrap_or_default();
            Ok(SnapshotEvent {
                title,
                kind: kind.parse().map_err(|_| bad_data("event kind", &kind))?,
                on,
                org,
                minutes: minutes.and_then(|m| u32::try_from(m).ok()),
                note,
                with,
                met,
                weight: weight.unwrap_or(1.0),
            })
        })
        .collect()
}

pub(super) async fn snapshot_own_memberships(
    conn: &mut Conn,
    owner: OwnerId,
) -> StoreResult<Vec<SnapshotOwnMembership>> {
    Ok(own_memberships_of(conn, owner, None)
        .await?
        .into_iter()
        .map(|m| SnapshotOwnMembership { org: m.org, role: m.role, since: m.since, until: m.until })
        .collect())
}

/// Checks a snapshot's events and own roles before anything is written: valid titles and
/// lengths, people named by the backup's uids, organizations of the backup.
pub(super) fn check_snapshot_events(s: &Snapshot, uids: &HashSet<&str>) -> StoreResult<()> {
    let at = |what: &str, k: usize, e: ValidationError| {
        StoreError::Invalid(ValidationError::new(format!("{what}[{k}].{}", e.field), e.value, e.message))
    };
    let orgs: HashSet<String> = s.organizations.iter().map(|o| name_key(&o.name)).collect();
    let known_org = |name: &str| orgs.contains(&name_key(name));
    for (k, e) in s.events.iter().enumerate() {
        check_weight(e.weight).map_err(|_| {
            at("events", k, ValidationError::new("weight", e.weight.to_string(), "must be from 0 to 10"))
        })?;
        backed_up_event(e).validate(e.on).map_err(|err| at("events", k, err))?;
        if let Some(u) = e.with.iter().chain(&e.met).find(|u| !uids.contains(u.as_str())) {
            return Err(at("events", k, ValidationError::new("with", u, "no contact of the backup has this uid")));
        }
        if let Some(o) = e.org.as_deref().filter(|o| !known_org(o)) {
            return Err(at("events", k, ValidationError::new("org", o, "not among the backup's organizations")));
        }
    }
    for (k, m) in s.own_memberships.iter().enumerate() {
        if !known_org(&m.org) {
            return Err(at(
                "own_memberships",
                k,
                ValidationError::new("org", &m.org, "not among the backup's organizations"),
            ));
        }
        Tenure { since: m.since, until: m.until }.validate().map_err(|e| at("own_memberships", k, e))?;
    }
    Ok(())
}

/// A backup's event as the store records one; its people are placed by the caller.
fn backed_up_event(e: &SnapshotEvent) -> NewEvent {
    NewEvent {
        title: e.title.clone(),
        kind: e.kind,
        on: e.on,
        org: e.org.clone(),
        minutes: e.minutes,
        note: e.note.clone(),
        with: Vec::new(),
        met: Vec::new(),
    }
}

/// Restores a backup's events (one already stored with the same day, title and organization is
/// skipped), its own roles, and the dates of contacts' roles. `contact` maps a uid to the
/// restored contact's id.
pub(super) async fn restore_events(
    conn: &mut Conn,
    owner: OwnerId,
    s: &Snapshot,
    contact: &(dyn Fn(&str) -> ContactId + Sync),
) -> StoreResult<()> {
    for e in &s.events {
        let org_id = match &e.org {
            Some(o) => org_id_by_key(conn, owner, &name_key(o)).await?,
            None => None,
        };
        let exists: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM events WHERE owner_id = $1 AND on_date = $2 AND title = $3 \
             AND COALESCE(org_id, 0) = COALESCE($4, 0)",
        )
        .bind(owner)
        .bind(e.on)
        .bind(&e.title)
        .bind(org_id)
        .fetch_optional(&mut *conn)
        .await?;
        if exists.is_some() {
            continue;
        }
        let event = backed_up_event(e);
        let people: Vec<(ContactId, bool)> =
            e.with.iter().map(|u| (contact(u), false)).chain(e.met.iter().map(|u| (contact(u), true))).collect();
        insert_event(conn, owner, &event, org_id, &people, e.weight).await?;
    }
    for m in &s.own_memberships {
        if let Some(org_id) = org_id_by_key(conn, owner, &name_key(&m.org)).await? {
            upsert_own_membership(conn, owner, org_id, m.role, Tenure { since: m.since, until: m.until }).await?;
        }
    }
    for c in &s.contacts {
        for m in c.memberships.iter().filter(|m| m.since.is_some() || m.until.is_some()) {
            sqlx::query(
                "UPDATE memberships SET since = $1, until = $2 WHERE contact_id = $3 AND role = $4 \
                 AND org_id = (SELECT id FROM organizations WHERE owner_id = $5 AND name_key = $6)",
            )
            .bind(m.since)
            .bind(m.until)
            .bind(contact(&c.uid))
            .bind(m.role.as_str())
            .bind(owner)
            .bind(name_key(&m.org))
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}
