//! Rows, conversions and small helpers shared by both backends.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use kith_core::{
    Circle, Contact, ContactId, FollowUp, Interaction, InteractionKind, OrgKind, Organization, Role, ValidationError,
    Warmth,
    contact::{Birthday, ContactBrief, name_key},
    habit::revival_days,
    interaction::Participant,
    org::Membership,
};
use sqlx::{QueryBuilder, Row};

use crate::{
    Change, OwnerId, StoreError, StoreResult,
    derived::{derive, fold_touches},
    dialect::Dialect,
    text,
    write_rows::{DerivedRow, derived_row},
};

use super::reconnections::{push_revivals, replace_reconnections, replace_reconnections_of, touches_of};
use super::web::bump_version;
use super::{Conn, D, Db};

const BRIEFS_AS_JSON: &str = D::BRIEFS_AS_JSON;
const ID_IN_JSON_LIST: &str = D::ID_IN_JSON_LIST;
/// The columns of a full contact; `c` is `contacts`, `o` its organization.
macro_rules! contact_cols {
    () => {
        "c.id, c.uid, c.etag, c.updated_at, c.name, c.given_name, c.family_name, c.org_id, o.name AS org, \
         c.title, c.location, c.circle, c.custom_cadence_days, c.met_at, c.met_on, c.linkedin, c.website, \
         c.birthday, c.notes, c.important, c.archived, c.added_on, c.snoozed_until, c.last_touch_on, \
         c.warmth_mass, c.strength_mass"
    };
}

/// The columns of a contact brief.
macro_rules! brief_cols {
    () => {
        "c.id, c.name, o.name AS org, c.circle, c.custom_cadence_days, c.important, c.archived, c.added_on, \
         c.snoozed_until, c.last_touch_on, c.warmth_mass, c.strength_mass"
    };
}

macro_rules! from_contacts {
    () => {
        " FROM contacts c LEFT JOIN organizations o ON o.id = c.org_id "
    };
}

macro_rules! interaction_cols {
    () => {
        "i.id, i.kind, i.on_date, i.minutes, i.note, i.gave, i.got, i.they_initiated, i.weight, i.favor_contact_id"
    };
}

/// A contact as a row, or (for lists) as a JSON array in the same order, booleans as either backend
/// writes them and the masses as exact text (see `contact_list.rs`).
#[derive(Debug, sqlx::FromRow, serde::Deserialize)]
pub(super) struct ContactRow {
    pub(super) id: i64,
    pub(super) uid: String,
    pub(super) etag: String,
    pub(super) updated_at: DateTime<Utc>,
    pub(super) name: String,
    pub(super) given_name: String,
    pub(super) family_name: String,
    pub(super) org_id: Option<i64>,
    pub(super) org: Option<String>,
    pub(super) title: Option<String>,
    pub(super) location: Option<String>,
    pub(super) circle: String,
    pub(super) custom_cadence_days: Option<i64>,
    pub(super) met_at: Option<String>,
    pub(super) met_on: Option<NaiveDate>,
    pub(super) linkedin: Option<String>,
    pub(super) website: Option<String>,
    pub(super) birthday: Option<String>,
    pub(super) notes: Option<String>,
    #[serde(deserialize_with = "flag")]
    pub(super) important: bool,
    #[serde(deserialize_with = "flag")]
    pub(super) archived: bool,
    pub(super) added_on: NaiveDate,
    pub(super) snoozed_until: Option<NaiveDate>,
    pub(super) last_touch_on: Option<NaiveDate>,
    #[serde(deserialize_with = "exact_real_text")]
    pub(super) warmth_mass: Option<f64>,
    #[serde(deserialize_with = "exact_real_text")]
    pub(super) strength_mass: Option<f64>,
}

