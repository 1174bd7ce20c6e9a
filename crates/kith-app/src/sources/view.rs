//! A source as both front ends show it, and adding, pausing and removing one.

use std::path::Path;

use chrono::{DateTime, Utc};
use kith_core::ValidationError;
use kith_store::{Source, Store, StoreError, StoreResult};
use serde::Serialize;

use super::{NewSourceRequest, SourceConfig, SyncReport, secret::SecretKey};

/// A source, how its syncs go, and what to do when they fail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SourceView {
    pub id: i64,
    pub name: String,
    /// `imap` or `ics`.
    pub kind: String,
    /// What it reads: `ada@imap.example.org:993 (tls)`, a calendar's address without its secret.
    pub target: String,
    /// The folders followed (none given: INBOX and the sent folder).
    pub folders: Vec<String>,
    pub paused: bool,
    /// `new` (never synced), `ok`, `failing` or `paused`.
    pub status: String,
    pub last_ok_at: Option<DateTime<Utc>>,
    /// The last failure in the server's own words, until a sync goes well.
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    /// Failures in a row.
    pub failures: u32,
    pub next_at: Option<DateTime<Utc>>,
    pub last_report: Option<SyncReport>,
}

impl SourceView {
    pub fn of(source: &Source) -> SourceView {
        let config: Option<SourceConfig> = serde_json::from_str(&source.config).ok();
        let status = if source.paused {
            "paused"
        } else if source.last_error.is_some() {
            "failing"
        } else if source.last_ok_at.is_some() {
            "ok"
        } else {
            "new"
        };
        let folders = match &config {
            Some(SourceConfig::Imap(c)) => c.folders.clone(),
            _ => Vec::new(),
        };
        SourceView {
            id: source.id,
            name: source.name.clone(),
            kind: source.kind.clone(),
            target: config.as_ref().map(SourceConfig::target).unwrap_or_default(),
            folders,
            paused: source.paused,
            status: status.into(),
            last_ok_at: source.last_ok_at,
            last_error: source.last_error.clone(),
            last_error_at: source.last_error_at,
            failures: source.failures,
            next_at: source.next_at,
            last_report: source.last_report.as_deref().and_then(|r| serde_json::from_str(r).ok()),
        }
    }

    pub fn failing(&self) -> bool {
        self.status == "failing"
    }

    /// What the source is, in words: `Mailbox` or `Calendar`.
    pub fn kind_words(&self) -> &'static str {
        if self.kind == "imap" { "Mailbox" } else { "Calendar" }
    }
}

/// Every source, by name.
pub async fn list(store: &dyn Store) -> StoreResult<Vec<SourceView>> {
    Ok(store.sources().await?.iter().map(SourceView::of).collect())
}

/// The sources whose last sync failed (not paused ones): for the dashboard and the digest.
pub async fn failing(store: &dyn Store) -> StoreResult<Vec<SourceView>> {
    Ok(list(store).await?.into_iter().filter(SourceView::failing).collect())
}

/// Adds a source, its secret sealed with the key in `key_file` (created on first need).
pub async fn add(
    store: &dyn Store,
    key_file: &Path,
    request: &NewSourceRequest,
    now: DateTime<Utc>,
) -> StoreResult<SourceView> {
    let key = SecretKey::load_or_create(key_file)
        .map_err(|e| ValidationError::new("sync.key_file", key_file.display().to_string(), e))?;
    let new = request.prepare(&key)?;
    Ok(SourceView::of(&store.add_source(new, now).await?))
}

/// The source of that name; the error says how to list them.
pub async fn find(store: &dyn Store, name: &str) -> StoreResult<Source> {
    store.sources().await?.into_iter().find(|s| s.name == name.trim()).ok_or_else(|| {
        StoreError::Invalid(ValidationError::new("NAME", name, "no source of that name; `kith source list` shows them"))
    })
}

/// The source of that id; not found (404 on the web) when the owner has none.
pub async fn by_id(store: &dyn Store, id: i64) -> StoreResult<Source> {
    store.source(id).await?.ok_or_else(|| StoreError::not_found("source", id))
}

/// Pauses or resumes the source of that name.
pub async fn set_paused(store: &dyn Store, name: &str, paused: bool) -> StoreResult<SourceView> {
    let source = find(store, name).await?;
    store.set_source_paused(source.id, paused).await?;
    Ok(SourceView::of(&find(store, name).await?))
}

/// Removes the source of that name (touches it recorded stay: they happened).
pub async fn remove(store: &dyn Store, name: &str) -> StoreResult<SourceView> {
    let source = find(store, name).await?;
    store.remove_source(source.id).await?;
    Ok(SourceView::of(&source))
}
