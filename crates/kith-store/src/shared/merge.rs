//! Merging two contacts that are the same person, and finding pairs that may be.

use std::collections::{BTreeMap, HashMap, HashSet};

use async_trait::async_trait;
use chrono::NaiveDate;
use kith_core::{
    ContactId, ContactPatch,
    duplicate::DuplicateReason,
    merge::{linkedin_key, phone_key},
};
use tracing::instrument;

use crate::{
    DuplicatePair, DuplicateSide, LastMerge, MergeReport, MergeStore, OwnerId, StoreError, StoreResult, UndoneMerge,
    dialect::Dialect,
};

use super::contacts::{contacts_by_ids, edit_contact_in};
use super::merge_rows::MOVABLE;
use super::merge_undo::{keep_record, last_merge, record_merge, undo_last};
use super::rows::{invalid, log_change, refresh_search, refresh_warmth, require_contact, touch_contact};
use super::ties::refresh_ties;
use super::{Conn, D, ThisStore};

/// Mail services where a shared domain says nothing about two people being one.
const PUBLIC_MAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "mail.com",
    "yandex.ru",
    "qq.com",
    "163.com",
];

/// The most contacts of one name compared pair by pair: a name shared by more people than this
/// ("John Smith" in a 30,000-person export) is compared only through the other reasons.
const SAME_NAME_GROUP: usize = 50;

/// The statements moving what [`MOVABLE`] does not ($1 owner, $2 kept, $3 removed), each with
/// whether it counts as moved memberships.
const MORE_MOVES: [(bool, &str); 3] = [
    // Run after the touches moved: the ones left are those both were on, which lose one person.
    (
        false,
        "UPDATE interactions SET people = people - 1 WHERE owner_id = $1 AND $2 <> $3 \
         AND id IN (SELECT interaction_id FROM interaction_contacts WHERE contact_id = $3)",
    ),
    (
        true,
        "UPDATE memberships SET contact_id = $2 WHERE owner_id = $1 AND contact_id = $3 \
         AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.contact_id = $2 \
         AND m.org_id = memberships.org_id AND m.role = memberships.role)",
    ),
    (
        false,
        "UPDATE reconnect_offers SET contact_id = $2 WHERE owner_id = $1 AND contact_id = $3 \
         AND week_of NOT IN (SELECT week_of FROM reconnect_offers WHERE contact_id = $2)",
    ),
];

/// Runs one statement binding ($1 owner, $2 kept, $3 removed); returns the rows it changed.
async fn run(conn: &mut Conn, sql: &str, owner: OwnerId, kept: ContactId, removed: ContactId) -> StoreResult<u64> {
    let done = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(owner)
        .bind(kept)
        .bind(removed)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// Moves everything that is `removed`'s to `kept` and deletes `removed`, in the caller's
/// transaction. Rows `kept` already has (a touch both were on) stay once.
async fn move_all(conn: &mut Conn, owner: OwnerId, kept: ContactId, removed: ContactId) -> StoreResult<MergeReport> {
    let mut report = MergeReport { kept, removed, ..MergeReport::default() };
    for m in &MOVABLE {
        let n = run(conn, &m.update_moving(), owner, kept, removed).await?;
        match m.table {
            "interaction_contacts" => report.touches = n,
            "followups" => report.followups = n,
            "event_people" => report.events = n,
            "campaign_contacts" => report.campaigns = n,
            _ => {}
        }
    }
    for (memberships, sql) in MORE_MOVES {
        let n = run(conn, sql, owner, kept, removed).await?;
        if memberships {
            report.memberships = n;
        }
    }
    // Kept vCard properties follow the kept one's, in their order.
    let after: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(position) + 1, 0) AS BIGINT) FROM contact_extras WHERE contact_id = $1",
    )
    .bind(kept)
    .fetch_one(&mut *conn)
    .await?;
    report.kept_properties = sqlx::query(
        "UPDATE contact_extras SET contact_id = $1, position = position + $2 WHERE owner_id = $3 AND contact_id = $4",
    )
    .bind(kept)
    .bind(after)
    .bind(owner)
    .bind(removed)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    let uid: String = sqlx::query_scalar("SELECT uid FROM contacts WHERE id = $1 AND owner_id = $2")
        .bind(removed)
        .bind(owner)
        .fetch_one(&mut *conn)
        .await?;
    D::fts_delete(conn, removed).await?;
    // The cards of the people related to the one merged away named it: they now name the kept one.
    super::relationships::touch_related(&mut *conn, owner, &[kept]).await?;
    sqlx::query("DELETE FROM contacts WHERE id = $1 AND owner_id = $2")
        .bind(removed)
        .bind(owner)
        .execute(&mut *conn)
        .await?;
    log_change(conn, owner, "contact", removed, Some(&uid), "delete").await?;
    Ok(report)
}