#[derive(Debug, sqlx::FromRow)]
struct BriefRow {
    id: i64,
    name: String,
    org: Option<String>,
    circle: String,
    custom_cadence_days: Option<i64>,
    important: bool,
    archived: bool,
    added_on: NaiveDate,
    snoozed_until: Option<NaiveDate>,
    last_touch_on: Option<NaiveDate>,
    warmth_mass: Option<f64>,
    strength_mass: Option<f64>,
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct InteractionRow {
    pub(super) id: i64,
    pub(super) kind: String,
    pub(super) on_date: NaiveDate,
    pub(super) minutes: Option<i64>,
    pub(super) note: Option<String>,
    pub(super) gave: Option<String>,
    pub(super) got: Option<String>,
    pub(super) they_initiated: bool,
    pub(super) weight: f64,
    pub(super) favor_contact_id: Option<i64>,
}

/// Data in the database that kith cannot read back: only possible if someone edited it by hand.
pub(super) fn bad_data(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt { location: "database".into(), detail: format!("unreadable {what} '{value}'") }
}

pub(super) fn parse_circle(s: &str) -> StoreResult<Circle> {
    s.parse().map_err(|_| bad_data("circle", s))
}

pub(super) fn parse_kind(s: &str) -> StoreResult<InteractionKind> {
    s.parse().map_err(|_| bad_data("interaction kind", s))
}

/// The folded history kept in a contact's row. Every row with a latest touch has its strength (the
/// database is brought to model v2 when opened); a missing one reads as 0.
pub(super) fn warmth_of(last: Option<NaiveDate>, mass: Option<f64>, strength: Option<f64>) -> Option<Warmth> {
    Some(Warmth { last_touch: last?, mass: mass?, strength: strength.unwrap_or(0.0) })
}

pub(super) fn cadence(days: Option<i64>) -> Option<u32> {
    days.and_then(|d| u32::try_from(d).ok())
}

impl ContactRow {
    pub(super) fn into_contact(self) -> StoreResult<Contact> {
        Ok(Contact {
            id: self.id,
            uid: self.uid,
            etag: self.etag,
            name: self.name,
            given_name: self.given_name,
            family_name: self.family_name,
            emails: Vec::new(),
            phones: Vec::new(),
            org: self.org,
            title: self.title,
            location: self.location,
            circle: parse_circle(&self.circle)?,
            custom_cadence_days: cadence(self.custom_cadence_days),
            tags: Vec::new(),
            met_at: self.met_at,
            met_on: self.met_on,
            linkedin: self.linkedin,
            website: self.website,
            birthday: self.birthday.as_deref().map(|b| Birthday::parse("birthday", b)).transpose()?,
            notes: self.notes,
            important: self.important,
            archived: self.archived,
            added_on: self.added_on,
            snoozed_until: self.snoozed_until,
            warmth: warmth_of(self.last_touch_on, self.warmth_mass, self.strength_mass),
            updated_at: self.updated_at,
        })
    }
}

impl BriefRow {
    fn into_brief(self) -> StoreResult<ContactBrief> {
        Ok(ContactBrief {
            id: self.id,
            name: self.name,
            org: self.org,
            circle: parse_circle(&self.circle)?,
            custom_cadence_days: cadence(self.custom_cadence_days),
            important: self.important,
            archived: self.archived,
            added_on: self.added_on,
            snoozed_until: self.snoozed_until,
            warmth: warmth_of(self.last_touch_on, self.warmth_mass, self.strength_mass),
        })
    }
}

impl InteractionRow {
    pub(super) fn into_interaction(self, with: Vec<Participant>) -> StoreResult<Interaction> {
        Ok(Interaction {
            id: self.id,
            kind: parse_kind(&self.kind)?,
            on: self.on_date,
            minutes: self.minutes.and_then(|m| u32::try_from(m).ok()),
            note: self.note,
            gave: self.gave,
            got: self.got,
            they_initiated: self.they_initiated,
            weight: self.weight,
            with,
            favor_with: self.favor_contact_id,
        })
    }
}

/// One contact brief as the backends' `BRIEFS_AS_JSON` writes it: an array in `brief_cols!` order,
/// with the warmth mass as exact decimal text (JSON numbers would round it).
#[derive(serde::Deserialize)]
struct BriefJson(
    i64,
    String,
    Option<String>,
    String,
    Option<i64>,
    Flag,
    Flag,
    NaiveDate,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<String>,
    Option<String>,
);

/// A boolean as SQLite (0/1) or PostgreSQL (true/false) writes it in JSON.
pub(super) struct Flag(pub(super) bool);

impl<'de> serde::Deserialize<'de> for Flag {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Flag, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = Flag;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a boolean or 0/1")
            }
            fn visit_bool<E>(self, b: bool) -> Result<Flag, E> {
                Ok(Flag(b))
            }
            fn visit_i64<E>(self, i: i64) -> Result<Flag, E> {
                Ok(Flag(i != 0))
            }
            fn visit_u64<E>(self, i: u64) -> Result<Flag, E> {
                Ok(Flag(i != 0))
            }
        }
        d.deserialize_any(Visit)
    }
}

