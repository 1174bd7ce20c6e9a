// Organizations and memberships. `include!`d by each backend (see rows.rs).

use kith_core::{OrgId, org::Member};

impl ThisStore {
    async fn do_add_org(&self, name: &str, kind: OrgKind) -> StoreResult<OrgId> {
        let name = kith_core::org::validate_org_name(name)?;
        let key = name_key(&name);
        let mut tx = begin_write(&self.pool).await?;
        if org_id_by_key(&mut tx, self.owner, &key).await?.is_some() {
            return Err(invalid("org", name.as_str(), "an organization with this name already exists"));
        }
        let id = find_or_create_org(&mut tx, self.owner, &name, kind).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn do_orgs(&self) -> StoreResult<Vec<Organization>> {
        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT o.id, o.name, o.kind, (SELECT COUNT(DISTINCT m.contact_id) FROM memberships m WHERE m.org_id = o.id) \
             FROM organizations o WHERE o.owner_id = $1 ORDER BY o.name, o.id",
        )
        .bind(self.owner)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(|(id, name, kind, members)| org_of(id, name, &kind, members)).collect()
    }

    async fn do_org(&self, id: OrgId) -> StoreResult<Organization> {
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

    async fn do_org_members(&self, id: OrgId) -> StoreResult<Vec<Member>> {
        let rows: Vec<(i64, String, Option<String>, String)> = sqlx::query_as(
            "SELECT c.id, c.name, c.title, m.role FROM memberships m JOIN contacts c ON c.id = m.contact_id \
             WHERE m.org_id = $1 AND m.owner_id = $2 ORDER BY c.name, c.id, m.role",
        )
        .bind(id)
        .bind(self.owner)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(contact_id, name, title, role)| Ok(Member { contact_id, name, title, role: parse_role(&role)? }))
            .collect()
    }

    async fn do_join_org(&self, contact: ContactId, org: &str, role: Role) -> StoreResult<()> {
        let owner = self.owner;
        let mut tx = begin_write(&self.pool).await?;
        require_contact(&mut tx, owner, contact).await?;
        let org_id = org_id_by_key(&mut tx, owner, &name_key(org))
            .await?
            .ok_or_else(|| StoreError::not_found("organization", org.trim()))?;
        add_membership(&mut tx, owner, contact, org_id, role).await?;
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
