//! Listing contacts, and the e-mails, phones and tags of many contacts at once. Every statement
//! here returns a single JSON value: rows crossing one at a time from the database's thread cost
//! more than reading them (30,000 contacts: ≈ 26,000 thread switches), so a list is one statement
//! for the contacts and one for their details.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::NaiveDate;
use kith_core::{
    Circle, Contact, ContactId, Status,
    contact::{ContactBrief, name_key},
};
use sqlx::QueryBuilder;
use tracing::instrument;

use crate::{ContactFilter, ContactListStore, ContactSort, OwnerId, SearchMatch, StoreResult, dialect::Dialect, text};

use super::rows::{ContactRow, bad_data, briefs_from_json, limit_sql, push_ids, sort_by_name};
use super::{Conn, D, Db, ThisStore};

const WHOLE_OWNER_SCAN: &str = D::WHOLE_OWNER_SCAN;
/// A list reading at least this many contacts fetches the details of all the owner's contacts in
/// one statement instead of naming each contact.
const DETAILS_BY_OWNER_FROM: usize = 2_000;

/// Each contact's half-life in days as SQL, written from kith-core's circles so the two never
/// disagree: the custom cadence, else the circle's, else the dormant half-life.
fn half_life_sql() -> String {
    let mut sql = String::from("COALESCE(c.custom_cadence_days, CASE c.circle");
    for circle in Circle::ALL {
        sql.push_str(&format!(" WHEN '{}' THEN {}", circle.as_str(), kith_core::circle::half_life_days(circle, None)));
    }
    sql.push_str(" END)");
    sql
}

/// Keeps the contacts with `status` on `today`, with the arithmetic of [`kith_core::Warmth::status`]
/// on the stored derived columns: warm while `due_at − today ≥ 0`, cooling while it is `≥ −h`, cold
/// after; before the latest touch the mass decides. An index-friendly filter: no history is read
/// and pages are cut by the database.
fn push_status(qb: &mut QueryBuilder<Db>, status: Status, today: NaiveDate) {
    let day = kith_core::date::day_number(today) as f64;
    if status == Status::New {
        qb.push(" AND c.last_touch_on IS NULL");
        return;
    }
    let (by_mass, by_due) = match status {
        Status::Warm => ("c.warmth_mass >= 0.5", " >= 0"),
        Status::Cooling => ("c.warmth_mass >= 0.25 AND c.warmth_mass < 0.5", " < 0 AND c.due_at - "),
        _ => ("c.warmth_mass < 0.25", " < -"),
    };
    qb.push(" AND c.last_touch_on IS NOT NULL AND CASE WHEN c.last_touch_on > ").push_bind(today);
    qb.push(" THEN ").push(by_mass).push(" ELSE c.due_at - ").push_bind(day).push(by_due);
    match status {
        Status::Warm => {}
        Status::Cooling => {
            qb.push_bind(day).push(" >= -").push(half_life_sql());
        }
        _ => {
            qb.push(half_life_sql());
        }
    }
    qb.push(" END");
}

/// The `ORDER BY` terms of a list. A whole list by name is sorted after reading instead
/// ([`sort_by_name`]), a few milliseconds where the database would sort the whole JSON rows or walk
/// the name index row by row. Only kith's own numbers are written into the terms, so they need no binds and can be
/// repeated in the aggregate that keeps the order of the other sorts.
fn list_order_sql(sort: ContactSort, today: NaiveDate) -> String {
    match sort {
        ContactSort::Name => "c.name, c.id".to_string(),
        ContactSort::Due => "CASE WHEN c.due_on IS NULL THEN 1 ELSE 0 END, c.due_on, c.name, c.id".to_string(),
        // log2 W(today) = (due_at − today) / h − 1: ordering by (due_at − today) / h is ordering
        // by warmth, with no warmth math written in SQL. Equal warmth goes to the stronger tie (the
        // later strength day), never to the alphabet.
        ContactSort::Warmth => format!(
            "CASE WHEN c.last_touch_on IS NULL THEN 1 ELSE 0 END, (c.due_at - {}.0) / {} DESC, \
             c.strength_day DESC, c.name, c.id",
            kith_core::date::day_number(today),
            half_life_sql()
        ),
    }
}

/// The values of one contact of the subquery `c` (its columns and `org`) in [`ContactRow`]'s order.
fn contact_json_cols() -> String {
    format!(
        "c.id, c.uid, c.etag, c.updated_at, c.name, c.given_name, c.family_name, c.org_id, c.org, c.title, \
         c.location, c.circle, c.custom_cadence_days, c.met_at, c.met_on, c.linkedin, c.website, c.birthday, \
         c.notes, c.important, c.archived, c.added_on, c.snoozed_until, c.last_touch_on, {}, {}",
        D::exact_real("c.warmth_mass"),
        D::exact_real("c.strength_mass")
    )
}