/// A [`Flag`] read into a plain boolean (`deserialize_with`).
fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    <Flag as serde::Deserialize>::deserialize(d).map(|f| f.0)
}

/// A REAL written as exact decimal text by `exact_real` (JSON numbers would round it), or null.
fn exact_real_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let text: Option<String> = serde::Deserialize::deserialize(d)?;
    text.map(|t| t.parse::<f64>().map_err(|_| serde::de::Error::custom(format!("unreadable number '{t}'")))).transpose()
}

/// Sorts a whole list by name, then id: byte order, which is how both backends sort text
/// (SQLite's BINARY, PostgreSQL's `COLLATE "C"`).
pub(super) fn sort_by_name<T>(items: &mut [T], key: impl Fn(&T) -> (&str, i64)) {
    items.sort_unstable_by(|a, b| key(a).cmp(&key(b)));
}

/// The query that returns, as one JSON text, the briefs of the contacts matching `condition`.
pub(super) fn briefs_json_sql(condition: &str) -> String {
    format!("{BRIEFS_AS_JSON}{} WHERE {condition}", from_contacts!())
}

pub(super) fn briefs_from_json(json: &str) -> StoreResult<Vec<ContactBrief>> {
    let rows: Vec<BriefJson> = serde_json::from_str(json).map_err(|e| bad_data("contact list", &e.to_string()))?;
    rows.into_iter()
        .map(|r| {
            let real =
                |v: Option<String>, what: &str| v.map(|m| m.parse::<f64>().map_err(|_| bad_data(what, &m))).transpose();
            let mass = real(r.10, "warmth")?;
            let strength = real(r.11, "strength")?;
            BriefRow {
                id: r.0,
                name: r.1,
                org: r.2,
                circle: r.3,
                custom_cadence_days: r.4,
                important: r.5.0,
                archived: r.6.0,
                added_on: r.7,
                snoozed_until: r.8,
                last_touch_on: r.9,
                warmth_mass: mass,
                strength_mass: strength,
            }
            .into_brief()
        })
        .collect()
}

/// A fresh entity tag: changes on every update of a contact.
/// Random uids and etags for the many rows of one bulk write, from one seed drawn from the operating
/// system: 30,000 imported contacts make two system calls for randomness, not 60,000.
pub(super) struct IdSource {
    pub(super) random: rand_chacha::ChaCha20Rng,
    /// Milliseconds since the epoch when the source was made, and the uids made since: the uids
    /// of one write are in increasing order (UUID version 7), so the unique uid index is appended
    /// to, not split all over as random uids would (a quarter of a 30,000-contact import's index work).
    pub(super) millis: u64,
    pub(super) made: u32,
}

