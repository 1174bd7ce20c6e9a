//! One batch of a source's sync, recorded in one transaction: touches with the contacts on them,
//! the people seen, and where the sync stands. Only the addresses and keys of the batch are looked
//! up, so a batch costs the same in a network of 100 people as in one of 100,000.

use std::collections::HashMap;

use crate::{
    ImportOptions, SeenPerson, SourceBatch, SourceBatchReport, SourceId, StoreError, StoreResult, dialect::Dialect,
};

use super::campaign_mail::{apply_campaign_mail, awaiting_members, find_campaign_mail};
use super::import::{FastSet, Known, MatchIndex, insert_touches, match_touches};
use super::rows::bad_data;
use super::{Conn, D, Db, ThisStore};

pub(super) async fn record(
    store: &ThisStore,
    id: SourceId,
    holder: &str,
    batch: SourceBatch,
) -> StoreResult<SourceBatchReport> {
    let owner = store.owner;
    batch.weights.validate()?;
    let mut tx = D::begin_write(&store.pool).await?;
    // The lease is checked and renewed by one write, which holds the row (PostgreSQL locks it,
    // SQLite's write lock is the database's) until this batch commits: no takeover in between.
    let held = sqlx::query("UPDATE sources SET lease_until = $4 WHERE owner_id = $1 AND id = $2 AND lease_holder = $3")
        .bind(owner)
        .bind(id)
        .bind(holder)
        .bind(batch.lease_until)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if !held {
        return Err(StoreError::Unavailable {
            location: format!("source {id}"),
            detail:
                "another sync took this source over (this one took too long), or it was removed; nothing was written"
                    .into(),
        });
    }

    // The batch's addresses and keys only.
    let mut addresses: Vec<&str> = Vec::new();
    for t in &batch.touches {
        addresses.extend(t.from.as_deref());
        addresses.extend(t.to.iter().map(String::as_str));
    }
    addresses.sort_unstable();
    addresses.dedup();
    let mut index = MatchIndex::default();
    let known: Vec<(String, i64)> = in_list(
        &mut tx,
        owner,
        "SELECT email_key, contact_id FROM contact_emails WHERE owner_id = $1 AND email_key",
        &addresses,
    )
    .await?;
    index.emails.extend(known.into_iter().map(|(e, c)| (e, Known::Stored(c))));
    let keys: Vec<&str> = batch.touches.iter().map(|t| t.key.as_str()).collect();
    let seen_keys: Vec<(String,)> =
        in_list(&mut tx, owner, "SELECT source_key FROM interaction_sources WHERE owner_id = $1 AND source_key", &keys)
            .await?;
    let mut seen: FastSet<String> = seen_keys.into_iter().map(|(k,)| k).collect();

    let awaiting = if batch.touches.is_empty() { HashMap::new() } else { awaiting_members(&mut tx, owner).await? };
    let sender_of = |addr: &str| match index.emails.get(&addr.to_lowercase()) {
        Some(Known::Stored(id)) => Some(*id),
        _ => None,
    };
    let finds = find_campaign_mail(&batch.touches, &awaiting, sender_of, batch.today);
    let opts = ImportOptions {
        today: batch.today,
        dry_run: false,
        circle: kith_core::Circle::Dormant,
        me: batch.me,
        weights: batch.weights,
    };
    let matched = match_touches(batch.touches, &index, &[], &mut seen, &opts);
    insert_touches(&mut tx, owner, &matched.touches).await?;
    let campaign = apply_campaign_mail(&mut tx, owner, finds).await?;

    if batch.restart_folder {
        sqlx::query("DELETE FROM source_people WHERE owner_id = $1 AND source_id = $2 AND folder = $3")
            .bind(owner)
            .bind(id)
            .bind(&batch.folder)
            .execute(&mut *tx)
            .await?;
    }
    count_people(&mut tx, owner, id, &batch.folder, &batch.people).await?;
    sqlx::query("UPDATE sources SET state = $3 WHERE owner_id = $1 AND id = $2")
        .bind(owner)
        .bind(id)
        .bind(&batch.state)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(SourceBatchReport {
        recorded: matched.touches.len() as u64,
        duplicates: matched.duplicates,
        unmatched: matched.unmatched,
        future: matched.future,
        strangers: matched.strangers.len() as u64,
        campaign,
    })
}

/// Rows of `select` (which binds the owner as `$1` and ends in the column to match) whose column
/// is one of `values`.
async fn in_list<T>(conn: &mut Conn, owner: crate::OwnerId, select: &str, values: &[&str]) -> StoreResult<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin,
{
    if values.is_empty() {
        return Ok(Vec::new());
    }
    let list = serde_json::to_string(values).map_err(|e| bad_data("batch", &e.to_string()))?;
    let sql = format!("{select} {}", D::TEXT_IN_JSON_LIST);
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(owner).bind(list).fetch_all(&mut *conn).await?)
}

/// Adds the batch's counts to each person's row for this source and folder.
async fn count_people(
    conn: &mut Conn,
    owner: crate::OwnerId,
    source: SourceId,
    folder: &str,
    people: &[SeenPerson],
) -> StoreResult<()> {
    for p in people {
        sqlx::query(
            "INSERT INTO source_people (owner_id, source_id, folder, address, name, written, met, last_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (owner_id, source_id, folder, address) DO UPDATE SET \
               name = COALESCE(excluded.name, source_people.name), \
               written = source_people.written + excluded.written, \
               met = source_people.met + excluded.met, \
               last_on = CASE WHEN excluded.last_on > source_people.last_on THEN excluded.last_on \
                              ELSE source_people.last_on END",
        )
        .bind(owner)
        .bind(source)
        .bind(folder)
        .bind(&p.address)
        .bind(p.name.as_deref())
        .bind(i64::try_from(p.written).unwrap_or(i64::MAX))
        .bind(i64::try_from(p.met).unwrap_or(i64::MAX))
        .bind(p.last_on)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