/// One contact as the duplicate finder reads it.
struct Entry {
    side: DuplicateSide,
    name_key: String,
    linkedin: Option<String>,
    emails: Vec<String>,
    phones: Vec<String>,
}

/// id, name, name key, organization, archived, LinkedIn profile.
type EntryRow = (i64, String, String, Option<String>, bool, Option<String>);

/// Every contact of `owner` with what the finder compares.
async fn entries(conn: &mut Conn, owner: OwnerId) -> StoreResult<BTreeMap<ContactId, Entry>> {
    let rows: Vec<EntryRow> = sqlx::query_as(
        "SELECT c.id, c.name, c.name_key, o.name, c.archived, c.linkedin FROM contacts c \
         LEFT JOIN organizations o ON o.id = c.org_id WHERE c.owner_id = $1",
    )
    .bind(owner)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: BTreeMap<ContactId, Entry> = rows
        .into_iter()
        .map(|(id, name, name_key, org, archived, linkedin)| {
            let side = DuplicateSide { id, name, org, archived };
            (id, Entry { side, name_key, linkedin, emails: Vec::new(), phones: Vec::new() })
        })
        .collect();
    let details: Vec<(i64, String, bool)> = sqlx::query_as(
        "SELECT contact_id, email_key, TRUE FROM contact_emails WHERE owner_id = $1 \
         UNION ALL SELECT contact_id, phone, FALSE FROM contact_phones WHERE owner_id = $1",
    )
    .bind(owner)
    .fetch_all(&mut *conn)
    .await?;
    for (id, value, is_email) in details {
        if let Some(e) = out.get_mut(&id) {
            if is_email { e.emails.push(value) } else { e.phones.push(value) }
        }
    }
    Ok(out)
}

/// The domain of each e-mail that could say two people are one (no public mail service).
fn work_domains(emails: &[String]) -> HashSet<&str> {
    emails
        .iter()
        .filter_map(|e| e.rsplit_once('@').map(|(_, d)| d))
        .filter(|d| !PUBLIC_MAIL_DOMAINS.contains(d))
        .collect()
}

