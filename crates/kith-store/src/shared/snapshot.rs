//! The whole network out (a backup) and back in (a restore). A restore into an empty database gives
//! back exactly what was saved; into a full one it merges like an import: contacts matched by uid
//! first, interactions and follow-ups already there skipped.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use chrono::NaiveDate;
use kith_core::{
    ContactId, NewContact, NewInteraction, OrgKind, Role, ValidationError,
    contact::name_key,
    org::Membership,
    snapshot::{Snapshot, SnapshotContact, SnapshotFollowUp, SnapshotInteraction, SnapshotMembership, SnapshotOrg},
};
use sqlx::QueryBuilder;
use tracing::instrument;

use crate::{
    BackupStore, BulkInteraction, OwnerId, StoreError, StoreResult,
    dialect::Dialect,
    import::{ImportOptions, ImportReport},
    text,
    write_rows::while_freeing,
};

use super::bulk::bulk_in;
use super::campaign_backup::{check_snapshot_campaigns, restore_campaigns, snapshot_campaigns, snapshot_digest_week};
use super::career::{check_career, restore_career, snapshot_career};
use super::contact_list::load_children;
use super::event_backup::{check_snapshot_events, restore_events, snapshot_events, snapshot_own_memberships};
use super::goals::{restore_goals, snapshot_goals};
use super::import::{
    Incoming, Known, MatchIndex, StoredTouch, bulk_of_new, finish, insert_touches, json_query, json_query_sql,
    merge_stored, place, seen_sources,
};
use super::interactions::{check_text, check_weight};
use super::jobs::{check_jobs, restore_jobs, snapshot_jobs};
use super::orgs::RoleRow;
use super::relationships::{all_relations, check_relationships, restore_relationships, snapshot_relationships};
use super::rows::{ContactRow, Flag, bad_data, find_or_create_org, parse_kind, push_ids};
use super::signals::{check_signals, restore_signals, snapshot_signals};
use super::{Conn, D, Db, ThisStore};

/// An interaction as the snapshot query returns it: id, kind, date, minutes, note, gave, got,
/// they-initiated, weight (exact text), source key.
type InteractionJson = (
    i64,
    String,
    NaiveDate,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    Flag,
    String,
    Option<String>,
    Option<String>,
);

/// A follow-up as the snapshot query returns it: contact uid, due, note, created, done.
type SnapshotFollowUpRow = (String, NaiveDate, Option<String>, NaiveDate, Option<NaiveDate>);

/// What identifies an interaction already stored, for skipping it on a restore.
type Fingerprint = (ContactId, String, NaiveDate, Option<String>);

