//! Imports: every record matched against the network and merged instead of doubled, new contacts
//! created in bulk, touches from mail and calendars recorded once per source key — all in one
//! transaction, rolled back on a dry run.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use kith_core::{
    Contact, ContactId, ContactPatch, InteractionKind, NewContact, NewInteraction, OrgKind, Role,
    contact::name_key,
    interaction::MAX_MINUTES,
    merge::{Conflict, MatchKeys, MatchedBy, linkedin_key, merge_into, merge_new},
};
use tracing::instrument;

use crate::{
    Bulk, BulkContact, BulkInteraction, ImportStore, OwnerId, StoreError, StoreResult,
    dialect::Dialect,
    import::{Correspondent, ImportBatch, ImportContact, ImportOptions, ImportReport, ImportTouch, MergeNote},
    text,
    write_rows::{BulkInteractionRow, while_freeing},
};

use super::bulk::bulk_in;
use super::campaign_mail::{apply_campaign_mail, awaiting_members, find_campaign_mail};
use super::contacts::{add_membership, contacts_by_ids, edit_contact_in};
use super::interactions::favor_contact;
use super::rows::{find_or_create_org, json_rows, log_change, refresh_warmth_many};
use super::ties::refresh_ties;
use super::{Conn, D, Db, ThisStore};

/// Hash maps keyed by e-mails, profiles and names: an import fills them with tens of thousands of
/// keys, where SipHash's cost shows; foldhash is several times faster and still seeded per process.
pub(super) type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
pub(super) type FastSet<K> = HashSet<K, foldhash::fast::RandomState>;

/// Where a person already is: stored, or among the contacts this import creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Known {
    Stored(ContactId),
    New(usize),
}

/// Every key a person can be matched by, for stored contacts and those this import creates.
#[derive(Debug, Default)]
pub(super) struct MatchIndex {
    pub(super) emails: FastMap<String, Known>,
    pub(super) linkedin: FastMap<String, Known>,
    pub(super) phones: FastMap<String, Known>,
    /// An exact name matches only when one person has it.
    pub(super) names: FastMap<String, Vec<Known>>,
    /// Each person's LinkedIn profile key.
    pub(super) profiles: FastMap<Known, String>,
}

impl MatchIndex {
    pub(super) async fn load(conn: &mut Conn, owner: OwnerId) -> StoreResult<MatchIndex> {
        let mut index = MatchIndex::default();
        let people: Vec<(i64, String, Option<String>)> =
            json_query(conn, owner, "id, name_key, linkedin", "contacts").await?;
        for (id, name, linkedin) in people {
            index.names.entry(name).or_default().push(Known::Stored(id));
            if let Some(url) = linkedin {
                index.linkedin.insert(linkedin_key(&url), Known::Stored(id));
                index.profiles.insert(Known::Stored(id), linkedin_key(&url));
            }
        }
        let emails: Vec<(String, i64)> = json_query(conn, owner, "email_key, contact_id", "contact_emails").await?;
        index.emails.extend(emails.into_iter().map(|(e, id)| (e, Known::Stored(id))));
        let phones: Vec<(String, i64)> = json_query(conn, owner, "phone, contact_id", "contact_phones").await?;
        for (phone, id) in phones {
            if let Some(key) = kith_core::merge::phone_key(&phone) {
                index.phones.insert(key, Known::Stored(id));
            }
        }
        Ok(index)
    }

    /// The person a record names, and by which key: e-mail, then LinkedIn, then phone, then name.
    fn find(&self, keys: &MatchKeys) -> Option<(Known, MatchedBy)> {
        let by_email = keys.emails.iter().find_map(|e| self.emails.get(e)).map(|k| (*k, MatchedBy::Email));
        let by_linkedin =
            || keys.linkedin.as_ref().and_then(|l| self.linkedin.get(l)).map(|k| (*k, MatchedBy::Linkedin));
        let by_phone = || keys.phones.iter().find_map(|p| self.phones.get(p)).map(|k| (*k, MatchedBy::Phone));
        // Two different LinkedIn profiles are two people, whatever their names.
        let by_name = || match self.names.get(&keys.name).map(Vec::as_slice) {
            Some([only]) if !self.other_profile(*only, keys) => Some((*only, MatchedBy::Name)),
            _ => None,
        };
        by_email.or_else(by_linkedin).or_else(by_phone).or_else(by_name)
    }

