//! The practice part of a bulk load (the demo): events with the people there, the user's own roles,
//! market signals, the career record and relationships between the contacts. They are few next to the contacts and their history, so
//! they are written row by row with the same functions as `kith event add`, `kith org join --me`,
//! `kith signal add` and a restored backup use, after the contacts, in the load's transaction.

use chrono::NaiveDate;
use kith_core::{
    ContactId, OrgKind, ValidationError, contact::name_key, event::NewEvent, relationship::NewRelationship,
    signal::NewSignal,
};

use crate::{Bulk, BulkEvent, BulkSignal, OwnerId, StoreResult};

use super::Conn;
use super::bulk::bulk_invalid;
use super::career::{check_career, restore_career};
use super::events::insert_event;
use super::interactions::check_weight;
use super::jobs::{check_jobs, restore_jobs};
use super::orgs::upsert_own_membership;
use super::relationships::insert_relationship;
use super::rows::{find_or_create_org, org_id_by_key};
use super::signals::insert_signal;

/// A bulk event as the store records one; its people are placed by the caller.
fn bulk_event(be: &BulkEvent) -> NewEvent {
    NewEvent { with: Vec::new(), met: Vec::new(), ..be.event.clone() }
}

/// Checks the practice part of a load before anything is written, naming the entry at fault.
pub(super) fn check_bulk_practice(bulk: &Bulk) -> StoreResult<()> {
    let n = bulk.contacts.len();
    let person = |what: &str, k: usize, c: usize| -> StoreResult<()> {
        if c < n {
            Ok(())
        } else {
            Err(bulk_invalid(what, k, ValidationError::new("who", c.to_string(), "no such contact in the load")))
        }
    };
    for (k, be) in bulk.events.iter().enumerate() {
        check_weight(be.weight).map_err(|_| {
            bulk_invalid("event", k, ValidationError::new("weight", be.weight.to_string(), "must be from 0 to 10"))
        })?;
        bulk_event(be).validate(NaiveDate::MAX).map_err(|e| bulk_invalid("event", k, e))?;
        be.with.iter().chain(&be.met).try_for_each(|&c| person("event", k, c))?;
    }
    for (k, m) in bulk.own_memberships.iter().enumerate() {
        kith_core::org::validate_org_name(&m.org).map_err(|e| bulk_invalid("own membership", k, e))?;
        m.tenure.validate().map_err(|e| bulk_invalid("own membership", k, e))?;
    }
    for (k, s) in bulk.signals.iter().enumerate() {
        NewSignal { from: None, ..s.signal.clone() }
            .validate(NaiveDate::MAX)
            .map_err(|e| bulk_invalid("signal", k, e))?;
        s.from.iter().try_for_each(|&c| person("signal", k, c))?;
    }
    if let Some(c) = &bulk.career {
        check_career(c)?;
    }
    for (k, r) in bulk.relationships.iter().enumerate() {
        person("relationship", k, r.from)?;
        person("relationship", k, r.to)?;
        NewRelationship::new(r.from as i64, r.kind.clone(), false, r.to as i64, r.note.clone(), None, None)
            .map_err(|e| bulk_invalid("relationship", k, e))?;
    }
    for (k, j) in bulk.jobs.iter().enumerate() {
        person("jobs", k, j.contact)?;
        check_jobs(&j.past_jobs, &j.job_changes).map_err(|e| bulk_invalid("jobs", k, e))?;
    }
    Ok(())
}

/// Writes the practice part of a checked load; `contact_ids` are the ids the load gave its
/// contacts.
pub(super) async fn bulk_practice_in(
    conn: &mut Conn,
    owner: OwnerId,
    bulk: &Bulk,
    contact_ids: &[i64],
) -> StoreResult<()> {
    // The user's own memberships first: an event may be held by an association only the user is in.
    for m in &bulk.own_memberships {
        let org_id = find_or_create_org(conn, owner, &m.org, OrgKind::Association).await?;
        upsert_own_membership(conn, owner, org_id, m.role, m.tenure).await?;
    }
    for (k, be) in bulk.events.iter().enumerate() {
        let event = bulk_event(be).validate(NaiveDate::MAX)?;
        let org_id = match &event.org {
            Some(name) => Some(org_id_by_key(conn, owner, &name_key(name)).await?.ok_or_else(|| {
                let why =
                    "no such organization in the load or the database; name it in a contact's or your own memberships";
                bulk_invalid("event", k, ValidationError::new("org", name, why))
            })?),
            None => None,
        };
        let mut people: Vec<(ContactId, bool)> = Vec::with_capacity(be.with.len() + be.met.len());
        for (&c, met_here) in be.with.iter().map(|c| (c, false)).chain(be.met.iter().map(|c| (c, true))) {
            let id = contact_ids[c];
            if !people.iter().any(|p| p.0 == id) {
                people.push((id, met_here));
            }
        }
        insert_event(conn, owner, &event, org_id, &people, be.weight).await?;
    }
    for BulkSignal { signal, from } in &bulk.signals {
        let signal = NewSignal { from: from.map(|c| contact_ids[c]), ..signal.clone() }.validate(NaiveDate::MAX)?;
        insert_signal(conn, owner, &signal).await?;
    }
    if let Some(c) = &bulk.career {
        restore_career(conn, owner, c).await?;
    }
    for r in &bulk.relationships {
        let new = NewRelationship::new(
            contact_ids[r.from],
            r.kind.clone(),
            false,
            contact_ids[r.to],
            r.note.clone(),
            None,
            None,
        )?;
        insert_relationship(conn, owner, &new).await?;
    }
    for j in &bulk.jobs {
        let id = contact_ids[j.contact];
        restore_jobs(conn, owner, id, &j.past_jobs, &j.job_changes).await?;
        if let Some(since) = j.current_since {
            sqlx::query(
                "UPDATE memberships SET since = $1 WHERE contact_id = $2 AND role = $3 \
                 AND org_id = (SELECT org_id FROM contacts WHERE id = $2) AND since IS NULL",
            )
            .bind(since)
            .bind(id)
            .bind(kith_core::Role::Employee.as_str())
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}