async fn snapshot_contacts(conn: &mut Conn, owner: OwnerId) -> StoreResult<Vec<SnapshotContact>> {
    let rows: Vec<ContactRow> =
        sqlx::query_as(concat!("SELECT ", contact_cols!(), from_contacts!(), "WHERE c.owner_id = $1 ORDER BY c.id"))
            .bind(owner)
            .fetch_all(&mut *conn)
            .await?;
    let mut contacts = rows.into_iter().map(ContactRow::into_contact).collect::<StoreResult<Vec<_>>>()?;
    load_children(&mut *conn, owner, &mut contacts).await?;
    let mut memberships: HashMap<ContactId, Vec<SnapshotMembership>> = HashMap::new();
    let rows: Vec<RoleRow> = sqlx::query_as(
        "SELECT m.contact_id, o.name, m.role, m.since, m.until FROM memberships m JOIN organizations o ON o.id = m.org_id \
         WHERE m.owner_id = $1 ORDER BY m.contact_id, o.name, m.role",
    )
    .bind(owner)
    .fetch_all(&mut *conn)
    .await?;
    for (id, org, role, since, until) in rows {
        let role = role.parse::<Role>().map_err(|_| bad_data("role", &role))?;
        memberships.entry(id).or_default().push(SnapshotMembership { org, role, since, until });
    }
    let mut extras: HashMap<ContactId, Vec<String>> = HashMap::new();
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT contact_id, line FROM contact_extras WHERE owner_id = $1 ORDER BY contact_id, position")
            .bind(owner)
            .fetch_all(&mut *conn)
            .await?;
    for (id, line) in rows {
        extras.entry(id).or_default().push(line);
    }
    let kept: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM contacts WHERE owner_id = $1 AND circle = 'dormant' AND circle_chosen = TRUE",
    )
    .bind(owner)
    .fetch_all(&mut *conn)
    .await?;
    let kept: HashSet<i64> = kept.into_iter().collect();
    let names: Vec<(String, String)> = sqlx::query_as("SELECT uid, name FROM card_names WHERE owner_id = $1")
        .bind(owner)
        .fetch_all(&mut *conn)
        .await?;
    let mut card_names: HashMap<String, String> = names.into_iter().collect();
    let (mut past_jobs, mut job_changes) = snapshot_jobs(&mut *conn, owner).await?;
    Ok(contacts
        .into_iter()
        .map(|c| SnapshotContact {
            past_jobs: past_jobs.remove(&c.id).unwrap_or_default(),
            job_changes: job_changes.remove(&c.id).unwrap_or_default(),
            kept_dormant: kept.contains(&c.id),
            memberships: memberships.remove(&c.id).unwrap_or_default(),
            vcard_extra: extras.remove(&c.id).unwrap_or_default(),
            card_name: card_names.remove(&c.uid),
            uid: c.uid,
            name: c.name,
            emails: c.emails,
            phones: c.phones,
            org: c.org,
            title: c.title,
            location: c.location,
            circle: c.circle,
            cadence_days: c.custom_cadence_days,
            tags: c.tags,
            met_at: c.met_at,
            met_on: c.met_on,
            linkedin: c.linkedin,
            website: c.website,
            birthday: c.birthday.map(|b| b.to_string()),
            notes: c.notes,
            important: c.important,
            archived: c.archived,
            added_on: c.added_on,
            snoozed_until: c.snoozed_until,
        })
        .collect())
}

async fn snapshot_interactions(conn: &mut Conn, owner: OwnerId) -> StoreResult<Vec<SnapshotInteraction>> {
    let cols = format!(
        "i.id, i.kind, i.on_date, i.minutes, i.note, i.gave, i.got, i.they_initiated, {}, s.source_key, f.uid",
        D::exact_real("i.weight")
    );
    let sql = format!(
        "SELECT {} FROM interactions i LEFT JOIN interaction_sources s ON s.interaction_id = i.id \
         LEFT JOIN contacts f ON f.id = i.favor_contact_id \
         WHERE i.owner_id = $1 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.interaction_id = i.id)",
        D::json_rows(&cols)
    );
    let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(owner).fetch_one(&mut *conn).await?;
    let mut rows: Vec<InteractionJson> =
        serde_json::from_str(&json).map_err(|e| bad_data("interactions", &e.to_string()))?;
    rows.sort_by_key(|r| r.0);
    let sql = format!(
        "SELECT {} FROM interaction_contacts ic JOIN contacts c ON c.id = ic.contact_id WHERE ic.owner_id = $1",
        D::json_rows("ic.interaction_id, c.id, c.uid")
    );
    let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(owner).fetch_one(&mut *conn).await?;
    let mut links: Vec<(i64, i64, String)> =
        serde_json::from_str(&json).map_err(|e| bad_data("interaction people", &e.to_string()))?;
    links.sort_by_key(|l| (l.0, l.1));
    let mut with: HashMap<i64, Vec<String>> = HashMap::new();
    for (interaction, _, uid) in links {
        with.entry(interaction).or_default().push(uid);
    }
    rows.into_iter()
        .map(|(id, kind, on, minutes, note, gave, got, they, weight, source, favor_with)| {
            Ok(SnapshotInteraction {
                kind: parse_kind(&kind)?,
                on,
                with: with.remove(&id).unwrap_or_default(),
                minutes: minutes.and_then(|m| u32::try_from(m).ok()),
                note,
                gave,
                got,
                they_initiated: they.0,
                weight: weight.parse().map_err(|_| bad_data("weight", &weight))?,
                source,
                favor_with,
            })
        })
        .collect()
}