impl IdSource {
    pub(super) fn new() -> IdSource {
        use rand_chacha::rand_core::SeedableRng as _;
        let mut seed = [0u8; 32];
        seed[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        seed[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        let millis = u64::try_from(Utc::now().timestamp_millis()).unwrap_or(0);
        IdSource { random: rand_chacha::ChaCha20Rng::from_seed(seed), millis, made: 0 }
    }

    /// A time-ordered (version 7) UUID: the source's moment, a counter, then random bits.
    pub(super) fn uuid(&mut self) -> uuid::Uuid {
        use rand_chacha::rand_core::RngCore as _;
        let mut bytes = [0u8; 10];
        self.random.fill_bytes(&mut bytes);
        // A 12-bit counter in the version's "rand_a" field; every 4,096 uids the moment moves on a
        // millisecond (RFC 9562's counter method), so the order holds however many are made.
        let counter = self.made & 0xfff;
        bytes[0] = (counter >> 8) as u8;
        bytes[1] = counter as u8;
        let millis = self.millis + u64::from(self.made >> 12);
        self.made = self.made.wrapping_add(1);
        uuid::Builder::from_unix_timestamp_millis(millis, &bytes).into_uuid()
    }

    /// A random token.
    fn token(&mut self) -> uuid::Uuid {
        use rand_chacha::rand_core::RngCore as _;
        let mut bytes = [0u8; 16];
        self.random.fill_bytes(&mut bytes);
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }

    /// An etag, as [`new_etag`] makes them.
    pub(super) fn etag(&mut self) -> String {
        self.token().simple().to_string()
    }
}

pub(super) fn new_etag() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Appends to the change log that sync clients follow.
pub(super) async fn log_change(
    conn: &mut Conn,
    owner: OwnerId,
    entity: &str,
    entity_id: i64,
    uid: Option<&str>,
    op: &str,
) -> StoreResult<()> {
    // The owner's row first: it stays locked until this transaction ends, so on PostgreSQL the
    // writers take their seqs in the order they commit, and a sync token never passes a change
    // that commits later with a smaller seq.
    bump_version(&mut *conn, owner).await?;
    sqlx::query("INSERT INTO changes (owner_id, entity, entity_id, uid, op, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(owner)
        .bind(entity)
        .bind(entity_id)
        .bind(uid)
        .bind(op)
        .bind(Utc::now())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Fails with `NotFound` unless the contact exists for this owner.
pub(super) async fn require_contact(conn: &mut Conn, owner: OwnerId, id: ContactId) -> StoreResult<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM contacts WHERE id = $1 AND owner_id = $2")
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *conn)
        .await?;
    found.map(|_| ()).ok_or_else(|| StoreError::not_found("contact", id))
}

/// Marks a contact changed: a new etag and timestamp, and a change-log entry.
pub(super) async fn touch_contact(conn: &mut Conn, owner: OwnerId, id: ContactId, op: &str) -> StoreResult<()> {
    let uid: String = sqlx::query_scalar(
        "UPDATE contacts SET etag = $1, updated_at = $2 WHERE id = $3 AND owner_id = $4 RETURNING uid",
    )
    .bind(new_etag())
    .bind(Utc::now())
    .bind(id)
    .bind(owner)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::not_found("contact", id))?;
    log_change(conn, owner, "contact", id, Some(&uid), op).await
}

/// Recomputes the derived warmth columns, and the reconnection days, of many contacts at once (an
/// import touching thousands): a few statements in all, instead of several per contact.
pub(super) async fn refresh_warmth_many(conn: &mut Conn, owner: OwnerId, ids: &[ContactId]) -> StoreResult<()> {
    for chunk in ids.chunks(20_000) {
        let ids_json = serde_json::to_string(chunk).map_err(|e| bad_data("contact ids", &e.to_string()))?;
        // `+` so the id list, not the owner index, drives the lookup (SQLite would scan every contact).
        let condition = format!("+c.owner_id = $1 AND c.id {ID_IN_JSON_LIST}");
        let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(briefs_json_sql(&condition)))
            .bind(owner)
            .bind(&ids_json)
            .fetch_one(&mut *conn)
            .await?;
        let briefs = briefs_from_json(&json)?;
        let mut by_contact = touches_of(conn, owner, &ids_json).await?;
        let mut revived = Vec::new();
        let rows: Vec<DerivedRow> = briefs
            .into_iter()
            .map(|mut b| {
                let touches = by_contact.remove(&b.id).unwrap_or_default();
                let count = touches.len() as i64;
                push_revivals(&mut revived, b.id, b.circle, b.custom_cadence_days, &touches);
                b.warmth = fold_touches(b.circle, b.custom_cadence_days, touches);
                derived_row(b.id, count, &derive(&b))
            })
            .collect();
        D::update_derived(&mut *conn, owner, &rows).await?;
        replace_reconnections_of(conn, owner, &ids_json, &revived).await?;
    }
    Ok(())
}

/// Recomputes a contact's derived warmth columns and reconnection days from its own interactions (a
/// small, indexed read).
pub(super) async fn refresh_warmth(conn: &mut Conn, owner: OwnerId, id: ContactId) -> StoreResult<()> {
    let row: BriefRow =
        sqlx::query_as(concat!("SELECT ", brief_cols!(), from_contacts!(), "WHERE c.id = $1 AND c.owner_id = $2"))
            .bind(id)
            .bind(owner)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| StoreError::not_found("contact", id))?;
    let mut brief = row.into_brief()?;
    let touches: Vec<(NaiveDate, f64)> = sqlx::query_as(
        "SELECT i.on_date, i.weight FROM interaction_contacts ic JOIN interactions i ON i.id = ic.interaction_id \
         WHERE ic.contact_id = $1 AND ic.owner_id = $2 ORDER BY i.on_date, i.id",
    )
    .bind(id)
    .bind(owner)
    .fetch_all(&mut *conn)
    .await?;
    let count = touches.len() as i64;
    let revived = revival_days(brief.circle, brief.custom_cadence_days, &touches);
    brief.warmth = fold_touches(brief.circle, brief.custom_cadence_days, touches);
    let d = derive(&brief);
    sqlx::query(
        "UPDATE contacts SET last_touch_on = $1, warmth_mass = $2, touch_count = $3, due_at = $4, due_on = $5, \
         lost_on = $6, strength_mass = $7, strength_day = $8, cadence_days = $9 WHERE id = $10 AND owner_id = $11",
    )
    .bind(d.last_touch_on)
    .bind(d.warmth_mass)
    .bind(count)
    .bind(d.due_at)
    .bind(d.due_on)
    .bind(d.lost_on)
    .bind(d.strength_mass)
    .bind(d.strength_day)
    .bind(d.cadence_days)
    .bind(id)
    .bind(owner)
    .execute(&mut *conn)
    .await?;
    replace_reconnections(conn, owner, id, &revived).await
}

