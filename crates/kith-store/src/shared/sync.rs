//! The change log that sync clients follow.

use async_trait::async_trait;
use tracing::instrument;

use std::collections::{HashMap, HashSet};

use kith_core::org::Membership;
use sqlx::QueryBuilder;

use crate::{Card, Change, ChangeStore, StoreResult, default_card_name, dialect::Dialect};

use super::contacts::contacts_by_ids;
use super::rows::{bad_data, change_of, limit_sql, membership_of, push_ids};
use super::{D, Db, ThisStore};

/// A card's name: the one its client gave it, or `{uid}.vcf` (with [`NAMES_JOIN`], contacts as `c`).
pub(super) const CARD_NAME: &str = "COALESCE(n.name, c.uid || '.vcf')";
pub(super) const NAMES_JOIN: &str = "LEFT JOIN card_names n ON n.owner_id = c.owner_id AND n.uid = c.uid";

#[async_trait]
impl ChangeStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn sync_token(&self) -> StoreResult<i64> {
        let seq: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM changes WHERE owner_id = $1")
            .bind(self.owner)
            .fetch_one(&self.pool)
            .await?;
        Ok(seq.unwrap_or(0))
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn changes_since(&self, token: i64, limit: u32) -> StoreResult<Vec<Change>> {
        let sql = format!(
            "SELECT seq, entity, entity_id, uid, op FROM changes WHERE owner_id = $1 AND seq > $2 ORDER BY seq{}",
            limit_sql(i64::from(limit))
        );
        let rows: Vec<(i64, String, i64, Option<String>, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.owner).bind(token).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(change_of).collect())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn card_etags(&self) -> StoreResult<Vec<(String, String)>> {
        let sql = format!(
            "SELECT {CARD_NAME}, c.etag FROM contacts c {NAMES_JOIN} WHERE c.owner_id = $1 AND c.archived = FALSE \
             ORDER BY 1"
        );
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.owner).fetch_all(&self.pool).await?)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn changed_card_names(&self, since: i64, until: i64) -> StoreResult<Option<Vec<String>>> {
        let bulk: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM changes WHERE owner_id = $1 AND seq > $2 AND seq <= $3 AND entity = 'bulk')",
        )
        .bind(self.owner)
        .bind(since)
        .bind(until)
        .fetch_one(&self.pool)
        .await?;
        if bulk {
            return Ok(None);
        }
        let sql = "SELECT DISTINCT COALESCE(n.name, ch.uid || '.vcf') FROM changes ch LEFT JOIN card_names n \
                   ON n.owner_id = ch.owner_id AND n.uid = ch.uid WHERE ch.owner_id = $1 AND ch.seq > $2 \
                   AND ch.seq <= $3 AND ch.entity = 'contact' AND ch.uid IS NOT NULL ORDER BY 1";
        Ok(Some(sqlx::query_scalar(sql).bind(self.owner).bind(since).bind(until).fetch_all(&self.pool).await?))
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner, names = names.len()))]
    async fn cards(&self, names: &[String]) -> StoreResult<Vec<Card>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        // A name is one a client gave (card_names) or `{uid}.vcf` for a contact given none: the
        // names resolve to uids first, so the contacts are read by their uid index.
        let mut conn = self.pool.acquire().await?;
        let list = serde_json::to_string(names).map_err(|e| bad_data("card names", &e.to_string()))?;
        let given: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT uid, name FROM card_names WHERE owner_id = $1 AND name {}",
            D::TEXT_IN_JSON_LIST
        )))
        .bind(self.owner)
        .bind(&list)
        .fetch_all(&mut *conn)
        .await?;
        let mut uid_names: HashMap<String, String> = given.into_iter().collect();
        let given_names: HashSet<String> = uid_names.values().cloned().collect();
        for name in names.iter().filter(|n| !given_names.contains(*n)) {
            if let Some(uid) = name.strip_suffix(".vcf") {
                uid_names.entry(uid.to_string()).or_insert_with(|| name.clone());
            }
        }
        let uids: Vec<&String> = uid_names.keys().collect();
        let list = serde_json::to_string(&uids).map_err(|e| bad_data("uids", &e.to_string()))?;
        let sql = format!(
            "SELECT c.id, {CARD_NAME} FROM contacts c {NAMES_JOIN} WHERE c.owner_id = $1 AND c.archived = FALSE \
             AND c.uid {}",
            D::TEXT_IN_JSON_LIST
        );
        let found: Vec<(i64, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.owner).bind(list).fetch_all(&mut *conn).await?;
        // `{uid}.vcf` does not name a contact whose card was given another name.
        let wanted: HashSet<&str> = names.iter().map(String::as_str).collect();
        let mut name_of: HashMap<i64, String> =
            found.into_iter().filter(|(_, name)| wanted.contains(name.as_str())).collect();
        let ids: Vec<i64> = name_of.keys().copied().collect();
        // A few statements for any number of cards (a phone's first sync asks for thousands).
        let contacts = contacts_by_ids(&mut conn, self.owner, &ids).await?;
        let mut memberships: HashMap<i64, Vec<Membership>> = HashMap::new();
        let mut extras: HashMap<i64, Vec<String>> = HashMap::new();
        for chunk in ids.chunks(500) {
            let mut qb = QueryBuilder::<Db>::new(
                "SELECT m.contact_id, m.org_id, o.name, m.role FROM memberships m JOIN organizations o ON o.id = m.org_id \
                 WHERE m.owner_id = ",
            );
            qb.push_bind(self.owner).push(" AND m.contact_id IN ");
            push_ids(&mut qb, chunk);
            let rows: Vec<(i64, i64, String, String)> = qb.build_query_as().fetch_all(&mut *conn).await?;
            for (contact, org_id, org, role) in rows {
                memberships.entry(contact).or_default().push(membership_of(org_id, org, &role)?);
            }
            let mut qb =
                QueryBuilder::<Db>::new("SELECT contact_id, position, line FROM contact_extras WHERE owner_id = ");
            qb.push_bind(self.owner).push(" AND contact_id IN ");
            push_ids(&mut qb, chunk);
            let mut rows: Vec<(i64, i64, String)> = qb.build_query_as().fetch_all(&mut *conn).await?;
            rows.sort_unstable_by_key(|r| (r.0, r.1));
            for (contact, _, line) in rows {
                extras.entry(contact).or_default().push(line);
            }
        }
        Ok(contacts
            .into_iter()
            .map(|contact| {
                let mut memberships = memberships.remove(&contact.id).unwrap_or_default();
                // As `memberships(id)` lists them: by organization, then role.
                memberships.sort_by(|a, b| a.org.cmp(&b.org).then(a.role.cmp(&b.role)));
                let extras = extras.remove(&contact.id).unwrap_or_default();
                let name = name_of.remove(&contact.id).unwrap_or_else(|| default_card_name(&contact.uid));
                Card { name, contact, memberships, extras }
            })
            .collect())
    }
}
