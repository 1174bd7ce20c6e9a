//! Events: record one with the people there (creating the ones met for the first time) and the one
//! `event` interaction that touches them; list, read and remove them.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use kith_core::{
    ContactId, InteractionKind, NewContact, NewInteraction, OrgId, Role, ValidationError,
    contact::name_key,
    event::{Attendee, Event, EventId, EventKind, EventPatch, MetPerson, NewEvent, touch_note},
};
use sqlx::QueryBuilder;
use tracing::instrument;

use crate::{EventFilter, EventStore, OwnerId, StoreError, StoreResult, dialect::Dialect, text};

use super::contacts::{add_membership, insert_contact};
use super::interactions::{check_weight, contacts_of, insert_interaction};
use super::rows::{
    bad_data, invalid, limit_sql, log_change, push_ids, refresh_search, refresh_warmth, require_contact,
};
use super::ties::refresh_ties;
use super::{Conn, D, Db, ThisStore};

type EventRow = (i64, String, String, NaiveDate, Option<i64>, Option<String>, Option<i64>, Option<String>);

const EVENT_COLS: &str = "e.id, e.title, e.kind, e.on_date, e.org_id, o.name, e.minutes, e.note \
     FROM events e LEFT JOIN organizations o ON o.id = e.org_id";

fn event_of((id, title, kind, on, org_id, org, minutes, note): EventRow, people: Vec<Attendee>) -> StoreResult<Event> {
    Ok(Event {
        id,
        title,
        kind: kind.parse::<EventKind>().map_err(|_| bad_data("event kind", &kind))?,
        on,
        org_id,
        org,
        minutes: minutes.and_then(|m| u32::try_from(m).ok()),
        note,
        people,
    })
}

/// The people at each of `events`: the known ones first, then the ones met there, each by name.
async fn attendees(conn: &mut Conn, owner: OwnerId, events: &[i64]) -> StoreResult<HashMap<i64, Vec<Attendee>>> {
    let mut out: HashMap<i64, Vec<Attendee>> = HashMap::new();
    for chunk in events.chunks(500) {
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT ep.event_id, c.id, c.name, ep.met_here FROM event_people ep JOIN contacts c ON c.id = ep.contact_id \
             WHERE ep.owner_id = ",
        );
        qb.push_bind(owner).push(" AND ep.event_id IN ");
        push_ids(&mut qb, chunk);
        qb.push(" ORDER BY ep.met_here, c.name, c.id");
        let rows: Vec<(i64, i64, String, bool)> = qb.build_query_as().fetch_all(&mut *conn).await?;
        for (event, contact_id, name, new) in rows {
            out.entry(event).or_default().push(Attendee { contact_id, name, new });
        }
    }
    Ok(out)
}

async fn with_attendees(conn: &mut Conn, owner: OwnerId, rows: Vec<EventRow>) -> StoreResult<Vec<Event>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let mut people = attendees(conn, owner, &ids).await?;
    rows.into_iter()
        .map(|r| {
            let p = people.remove(&r.0).unwrap_or_default();
            event_of(r, p)
        })
        .collect()
}

/// The contact created for someone met at `event`: met there, on its day, a member of its
/// organization (not their employer: kith does not know where they work).
fn met_contact(event: &NewEvent, person: &MetPerson) -> Result<NewContact, ValidationError> {
    NewContact {
        name: person.name.clone(),
        emails: person.email.iter().cloned().collect(),
        met_at: Some(event.met_at()),
        met_on: Some(event.on),
        ..NewContact::default()
    }
    .validate()
    .map_err(|e| ValidationError::new("met", &person.name, e.message))
}

