//! Relationships between contacts: one row each, read from either side.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::NaiveDate;
use kith_core::{
    ContactId, ValidationError,
    relationship::{NewRelationship, Relation, RelationKind, RelationshipId, SnapshotRelationship},
};
use tracing::instrument;

use crate::{OwnerId, Related, RelationshipStore, StoreError, StoreResult, dialect::Dialect};

use super::import::insert_extras;
use super::rows::{bad_data, invalid, require_contact, touch_contact};
use super::{Conn, D, ThisStore};

/// Whether `boss` already manages `report`, directly or down a chain: then `report manager of boss`
/// would close a cycle. `UNION` (not `ALL`) ends the walk on a cycle already stored.
async fn manages(conn: &mut Conn, owner: OwnerId, boss: ContactId, report: ContactId) -> StoreResult<bool> {
    Ok(sqlx::query_scalar(
        "WITH RECURSIVE below(id) AS (SELECT to_contact_id FROM relationships WHERE owner_id = $1 \
         AND from_contact_id = $2 AND kind = 'manager of' UNION SELECT r.to_contact_id FROM relationships r \
         JOIN below b ON r.from_contact_id = b.id WHERE r.owner_id = $1 AND r.kind = 'manager of') \
         SELECT EXISTS (SELECT 1 FROM below WHERE id = $3)",
    )
    .bind(owner)
    .bind(boss)
    .bind(report)
    .fetch_one(&mut *conn)
    .await?)
}

