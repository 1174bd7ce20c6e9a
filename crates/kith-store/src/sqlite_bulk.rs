// The multi-row writes of bulk loads and imports on SQLite, `include!`d into `sqlite::imp`.
//
// Every table's rows travel as one JSON array of arrays per chunk, bound as a single parameter and
// unpacked by `jsonb_each(jsonb(?))`: the text is parsed once into SQLite's binary JSON and each
// row's fields (`value ->> n`) are read from it. Tens of thousands of rows thus cost one statement
// and one parameter, not a statement per row or a parameter per field — binding 29 parameters per
// contact cost more than SQLite's own inserts into the table and its indexes.

/// Rows per JSON array in bulk loads.
const JSON_CHUNK: usize = 100_000;

fn to_json<T: serde::Serialize + ?Sized>(rows: &T) -> StoreResult<String> {
    serde_json::to_string(rows).map_err(|e| StoreError::Database(sqlx::Error::Encode(Box::new(e))))
}

/// Runs `sql` once per chunk of `rows`, each chunk bound as a JSON array after `owner` (`$1`). The
/// statement reads the rows from `jsonb_each(jsonb($2))`.
async fn insert_json<T: serde::Serialize>(conn: &mut Conn, owner: OwnerId, sql: &'static str, rows: &[T]) -> StoreResult<()> {
    for part in rows.chunks(JSON_CHUNK) {
        sqlx::query(sql).bind(owner).bind(to_json(part)?).execute(&mut *conn).await?;
    }
    Ok(())
}

/// A contact row as a JSON array, in the column order of the insert in [`write_contacts`].
impl serde::Serialize for BulkContactRow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple as _;
        let d = &self.derived;
        let mut t = s.serialize_tuple(29)?;
        t.serialize_element(&self.id)?;
        t.serialize_element(&self.uid)?;
        t.serialize_element(&self.etag)?;
        t.serialize_element(&self.name)?;
        t.serialize_element(&self.name_key)?;
        t.serialize_element(&self.given_name)?;
        t.serialize_element(&self.family_name)?;
        t.serialize_element(&self.org_id)?;
        t.serialize_element(&self.title)?;
        t.serialize_element(&self.location)?;
        t.serialize_element(self.circle)?;
        t.serialize_element(&self.custom_cadence_days)?;
        t.serialize_element(&self.met_at)?;
        t.serialize_element(&self.met_on)?;
        t.serialize_element(&self.linkedin)?;
        t.serialize_element(&self.website)?;
        t.serialize_element(&self.birthday)?;
        t.serialize_element(&self.notes)?;
        t.serialize_element(&self.important)?;
        t.serialize_element(&self.archived)?;
        t.serialize_element(&self.added_on)?;
        t.serialize_element(&self.snoozed_until)?;
        t.serialize_element(&self.search_text)?;
        t.serialize_element(&self.touch_count)?;
        t.serialize_element(&d.last_touch_on)?;
        t.serialize_element(&d.warmth_mass)?;
        t.serialize_element(&d.due_at)?;
        t.serialize_element(&d.due_on)?;
        t.serialize_element(&d.lost_on)?;
        t.end()
    }
}