/// Writes a validated event with its people (known contacts `with`, created ones `met`): the
/// event, who was there, and one `event` interaction with all of them (when anyone was there).
pub(super) async fn insert_event(
    conn: &mut Conn,
    owner: OwnerId,
    e: &NewEvent,
    org_id: Option<OrgId>,
    people: &[(ContactId, bool)],
    weight: f64,
) -> StoreResult<EventId> {
    let interaction = if people.is_empty() {
        None
    } else {
        let touch = NewInteraction {
            contacts: people.iter().map(|p| p.0).collect(),
            kind: InteractionKind::Event,
            on: e.on,
            minutes: e.minutes,
            note: Some(touch_note(&e.title, e.note.as_deref())),
            gave: None,
            got: None,
            they_initiated: false,
            favor_with: None,
            fulfills: Vec::new(),
        };
        let id = insert_interaction(conn, owner, &touch, weight).await?;
        log_change(conn, owner, "interaction", id, None, "create").await?;
        Some(id)
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO events (owner_id, title, kind, on_date, org_id, minutes, note, interaction_id, created_at, \
         search_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(owner)
    .bind(&e.title)
    .bind(e.kind.as_str())
    .bind(e.on)
    .bind(org_id)
    .bind(e.minutes.map(i64::from))
    .bind(&e.note)
    .bind(interaction)
    .bind(Utc::now())
    .bind(text::typed_text([Some(e.title.as_str()), e.note.as_deref()]))
    .fetch_one(&mut *conn)
    .await?;
    for &(contact, met_here) in people {
        sqlx::query(
            "INSERT INTO event_people (owner_id, event_id, contact_id, met_here) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(owner)
        .bind(id)
        .bind(contact)
        .bind(met_here)
        .execute(&mut *conn)
        .await?;
    }
    if people.len() >= 2 {
        let ids: Vec<ContactId> = people.iter().map(|p| p.0).collect();
        refresh_ties(conn, owner, &ids).await?;
    }
    log_change(conn, owner, "event", id, None, "create").await?;
    Ok(id)
}

/// The id and stored name of an existing organization named (case-insensitively) by `--org`.
async fn event_org(conn: &mut Conn, owner: OwnerId, org: Option<&str>) -> StoreResult<Option<(OrgId, String)>> {
    let Some(name) = org else { return Ok(None) };
    let found: Option<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM organizations WHERE owner_id = $1 AND name_key = $2")
            .bind(owner)
            .bind(name_key(name))
            .fetch_optional(&mut *conn)
            .await?;
    match found {
        Some(o) => Ok(Some(o)),
        None => {
            Err(invalid("org", name, "no such organization; add it first with: kith org add NAME --kind association"))
        }
    }
}

#[async_trait]
impl EventStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn add_event(&self, event: NewEvent, today: NaiveDate, weight: f64) -> StoreResult<EventId> {
        let mut e = event.validate(today)?;
        check_weight(weight)?;
        e.met.iter().try_for_each(|p| met_contact(&e, p).map(drop))?;
        let owner = self.owner;
        let mut tx = D::begin_write(&self.pool).await?;
        for c in &e.with {
            require_contact(&mut tx, owner, *c).await?;
        }
        let org = event_org(&mut tx, owner, e.org.as_deref()).await?;
        let org_id = org.as_ref().map(|o| o.0);
        // The people met there were met at the organization as it is spelled in kith.
        e.org = org.map(|o| o.1);
        let new_people = e.met.iter().map(|p| met_contact(&e, p)).collect::<Result<Vec<_>, _>>()?;
        let mut people: Vec<(ContactId, bool)> = e.with.iter().map(|c| (*c, false)).collect();
        for c in &new_people {
            let id = insert_contact(&mut tx, owner, c, today).await?;
            if let Some(org) = org_id {
                add_membership(&mut tx, owner, id, org, Role::Member).await?;
                refresh_search(&mut tx, owner, id).await?;
            }
            people.push((id, true));
        }
        let id = insert_event(&mut tx, owner, &e, org_id, &people, weight).await?;
        tx.commit().await?;
        Ok(id)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn events(&self, filter: &EventFilter) -> StoreResult<Vec<Event>> {
        let mut conn = self.pool.acquire().await?;
        let mut qb = QueryBuilder::<Db>::new("SELECT ");
        qb.push(EVENT_COLS).push(" WHERE e.owner_id = ").push_bind(self.owner);
        if let Some(org) = filter.org {
            qb.push(" AND e.org_id = ").push_bind(org);
        }
        if let Some(since) = filter.since {
            qb.push(" AND e.on_date >= ").push_bind(since);
        }
        qb.push(" ORDER BY e.on_date DESC, e.id DESC");
        if let Some(limit) = filter.limit {
            qb.push(limit_sql(i64::from(limit)));
        }
        let rows: Vec<EventRow> = qb.build_query_as().fetch_all(&mut *conn).await?;
        with_attendees(&mut conn, self.owner, rows).await
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn event(&self, id: EventId) -> StoreResult<Event> {
        let mut conn = self.pool.acquire().await?;
        let row: EventRow =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {EVENT_COLS} WHERE e.id = $1 AND e.owner_id = $2")))
                .bind(id)
                .bind(self.owner)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or_else(|| StoreError::not_found("event", id))?;
        Ok(with_attendees(&mut conn, self.owner, vec![row]).await?.remove(0))
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn event_days(&self, org: OrgId, from: NaiveDate) -> StoreResult<Vec<NaiveDate>> {
        Ok(sqlx::query_scalar("SELECT on_date FROM events WHERE org_id = $1 AND owner_id = $2 AND on_date >= $3")
            .bind(org)
            .bind(self.owner)
            .bind(from)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Removes an event and the interaction that touched its people (their warmth goes back to
    /// what it was); the people met there stay contacts.
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn edit_event(&self, id: EventId, patch: EventPatch, today: NaiveDate) -> StoreResult<()> {
        let current = self.event(id).await?;
        // The note its touch carries is written from the title and the note.
        let texts_change = patch.title.is_some() || patch.note.is_some();
        let e = patch.apply(&current, today)?;
        let owner = self.owner;
        let mut tx = D::begin_write(&self.pool).await?;
        let org = event_org(&mut tx, owner, e.org.as_deref()).await?;
        let touch: Option<Option<i64>> = sqlx::query_scalar(
            "UPDATE events SET title = $1, kind = $2, on_date = $3, org_id = $4, minutes = $5, note = $6, \
             search_text = $7 WHERE id = $8 AND owner_id = $9 RETURNING interaction_id",
        )
        .bind(&e.title)
        .bind(e.kind.as_str())
        .bind(e.on)
        .bind(org.map(|o| o.0))
        .bind(e.minutes.map(i64::from))
        .bind(&e.note)
        .bind(text::typed_text([Some(e.title.as_str()), e.note.as_deref()]))
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?;
        let touch = touch.ok_or_else(|| StoreError::not_found("event", id))?;
        log_change(&mut tx, owner, "event", id, None, "update").await?;
        if let Some(iid) = touch {
            let note = touch_note(&e.title, e.note.as_deref());
            sqlx::query(
                "UPDATE interactions SET on_date = $1, minutes = $2, note = $3, search_text = $4 \
                 WHERE id = $5 AND owner_id = $6",
            )
            .bind(e.on)
            .bind(e.minutes.map(i64::from))
            .bind(&note)
            .bind(text::typed_text([Some(note.as_str())]))
            .bind(iid)
            .bind(owner)
            .execute(&mut *tx)
            .await?;
            let people = contacts_of(&mut tx, iid).await?;
            for &c in &people {
                refresh_warmth(&mut tx, owner, c).await?;
            }
            if people.len() >= 2 {
                refresh_ties(&mut tx, owner, &people).await?;
            }
            log_change(&mut tx, owner, "interaction", iid, None, "update").await?;
        }
        tx.commit().await?;
        if texts_change {
            D::wipe_freed(&self.pool).await?;
        }
        Ok(())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn remove_event(&self, id: EventId) -> StoreResult<()> {
        let owner = self.owner;
        let mut tx = D::begin_write(&self.pool).await?;
        let interaction: Option<Option<i64>> =
            sqlx::query_scalar("SELECT interaction_id FROM events WHERE id = $1 AND owner_id = $2")
                .bind(id)
                .bind(owner)
                .fetch_optional(&mut *tx)
                .await?;
        let interaction = interaction.ok_or_else(|| StoreError::not_found("event", id))?;
        sqlx::query("DELETE FROM events WHERE id = $1 AND owner_id = $2")
            .bind(id)
            .bind(owner)
            .execute(&mut *tx)
            .await?;
        if let Some(iid) = interaction {
            let people = contacts_of(&mut tx, iid).await?;
            sqlx::query("DELETE FROM interaction_contacts WHERE interaction_id = $1")
                .bind(iid)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM interactions WHERE id = $1").bind(iid).execute(&mut *tx).await?;
            for &c in &people {
                refresh_warmth(&mut tx, owner, c).await?;
            }
            if people.len() >= 2 {
                refresh_ties(&mut tx, owner, &people).await?;
            }
            log_change(&mut tx, owner, "interaction", iid, None, "delete").await?;
        }
        log_change(&mut tx, owner, "event", id, None, "delete").await?;
        tx.commit().await?;
        Ok(())
    }
}