/// One e-mail (0), phone (1) or tag (2) of a contact: `[kind, contact, position, tag key, value]`.
type DetailJson = (u8, i64, i64, String, String);

/// A limit from which a list first counts the owner's contacts: a page at least that long which
/// cannot cut anything (`kith list --limit 100000`) is read as the whole list is, by one scan of
/// the table, instead of walking the name index and looking up each row.
const COUNT_BEFORE_LIMIT_FROM: u32 = 2_000;

/// `filter`, without a limit that cannot cut anything.
async fn without_idle_limit(conn: &mut Conn, owner: OwnerId, filter: &ContactFilter) -> StoreResult<ContactFilter> {
    let mut filter = filter.clone();
    if filter.offset.unwrap_or(0) == 0 && filter.limit.is_some_and(|l| l >= COUNT_BEFORE_LIMIT_FROM) {
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM contacts WHERE owner_id = $1").bind(owner).fetch_one(conn).await?;
        if filter.limit.is_some_and(|l| i64::from(l) >= count) {
            filter.limit = None;
        }
    }
    Ok(filter)
}

/// Fills in e-mails, phones and tags of loaded contacts, in one statement per 500 contacts, or one
/// for the whole owner when most of the owner's contacts are loaded.
pub(super) async fn load_children(conn: &mut Conn, owner: OwnerId, contacts: &mut [Contact]) -> StoreResult<()> {
    if contacts.is_empty() {
        return Ok(());
    }
    let index: HashMap<i64, usize> = contacts.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let ids: Vec<i64> = contacts.iter().map(|c| c.id).collect();
    let chunks: Vec<Option<&[i64]>> =
        if ids.len() >= DETAILS_BY_OWNER_FROM { vec![None] } else { ids.chunks(500).map(Some).collect() };
    let mut details: Vec<DetailJson> = Vec::new();
    for chunk in chunks {
        let mut qb = QueryBuilder::<Db>::new("SELECT ");
        qb.push(D::json_rows("d.kind, d.contact_id, d.position, d.tag_key, d.value")).push(" FROM (");
        for (n, (kind, table, value, position, key)) in [
            (0, "contact_emails", "email", "position", "''"),
            (1, "contact_phones", "phone", "position", "''"),
            (2, "contact_tags", "tag", "0", "tag_key"),
        ]
        .into_iter()
        .enumerate()
        {
            if n > 0 {
                qb.push(" UNION ALL ");
            }
            // Given ids, `+` lets each table's (contact_id, …) key drive the lookup: SQLite would
            // otherwise walk the owner's whole e-mail or tag index for every chunk.
            let scan = if chunk.is_some() { "+" } else { WHOLE_OWNER_SCAN };
            qb.push(format!(
                "SELECT {kind} AS kind, contact_id, {position} AS position, {key} AS tag_key, {value} AS value \
                 FROM {table} WHERE {scan}owner_id = "
            ))
            .push_bind(owner);
            if let Some(chunk) = chunk {
                qb.push(" AND contact_id IN ");
                push_ids(&mut qb, chunk);
            }
        }
        qb.push(") d");
        let json: String = qb.build_query_scalar().fetch_one(&mut *conn).await?;
        let mut part: Vec<DetailJson> =
            serde_json::from_str(&json).map_err(|e| bad_data("e-mails, phones and tags", &e.to_string()))?;
        details.append(&mut part);
    }
    details.sort_unstable_by(|a, b| (a.1, a.0, a.2, &a.3).cmp(&(b.1, b.0, b.2, &b.3)));
    for (kind, id, _, _, value) in details {
        let Some(&i) = index.get(&id) else { continue };
        let c = &mut contacts[i];
        match kind {
            0 => c.emails.push(value),
            1 => c.phones.push(value),
            _ => c.tags.push(value),
        }
    }
    Ok(())
}