async fn write_contacts(conn: &mut Conn, owner: OwnerId, now: &str, contacts: &[BulkContactRow]) -> StoreResult<()> {
    for part in contacts.chunks(JSON_CHUNK) {
        sqlx::query(
            "INSERT INTO contacts (owner_id, updated_at, id, uid, etag, name, name_key, given_name, family_name, \
             org_id, title, location, circle, custom_cadence_days, met_at, met_on, linkedin, website, birthday, notes, \
             important, archived, added_on, snoozed_until, search_text, touch_count, last_touch_on, warmth_mass, \
             due_at, due_on, lost_on) \
             SELECT $1, $2, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, \
             value ->> 6, value ->> 7, value ->> 8, value ->> 9, value ->> 10, value ->> 11, value ->> 12, \
             value ->> 13, value ->> 14, value ->> 15, value ->> 16, value ->> 17, value ->> 18, value ->> 19, \
             value ->> 20, value ->> 21, value ->> 22, value ->> 23, value ->> 24, value ->> 25, value ->> 26, \
             value ->> 27, value ->> 28 FROM jsonb_each(jsonb($3))",
        )
        .bind(owner)
        .bind(now)
        .bind(to_json(part)?)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Writes interactions and their people.
async fn write_interactions(
    conn: &mut Conn,
    owner: OwnerId,
    now: DateTime<Utc>,
    interactions: &[BulkInteractionRow<'_>],
    links: &[(i64, i64)],
) -> StoreResult<()> {
    for part in interactions.chunks(JSON_CHUNK) {
        let json: Vec<_> = part
            .iter()
            .map(|i| (i.id, i.kind, i.on, i.minutes, i.note, i.gave, i.got, i.they_initiated, i.weight))
            .collect();
        sqlx::query(
            "INSERT INTO interactions (owner_id, created_at, id, kind, on_date, minutes, note, gave, got, \
             they_initiated, weight) SELECT $1, $2, value ->> 0, value ->> 1, value ->> 2, value ->> 3, \
             value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8 FROM jsonb_each(jsonb($3))",
        )
        .bind(owner)
        .bind(now)
        .bind(to_json(&json)?)
        .execute(&mut *conn)
        .await?;
    }
    insert_json(
        conn,
        owner,
        "INSERT INTO interaction_contacts (owner_id, interaction_id, contact_id) \
         SELECT $1, value ->> 0, value ->> 1 FROM jsonb_each(jsonb($2))",
        links,
    )
    .await
}

/// Records where interactions came from, so the same source is never imported twice.
async fn write_sources(conn: &mut Conn, owner: OwnerId, sources: &[(&str, i64)]) -> StoreResult<()> {
    insert_json(
        conn,
        owner,
        "INSERT INTO interaction_sources (owner_id, source_key, interaction_id) \
         SELECT $1, value ->> 0, value ->> 1 FROM jsonb_each(jsonb($2))",
        sources,
    )
    .await
}

async fn write_bulk(conn: &mut Conn, owner: OwnerId, rows: &BulkRows<'_>) -> StoreResult<()> {
    let cache_before: i64 = sqlx::query_scalar("PRAGMA cache_size").fetch_one(&mut *conn).await?;
    sqlx::query("PRAGMA cache_size = -262144").execute(&mut *conn).await?;
    let now = rows.now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    write_contacts(conn, owner, &now, &rows.contacts).await?;
    insert_json(
        conn,
        owner,
        "INSERT INTO contact_emails (owner_id, contact_id, email, email_key, position) \
         SELECT $1, value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM jsonb_each(jsonb($2))",
        &rows.emails,
    )
    .await?;
    insert_json(
        conn,
        owner,
        "INSERT INTO contact_phones (owner_id, contact_id, phone, position) \
         SELECT $1, value ->> 0, value ->> 1, value ->> 2 FROM jsonb_each(jsonb($2))",
        &rows.phones,
    )
    .await?;
    insert_json(
        conn,
        owner,
        "INSERT INTO contact_tags (owner_id, contact_id, tag, tag_key) \
         SELECT $1, value ->> 0, value ->> 1, value ->> 2 FROM jsonb_each(jsonb($2))",
        &rows.tags,
    )
    .await?;
    insert_json(
        conn,
        owner,
        "INSERT INTO memberships (owner_id, contact_id, org_id, role) \
         SELECT $1, value ->> 0, value ->> 1, value ->> 2 FROM jsonb_each(jsonb($2))",
        &rows.memberships,
    )
    .await?;
    // The two secondary indexes of interactions are built once at the end when the load
    // starts from an empty table: cheaper than keeping them sorted row by row.
    let empty: bool =
        sqlx::query_scalar("SELECT NOT EXISTS (SELECT 1 FROM interaction_contacts)").fetch_one(&mut *conn).await?;
    if empty && !rows.links.is_empty() {
        sqlx::query("DROP INDEX interactions_on").execute(&mut *conn).await?;
        sqlx::query("DROP INDEX interaction_contacts_contact").execute(&mut *conn).await?;
    }
    write_interactions(conn, owner, rows.now, &rows.interactions, &rows.links).await?;
    if empty && !rows.links.is_empty() {
        sqlx::query("CREATE INDEX interactions_on ON interactions (owner_id, on_date, kind, minutes)")
            .execute(&mut *conn)
            .await?;
        sqlx::query("CREATE INDEX interaction_contacts_contact ON interaction_contacts (contact_id, interaction_id)")
            .execute(&mut *conn)
            .await?;
    }
    write_sources(conn, owner, &rows.sources).await?;
    insert_json(
        conn,
        owner,
        "INSERT INTO contact_extras (owner_id, contact_id, position, line) \
         SELECT $1, value ->> 0, value ->> 1, value ->> 2 FROM jsonb_each(jsonb($2))",
        &rows.extras,
    )
    .await?;
    let followups: Vec<_> =
        rows.followups.iter().map(|f| (f.contact_id, f.due_on, f.note, f.created_on, f.done_on)).collect();
    insert_json(
        conn,
        owner,
        "INSERT INTO followups (owner_id, contact_id, due_on, note, created_on, done_on) \
         SELECT $1, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM jsonb_each(jsonb($2))",
        &followups,
    )
    .await?;
    if let (Some(first), Some(last)) = (rows.contacts.first(), rows.contacts.last()) {
        sqlx::query(
            "INSERT INTO contacts_fts (rowid, search_text) SELECT id, search_text FROM contacts \
             WHERE id >= $1 AND id <= $2",
        )
        .bind(first.id)
        .bind(last.id)
        .execute(&mut *conn)
        .await?;
    }
    // The connection goes back to the pool: a server must not keep a bulk load's cache.
    // An integer read back from SQLite itself: nothing a user typed.
    sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA cache_size = {cache_before}"))).execute(&mut *conn).await?;
    sqlx::query("PRAGMA shrink_memory").execute(&mut *conn).await?;
    Ok(())
}