/// Pairs that may be one person, strongest reason first, then by the first one's name.
fn find_pairs(entries: &BTreeMap<ContactId, Entry>) -> Vec<DuplicatePair> {
    let mut found: HashMap<(ContactId, ContactId), (DuplicateReason, String)> = HashMap::new();
    let mut note = |a: ContactId, b: ContactId, reason: DuplicateReason, shared: String| {
        let key = (a.min(b), a.max(b));
        let entry = found.entry(key).or_insert((reason, shared.clone()));
        if reason < entry.0 {
            *entry = (reason, shared);
        }
    };
    let mut by_key: HashMap<(u8, String), Vec<ContactId>> = HashMap::new();
    for (id, e) in entries {
        if let Some(l) = e.linkedin.as_deref().map(linkedin_key).filter(|k| !k.is_empty()) {
            by_key.entry((0, l)).or_default().push(*id);
        }
        let phones: HashSet<String> = e.phones.iter().filter_map(|p| phone_key(p)).collect();
        for p in phones {
            by_key.entry((1, p)).or_default().push(*id);
        }
        by_key.entry((2, e.name_key.clone())).or_default().push(*id);
    }
    for ((kind, key), ids) in &by_key {
        if ids.len() < 2 {
            continue;
        }
        match kind {
            0 => {
                for b in &ids[1..] {
                    note(ids[0], *b, DuplicateReason::SameLinkedin, key.clone());
                }
            }
            1 => {
                let phone = entries[&ids[0]].phones.iter().find(|p| phone_key(p).as_ref() == Some(key)).cloned();
                for b in &ids[1..] {
                    note(ids[0], *b, DuplicateReason::SamePhone, phone.clone().unwrap_or_else(|| key.clone()));
                }
            }
            _ if ids.len() <= SAME_NAME_GROUP => {
                for (k, a) in ids.iter().enumerate() {
                    for b in &ids[k + 1..] {
                        let (x, y) = (&entries[a], &entries[b]);
                        if let (Some(o), Some(p)) = (&x.side.org, &y.side.org)
                            && o.eq_ignore_ascii_case(p)
                        {
                            note(*a, *b, DuplicateReason::SameNameAndOrg, o.clone());
                        } else if let Some(d) = work_domains(&x.emails).intersection(&work_domains(&y.emails)).min() {
                            note(*a, *b, DuplicateReason::SameNameAndDomain, (*d).to_string());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut pairs: Vec<DuplicatePair> = found
        .into_iter()
        .map(|((a, b), (reason, shared))| DuplicatePair {
            first: entries[&a].side.clone(),
            second: entries[&b].side.clone(),
            reason,
            shared,
        })
        .collect();
    pairs.sort_by(|x, y| {
        (x.reason, &x.first.name, x.first.id, x.second.id).cmp(&(y.reason, &y.first.name, y.first.id, y.second.id))
    });
    pairs
}

#[async_trait]
impl MergeStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn merge_contacts(
        &self,
        kept: ContactId,
        removed: ContactId,
        patch: &ContactPatch,
    ) -> StoreResult<MergeReport> {
        if kept == removed {
            return Err(invalid("contacts", format!("#{kept}"), "a contact cannot be merged with itself"));
        }
        let patch = patch.clone().validate()?;
        let owner = self.owner;
        let mut tx = D::begin_write(&self.pool).await?;
        require_contact(&mut tx, owner, kept).await?;
        require_contact(&mut tx, owner, removed).await?;
        // Both as they are before anything moves: what an undo gives back.
        let both = contacts_by_ids(&mut tx, owner, &[kept, removed]).await?;
        let (mut before, mut gone) = (None, None);
        for c in both {
            if c.id == kept { before = Some(c) } else { gone = Some(c) }
        }
        let before = before.ok_or_else(|| StoreError::not_found("contact", kept))?;
        let gone = gone.ok_or_else(|| StoreError::not_found("contact", removed))?;
        let record = record_merge(&mut tx, owner, before, gone, &patch).await?;
        let report = move_all(&mut tx, owner, kept, removed).await?;
        if patch.is_empty() {
            refresh_warmth(&mut tx, owner, kept).await?;
            refresh_search(&mut tx, owner, kept).await?;
            touch_contact(&mut tx, owner, kept, "update").await?;
        } else {
            // After the removed contact is gone: its e-mails are free to become the kept one's.
            edit_contact_in(&mut tx, owner, kept, &patch).await?;
        }
        // The removed one's ties went with it: the kept one's are folded from the joined history.
        refresh_ties(&mut tx, owner, &[kept]).await?;
        keep_record(&mut tx, owner, &record).await?;
        tx.commit().await?;
        D::wipe_freed(&self.pool).await?;
        Ok(report)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn last_merge(&self) -> StoreResult<Option<LastMerge>> {
        let mut conn = self.pool.acquire().await?;
        let last = last_merge(&mut conn, self.owner).await?;
        Ok(last.map(|(kept, kept_name, removed_name)| LastMerge { kept, kept_name, removed_name }))
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn undo_merge(&self, today: NaiveDate) -> StoreResult<UndoneMerge> {
        let mut tx = D::begin_write(&self.pool).await?;
        let (kept, restored) = undo_last(&mut tx, self.owner, today).await?;
        tx.commit().await?;
        Ok(UndoneMerge { kept, restored })
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn possible_duplicates(&self, limit: u32) -> StoreResult<Vec<DuplicatePair>> {
        let mut conn = self.pool.acquire().await?;
        let entries = entries(&mut conn, self.owner).await?;
        let mut pairs = find_pairs(&entries);
        pairs.truncate(limit as usize);
        Ok(pairs)
    }
}
