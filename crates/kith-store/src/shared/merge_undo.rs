//! Undoing the last merge: before a merge moves anything, what it will move is written down (which
//! touches, follow-ups, events, campaign entries, memberships, favors, signals and kept vCard
//! properties were the removed contact's, and both contacts as they were); the undo brings the
//! removed contact back (with its uid, under a new id) and moves those rows back to it.

use chrono::{NaiveDate, Utc};
use kith_core::{Contact, ContactId, ContactPatch, NewContact, OrgKind, Role, duplicate::revert_patch};
use serde::{Deserialize, Serialize};

use crate::{OwnerId, StoreError, StoreResult, dialect::Dialect};

use super::contacts::{edit_contact_in, insert_contact};
use super::merge_rows::{MOVABLE, Movable};
use super::rows::{bad_data, find_or_create_org, invalid, log_change, refresh_search, refresh_warmth, touch_contact};
use super::ties::refresh_ties;
use super::{Conn, D};

/// Which rows of the removed contact a merge moved, and the ones it dropped because the kept
/// contact had them too.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Moved {
    /// The keys of the rows moved, per table of [`MOVABLE`].
    rows: Vec<(String, Vec<i64>)>,
    /// Touches both were on: the removed one's place on them was dropped.
    shared_touches: Vec<i64>,
    /// Events both were at, with whether the removed one was met there.
    shared_events: Vec<(i64, bool)>,
    offers: Vec<NaiveDate>,
    /// (organization, role) of the memberships moved.
    memberships: Vec<(i64, String)>,
}

/// Everything an undo needs, written in the merge's transaction.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct MergeRecord {
    kept_before: Contact,
    patch: ContactPatch,
    removed: Contact,
    removed_circle_chosen: bool,
    /// (organization name, role, since, until) of each of the removed contact's memberships.
    removed_memberships: Vec<(String, String, Option<NaiveDate>, Option<NaiveDate>)>,
    /// The position on the kept contact where the removed one's kept vCard properties start.
    extras_from: i64,
    moved: Moved,
}

/// Writes down what merging `removed` into `kept` will move; called before anything moves.
pub(super) async fn record_merge(
    conn: &mut Conn,
    owner: OwnerId,
    kept_before: Contact,
    removed: Contact,
    patch: &ContactPatch,
) -> StoreResult<MergeRecord> {
    let (k, r) = (kept_before.id, removed.id);
    let mut moved = Moved::default();
    for m in &MOVABLE {
        let keys: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(m.select_moving()))
            .bind(owner)
            .bind(k)
            .bind(r)
            .fetch_all(&mut *conn)
            .await?;
        moved.rows.push((m.name.to_string(), keys));
    }
    moved.shared_touches = sqlx::query_scalar(
        "SELECT interaction_id FROM interaction_contacts WHERE owner_id = $1 AND contact_id = $3 \
         AND interaction_id IN (SELECT interaction_id FROM interaction_contacts WHERE contact_id = $2)",
    )
    .bind(owner)
    .bind(k)
    .bind(r)
    .fetch_all(&mut *conn)
    .await?;
    moved.shared_events = sqlx::query_as(
        "SELECT event_id, met_here FROM event_people WHERE owner_id = $1 AND contact_id = $3 \
         AND event_id IN (SELECT event_id FROM event_people WHERE contact_id = $2)",
    )
    .bind(owner)
    .bind(k)
    .bind(r)
    .fetch_all(&mut *conn)
    .await?;
    moved.offers = sqlx::query_scalar(
        "SELECT week_of FROM reconnect_offers WHERE owner_id = $1 AND contact_id = $3 \
         AND week_of NOT IN (SELECT week_of FROM reconnect_offers WHERE contact_id = $2)",
    )
    .bind(owner)
    .bind(k)
    .bind(r)
    .fetch_all(&mut *conn)
    .await?;
    moved.memberships = sqlx::query_as(
        "SELECT org_id, role FROM memberships WHERE owner_id = $1 AND contact_id = $3 \
         AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.contact_id = $2 \
         AND m.org_id = memberships.org_id AND m.role = memberships.role)",
    )
    .bind(owner)
    .bind(k)
    .bind(r)
    .fetch_all(&mut *conn)
    .await?;
    let removed_memberships = sqlx::query_as(
        "SELECT o.name, m.role, m.since, m.until FROM memberships m JOIN organizations o ON o.id = m.org_id \
         WHERE m.owner_id = $1 AND m.contact_id = $2",
    )
    .bind(owner)
    .bind(r)
    .fetch_all(&mut *conn)
    .await?;
    let removed_circle_chosen: bool =
        sqlx::query_scalar("SELECT circle_chosen FROM contacts WHERE id = $1").bind(r).fetch_one(&mut *conn).await?;
    let extras_from: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(position) + 1, 0) AS BIGINT) FROM contact_extras WHERE contact_id = $1",
    )
    .bind(k)
    .fetch_one(&mut *conn)
    .await?;
    Ok(MergeRecord {
        kept_before,
        patch: patch.clone(),
        removed,
        removed_circle_chosen,
        removed_memberships,
        extras_from,
        moved,
    })
}