/// Rebuilds a contact's search text (names, organizations, title, e-mails, tags, notes) and its
/// full-text index entry.
pub(super) async fn refresh_search(conn: &mut Conn, owner: OwnerId, id: ContactId) -> StoreResult<()> {
    let row = sqlx::query(
        "SELECT c.name, c.title, c.notes, o.name AS org FROM contacts c LEFT JOIN organizations o \
         ON o.id = c.org_id WHERE c.id = $1 AND c.owner_id = $2",
    )
    .bind(id)
    .bind(owner)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::not_found("contact", id))?;
    let mut parts: Vec<String> = vec![row.try_get("name")?];
    for col in ["org", "title", "notes"] {
        if let Some(v) = row.try_get::<Option<String>, _>(col)? {
            parts.push(v);
        }
    }
    let more: Vec<String> = sqlx::query_scalar(
        "SELECT o.name FROM memberships m JOIN organizations o ON o.id = m.org_id WHERE m.contact_id = $1 \
         UNION ALL SELECT email FROM contact_emails WHERE contact_id = $1 \
         UNION ALL SELECT tag FROM contact_tags WHERE contact_id = $1",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    parts.extend(more);
    let search = text::search_text(parts.iter().map(String::as_str));
    sqlx::query("UPDATE contacts SET search_text = $1 WHERE id = $2")
        .bind(&search)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    D::fts_set(conn, id, &search).await
}

/// Finds an organization by name (case-insensitive) or creates it with `kind`.
pub(super) async fn find_or_create_org(conn: &mut Conn, owner: OwnerId, name: &str, kind: OrgKind) -> StoreResult<i64> {
    let name = kith_core::org::validate_org_name(name)?;
    let key = name_key(&name);
    if let Some(id) = org_id_by_key(conn, owner, &key).await? {
        return Ok(id);
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO organizations (owner_id, name, name_key, kind) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(owner)
    .bind(&name)
    .bind(&key)
    .bind(kind.as_str())
    .fetch_one(&mut *conn)
    .await?;
    log_change(conn, owner, "org", id, None, "create").await?;
    Ok(id)
}

pub(super) async fn org_id_by_key(conn: &mut Conn, owner: OwnerId, key: &str) -> StoreResult<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM organizations WHERE owner_id = $1 AND name_key = $2")
        .bind(owner)
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?)
}

/// Pushes `(id, id, …)` for an IN list.
/// ` LIMIT n`, written into the statement and never bound: SQLite re-prepares a statement whose
/// LIMIT is a bound parameter each time it runs (its planner reads the value), which costs more
/// than most of kith's reads (a page of contacts: a third of its time). `n` is kith's own integer.
pub(super) fn limit_sql(n: i64) -> String {
    format!(" LIMIT {n}")
}

/// `(1, 2, 3)`: ids written into a statement, for one that names the same list more than once.
/// Numbers only, never text.
pub(super) fn id_list(ids: &[i64]) -> String {
    format!("({})", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", "))
}

pub(super) fn push_ids(qb: &mut QueryBuilder<Db>, ids: &[i64]) {
    qb.push("(");
    let mut sep = qb.separated(", ");
    for id in ids {
        sep.push_bind(*id);
    }
    qb.push(")");
}