    /// Whether `who` has a LinkedIn profile and `keys` name a different one.
    fn other_profile(&self, who: Known, keys: &MatchKeys) -> bool {
        keys.linkedin.as_ref().is_some_and(|mine| self.profiles.get(&who).is_some_and(|theirs| theirs != mine))
    }

    /// Takes the keys: they become the index's own, without a copy.
    fn add(&mut self, keys: MatchKeys, who: Known) {
        for e in keys.emails {
            self.emails.entry(e).or_insert(who);
        }
        if let Some(l) = keys.linkedin {
            self.profiles.entry(who).or_insert_with(|| l.clone());
            self.linkedin.entry(l).or_insert(who);
        }
        for p in keys.phones {
            self.phones.entry(p).or_insert(who);
        }
        let same_name = self.names.entry(keys.name).or_default();
        if !same_name.contains(&who) {
            same_name.push(who);
        }
    }
}

/// Reads `cols` of every row of `table` owned by `owner` as one JSON value: one round trip for
/// tens of thousands of rows.
pub(super) async fn json_query<T: serde::de::DeserializeOwned>(
    conn: &mut Conn,
    owner: OwnerId,
    cols: &str,
    table: &str,
) -> StoreResult<Vec<T>> {
    json_rows(table, conn, cols, &format!("FROM {table} WHERE owner_id = $1"), owner).await
}

/// Like [`json_query`], over any `FROM … WHERE` clause binding the owner as `$1`.
pub(super) async fn json_query_sql<T: serde::de::DeserializeOwned>(
    pool: &sqlx::Pool<Db>,
    owner: OwnerId,
    cols: &str,
    from_where: &str,
) -> StoreResult<Vec<T>> {
    json_rows("rows", &mut *pool.acquire().await?, cols, &format!("FROM {from_where}"), owner).await
}

/// The source key of a LinkedIn connection date: one per person, so a re-import adds nothing.
fn connected_key(c: &NewContact) -> String {
    match &c.linkedin {
        Some(url) => format!("linkedin-connected:{}", linkedin_key(url)),
        None => format!("linkedin-connected:{}", name_key(&c.name)),
    }
}

fn social_touch(contacts: Vec<ContactId>, on: NaiveDate) -> NewInteraction {
    NewInteraction {
        contacts,
        kind: InteractionKind::Social,
        on,
        minutes: None,
        note: Some("connected on LinkedIn".into()),
        gave: None,
        got: None,
        they_initiated: false,
        favor_with: None,
        fulfills: Vec::new(),
    }
}

/// The fields a merge patch fills in, by name, for the report.
fn added_fields(p: &ContactPatch) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let lists = [("email", p.add_emails.len()), ("phone", p.add_phones.len()), ("tag", p.add_tags.len())];
    out.extend(lists.iter().filter(|(_, n)| *n > 0).map(|(f, _)| f.to_string()));
    let singles = [
        ("org", p.org.is_some()),
        ("title", p.title.is_some()),
        ("location", p.location.is_some()),
        ("met_at", p.met_at.is_some()),
        ("met_on", p.met_on.is_some()),
        ("linkedin", p.linkedin.is_some()),
        ("website", p.website.is_some()),
        ("birthday", p.birthday.is_some()),
        ("notes", p.notes.is_some()),
    ];
    out.extend(singles.iter().filter(|(_, set)| *set).map(|(f, _)| f.to_string()));
    out
}

/// A new interaction for stored contacts, with where it came from.
pub(super) struct StoredTouch {
    pub(super) interaction: NewInteraction,
    pub(super) weight: f64,
    pub(super) key: Option<String>,
}