/// What the kept contact holds after the merge, in a form that changes with any write to it or
/// to its touches, events and follow-ups: its etag, and the id and creation time of each row (a
/// row deleted and another written under its id reads differently).
async fn fingerprint(conn: &mut Conn, owner: OwnerId, kept: ContactId) -> StoreResult<Option<String>> {
    let etag: Option<String> = sqlx::query_scalar("SELECT etag FROM contacts WHERE id = $1 AND owner_id = $2")
        .bind(kept)
        .bind(owner)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(etag) = etag else { return Ok(None) };
    let touches: Vec<(i64, String)> = sqlx::query_as(
        "SELECT i.id, CAST(i.created_at AS TEXT) FROM interaction_contacts ic JOIN interactions i \
         ON i.id = ic.interaction_id WHERE ic.contact_id = $1 ORDER BY i.id",
    )
    .bind(kept)
    .fetch_all(&mut *conn)
    .await?;
    let followups: Vec<i64> = sqlx::query_scalar("SELECT id FROM followups WHERE contact_id = $1 ORDER BY id")
        .bind(kept)
        .fetch_all(&mut *conn)
        .await?;
    let events: Vec<i64> =
        sqlx::query_scalar("SELECT event_id FROM event_people WHERE contact_id = $1 ORDER BY event_id")
            .bind(kept)
            .fetch_all(&mut *conn)
            .await?;
    Ok(Some(format!("{etag}|{touches:?}|{followups:?}|{events:?}")))
}