/// Checks a snapshot before anything is written: every contact valid, uids unique, every
/// interaction and follow-up naming contacts of the snapshot.
fn check_snapshot(s: &Snapshot) -> StoreResult<()> {
    let at = |what: &str, k: usize, e: ValidationError| {
        StoreError::Invalid(ValidationError::new(format!("{what}[{k}].{}", e.field), e.value, e.message))
    };
    let mut uids = HashSet::new();
    for (k, c) in s.contacts.iter().enumerate() {
        c.to_new().and_then(NewContact::validate).map_err(|e| at("contacts", k, e))?;
        kith_core::contact::check_kept(&c.vcard_extra).map_err(|e| at("contacts", k, e))?;
        if let Some(name) = &c.card_name {
            crate::check_card_name(name).map_err(|e| at("contacts", k, e))?;
        }
        check_jobs(&c.past_jobs, &c.job_changes).map_err(|e| at("contacts", k, e))?;
        if c.uid.trim().is_empty() || !uids.insert(c.uid.as_str()) {
            return Err(at("contacts", k, ValidationError::new("uid", &c.uid, "missing or used by two contacts")));
        }
    }
    for (k, i) in s.interactions.iter().enumerate() {
        check_weight(i.weight).map_err(|_| {
            at("interactions", k, ValidationError::new("weight", i.weight.to_string(), "must be from 0 to 10"))
        })?;
        if i.with.is_empty() {
            return Err(at("interactions", k, ValidationError::new("with", "", "names no contact")));
        }
        // The limits every touch logged by hand has (note, gave and got lengths, minutes).
        NewInteraction { contacts: vec![0], ..interaction_of(i) }
            .validate(NaiveDate::MAX)
            .map_err(|e| at("interactions", k, e))?;
        if let Some(u) = i.with.iter().find(|u| !uids.contains(u.as_str())) {
            return Err(at(
                "interactions",
                k,
                ValidationError::new("with", u, "no contact of the backup has this uid"),
            ));
        }
        if let Some(u) = i.favor_with.as_ref().filter(|u| !i.with.contains(u)) {
            return Err(at(
                "interactions",
                k,
                ValidationError::new("favor_with", u, "is not one of the people in `with`"),
            ));
        }
    }
    for (k, f) in s.followups.iter().enumerate() {
        if let Err(StoreError::Invalid(e)) = check_text("note", f.note.clone()) {
            return Err(at("followups", k, e));
        }
        if !uids.contains(f.contact.as_str()) {
            return Err(at(
                "followups",
                k,
                ValidationError::new("contact", &f.contact, "no contact of the backup has this uid"),
            ));
        }
    }
    for (k, o) in s.organizations.iter().enumerate() {
        kith_core::org::validate_org_name(&o.name).map_err(|e| at("organizations", k, e))?;
    }
    check_career(&s.career)?;
    check_signals(&s.signals, &uids)?;
    let in_order: Vec<&str> = s.contacts.iter().map(|c| c.uid.as_str()).collect();
    check_relationships(&s.relationships, &in_order)?;
    check_snapshot_events(s, &uids)?;
    check_snapshot_campaigns(s, &uids)
}

/// (contact, kind, date, note) of every stored interaction of `contacts`.
async fn fingerprints(conn: &mut Conn, owner: OwnerId, contacts: &[ContactId]) -> StoreResult<HashSet<Fingerprint>> {
    let mut out = HashSet::new();
    for chunk in contacts.chunks(500) {
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT ic.contact_id, i.kind, i.on_date, i.note FROM interaction_contacts ic \
             JOIN interactions i ON i.id = ic.interaction_id WHERE ic.owner_id = ",
        );
        qb.push_bind(owner).push(" AND ic.contact_id IN ");
        push_ids(&mut qb, chunk);
        let rows: Vec<Fingerprint> = qb.build_query_as().fetch_all(&mut *conn).await?;
        out.extend(rows);
    }
    Ok(out)
}

