//! Contacts: create, change, read, resolve and list.

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use kith_core::{
    Circle, Contact, ContactId, ContactPatch, NewContact, OrgKind, Role,
    contact::{Birthday, ContactBrief, name_key, split_name},
    org::Membership,
};
use sqlx::QueryBuilder;
use tracing::instrument;

use crate::{ContactStore, OwnerId, StoreError, StoreResult, derived::derive, dialect::Dialect, text};

use super::contact_list::load_children;
use super::jobs::{Leaving, record_move};
use super::rows::{
    ContactRow, bad_data, briefs_from_json, briefs_json_sql, find_or_create_org, invalid, limit_sql, log_change,
    membership_of, new_etag, push_ids, refresh_search, refresh_warmth, require_contact, touch_contact,
};
use super::{Conn, D, Db, ThisStore};

const ID_IN_JSON_LIST: &str = D::ID_IN_JSON_LIST;
/// Fails with a validation error naming the other contact when `email` already belongs to someone
/// other than `me`; returns whether `me` already has it.
async fn check_email_free(conn: &mut Conn, owner: OwnerId, email: &str, me: Option<ContactId>) -> StoreResult<bool> {
    let other: Option<(i64, String)> = sqlx::query_as(
        "SELECT c.id, c.name FROM contact_emails e JOIN contacts c ON c.id = e.contact_id \
         WHERE e.owner_id = $1 AND e.email_key = $2",
    )
    .bind(owner)
    .bind(email.to_lowercase())
    .fetch_optional(&mut *conn)
    .await?;
    match other {
        Some((id, _)) if Some(id) == me => Ok(true),
        Some((id, name)) => Err(invalid("email", email, format!("already belongs to {name} (#{id})"))),
        None => Ok(false),
    }
}

async fn insert_email(conn: &mut Conn, owner: OwnerId, id: ContactId, email: &str, position: i64) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO contact_emails (owner_id, contact_id, email, email_key, position) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(owner)
    .bind(id)
    .bind(email)
    .bind(email.to_lowercase())
    .bind(position)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn insert_phone(conn: &mut Conn, owner: OwnerId, id: ContactId, phone: &str, position: i64) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO contact_phones (owner_id, contact_id, phone, position) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(owner)
    .bind(id)
    .bind(phone)
    .bind(position)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn insert_tag(conn: &mut Conn, owner: OwnerId, id: ContactId, tag: &str) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO contact_tags (owner_id, contact_id, tag, tag_key) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(owner)
    .bind(id)
    .bind(tag)
    .bind(tag.to_lowercase())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(super) async fn add_membership(
    conn: &mut Conn,
    owner: OwnerId,
    id: ContactId,
    org: i64,
    role: Role,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO memberships (owner_id, contact_id, org_id, role) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(owner)
    .bind(id)
    .bind(org)
    .bind(role.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn contact_row(conn: &mut Conn, owner: OwnerId, id: ContactId) -> StoreResult<ContactRow> {
    sqlx::query_as(concat!("SELECT ", contact_cols!(), from_contacts!(), "WHERE c.id = $1 AND c.owner_id = $2"))
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::not_found("contact", id))
}

/// Full contacts (with e-mails, phones and tags) by id, in id order; unknown ids are left out.
pub(super) async fn contacts_by_ids(conn: &mut Conn, owner: OwnerId, ids: &[ContactId]) -> StoreResult<Vec<Contact>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let mut qb =
            QueryBuilder::<Db>::new(concat!("SELECT ", contact_cols!(), from_contacts!(), "WHERE c.owner_id = "));
        qb.push_bind(owner).push(" AND c.id IN ");
        push_ids(&mut qb, chunk);
        let rows: Vec<ContactRow> = qb.build_query_as().fetch_all(&mut *conn).await?;
        for row in rows {
            out.push(row.into_contact()?);
        }
    }
    out.sort_unstable_by_key(|c| c.id);
    load_children(conn, owner, &mut out).await?;
    Ok(out)
}