/// Inserts interactions between stored contacts and refreshes each contact's warmth once.
pub(super) async fn insert_touches(tx: &mut Conn, owner: OwnerId, touches: &[StoredTouch]) -> StoreResult<()> {
    if touches.is_empty() {
        return Ok(());
    }
    let ids = D::reserve_ids(&mut *tx, "interactions", touches.len()).await?;
    let mut rows = Vec::with_capacity(touches.len());
    let mut links = Vec::new();
    let mut sources = Vec::with_capacity(touches.len());
    let mut affected = HashSet::new();
    for (t, &id) in touches.iter().zip(&ids) {
        let i = &t.interaction;
        rows.push(BulkInteractionRow {
            id,
            kind: i.kind.as_str(),
            on: i.on,
            minutes: i.minutes.map(i64::from),
            note: i.note.as_deref(),
            gave: i.gave.as_deref(),
            got: i.got.as_deref(),
            they_initiated: i.they_initiated,
            weight: t.weight,
            favor_contact_id: favor_contact(i),
            people: i.contacts.len() as i64,
            search_text: text::typed_text([i.note.as_deref(), i.gave.as_deref(), i.got.as_deref()]),
        });
        for &c in &i.contacts {
            links.push((id, c));
            affected.insert(c);
        }
        if let Some(key) = &t.key {
            sources.push((key.as_str(), id));
        }
    }
    D::write_interactions(&mut *tx, owner, Utc::now(), &rows, &links).await?;
    D::write_sources(&mut *tx, owner, &sources).await?;
    let mut affected: Vec<ContactId> = affected.into_iter().collect();
    affected.sort_unstable();
    refresh_warmth_many(&mut *tx, owner, &affected).await?;
    let shared: HashSet<ContactId> = touches
        .iter()
        .filter(|t| t.interaction.contacts.len() >= 2)
        .flat_map(|t| t.interaction.contacts.iter().copied())
        .collect();
    if !shared.is_empty() {
        refresh_ties(&mut *tx, owner, &shared.into_iter().collect::<Vec<_>>()).await?;
    }
    // One row for the batch of touches (`entity_id` = how many): no card changes with them.
    log_change(&mut *tx, owner, "touches", touches.len() as i64, None, "create").await
}

pub(super) async fn insert_extras(tx: &mut Conn, owner: OwnerId, id: ContactId, lines: &[String]) -> StoreResult<()> {
    let next: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(position) + 1, 0) AS BIGINT) FROM contact_extras WHERE contact_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    for (k, line) in lines.iter().enumerate() {
        sqlx::query("INSERT INTO contact_extras (owner_id, contact_id, position, line) VALUES ($1, $2, $3, $4)")
            .bind(owner)
            .bind(id)
            .bind(next + k as i64)
            .bind(line)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

async fn extras_of(conn: &mut Conn, owner: OwnerId, id: ContactId) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT line FROM contact_extras WHERE contact_id = $1 AND owner_id = $2 ORDER BY position")
        .bind(id)
        .bind(owner)
        .fetch_all(&mut *conn)
        .await?)
}

/// The touches of a mailbox or calendar that name known contacts, and who else was on them.
pub(super) struct MatchedTouches {
    pub(super) touches: Vec<StoredTouch>,
    pub(super) duplicates: u64,
    pub(super) unmatched: u64,
    pub(super) future: u64,
    pub(super) strangers: HashMap<String, Correspondent>,
}

pub(super) fn match_touches(
    touches: Vec<ImportTouch>,
    index: &MatchIndex,
    ids: &[ContactId],
    seen: &mut FastSet<String>,
    opts: &ImportOptions,
) -> MatchedTouches {
    let me: HashSet<String> = opts.me.iter().map(|a| a.trim().to_lowercase()).collect();
    let mut out =
        MatchedTouches { touches: Vec::new(), duplicates: 0, unmatched: 0, future: 0, strangers: HashMap::new() };
    let id_of = |addr: &str| match index.emails.get(addr)? {
        Known::Stored(id) => Some(*id),
        Known::New(k) => ids.get(*k).copied(),
    };
    for t in touches {
        if t.on > opts.today {
            out.future += 1;
            continue;
        }
        if !seen.insert(t.key.clone()) {
            out.duplicates += 1;
            continue;
        }
        let from = t.from.as_deref().map(str::to_lowercase);
        let everyone = from.iter().cloned().chain(t.to.iter().map(|a| a.to_lowercase()));
        let mut people: Vec<ContactId> = Vec::new();
        let mut others: Vec<String> = Vec::new();
        for addr in everyone.filter(|a| !me.contains(a)) {
            match id_of(&addr) {
                Some(id) if !people.contains(&id) => people.push(id),
                Some(_) => {}
                None => others.push(addr),
            }
        }
        for addr in others {
            let entry = out.strangers.entry(addr.clone()).or_insert(Correspondent {
                address: addr,
                messages: 0,
                last_on: t.on,
            });
            entry.messages += 1;
            entry.last_on = entry.last_on.max(t.on);
        }
        if people.is_empty() {
            out.unmatched += 1;
            continue;
        }
        let they_initiated = from.as_deref().is_some_and(|f| !me.contains(f) && id_of(f).is_some());
        let weight = opts.weights.of(t.kind);
        let interaction = NewInteraction {
            contacts: people,
            kind: t.kind,
            on: t.on,
            minutes: t.minutes.filter(|m| (1..=MAX_MINUTES).contains(m)),
            note: t.note.map(|n| n.chars().take(500).collect()),
            gave: None,
            got: None,
            they_initiated,
            favor_with: None,
            fulfills: Vec::new(),
        };
        out.touches.push(StoredTouch { interaction, weight, key: Some(t.key) });
    }
    out
}