/// Keeps `record` as the owner's last merge, replacing the one before, with the kept contact's
/// fingerprint after the merge.
pub(super) async fn keep_record(conn: &mut Conn, owner: OwnerId, record: &MergeRecord) -> StoreResult<()> {
    let json = serde_json::to_string(record).map_err(|e| bad_data("merge record", &e.to_string()))?;
    let print = fingerprint(conn, owner, record.kept_before.id).await?.unwrap_or_default();
    sqlx::query("DELETE FROM merge_undo WHERE owner_id = $1").bind(owner).execute(&mut *conn).await?;
    sqlx::query("INSERT INTO merge_undo (owner_id, kept_id, kept_etag, record, merged_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(owner)
        .bind(record.kept_before.id)
        .bind(print)
        .bind(json)
        .bind(Utc::now().to_rfc3339())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The last merge of `owner` that can still be undone: (kept id, its name now, removed name).
pub(super) async fn last_merge(conn: &mut Conn, owner: OwnerId) -> StoreResult<Option<(ContactId, String, String)>> {
    let Some((record, current)) = read_record(conn, owner).await? else { return Ok(None) };
    if !current {
        return Ok(None);
    }
    let name: String = sqlx::query_scalar("SELECT name FROM contacts WHERE id = $1")
        .bind(record.kept_before.id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(Some((record.kept_before.id, name, record.removed.name)))
}

/// The owner's last merge record, and whether the kept contact is as the merge left it.
async fn read_record(conn: &mut Conn, owner: OwnerId) -> StoreResult<Option<(MergeRecord, bool)>> {
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT kept_id, kept_etag, record FROM merge_undo WHERE owner_id = $1")
            .bind(owner)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((kept, print, json)) = row else { return Ok(None) };
    let record: MergeRecord = serde_json::from_str(&json).map_err(|e| bad_data("merge record", &e.to_string()))?;
    let now = fingerprint(conn, owner, kept).await?;
    Ok(Some((record, now.as_deref() == Some(print.as_str()))))
}

fn new_contact_of(c: &Contact) -> NewContact {
    NewContact {
        name: c.name.clone(),
        emails: c.emails.clone(),
        phones: c.phones.clone(),
        org: c.org.clone(),
        title: c.title.clone(),
        location: c.location.clone(),
        circle: Some(c.circle),
        cadence_days: c.custom_cadence_days,
        tags: c.tags.clone(),
        met_at: c.met_at.clone(),
        met_on: c.met_on,
        linkedin: c.linkedin.clone(),
        website: c.website.clone(),
        birthday: c.birthday,
        notes: c.notes.clone(),
        important: c.important,
    }
}

const ID_IN_JSON_LIST: &str = D::ID_IN_JSON_LIST;

/// Gives the rows of `m` whose key is one of `ids` back from `kept` to `restored`.
async fn give_back(
    conn: &mut Conn,
    m: &Movable,
    owner: OwnerId,
    (kept, restored): (ContactId, ContactId),
    ids: &[i64],
) -> StoreResult<()> {
    let Movable { table, contact: column, key, .. } = m;
    if ids.is_empty() {
        return Ok(());
    }
    let list = serde_json::to_string(ids).map_err(|e| bad_data("ids", &e.to_string()))?;
    // Table and column names come from the code below, never from input.
    let sql =
        format!("UPDATE {table} SET {column} = $4 WHERE owner_id = $1 AND {column} = $3 AND {key} {ID_IN_JSON_LIST}");
    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(owner).bind(list).bind(kept).bind(restored).execute(&mut *conn).await?;
    Ok(())
}

/// Undoes the owner's last merge in the caller's transaction; returns (kept, restored) ids.
pub(super) async fn undo_last(
    conn: &mut Conn,
    owner: OwnerId,
    today: NaiveDate,
) -> StoreResult<(ContactId, ContactId)> {
    let Some((record, current)) = read_record(conn, owner).await? else {
        return Err(StoreError::not_found("merge to undo", "the last one"));
    };
    let kept = record.kept_before.id;
    if !current {
        return Err(invalid(
            "undo",
            format!("#{kept}"),
            format!(
                "the contact {} was merged into changed after the merge (a touch, an event, a follow-up \
                 or its details), or was removed; undoing would lose that, so nothing was undone",
                record.removed.name
            ),
        ));
    }
    // The kept contact first: the e-mails the merge gave it are free again.
    let revert = revert_patch(&record.kept_before, &record.patch);
    edit_contact_in(conn, owner, kept, &revert).await?;
    let r = &record.removed;
    let id = insert_contact(conn, owner, &new_contact_of(r), today).await?;
    sqlx::query(
        "UPDATE contacts SET uid = $1, archived = $2, snoozed_until = $3, added_on = $4, circle_chosen = $5 \
         WHERE id = $6",
    )
    .bind(&r.uid)
    .bind(r.archived)
    .bind(r.snoozed_until)
    .bind(r.added_on)
    .bind(record.removed_circle_chosen)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    // Sync clients see the contact come back under its own uid, not a new one.
    sqlx::query("DELETE FROM changes WHERE owner_id = $1 AND entity = 'contact' AND entity_id = $2")
        .bind(owner)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    log_change(conn, owner, "contact", id, Some(&r.uid), "create").await?;
    sqlx::query("DELETE FROM memberships WHERE contact_id = $1").bind(id).execute(&mut *conn).await?;
    for (org, role, since, until) in &record.removed_memberships {
        let kind = if role == Role::Employee.as_str() { OrgKind::Employer } else { OrgKind::Association };
        let org = find_or_create_org(conn, owner, org, kind).await?;
        sqlx::query(
            "INSERT INTO memberships (owner_id, contact_id, org_id, role, since, until) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT DO NOTHING",
        )
        .bind(owner)
        .bind(id)
        .bind(org)
        .bind(role)
        .bind(since)
        .bind(until)
        .execute(&mut *conn)
        .await?;
    }
    for (org, role) in &record.moved.memberships {
        sqlx::query("DELETE FROM memberships WHERE contact_id = $1 AND org_id = $2 AND role = $3")
            .bind(kept)
            .bind(org)
            .bind(role)
            .execute(&mut *conn)
            .await?;
    }
    let m = &record.moved;
    let pair = (kept, id);
    for (table, keys) in &m.rows {
        if let Some(movable) = MOVABLE.iter().find(|x| x.name == table) {
            give_back(conn, movable, owner, pair, keys).await?;
        }
    }
    for week in &m.offers {
        sqlx::query(
            "UPDATE reconnect_offers SET contact_id = $1 WHERE owner_id = $2 AND contact_id = $3 AND week_of = $4",
        )
        .bind(id)
        .bind(owner)
        .bind(kept)
        .bind(week)
        .execute(&mut *conn)
        .await?;
    }
    for touch in &m.shared_touches {
        sqlx::query("INSERT INTO interaction_contacts (owner_id, interaction_id, contact_id) VALUES ($1, $2, $3)")
            .bind(owner)
            .bind(touch)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        sqlx::query("UPDATE interactions SET people = people + 1 WHERE id = $1")
            .bind(touch)
            .execute(&mut *conn)
            .await?;
    }
    for (event, met_here) in &m.shared_events {
        sqlx::query("INSERT INTO event_people (owner_id, event_id, contact_id, met_here) VALUES ($1, $2, $3, $4)")
            .bind(owner)
            .bind(event)
            .bind(id)
            .bind(met_here)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query(
        "UPDATE contact_extras SET contact_id = $1, position = position - $2 WHERE contact_id = $3 AND position >= $2",
    )
    .bind(id)
    .bind(record.extras_from)
    .bind(kept)
    .execute(&mut *conn)
    .await?;
    for c in [kept, id] {
        refresh_warmth(conn, owner, c).await?;
        refresh_search(conn, owner, c).await?;
    }
    refresh_ties(conn, owner, &[kept, id]).await?;
    touch_contact(conn, owner, kept, "update").await?;
    sqlx::query("DELETE FROM merge_undo WHERE owner_id = $1").bind(owner).execute(&mut *conn).await?;
    Ok((kept, id))
}