/// The people in each of `interactions`, by name.
pub(super) async fn participants(
    conn: &mut Conn,
    owner: OwnerId,
    interactions: &[i64],
) -> StoreResult<HashMap<i64, Vec<Participant>>> {
    let mut out: HashMap<i64, Vec<Participant>> = HashMap::new();
    for chunk in interactions.chunks(500) {
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT ic.interaction_id, c.id, c.name FROM interaction_contacts ic JOIN contacts c ON c.id = ic.contact_id \
             WHERE ic.owner_id = ",
        );
        qb.push_bind(owner).push(" AND ic.interaction_id IN ");
        push_ids(&mut qb, chunk);
        qb.push(" ORDER BY c.name, c.id");
        let rows: Vec<(i64, i64, String)> = qb.build_query_as().fetch_all(&mut *conn).await?;
        for (iid, id, name) in rows {
            out.entry(iid).or_default().push(Participant { id, name });
        }
    }
    Ok(out)
}

pub(super) fn invalid(field: &str, value: impl Into<String>, message: impl Into<String>) -> StoreError {
    StoreError::Invalid(ValidationError::new(field, value, message))
}

pub(super) fn parse_role(s: &str) -> StoreResult<Role> {
    s.parse().map_err(|_| bad_data("role", s))
}

pub(super) fn org_of(id: i64, name: String, kind: &str, members: i64) -> StoreResult<Organization> {
    Ok(Organization { id, name, kind: kind.parse().map_err(|_| bad_data("organization kind", kind))?, members })
}

pub(super) fn membership_of(org_id: i64, org: String, role: &str) -> StoreResult<Membership> {
    Ok(Membership { org_id, org, role: parse_role(role)? })
}

pub(super) fn change_of(row: (i64, String, i64, Option<String>, String)) -> Change {
    let (seq, entity, entity_id, uid, op) = row;
    Change { seq, entity, entity_id, uid, op }
}

pub(super) fn followup_of(
    row: (i64, i64, String, NaiveDate, Option<String>, NaiveDate, Option<NaiveDate>),
) -> FollowUp {
    let (id, contact_id, contact_name, due_on, note, created_on, done_on) = row;
    FollowUp { id, contact_id, contact_name, due_on, note, created_on, done_on }
}

/// A name the user gives a thing of theirs (a source, an app password): trimmed, 1 to 100
/// characters without control characters, and not one they already use in `table` (field `NAME`).
/// `what` names the thing in the messages ("a source"); `instead` says what to do about a taken name.
pub(super) async fn unique_name<'a>(
    conn: &mut Conn,
    owner: OwnerId,
    table: &str,
    name: &'a str,
    what: &str,
    instead: &str,
) -> StoreResult<&'a str> {
    let trimmed = name.trim();
    if trimmed.is_empty() || trimmed.chars().count() > 100 || trimmed.chars().any(char::is_control) {
        return Err(ValidationError::new("NAME", name, format!("{what}'s name is 1 to 100 characters")).into());
    }
    let sql = format!("SELECT id FROM {table} WHERE owner_id = $1 AND name = $2");
    let taken: Option<i64> =
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(owner).bind(trimmed).fetch_optional(&mut *conn).await?;
    if taken.is_some() {
        return Err(ValidationError::new("NAME", trimmed, format!("{what} of that name exists; {instead}")).into());
    }
    Ok(trimmed)
}

/// Deletes the owner's row of `table` named `name` (trimmed), in a transaction of its own; whether
/// there was one. For the things users name and revoke by name (app passwords, API tokens).
pub(super) async fn delete_named(pool: &sqlx::Pool<Db>, owner: OwnerId, table: &str, name: &str) -> StoreResult<bool> {
    let mut tx = D::begin_write(pool).await?;
    let sql = format!("DELETE FROM {table} WHERE owner_id = $1 AND name = $2");
    let gone =
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(owner).bind(name.trim()).execute(&mut *tx).await?.rows_affected()
            > 0;
    tx.commit().await?;
    Ok(gone)
}

/// Every row of `SELECT {cols} {from}` (`$1` the owner) in one JSON value, read into `T`s;
/// `what` names the read (in its span and in an error).
#[tracing::instrument(level = "debug", skip(conn, cols, from, owner))]
pub(super) async fn json_rows<T: serde::de::DeserializeOwned>(
    what: &str,
    conn: &mut Conn,
    cols: &str,
    from: &str,
    owner: i64,
) -> StoreResult<Vec<T>> {
    let sql = format!("SELECT {} {from}", D::json_rows(cols));
    let json: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(owner).fetch_one(&mut *conn).await?;
    serde_json::from_str(json.as_deref().unwrap_or("[]")).map_err(|e| bad_data(what, &e.to_string()))
}