/// A record on its way in, from an import file or a backup.
#[derive(Debug)]
pub(super) struct Incoming {
    pub(super) line: usize,
    pub(super) contact: NewContact,
    pub(super) extra: Vec<String>,
    pub(super) connected_on: Option<NaiveDate>,
    /// From a backup: the contact's uid, state and memberships, used when it is created.
    pub(super) uid: Option<String>,
    pub(super) archived: bool,
    pub(super) snoozed_until: Option<NaiveDate>,
    pub(super) added_on: Option<NaiveDate>,
    pub(super) memberships: Vec<(String, OrgKind, Role)>,
}

impl Incoming {
    fn from_import(rec: ImportContact) -> Incoming {
        Incoming {
            line: rec.line,
            contact: rec.contact,
            extra: rec.extra,
            connected_on: rec.connected_on,
            uid: None,
            archived: false,
            snoozed_until: None,
            added_on: None,
            memberships: Vec::new(),
        }
    }
}

/// Where each incoming record went.
pub(super) struct Placed {
    /// Records that are new people, to create (several records may have folded into one).
    pub(super) new: Vec<Incoming>,
    /// For each incoming record, in order: the person it is.
    pub(super) who: Vec<Known>,
    /// Records that matched stored contacts.
    pub(super) into_stored: Vec<(Incoming, ContactId, MatchedBy)>,
}

/// Decides, record by record, who each one is: a stored contact (by uid, e-mail, LinkedIn, phone,
/// unique name), an earlier record of the same file, or someone new.
///
/// A backup lists distinct people by construction (one uid each), so `fold_repeats` is false for
/// a restore: its records only ever merge into stored contacts, never into each other.
pub(super) fn place(
    records: Vec<Incoming>,
    index: &mut MatchIndex,
    uids: &HashMap<String, ContactId>,
    fold_repeats: bool,
    report: &mut ImportReport,
) -> StoreResult<Placed> {
    let mut placed = Placed { new: Vec::new(), who: Vec::with_capacity(records.len()), into_stored: Vec::new() };
    for rec in records {
        let rec = Incoming { contact: rec.contact.validate()?, ..rec };
        let keys = MatchKeys::of_new(&rec.contact);
        let by_uid = rec.uid.as_ref().and_then(|u| uids.get(u)).map(|id| (Known::Stored(*id), MatchedBy::Uid));
        let found = by_uid.or_else(|| index.find(&keys)).filter(|(k, _)| fold_repeats || matches!(k, Known::Stored(_)));
        match found {
            Some((Known::New(p), by)) => {
                let first = &mut placed.new[p];
                let kept = merge_new(&mut first.contact, rec.contact);
                for line in rec.extra {
                    if !first.extra.contains(&line) {
                        first.extra.push(line);
                    }
                }
                first.connected_on = first.connected_on.or(rec.connected_on);
                report.merged += 1;
                report.merges.push(MergeNote {
                    line: rec.line,
                    id: None,
                    name: first.contact.name.clone(),
                    matched_by: by,
                    added: Vec::new(),
                    kept,
                });
                index.add(MatchKeys::of_new(&first.contact), Known::New(p));
                placed.who.push(Known::New(p));
            }
            Some((Known::Stored(id), by)) => {
                index.add(keys, Known::Stored(id));
                placed.who.push(Known::Stored(id));
                placed.into_stored.push((rec, id, by));
            }
            None => {
                let p = placed.new.len();
                index.add(keys, Known::New(p));
                placed.who.push(Known::New(p));
                placed.new.push(rec);
            }
        }
    }
    Ok(placed)
}