#[async_trait]
impl BackupStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn card_parts(&self) -> StoreResult<crate::CardParts> {
        let mut parts = crate::CardParts::default();
        let memberships: Vec<(i64, i64, String, String)> = json_query_sql(
            &self.pool,
            self.owner,
            "m.contact_id, o.id, o.name, m.role",
            "memberships m JOIN organizations o ON o.id = m.org_id WHERE m.owner_id = $1",
        )
        .await?;
        for (contact, org_id, org, role) in memberships {
            let role = role.parse::<Role>().map_err(|_| bad_data("role", &role))?;
            parts.memberships.entry(contact).or_default().push(Membership { org_id, org, role });
        }
        for list in parts.memberships.values_mut() {
            list.sort_by(|a, b| a.org.cmp(&b.org).then(a.role.cmp(&b.role)));
        }
        let extras: Vec<(i64, i64, String)> =
            json_query_sql(&self.pool, self.owner, "contact_id, position, line", "contact_extras WHERE owner_id = $1")
                .await?;
        let mut extras = extras;
        extras.sort_by_key(|e| (e.0, e.1));
        for (contact, _, line) in extras {
            parts.extras.entry(contact).or_default().push(line);
        }
        parts.relations = all_relations(&mut *self.pool.acquire().await?, self.owner).await?;
        Ok(parts)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn snapshot(&self) -> StoreResult<Snapshot> {
        let owner = self.owner;
        let mut conn = self.pool.acquire().await?;
        let orgs: Vec<(String, String)> =
            sqlx::query_as("SELECT name, kind FROM organizations WHERE owner_id = $1 ORDER BY name, id")
                .bind(owner)
                .fetch_all(&mut *conn)
                .await?;
        let organizations = orgs
            .into_iter()
            .map(|(name, kind)| {
                Ok(SnapshotOrg { kind: kind.parse().map_err(|_| bad_data("organization kind", &kind))?, name })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let contacts = snapshot_contacts(&mut conn, owner).await?;
        let interactions = snapshot_interactions(&mut conn, owner).await?;
        let rows: Vec<SnapshotFollowUpRow> = sqlx::query_as(
            "SELECT c.uid, f.due_on, f.note, f.created_on, f.done_on FROM followups f \
             JOIN contacts c ON c.id = f.contact_id WHERE f.owner_id = $1 ORDER BY f.id",
        )
        .bind(owner)
        .fetch_all(&mut *conn)
        .await?;
        let followups = rows
            .into_iter()
            .map(|(contact, due_on, note, created_on, done_on)| SnapshotFollowUp {
                contact,
                due_on,
                note,
                created_on,
                done_on,
            })
            .collect();
        let career = snapshot_career(&mut conn, owner).await?;
        let signals = snapshot_signals(&mut conn, owner).await?;
        let goals = snapshot_goals(&mut conn, owner).await?;
        let events = snapshot_events(&mut conn, owner).await?;
        let own_memberships = snapshot_own_memberships(&mut conn, owner).await?;
        let campaigns = snapshot_campaigns(&mut conn, owner).await?;
        let digest_last_week = snapshot_digest_week(&mut conn, owner).await?;
        let relationships = snapshot_relationships(&mut conn, owner).await?;
        Ok(Snapshot {
            organizations,
            contacts,
            interactions,
            followups,
            career,
            goals,
            signals,
            events,
            own_memberships,
            campaigns,
            digest_last_week,
            relationships,
        })
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn restore(&self, snapshot: Snapshot, opts: &ImportOptions) -> StoreResult<ImportReport> {
        check_snapshot(&snapshot)?;
        let owner = self.owner;
        let mut tx = D::begin_write(&self.pool).await?;
        let mut report = ImportReport::default();
        for o in &snapshot.organizations {
            find_or_create_org(&mut tx, owner, &o.name, o.kind).await?;
        }
        let stored_uids: Vec<(String, i64)> = json_query(&mut tx, owner, "uid, id", "contacts").await?;
        let uids: HashMap<String, ContactId> = stored_uids.into_iter().collect();
        let kinds: HashMap<String, OrgKind> =
            snapshot.organizations.iter().map(|o| (name_key(&o.name), o.kind)).collect();
        let records = snapshot
            .contacts
            .iter()
            .enumerate()
            .map(|(k, c)| {
                Ok(Incoming {
                    line: k + 1,
                    contact: c.to_new()?,
                    extra: c.vcard_extra.clone(),
                    connected_on: None,
                    uid: Some(c.uid.clone()),
                    archived: c.archived,
                    snoozed_until: c.snoozed_until,
                    added_on: Some(c.added_on),
                    memberships: c
                        .memberships
                        .iter()
                        .map(|m| {
                            let kind = kinds.get(&name_key(&m.org)).copied().unwrap_or(OrgKind::Other);
                            (m.org.clone(), kind, m.role)
                        })
                        .collect(),
                })
            })
            .collect::<Result<Vec<_>, ValidationError>>()?;
        let mut index = MatchIndex::load(&mut tx, owner).await?;
        let placed = place(records, &mut index, &uids, false, &mut report)?;
        let mut seen = seen_sources(&mut tx, owner).await?;
        let merged_into: Vec<ContactId> = {
            let mut ids: Vec<ContactId> = placed.into_stored.iter().map(|(_, id, _)| *id).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let mut stored =
            merge_stored(&mut tx, owner, placed.into_stored, &mut seen, (opts, false), &mut report).await?;
        let known = fingerprints(&mut tx, owner, &merged_into).await?;
        let person: HashMap<&str, Known> =
            snapshot.contacts.iter().zip(&placed.who).map(|(c, who)| (c.uid.as_str(), *who)).collect();

        // Interactions among new people only go into the bulk load; the others are added after it.
        let mut bulk = bulk_of_new(placed.new, &mut seen, opts);
        let mut later: Vec<(&SnapshotInteraction, Vec<Known>)> = Vec::new();
        for i in &snapshot.interactions {
            if i.source.as_ref().is_some_and(|k| !seen.insert(k.clone())) {
                report.duplicates += 1;
                continue;
            }
            let who: Vec<Known> = i.with.iter().map(|u| person[u.as_str()]).collect();
            let all_new: Option<Vec<i64>> =
                who.iter().map(|k| if let Known::New(p) = k { Some(*p as i64) } else { None }).collect();
            let favor = i.favor_with.as_ref().and_then(|u| person.get(u.as_str()).copied());
            match all_new {
                Some(people) => bulk.interactions.push(BulkInteraction {
                    interaction: NewInteraction {
                        contacts: people,
                        favor_with: favor.and_then(|k| if let Known::New(p) = k { Some(p as i64) } else { None }),
                        ..interaction_of(i)
                    },
                    weight: i.weight,
                    source_key: i.source.clone(),
                }),
                None => later.push((i, who)),
            }
        }
        for f in &snapshot.followups {
            if let Known::New(p) = person[f.contact.as_str()] {
                bulk.followups.push(crate::BulkFollowUp {
                    contact: p,
                    due_on: f.due_on,
                    note: f.note.clone(),
                    created_on: f.created_on,
                    done_on: f.done_on,
                });
            }
        }
        let created = bulk_in(&mut tx, owner, &bulk).await?.contacts;
        let id_of = |k: &Known| match *k {
            Known::Stored(id) => id,
            Known::New(p) => created[p],
        };
        for (i, who) in later {
            let ids: Vec<ContactId> = who.iter().map(id_of).collect();
            let stored_one = who.iter().find_map(|k| if let Known::Stored(id) = k { Some(*id) } else { None });
            if stored_one.is_some_and(|id| known.contains(&(id, i.kind.as_str().to_string(), i.on, i.note.clone()))) {
                report.duplicates += 1;
                continue;
            }
            let favor_with = i.favor_with.as_ref().and_then(|u| person.get(u.as_str())).map(id_of);
            stored.push(StoredTouch {
                interaction: NewInteraction { contacts: ids, favor_with, ..interaction_of(i) },
                weight: i.weight,
                key: i.source.clone(),
            });
        }
        insert_touches(&mut tx, owner, &stored).await?;
        for f in &snapshot.followups {
            if let Known::Stored(id) = person[f.contact.as_str()] {
                restore_followup(&mut tx, owner, id, f).await?;
            }
        }
        let uid_ids: HashMap<String, ContactId> =
            snapshot.contacts.iter().zip(&placed.who).map(|(c, who)| (c.uid.clone(), id_of(who))).collect();
        for c in snapshot.contacts.iter().filter(|c| c.kept_dormant) {
            sqlx::query(
                "UPDATE contacts SET circle_chosen = TRUE WHERE id = $1 AND owner_id = $2 AND circle = 'dormant'",
            )
            .bind(uid_ids[&c.uid])
            .bind(owner)
            .execute(&mut *tx)
            .await?;
        }
        restore_events(&mut tx, owner, &snapshot, &|uid| id_of(&person[uid])).await?;
        restore_campaigns(&mut tx, owner, &snapshot, &|uid| id_of(&person[uid])).await?;
        report.created = created.len() as u64;
        report.interactions = (bulk.interactions.len() + stored.len()) as u64;
        report.created_ids = created;
        restore_career(&mut tx, owner, &snapshot.career).await?;
        restore_signals(&mut tx, owner, &snapshot.signals, &uid_ids).await?;
        restore_relationships(&mut tx, owner, &snapshot.relationships, &uid_ids).await?;
        restore_card_names(&mut tx, owner, &snapshot).await?;
        for c in snapshot.contacts.iter().filter(|c| !c.past_jobs.is_empty() || !c.job_changes.is_empty()) {
            restore_jobs(&mut tx, owner, uid_ids[&c.uid], &c.past_jobs, &c.job_changes).await?;
        }
        restore_goals(&mut tx, owner, snapshot.goals.as_deref()).await?;
        while_freeing(finish(tx, opts.dry_run), (snapshot, bulk, uid_ids)).await?;
        Ok(report)
    }
}

/// The names phones gave the backup's cards; a name this database already uses for another card
/// stays with that card (the phone then sees the restored one under `{uid}.vcf`).
async fn restore_card_names(conn: &mut Conn, owner: OwnerId, snapshot: &Snapshot) -> StoreResult<()> {
    for c in &snapshot.contacts {
        if let Some(name) = &c.card_name {
            sqlx::query("INSERT INTO card_names (owner_id, uid, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .bind(owner)
                .bind(&c.uid)
                .bind(name)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

fn interaction_of(i: &SnapshotInteraction) -> NewInteraction {
    NewInteraction {
        contacts: Vec::new(),
        kind: i.kind,
        on: i.on,
        minutes: i.minutes,
        note: i.note.clone(),
        gave: i.gave.clone(),
        got: i.got.clone(),
        they_initiated: i.they_initiated,
        favor_with: None,
        fulfills: Vec::new(),
    }
}

/// Adds a follow-up of a stored contact unless the same promise is already there.
async fn restore_followup(tx: &mut Conn, owner: OwnerId, id: ContactId, f: &SnapshotFollowUp) -> StoreResult<()> {
    let exists: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM followups WHERE owner_id = $1 AND contact_id = $2 AND due_on = $3 \
         AND COALESCE(note, '') = COALESCE($4, '')",
    )
    .bind(owner)
    .bind(id)
    .bind(f.due_on)
    .bind(&f.note)
    .fetch_optional(&mut *tx)
    .await?;
    if exists.is_none() {
        sqlx::query(
            "INSERT INTO followups (owner_id, contact_id, due_on, note, created_on, done_on, search_text) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(owner)
        .bind(id)
        .bind(f.due_on)
        .bind(&f.note)
        .bind(f.created_on)
        .bind(f.done_on)
        .bind(text::typed_text([f.note.as_deref()]))
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}