pub(super) fn describe(id: i64, name: &str, org: Option<&str>) -> String {
    match org {
        Some(o) => format!("{name} (#{id}, {o})"),
        None => format!("{name} (#{id})"),
    }
}

/// Clears empty text: a patch with `Some("")` removes the value.
pub(super) fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// Applies a validated patch inside the caller's transaction.
pub(super) async fn edit_contact_in(tx: &mut Conn, owner: OwnerId, id: ContactId, p: &ContactPatch) -> StoreResult<()> {
    let cur = contact_row(&mut *tx, owner, id).await?;
    if p.is_empty() {
        return Ok(());
    }
    let name = p.name.clone().unwrap_or(cur.name.clone());
    for e in &p.remove_emails {
        let done = sqlx::query("DELETE FROM contact_emails WHERE contact_id = $1 AND email_key = $2")
            .bind(id)
            .bind(e.to_lowercase())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(invalid("email", e.as_str(), format!("is not an e-mail of {}", cur.name)));
        }
    }
    for e in &p.add_emails {
        if !check_email_free(&mut *tx, owner, e, Some(id)).await? {
            let pos: i64 = sqlx::query_scalar(
                "SELECT CAST(COALESCE(MAX(position) + 1, 0) AS BIGINT) FROM contact_emails WHERE contact_id = $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            insert_email(&mut *tx, owner, id, e, pos).await?;
        }
    }
    for ph in &p.remove_phones {
        let done = sqlx::query("DELETE FROM contact_phones WHERE contact_id = $1 AND phone = $2")
            .bind(id)
            .bind(ph)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(invalid("phone", ph.as_str(), format!("is not a phone number of {}", cur.name)));
        }
    }
    for ph in &p.add_phones {
        let pos: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(MAX(position) + 1, 0) AS BIGINT) FROM contact_phones WHERE contact_id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        insert_phone(&mut *tx, owner, id, ph, pos).await?;
    }
    for t in &p.remove_tags {
        let done = sqlx::query("DELETE FROM contact_tags WHERE contact_id = $1 AND tag_key = $2")
            .bind(id)
            .bind(t.to_lowercase())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(invalid("tag", t.as_str(), format!("is not a tag of {}", cur.name)));
        }
    }
    for t in &p.add_tags {
        insert_tag(&mut *tx, owner, id, t).await?;
    }
    let mut org_id = cur.org_id;
    if let Some(o) = &p.org {
        let new =
            if o.is_empty() { None } else { Some(find_or_create_org(&mut *tx, owner, o, OrgKind::Employer).await?) };
        if new != cur.org_id {
            if let (Some(old), Some(as_of)) = (cur.org_id, p.as_of) {
                // The person moved: the old job is kept as a past one, and a move to somewhere
                // is news. Without `as_of` the change is a correction, and the old job goes.
                let left =
                    Leaving { org_id: old, org: cur.org.as_deref().unwrap_or_default(), title: cur.title.as_deref() };
                let title = p.title.as_deref().filter(|t| !t.is_empty());
                let to_org: Option<String> = match new {
                    Some(org) => Some(
                        sqlx::query_scalar("SELECT name FROM organizations WHERE id = $1")
                            .bind(org)
                            .fetch_one(&mut *tx)
                            .await?,
                    ),
                    None => None,
                };
                let to = to_org.as_deref().map(|org| (org, title));
                record_move(&mut *tx, owner, id, left, to, as_of).await?;
            }
            if let Some(old) = cur.org_id {
                sqlx::query("DELETE FROM memberships WHERE contact_id = $1 AND org_id = $2 AND role = $3")
                    .bind(id)
                    .bind(old)
                    .bind(Role::Employee.as_str())
                    .execute(&mut *tx)
                    .await?;
            }
            if let Some(org) = new {
                add_membership(&mut *tx, owner, id, org, Role::Employee).await?;
            }
            org_id = new;
        }
    }
    let (given, family) = split_name(&name);
    let set = |new: &Option<String>, old: Option<String>| match new {
        Some(v) => non_empty(v.clone()),
        None => old,
    };
    let cadence_days = match p.cadence_days {
        Some(c) => c.map(i64::from),
        None => cur.custom_cadence_days,
    };
    sqlx::query(
        "UPDATE contacts SET name = $1, name_key = $2, given_name = $3, family_name = $4, org_id = $5, title = $6, \
         location = $7, circle = $8, custom_cadence_days = $9, met_at = $10, met_on = $11, linkedin = $12, \
         website = $13, birthday = $14, notes = $15, important = $16, archived = $17, \
         circle_chosen = (circle_chosen OR $20) WHERE id = $18 AND owner_id = $19",
    )
    .bind(&name)
    .bind(name_key(&name))
    .bind(given)
    .bind(family)
    .bind(org_id)
    .bind(set(&p.title, cur.title))
    .bind(set(&p.location, cur.location))
    .bind(p.circle.map(Circle::as_str).unwrap_or(&cur.circle))
    .bind(cadence_days)
    .bind(set(&p.met_at, cur.met_at))
    .bind(p.met_on.unwrap_or(cur.met_on))
    .bind(set(&p.linkedin, cur.linkedin))
    .bind(set(&p.website, cur.website))
    .bind(p.birthday.map_or(cur.birthday, |b| b.map(|b| b.to_string())))
    .bind(set(&p.notes, cur.notes))
    .bind(p.important.unwrap_or(cur.important))
    .bind(p.archived.unwrap_or(cur.archived))
    .bind(id)
    .bind(owner)
    .bind(p.circle.is_some())
    .execute(&mut *tx)
    .await?;
    refresh_warmth(&mut *tx, owner, id).await?;
    refresh_search(&mut *tx, owner, id).await?;
    touch_contact(&mut *tx, owner, id, "update").await?;
    Ok(())
}

