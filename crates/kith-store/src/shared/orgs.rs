//! Organizations and memberships.

use async_trait::async_trait;
use chrono::NaiveDate;
use kith_core::{
    ContactId, OrgId, OrgKind, Organization, Role,
    contact::name_key,
    org::{Member, OwnMembership, Tenure},
};
use tracing::instrument;

use crate::{OrgStore, OwnerId, StoreError, StoreResult, dialect::Dialect};

use super::contacts::add_membership;
use super::rows::{
    bad_data, find_or_create_org, invalid, log_change, org_id_by_key, org_of, parse_role, refresh_search,
    require_contact, touch_contact,
};
use super::{Conn, D, ThisStore};

/// A role as read with its dates: an id (contact or organization), a name, the role, since, until.
pub(super) type RoleRow = (i64, String, String, Option<NaiveDate>, Option<NaiveDate>);

type MemberRows = Vec<(i64, String, Option<String>, String, Option<NaiveDate>, Option<NaiveDate>)>;

/// Records the user's own role at an organization; dates not given keep what was recorded.
pub(super) async fn upsert_own_membership(
    conn: &mut Conn,
    owner: OwnerId,
    org_id: OrgId,
    role: Role,
    tenure: Tenure,
) -> StoreResult<()> {
    let before: Option<(Option<NaiveDate>, Option<NaiveDate>)> =
        sqlx::query_as("SELECT since, until FROM own_memberships WHERE owner_id = $1 AND org_id = $2 AND role = $3")
            .bind(owner)
            .bind(org_id)
            .bind(role.as_str())
            .fetch_optional(&mut *conn)
            .await?;
    let (since, until) = before.unwrap_or_default();
    let merged = Tenure { since: tenure.since.or(since), until: tenure.until.or(until) }.validate()?;
    sqlx::query(
        "INSERT INTO own_memberships (owner_id, org_id, role, since, until) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (owner_id, org_id, role) DO UPDATE SET since = excluded.since, until = excluded.until",
    )
    .bind(owner)
    .bind(org_id)
    .bind(role.as_str())
    .bind(merged.since)
    .bind(merged.until)
    .execute(&mut *conn)
    .await?;
    log_change(conn, owner, "membership", org_id, None, "update").await?;
    Ok(())
}

pub(super) async fn own_memberships_of(
    conn: &mut Conn,
    owner: OwnerId,
    org: Option<OrgId>,
) -> StoreResult<Vec<OwnMembership>> {
    let rows: Vec<RoleRow> = sqlx::query_as(
        "SELECT m.org_id, o.name, m.role, m.since, m.until FROM own_memberships m JOIN organizations o ON o.id = m.org_id \
         WHERE m.owner_id = $1 AND ($2 IS NULL OR m.org_id = $2) ORDER BY o.name, m.org_id, m.role",
    )
    .bind(owner)
    .bind(org)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(org_id, org, role, since, until)| {
            Ok(OwnMembership { org_id, org, role: parse_role(&role)?, since, until })
        })
        .collect()
}