/// Merges records into the stored contacts they matched: adds what is missing, keeps what is
/// known, reports both. Returns the connection touches they bring.
pub(super) async fn merge_stored(
    tx: &mut Conn,
    owner: OwnerId,
    into_stored: Vec<(Incoming, ContactId, MatchedBy)>,
    seen: &mut FastSet<String>,
    (opts, current_jobs): (&ImportOptions, bool),
    report: &mut ImportReport,
) -> StoreResult<Vec<StoredTouch>> {
    let mut ids: Vec<ContactId> = into_stored.iter().map(|(_, id, _)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut known: HashMap<ContactId, Contact> =
        contacts_by_ids(&mut *tx, owner, &ids).await?.into_iter().map(|c| (c.id, c)).collect();
    let mut touches = Vec::new();
    for (rec, id, by) in into_stored {
        let current = known.get(&id).ok_or_else(|| StoreError::not_found("contact", id))?;
        let (mut patch, mut kept) = merge_into(current, &rec.contact);
        let added = added_fields(&patch);
        if current_jobs && let Some(moved) = take_current_job(current, &rec.contact, &mut patch, &mut kept, opts.today)
        {
            report.job_changes.push(moved);
        }
        if !patch.is_empty() {
            edit_contact_in(&mut *tx, owner, id, &patch.validate()?).await?;
            known.extend(contacts_by_ids(&mut *tx, owner, &[id]).await?.into_iter().map(|c| (c.id, c)));
        }
        let have = extras_of(&mut *tx, owner, id).await?;
        let new_extras: Vec<String> = rec.extra.iter().filter(|l| !have.contains(l)).cloned().collect();
        insert_extras(&mut *tx, owner, id, &new_extras).await?;
        for (org, kind, role) in &rec.memberships {
            let org_id = find_or_create_org(&mut *tx, owner, org, *kind).await?;
            add_membership(&mut *tx, owner, id, org_id, *role).await?;
        }
        if let Some(on) = rec.connected_on.filter(|on| *on <= opts.today) {
            let key = connected_key(&rec.contact);
            if seen.insert(key.clone()) {
                touches.push(StoredTouch {
                    interaction: social_touch(vec![id], on),
                    weight: opts.weights.social,
                    key: Some(key),
                });
            }
        }
        report.merged += 1;
        report.merges.push(MergeNote {
            line: rec.line,
            id: Some(id),
            name: rec.contact.name,
            matched_by: by,
            added,
            kept,
        });
    }
    Ok(touches)
}

/// Takes the file's company and title where they differ from kith's, for a file that says where
/// people work now: the patch then records the move as of `today`. Returns the move in words
/// when the company changed.
fn take_current_job(
    known: &Contact,
    incoming: &NewContact,
    patch: &mut ContactPatch,
    kept: &mut Vec<Conflict>,
    today: NaiveDate,
) -> Option<String> {
    let moved = kept.iter().any(|c| c.field == "org");
    let promoted = kept.iter().any(|c| c.field == "title");
    if !moved && !promoted {
        return None;
    }
    kept.retain(|c| c.field != "org" && c.field != "title");
    patch.as_of = Some(today);
    // The title kith had belonged to the job the person left.
    patch.title = Some(incoming.title.clone().unwrap_or_default()).filter(|t| moved || !t.is_empty());
    if !moved {
        return None;
    }
    patch.org.clone_from(&incoming.org);
    let change = kith_core::job::JobChange {
        id: 0,
        contact_id: known.id,
        name: known.name.clone(),
        from_org: known.org.clone().unwrap_or_default(),
        to_org: incoming.org.clone().unwrap_or_default(),
        title: incoming.title.clone(),
        noticed_on: today,
    };
    Some(change.sentence())
}

/// The new people of a placement as a bulk load, with their connection touches.
pub(super) fn bulk_of_new(new: Vec<Incoming>, seen: &mut FastSet<String>, opts: &ImportOptions) -> Bulk {
    let mut bulk = Bulk::default();
    for (k, rec) in new.into_iter().enumerate() {
        if let Some(on) = rec.connected_on.filter(|on| *on <= opts.today) {
            let key = connected_key(&rec.contact);
            if seen.insert(key.clone()) {
                bulk.interactions.push(BulkInteraction {
                    interaction: social_touch(vec![k as i64], on),
                    weight: opts.weights.social,
                    source_key: Some(key),
                });
            }
        }
        let mut contact = rec.contact;
        contact.circle = contact.circle.or(Some(opts.circle));
        bulk.contacts.push(BulkContact {
            contact,
            added_on: rec.added_on.unwrap_or(opts.today),
            memberships: rec.memberships,
            extra: rec.extra,
            uid: rec.uid,
            archived: rec.archived,
            snoozed_until: rec.snoozed_until,
        });
    }
    bulk
}

/// The source keys already recorded: interactions from these sources are never imported again.
pub(super) async fn seen_sources(tx: &mut Conn, owner: OwnerId) -> StoreResult<FastSet<String>> {
    let keys: Vec<(String,)> = json_query(tx, owner, "source_key", "interaction_sources").await?;
    Ok(keys.into_iter().map(|(k,)| k).collect())
}

#[async_trait]
impl ImportStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn import(&self, batch: ImportBatch, opts: &ImportOptions) -> StoreResult<ImportReport> {
        let owner = self.owner;
        opts.weights.validate()?;
        let mut tx = D::begin_write(&self.pool).await?;
        let mut report = ImportReport::default();
        let mut index = MatchIndex::load(&mut tx, owner).await?;
        let records = batch.contacts.into_iter().map(Incoming::from_import).collect();
        let placed = place(records, &mut index, &HashMap::new(), true, &mut report)?;
        let mut seen = seen_sources(&mut tx, owner).await?;
        let mut stored_touches =
            merge_stored(&mut tx, owner, placed.into_stored, &mut seen, (opts, batch.current_jobs), &mut report)
                .await?;
        let bulk = bulk_of_new(placed.new, &mut seen, opts);
        let created = bulk_in(&mut tx, owner, &bulk).await?.contacts;
        report.created = created.len() as u64;

        // Campaign messages among the mail: found now, applied once the touches are recorded.
        let awaiting = if batch.touches.is_empty() { HashMap::new() } else { awaiting_members(&mut tx, owner).await? };
        let sender_of = |addr: &str| match index.emails.get(&addr.to_lowercase()) {
            Some(Known::Stored(id)) => Some(*id),
            _ => None,
        };
        let campaign_finds = find_campaign_mail(&batch.touches, &awaiting, sender_of, opts.today);

        // Touches found in mail and calendars, once per source.
        let matched = match_touches(batch.touches, &index, &created, &mut seen, opts);
        report.duplicates = matched.duplicates;
        report.unmatched = matched.unmatched;
        report.future = matched.future;
        stored_touches.extend(matched.touches);
        report.interactions = (bulk.interactions.len() + stored_touches.len()) as u64;
        insert_touches(&mut tx, owner, &stored_touches).await?;
        report.campaign = apply_campaign_mail(&mut tx, owner, campaign_finds).await?;
        let mut strangers: Vec<Correspondent> = matched.strangers.into_values().collect();
        strangers.sort_by(|a, b| {
            b.messages.cmp(&a.messages).then(b.last_on.cmp(&a.last_on)).then(a.address.cmp(&b.address))
        });
        report.unknown_correspondents = strangers;
        report.created_ids = created;

        if let Some(n) = batch.linkedin_connections {
            set_linkedin_connections(&mut tx, owner, n, opts.today).await?;
        }
        while_freeing(finish(tx, opts.dry_run), (index, bulk, seen, stored_touches)).await?;
        Ok(report)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn extras(&self, id: ContactId) -> StoreResult<Vec<String>> {
        let mut conn = self.pool.acquire().await?;
        extras_of(&mut conn, self.owner, id).await
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn linkedin_connections(&self) -> StoreResult<Option<(u32, NaiveDate)>> {
        let row: Option<(Option<i64>, Option<NaiveDate>)> =
            sqlx::query_as("SELECT linkedin_connections, linkedin_connections_on FROM career WHERE owner_id = $1")
                .bind(self.owner)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(n, on)| Some((u32::try_from(n?).ok()?, on?))))
    }
}

pub(super) async fn set_linkedin_connections(
    tx: &mut Conn,
    owner: OwnerId,
    n: u32,
    today: NaiveDate,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO career (owner_id, linkedin_connections, linkedin_connections_on) VALUES ($1, $2, $3) \
         ON CONFLICT (owner_id) DO UPDATE SET linkedin_connections = excluded.linkedin_connections, \
         linkedin_connections_on = excluded.linkedin_connections_on",
    )
    .bind(owner)
    .bind(i64::from(n))
    .bind(today)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Commits, or on a dry run rolls back: everything was done, nothing is kept.
pub(super) async fn finish(tx: sqlx::Transaction<'static, Db>, dry_run: bool) -> StoreResult<()> {
    if dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    Ok(())
}