/// Pushes `FROM (…) c`: the contacts `filter` keeps on `today` with their organization's name as
/// `org`, cut to the filter's page in the filter's order. Returns false, pushing nothing, when a
/// search has no words (it matches nobody).
fn push_listed(qb: &mut QueryBuilder<Db>, owner: OwnerId, filter: &ContactFilter, today: NaiveDate) -> bool {
    let search = filter.search.as_deref().filter(|q| !q.trim().is_empty()).map(text::search_words);
    if search.as_ref().is_some_and(|words| words.is_empty()) {
        return false;
    }
    let offset = filter.offset.unwrap_or(0);
    let whole = filter.limit.is_none() && offset == 0;
    qb.push(" FROM (SELECT c.*, o.name AS org");
    qb.push(from_contacts!());
    // Reading every contact, a scan of the table beats the owner index's lookup of each row.
    qb.push(format!("WHERE {}c.owner_id = ", if whole { WHOLE_OWNER_SCAN } else { "" })).push_bind(owner);
    if !filter.include_archived {
        qb.push(" AND c.archived = FALSE");
    }
    if let Some(circle) = filter.circle {
        qb.push(" AND c.circle = ").push_bind(circle.as_str());
    }
    if let Some(tag) = &filter.tag {
        qb.push(" AND EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag_key = ")
            .push_bind(tag.trim().to_lowercase())
            .push(")");
    }
    if let Some(org) = &filter.org {
        let key = name_key(org);
        qb.push(" AND (o.name_key = ")
            .push_bind(key.clone())
            .push(
                " OR EXISTS (SELECT 1 FROM memberships m JOIN organizations mo ON mo.id = m.org_id \
                 WHERE m.contact_id = c.id AND mo.name_key = ",
            )
            .push_bind(key)
            .push("))");
    }
    if let Some(words) = &search {
        super::search::push_search(qb, words);
    }
    if let Some(status) = filter.status {
        push_status(qb, status, today);
    }
    if !whole {
        qb.push(" ORDER BY ").push(list_order_sql(filter.sort, today));
        qb.push(limit_sql(filter.limit.map_or(i64::MAX, i64::from)));
        if offset > 0 {
            qb.push(format!(" OFFSET {offset}"));
        }
    }
    qb.push(") c");
    true
}

/// `SELECT` of the rows `cols` of each listed contact as one JSON array: in the list's order when
/// the database sorts it, in any order when it is sorted by name here.
fn list_select(sort: ContactSort, today: NaiveDate, cols: &str) -> String {
    if sort == ContactSort::Name {
        format!("SELECT {}", D::json_rows(cols))
    } else {
        format!("SELECT {}", D::json_text(&D::json_agg_by(&D::json_tuple(cols), &list_order_sql(sort, today))))
    }
}

#[async_trait]
impl ContactListStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn search_matches(
        &self,
        query: &str,
        contacts: &[ContactId],
    ) -> StoreResult<HashMap<ContactId, SearchMatch>> {
        let mut conn = self.pool.acquire().await?;
        super::search::search_matches(&mut conn, self.owner, query, contacts).await
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn list_contacts(&self, filter: &ContactFilter, today: NaiveDate) -> StoreResult<Vec<Contact>> {
        let mut conn = self.pool.acquire().await?;
        let filter = &without_idle_limit(&mut conn, self.owner, filter).await?;
        let mut qb = QueryBuilder::<Db>::new(list_select(filter.sort, today, &contact_json_cols()));
        if !push_listed(&mut qb, self.owner, filter, today) {
            return Ok(Vec::new());
        }
        let json: String = qb.build_query_scalar().fetch_one(&mut *conn).await?;
        let rows: Vec<ContactRow> =
            serde_json::from_str(&json).map_err(|e| bad_data("contact list", &e.to_string()))?;
        let mut contacts = rows.into_iter().map(ContactRow::into_contact).collect::<StoreResult<Vec<_>>>()?;
        if filter.sort == ContactSort::Name {
            sort_by_name(&mut contacts, |c| (&c.name, c.id));
        }
        load_children(&mut conn, self.owner, &mut contacts).await?;
        Ok(contacts)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn list_briefs(&self, filter: &ContactFilter, today: NaiveDate) -> StoreResult<Vec<ContactBrief>> {
        let cols = format!(
            "c.id, c.name, c.org, c.circle, c.custom_cadence_days, c.important, c.archived, c.added_on, \
             c.snoozed_until, c.last_touch_on, {}, {}",
            D::exact_real("c.warmth_mass"),
            D::exact_real("c.strength_mass")
        );
        let mut conn = self.pool.acquire().await?;
        let filter = &without_idle_limit(&mut conn, self.owner, filter).await?;
        let mut qb = QueryBuilder::<Db>::new(list_select(filter.sort, today, &cols));
        if !push_listed(&mut qb, self.owner, filter, today) {
            return Ok(Vec::new());
        }
        let json: String = qb.build_query_scalar().fetch_one(&mut *conn).await?;
        let mut briefs = briefs_from_json(&json)?;
        if filter.sort == ContactSort::Name {
            sort_by_name(&mut briefs, |b| (&b.name, b.id));
        }
        Ok(briefs)
    }
}