#[async_trait]
impl OrgStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn set_own_membership(&self, org: &str, role: Role, tenure: Tenure) -> StoreResult<OrgId> {
        let tenure = tenure.validate()?;
        let owner = self.owner;
        let mut tx = D::begin_write(&self.pool).await?;
        let org_id = org_id_by_key(&mut tx, owner, &name_key(org))
            .await?
            .ok_or_else(|| invalid("org", org.trim(), "no such organization; add it first with: kith org add NAME"))?;
        upsert_own_membership(&mut tx, owner, org_id, role, tenure).await?;
        tx.commit().await?;
        Ok(org_id)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn own_memberships(&self, org: Option<OrgId>) -> StoreResult<Vec<OwnMembership>> {
        let mut conn = self.pool.acquire().await?;
        own_memberships_of(&mut conn, self.owner, org).await
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn add_org(&self, name: &str, kind: OrgKind) -> StoreResult<OrgId> {
        let name = kith_core::org::validate_org_name(name)?;
        let key = name_key(&name);
        let mut tx = D::begin_write(&self.pool).await?;
        if org_id_by_key(&mut tx, self.owner, &key).await?.is_some() {
            return Err(invalid("org", name.as_str(), "an organization with this name already exists"));
        }
        let id = find_or_create_org(&mut tx, self.owner, &name, kind).await?;
        tx.commit().await?;
        Ok(id)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn orgs(&self) -> StoreResult<Vec<Organization>> {
        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT o.id, o.name, o.kind, (SELECT COUNT(DISTINCT m.contact_id) FROM memberships m WHERE m.org_id = o.id) \
             FROM organizations o WHERE o.owner_id = $1 ORDER BY o.name, o.id",
        )
        .bind(self.owner)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(|(id, name, kind, members)| org_of(id, name, &kind, members)).collect()
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn org(&self, id: OrgId) -> StoreResult<Organization> {
        let row: Option<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT o.id, o.name, o.kind, (SELECT COUNT(DISTINCT m.contact_id) FROM memberships m WHERE m.org_id = o.id) \
             FROM organizations o WHERE o.id = $1 AND o.owner_id = $2",
        )
        .bind(id)
        .bind(self.owner)
        .fetch_optional(&self.pool)
        .await?;
        let (id, name, kind, members) = row.ok_or_else(|| StoreError::not_found("organization", id))?;
        org_of(id, name, &kind, members)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn org_members(&self, id: OrgId) -> StoreResult<Vec<Member>> {
        // One JSON value, not a row at a time: a big employer has thousands of people.
        let sql = format!(
            "SELECT {} FROM memberships m JOIN contacts c ON c.id = m.contact_id WHERE m.org_id = $1 AND m.owner_id = $2",
            D::json_text(&D::json_agg_by(
                &D::json_tuple("c.id, c.name, c.title, m.role, m.since, m.until"),
                "c.name, c.id, m.role"
            ))
        );
        let json: String =
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(id).bind(self.owner).fetch_one(&self.pool).await?;
        let rows: MemberRows =
            serde_json::from_str(&json).map_err(|e| bad_data("an organization's people", &e.to_string()))?;
        rows.into_iter()
            .map(|(contact_id, name, title, role, since, until)| {
                Ok(Member { contact_id, name, title, role: parse_role(&role)?, since, until })
            })
            .collect()
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn join_org(&self, contact: ContactId, org: &str, role: Role, tenure: Tenure) -> StoreResult<()> {
        let tenure = tenure.validate()?;
        let owner = self.owner;
        let mut tx = D::begin_write(&self.pool).await?;
        require_contact(&mut tx, owner, contact).await?;
        let org_id = org_id_by_key(&mut tx, owner, &name_key(org))
            .await?
            .ok_or_else(|| StoreError::not_found("organization", org.trim()))?;
        add_membership(&mut tx, owner, contact, org_id, role).await?;
        if tenure != Tenure::default() {
            sqlx::query(
                "UPDATE memberships SET since = COALESCE($1, since), until = COALESCE($2, until) \
                 WHERE contact_id = $3 AND org_id = $4 AND role = $5",
            )
            .bind(tenure.since)
            .bind(tenure.until)
            .bind(contact)
            .bind(org_id)
            .bind(role.as_str())
            .execute(&mut *tx)
            .await?;
        }
        if role == Role::Employee {
            sqlx::query("UPDATE contacts SET org_id = $1 WHERE id = $2 AND org_id IS NULL")
                .bind(org_id)
                .bind(contact)
                .execute(&mut *tx)
                .await?;
        }
        refresh_search(&mut tx, owner, contact).await?;
        touch_contact(&mut tx, owner, contact, "update").await?;
        tx.commit().await?;
        Ok(())
    }
}