/// Writes a validated new contact (its e-mails free), its org as employer, and logs the change.
pub(super) async fn insert_contact(
    tx: &mut Conn,
    owner: OwnerId,
    c: &NewContact,
    today: NaiveDate,
) -> StoreResult<ContactId> {
    // A circle given when adding is a choice; without one the contact starts `active`.
    insert_contact_as(tx, owner, c, today, &uuid::Uuid::new_v4().to_string(), c.circle.is_some()).await
}

/// [`insert_contact`] with the contact's uid (a card's) and whether its circle was chosen.
pub(super) async fn insert_contact_as(
    tx: &mut Conn,
    owner: OwnerId,
    c: &NewContact,
    today: NaiveDate,
    uid: &str,
    circle_chosen: bool,
) -> StoreResult<ContactId> {
    for e in &c.emails {
        check_email_free(&mut *tx, owner, e, None).await?;
    }
    let org_id = match &c.org {
        Some(o) => Some(find_or_create_org(&mut *tx, owner, o, OrgKind::Employer).await?),
        None => None,
    };
    let circle = c.circle.unwrap_or(Circle::Active);
    let brief = ContactBrief {
        id: 0,
        name: c.name.clone(),
        org: None,
        circle,
        custom_cadence_days: c.cadence_days,
        important: c.important,
        archived: false,
        added_on: today,
        snoozed_until: None,
        warmth: None,
    };
    let d = derive(&brief);
    let (given, family) = split_name(&c.name);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO contacts (owner_id, uid, etag, updated_at, name, name_key, given_name, family_name, org_id, \
         title, location, circle, custom_cadence_days, met_at, met_on, linkedin, website, birthday, notes, \
         important, archived, added_on, due_at, due_on, circle_chosen, cadence_days) VALUES ($1, $2, $3, $4, $5, \
         $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26) \
         RETURNING id",
    )
    .bind(owner)
    .bind(uid)
    .bind(new_etag())
    .bind(Utc::now())
    .bind(&c.name)
    .bind(name_key(&c.name))
    .bind(given)
    .bind(family)
    .bind(org_id)
    .bind(c.title.clone().and_then(non_empty))
    .bind(c.location.clone().and_then(non_empty))
    .bind(circle.as_str())
    .bind(c.cadence_days.map(i64::from))
    .bind(c.met_at.clone().and_then(non_empty))
    .bind(c.met_on)
    .bind(&c.linkedin)
    .bind(&c.website)
    .bind(c.birthday.map(|b| b.to_string()))
    .bind(c.notes.clone().and_then(non_empty))
    .bind(c.important)
    .bind(false)
    .bind(today)
    .bind(d.due_at)
    .bind(d.due_on)
    .bind(circle_chosen)
    .bind(d.cadence_days)
    .fetch_one(&mut *tx)
    .await?;
    for (i, e) in c.emails.iter().enumerate() {
        insert_email(&mut *tx, owner, id, e, i as i64).await?;
    }
    for (i, p) in c.phones.iter().enumerate() {
        insert_phone(&mut *tx, owner, id, p, i as i64).await?;
    }
    for t in &c.tags {
        insert_tag(&mut *tx, owner, id, t).await?;
    }
    if let Some(org) = org_id {
        add_membership(&mut *tx, owner, id, org, Role::Employee).await?;
    }
    refresh_search(&mut *tx, owner, id).await?;
    log_change(&mut *tx, owner, "contact", id, Some(uid), "create").await?;
    Ok(id)
}