#[async_trait]
impl RelationshipStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn relate(&self, r: NewRelationship) -> StoreResult<Related> {
        let mut tx = D::begin_write(&self.pool).await?;
        let related = insert_relationship(&mut tx, self.owner, &r).await?;
        tx.commit().await?;
        Ok(related)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn unrelate(&self, a: ContactId, b: ContactId, word: Option<&str>) -> StoreResult<u64> {
        let mut tx = D::begin_write(&self.pool).await?;
        // "a is WORD b", whichever way the row is kept; every word when none is given.
        let gone = sqlx::query(
            "DELETE FROM relationships WHERE owner_id = $1 AND ((from_contact_id = $2 AND to_contact_id = $3 \
             AND ($4 IS NULL OR kind = $4)) OR (from_contact_id = $3 AND to_contact_id = $2 \
             AND ($4 IS NULL OR inverse = $4)))",
        )
        .bind(self.owner)
        .bind(a)
        .bind(b)
        .bind(word)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if gone > 0 {
            touch_contact(&mut tx, self.owner, a, "update").await?;
            touch_contact(&mut tx, self.owner, b, "update").await?;
        }
        tx.commit().await?;
        Ok(gone)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn remove_relationship(&self, id: RelationshipId) -> StoreResult<bool> {
        let mut tx = D::begin_write(&self.pool).await?;
        // With it, the copies a merge left (the same tie each merged contact had with a third),
        // which the pages show as one.
        let pairs: Vec<(i64, i64)> = sqlx::query_as(
            "DELETE FROM relationships WHERE owner_id = $1 AND EXISTS (SELECT 1 FROM relationships x \
             WHERE x.owner_id = $1 AND x.id = $2 AND ((relationships.from_contact_id = x.from_contact_id \
             AND relationships.to_contact_id = x.to_contact_id AND relationships.kind = x.kind) \
             OR (relationships.from_contact_id = x.to_contact_id AND relationships.to_contact_id = x.from_contact_id \
             AND relationships.kind = x.inverse AND relationships.inverse = x.kind))) \
             RETURNING from_contact_id, to_contact_id",
        )
        .bind(self.owner)
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let mut touched: Vec<i64> = pairs.iter().flat_map(|&(f, t)| [f, t]).collect();
        touched.sort_unstable();
        touched.dedup();
        for contact in &touched {
            touch_contact(&mut tx, self.owner, *contact, "update").await?;
        }
        tx.commit().await?;
        Ok(!pairs.is_empty())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn contact_with_uid(&self, uid: &str) -> StoreResult<Option<ContactId>> {
        Ok(sqlx::query_scalar("SELECT id FROM contacts WHERE owner_id = $1 AND uid = $2")
            .bind(self.owner)
            .bind(uid)
            .fetch_optional(&self.pool)
            .await?)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn absorb_relations(
        &self,
        contact: ContactId,
        found: Vec<(NewRelationship, Vec<String>)>,
        mut kept: Vec<String>,
    ) -> StoreResult<u64> {
        let mut tx = D::begin_write(&self.pool).await?;
        require_contact(&mut tx, self.owner, contact).await?;
        let mut made = 0;
        for (r, lines) in found {
            // Every refusal is decided before anything is written, so the transaction goes on.
            match insert_relationship(&mut tx, self.owner, &r).await {
                Ok(_) => made += 1,
                Err(StoreError::Invalid(_) | StoreError::NotFound { .. }) => kept.extend(lines),
                Err(e) => return Err(e),
            }
        }
        sqlx::query("DELETE FROM contact_extras WHERE owner_id = $1 AND contact_id = $2")
            .bind(self.owner)
            .bind(contact)
            .execute(&mut *tx)
            .await?;
        insert_extras(&mut tx, self.owner, contact, &kept).await?;
        touch_contact(&mut tx, self.owner, contact, "update").await?;
        tx.commit().await?;
        Ok(made)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn relations(&self, contact: ContactId) -> StoreResult<Vec<Relation>> {
        let mut conn = self.pool.acquire().await?;
        relations_of(&mut conn, self.owner, contact).await
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn relationship_pairs(&self) -> StoreResult<Vec<(ContactId, String, ContactId)>> {
        Ok(sqlx::query_as(
            "SELECT from_contact_id, kind, to_contact_id FROM relationships WHERE owner_id = $1 \
             ORDER BY from_contact_id, to_contact_id, kind",
        )
        .bind(self.owner)
        .fetch_all(&self.pool)
        .await?)
    }
}

/// A contact's relationships as read from its side, by word, then the other's name.
pub(super) async fn relations_of(conn: &mut Conn, owner: OwnerId, contact: ContactId) -> StoreResult<Vec<Relation>> {
    let sql = format!("SELECT {}", relations_json("$1", "$2"));
    let json: String =
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(owner).bind(contact).fetch_one(&mut *conn).await?;
    relations_from_json(&json)
}

/// A scalar subquery: the relationships of the contact `contact` (an SQL expression, with its
/// owner's), each read from its side, as one JSON array for [`relations_from_json`]. One left
/// between a contact and itself by a merge is not a relationship.
pub(super) fn relations_json(owner: &str, contact: &str) -> String {
    let side = |word: &str, other_word: &str, mine: &str, theirs: &str| {
        format!(
            "SELECT r.id, r.{word} AS word, r.{other_word} AS other_word, o.id AS other, o.name, o.uid, r.note, \
             r.since, r.until FROM relationships r JOIN contacts o ON o.id = r.{theirs} WHERE r.owner_id = {owner} \
             AND r.{mine} = {contact} AND r.{theirs} <> {contact}"
        )
    };
    format!(
        "(SELECT {} FROM ({} UNION ALL {}) d)",
        D::json_rows("d.id, d.word, d.other_word, d.other, d.name, d.uid, d.note, d.since, d.until"),
        side("kind", "inverse", "from_contact_id", "to_contact_id"),
        side("inverse", "kind", "to_contact_id", "from_contact_id"),
    )
}

/// What [`relations_json`] wrote, by word, then the other's name; two merged contacts that each
/// had the same relationship with a third show it once.
pub(super) fn relations_from_json(json: &str) -> StoreResult<Vec<Relation>> {
    let rows: Vec<RelationRow> = serde_json::from_str(json).map_err(|e| bad_data("relationships", &e.to_string()))?;
    Ok(relations_of_rows(rows))
}

/// (id, word, other's word, other, other's name, other's uid, note, since, until).
type RelationRow = (i64, String, String, i64, String, String, Option<String>, Option<NaiveDate>, Option<NaiveDate>);

fn relations_of_rows(mut rows: Vec<RelationRow>) -> Vec<Relation> {
    rows.sort_by(|a, b| (&a.1, &a.4, a.3, a.0).cmp(&(&b.1, &b.4, b.3, b.0)));
    let mut seen = std::collections::HashSet::new();
    rows.into_iter()
        .filter(|(_, word, _, other, ..)| seen.insert((word.clone(), *other)))
        .map(|(id, word, other_word, other, other_name, other_uid, note, since, until)| Relation {
            id,
            word,
            other_word,
            other,
            other_name,
            other_uid,
            note,
            since,
            until,
        })
        .collect()
}

/// Every contact's relationships, read from its side, for an export of all cards.
pub(super) async fn all_relations(conn: &mut Conn, owner: OwnerId) -> StoreResult<HashMap<ContactId, Vec<Relation>>> {
    // The same subquery a card reads, for each contact that has any.
    let sql = format!(
        "SELECT c.id, {} FROM contacts c WHERE c.owner_id = $1 AND c.id IN (SELECT from_contact_id FROM relationships \
         WHERE owner_id = $1 UNION SELECT to_contact_id FROM relationships WHERE owner_id = $1)",
        relations_json("c.owner_id", "c.id")
    );
    let rows: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(owner).fetch_all(&mut *conn).await?;
    let mut out = HashMap::with_capacity(rows.len());
    for (id, json) in rows {
        let relations = relations_from_json(&json)?;
        if !relations.is_empty() {
            out.insert(id, relations);
        }
    }
    Ok(out)
}

/// Records `r` in the caller's transaction (see [`RelationshipStore::relate`]).
pub(super) async fn insert_relationship(conn: &mut Conn, owner: OwnerId, r: &NewRelationship) -> StoreResult<Related> {
    require_contact(&mut *conn, owner, r.from).await?;
    require_contact(&mut *conn, owner, r.to).await?;
    if r.kind.is_manager() && manages(&mut *conn, owner, r.to, r.from).await? {
        return Err(invalid(
            "type",
            &r.kind.kind,
            format!(
                "contact {} already manages contact {} (directly or through others): \
                 a chain of managers cannot go round in a circle",
                r.to, r.from
            ),
        ));
    }
    store_relationship(conn, owner, r).await
}

/// Records `r` without the check for a circle of managers: for a backup, which holds what kith
/// had (a merge can join two ends of a chain), restored as it was.
async fn store_relationship(conn: &mut Conn, owner: OwnerId, r: &NewRelationship) -> StoreResult<Related> {
    // The same relationship may be kept the other way round: a symmetric one after a merge (which
    // moves rows without turning them), a type of the user's own entered from its inverse side.
    let existing: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(id) FROM relationships WHERE owner_id = $1 AND ((from_contact_id = $2 AND to_contact_id = $3 \
         AND kind = $4) OR (from_contact_id = $3 AND to_contact_id = $2 AND kind = $5 AND inverse = $4))",
    )
    .bind(owner)
    .bind(r.from)
    .bind(r.to)
    .bind(&r.kind.kind)
    .bind(&r.kind.inverse)
    .fetch_one(&mut *conn)
    .await?;
    let (id, created) = match existing {
        Some(id) => {
            // Entered again: what is given now is added, nothing said before is dropped.
            let (since, until): (Option<NaiveDate>, Option<NaiveDate>) =
                sqlx::query_as("SELECT since, until FROM relationships WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut *conn)
                    .await?;
            let (since, until) = (r.since.or(since), r.until.or(until));
            if let (Some(s), Some(u)) = (since, until)
                && u < s
            {
                return Err(invalid("until", u.to_string(), format!("is before the relationship's start, {s}")));
            }
            sqlx::query("UPDATE relationships SET note = COALESCE($2, note), since = $3, until = $4 WHERE id = $1")
                .bind(id)
                .bind(&r.note)
                .bind(since)
                .bind(until)
                .execute(&mut *conn)
                .await?;
            (id, false)
        }
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO relationships (owner_id, from_contact_id, to_contact_id, kind, inverse, note, since, \
                 until) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(owner)
            .bind(r.from)
            .bind(r.to)
            .bind(&r.kind.kind)
            .bind(&r.kind.inverse)
            .bind(&r.note)
            .bind(r.since)
            .bind(r.until)
            .fetch_one(&mut *conn)
            .await?;
            (id, true)
        }
    };
    // Both cards carry the relationship (RELATED): their etags change.
    touch_contact(&mut *conn, owner, r.from, "update").await?;
    touch_contact(&mut *conn, owner, r.to, "update").await?;
    Ok(Related { id, created })
}

/// Every relationship for a backup, the contacts by uid, in the order they were made.
pub(super) async fn snapshot_relationships(conn: &mut Conn, owner: OwnerId) -> StoreResult<Vec<SnapshotRelationship>> {
    type Row = (String, String, String, String, Option<String>, Option<NaiveDate>, Option<NaiveDate>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT f.uid, r.kind, r.inverse, t.uid, r.note, r.since, r.until FROM relationships r \
         JOIN contacts f ON f.id = r.from_contact_id JOIN contacts t ON t.id = r.to_contact_id \
         WHERE r.owner_id = $1 AND r.from_contact_id <> r.to_contact_id ORDER BY r.id",
    )
    .bind(owner)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(from, kind, inverse, to, note, since, until)| SnapshotRelationship {
            from,
            kind,
            inverse,
            to,
            note,
            since,
            until,
        })
        .collect())
}

/// A backup's relationship as kith would take it from the user, with the two contacts' ids.
fn relationship_of(
    r: &SnapshotRelationship,
    from: ContactId,
    to: ContactId,
) -> Result<NewRelationship, ValidationError> {
    let (kind, turned) = RelationKind::parse(&r.kind, Some(&r.inverse))?;
    NewRelationship::new(from, kind, turned, to, r.note.clone(), r.since, r.until)
}

/// Checks a backup's relationships before anything is written: types, notes, dates, and uids
/// of the backup's own contacts.
pub(super) fn check_relationships(rels: &[SnapshotRelationship], uids: &[&str]) -> StoreResult<()> {
    let index: HashMap<&str, i64> = uids.iter().enumerate().map(|(k, u)| (*u, k as i64)).collect();
    for (k, r) in rels.iter().enumerate() {
        let at = |e: ValidationError| {
            StoreError::Invalid(ValidationError::new(format!("relationships[{k}].{}", e.field), e.value, e.message))
        };
        let id = |uid: &str, field: &str| {
            index
                .get(uid)
                .copied()
                .ok_or_else(|| at(ValidationError::new(field, uid, "no contact of the backup has this uid")))
        };
        let (from, to) = (id(&r.from, "from")?, id(&r.to, "to")?);
        relationship_of(r, from, to).map_err(at)?;
    }
    Ok(())
}

/// Brings a backup's relationships back; one already stored gains what the backup adds to it.
pub(super) async fn restore_relationships(
    conn: &mut Conn,
    owner: OwnerId,
    rels: &[SnapshotRelationship],
    uid_ids: &HashMap<String, ContactId>,
) -> StoreResult<()> {
    for (k, r) in rels.iter().enumerate() {
        let (Some(&from), Some(&to)) = (uid_ids.get(&r.from), uid_ids.get(&r.to)) else { continue };
        // Two people of the backup restored as one contact (matched to the same one already
        // here): a relationship between them is one with itself, which a merge hides too.
        if from == to {
            continue;
        }
        let at = |e: ValidationError| {
            StoreError::Invalid(ValidationError::new(format!("relationships[{k}].{}", e.field), e.value, e.message))
        };
        let new = relationship_of(r, from, to).map_err(at)?;
        store_relationship(conn, owner, &new).await.map_err(|e| match e {
            StoreError::Invalid(e) => {
                StoreError::Invalid(ValidationError::new(format!("relationships[{k}].{}", e.field), e.value, e.message))
            }
            e => e,
        })?;
    }
    Ok(())
}

/// Marks changed the contacts related to any of `ids` (not `ids` themselves): their cards name
/// these people, and a phone must fetch them again when one is deleted or merged away.
pub(super) async fn touch_related(conn: &mut Conn, owner: OwnerId, ids: &[ContactId]) -> StoreResult<()> {
    let list = serde_json::to_string(ids).map_err(|e| bad_data("contact ids", &e.to_string()))?;
    let sql = format!(
        "SELECT to_contact_id FROM relationships WHERE owner_id = $1 AND from_contact_id {IN} \
         UNION SELECT from_contact_id FROM relationships WHERE owner_id = $1 AND to_contact_id {IN}",
        IN = D::ID_IN_JSON_LIST
    );
    let others: Vec<i64> =
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(owner).bind(list).fetch_all(&mut *conn).await?;
    for other in others.into_iter().filter(|o| !ids.contains(o)) {
        touch_contact(&mut *conn, owner, other, "update").await?;
    }
    Ok(())
}
