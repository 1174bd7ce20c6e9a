//! The change log that sync clients follow.

use async_trait::async_trait;
use tracing::instrument;

use std::collections::HashSet;

use sqlx::{FromRow, Row};

use crate::{Card, Change, ChangeStore, StoreResult, dialect::Dialect};

use super::relationships::{relations_from_json, relations_json};
use super::rows::{ContactRow, bad_data, change_of, limit_sql, membership_of};
use super::{D, ThisStore};

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
        // One statement for any number of cards: each is one request to the database's thread,
        // and a phone's sync is thousands of GETs. A name is one a client gave (card_names) or
        // `{uid}.vcf` for a contact given none: both halves are read through an index (the uid's,
        // the name's); each row carries its e-mails, phones, tags, memberships and kept properties
        // as one JSON array.
        let keys: Vec<&str> =
            names.iter().flat_map(|n| [n.as_str()].into_iter().chain(n.strip_suffix(".vcf"))).collect();
        let list = serde_json::to_string(&keys).map_err(|e| bad_data("card names", &e.to_string()))?;
        let of = |kind: u8, cols: &str, table: &str| {
            format!("SELECT {kind} AS kind, {cols} FROM {table} WHERE x.owner_id = c.owner_id AND x.contact_id = c.id")
        };
        let parts = format!(
            "(SELECT {} FROM ({} UNION ALL {} UNION ALL {} UNION ALL {} UNION ALL {}) d) AS parts",
            D::json_rows("d.kind, d.position, d.tag_key, d.value"),
            of(0, "x.position, '' AS tag_key, x.email AS value", "contact_emails x"),
            of(1, "x.position, '', x.phone", "contact_phones x"),
            of(2, "0, x.tag_key, x.tag", "contact_tags x"),
            of(3, "x.org_id, x.role, o.name", "memberships x JOIN organizations o ON o.id = x.org_id"),
            of(4, "x.position, '', x.line", "contact_extras x"),
        );
        let parts = format!("{parts}, {} AS relations", relations_json("c.owner_id", "c.id"));
        let sql = format!(
            "SELECT {COLS}, {CARD_NAME} AS card_name, {parts} {FROM} {NAMES_JOIN} WHERE c.owner_id = $1 \
             AND c.archived = FALSE AND c.uid {IN_LIST} UNION ALL SELECT {COLS}, n.name AS card_name, {parts} \
             FROM card_names n JOIN contacts c ON c.owner_id = n.owner_id AND c.uid = n.uid \
             LEFT JOIN organizations o ON o.id = c.org_id WHERE n.owner_id = $1 AND c.archived = FALSE \
             AND n.name {IN_LIST}",
            COLS = contact_cols!(),
            FROM = from_contacts!(),
            IN_LIST = D::TEXT_IN_JSON_LIST
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(self.owner).bind(list).fetch_all(&self.pool).await?;
        // `{uid}.vcf` does not name a contact whose card was given another name.
        let wanted: HashSet<&str> = names.iter().map(String::as_str).collect();
        let mut cards: Vec<Card> = Vec::new();
        let mut seen = HashSet::new();
        for row in rows {
            let name: String = row.try_get("card_name")?;
            if !wanted.contains(name.as_str()) {
                continue;
            }
            let contact = ContactRow::from_row(&row)?.into_contact()?;
            if !seen.insert(contact.id) {
                continue;
            }
            let json: String = row.try_get("parts")?;
            let mut parts: Vec<(u8, i64, String, String)> =
                serde_json::from_str(&json).map_err(|e| bad_data("a card's parts", &e.to_string()))?;
            parts.sort_unstable_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
            let relations = relations_from_json(&row.try_get::<String, _>("relations")?)?;
            let mut card = Card { name, contact, memberships: Vec::new(), extras: Vec::new(), relations };
            for (kind, number, key, value) in parts {
                match kind {
                    0 => card.contact.emails.push(value),
                    1 => card.contact.phones.push(value),
                    2 => card.contact.tags.push(value),
                    3 => card.memberships.push(membership_of(number, value, &key)?),
                    _ => card.extras.push(value),
                }
            }
            // As `memberships(id)` lists them: by organization, then role.
            card.memberships.sort_by(|a, b| a.org.cmp(&b.org).then(a.role.cmp(&b.role)));
            cards.push(card);
        }
        Ok(cards)
    }
}