#[async_trait]
impl ContactStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn add_contact(&self, contact: NewContact, today: NaiveDate) -> StoreResult<ContactId> {
        let c = contact.validate()?;
        let mut tx = D::begin_write(&self.pool).await?;
        let id = insert_contact(&mut tx, self.owner, &c, today).await?;
        tx.commit().await?;
        Ok(id)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn edit_contact(&self, id: ContactId, patch: ContactPatch) -> StoreResult<()> {
        let p = patch.validate()?;
        let mut tx = D::begin_write(&self.pool).await?;
        edit_contact_in(&mut tx, self.owner, id, &p).await?;
        tx.commit().await?;
        if p.notes.is_some() {
            D::wipe_freed(&self.pool).await?;
        }
        Ok(())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner, contacts = ids.len()))]
    async fn edit_contacts(&self, ids: &[ContactId], patch: ContactPatch) -> StoreResult<()> {
        let p = patch.validate()?;
        let mut tx = D::begin_write(&self.pool).await?;
        for &id in ids {
            edit_contact_in(&mut tx, self.owner, id, &p).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn contact(&self, id: ContactId) -> StoreResult<Contact> {
        let mut conn = self.pool.acquire().await?;
        let mut c = vec![contact_row(&mut conn, self.owner, id).await?.into_contact()?];
        load_children(&mut conn, self.owner, &mut c).await?;
        Ok(c.remove(0))
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn resolve(&self, who: &str) -> StoreResult<ContactId> {
        let who_t = who.trim();
        let owner = self.owner;
        let mut conn = self.pool.acquire().await?;
        // An id, bare or as lists show it (`#12`).
        let digits = who_t.strip_prefix('#').unwrap_or(who_t);
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            let id: i64 = digits.parse().map_err(|_| StoreError::not_found("contact", who))?;
            require_contact(&mut conn, owner, id).await?;
            return Ok(id);
        }
        if who_t.contains('@') {
            let found: Option<i64> =
                sqlx::query_scalar("SELECT contact_id FROM contact_emails WHERE owner_id = $1 AND email_key = $2")
                    .bind(owner)
                    .bind(who_t.to_lowercase())
                    .fetch_optional(&mut *conn)
                    .await?;
            return found.ok_or_else(|| StoreError::not_found("contact", who));
        }
        let key = name_key(who_t);
        if key.is_empty() {
            return Err(StoreError::not_found("contact", who));
        }
        let exact: Vec<(i64, String, Option<String>)> = sqlx::query_as(concat!(
            "SELECT c.id, c.name, o.name",
            from_contacts!(),
            "WHERE c.owner_id = $1 AND c.name_key = $2 ORDER BY c.name, c.id LIMIT 50"
        ))
        .bind(owner)
        .bind(&key)
        .fetch_all(&mut *conn)
        .await?;
        let found = if exact.is_empty() {
            sqlx::query_as(concat!(
                "SELECT c.id, c.name, o.name",
                from_contacts!(),
                "WHERE c.owner_id = $1 AND c.name_key >= $2 AND c.name_key < $3 ORDER BY c.name, c.id LIMIT 50"
            ))
            .bind(owner)
            .bind(&key)
            .bind(text::prefix_end(&key))
            .fetch_all(&mut *conn)
            .await?
        } else {
            exact
        };
        match found.as_slice() {
            [] => Err(StoreError::not_found("contact", who)),
            [(id, _, _)] => Ok(*id),
            many => Err(StoreError::Ambiguous {
                query: who.to_string(),
                candidates: many.iter().map(|(id, n, o)| describe(*id, n, o.as_deref())).collect(),
            }),
        }
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn memberships(&self, contact: ContactId) -> StoreResult<Vec<Membership>> {
        let mut conn = self.pool.acquire().await?;
        require_contact(&mut conn, self.owner, contact).await?;
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT m.org_id, o.name, m.role FROM memberships m JOIN organizations o ON o.id = m.org_id \
             WHERE m.contact_id = $1 AND m.owner_id = $2 ORDER BY o.name, m.role",
        )
        .bind(contact)
        .bind(self.owner)
        .fetch_all(&mut *conn)
        .await?;
        rows.into_iter().map(|(id, org, role)| membership_of(id, org, &role)).collect()
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn briefs(&self) -> StoreResult<Vec<ContactBrief>> {
        let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(briefs_json_sql("c.owner_id = $1")))
            .bind(self.owner)
            .fetch_one(&self.pool)
            .await?;
        let mut briefs = briefs_from_json(&json)?;
        briefs.sort_unstable_by_key(|b| b.id);
        Ok(briefs)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn briefs_after(&self, after: ContactId, limit: u32) -> StoreResult<Vec<ContactBrief>> {
        // The batch's ids come from the primary key in order; `+` so they, not the owner index,
        // drive the lookup.
        let condition = format!(
            "+c.owner_id = $1 AND c.id IN (SELECT id FROM contacts WHERE owner_id = $1 AND id > $2 ORDER BY id{})",
            limit_sql(i64::from(limit))
        );
        let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(briefs_json_sql(&condition)))
            .bind(self.owner)
            .bind(after)
            .fetch_one(&self.pool)
            .await?;
        let mut briefs = briefs_from_json(&json)?;
        briefs.sort_unstable_by_key(|b| b.id);
        Ok(briefs)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn briefs_of(&self, ids: &[ContactId]) -> StoreResult<Vec<ContactBrief>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // `+` so the id list, not the owner index, drives the lookup (SQLite would scan every contact).
        let condition = format!("+c.owner_id = $1 AND c.id {ID_IN_JSON_LIST}");
        let ids_json = serde_json::to_string(ids).map_err(|e| bad_data("contact ids", &e.to_string()))?;
        let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(briefs_json_sql(&condition)))
            .bind(self.owner)
            .bind(ids_json)
            .fetch_one(&self.pool)
            .await?;
        let mut briefs = briefs_from_json(&json)?;
        briefs.sort_unstable_by_key(|b| b.id);
        Ok(briefs)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn birthdays(&self) -> StoreResult<Vec<(ContactId, String, Birthday)>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT id, name, birthday FROM contacts WHERE owner_id = $1 AND archived = FALSE \
             AND birthday IS NOT NULL ORDER BY id",
        )
        .bind(self.owner)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, name, b)| Ok((id, name, Birthday::parse("birthday", &b).map_err(|_| bad_data("birthday", &b))?)))
            .collect()
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn count_contacts(&self) -> StoreResult<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM contacts WHERE owner_id = $1")
            .bind(self.owner)
            .fetch_one(&self.pool)
            .await?;
        Ok(n as u64)
    }
}
