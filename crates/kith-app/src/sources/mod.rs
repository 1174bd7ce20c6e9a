//! Touches that log themselves: the mailboxes (IMAP) and calendars (iCalendar addresses or files)
//! kith follows. A source is kept in the database with its password sealed by a key kept outside
//! it (`secret`); `kith sync` and `kith serve` run the same sync (`run`), which reads only header
//! fields (`imap`) or the calendar (`ics`), applies the rules of what is a touch (`batch`, with
//! kith-formats' `mail::skip_reason`), and records each batch in one transaction with where it
//! stopped. People the user writes to or meets who are not contacts become suggestions.

mod batch;
pub mod config;
mod ics;
pub mod imap;
pub mod report;
mod run;
pub mod secret;
pub mod suggestions;
pub mod tls;
pub mod view;

pub use config::{NewSourceRequest, SourceConfig};
pub use report::SyncReport;
pub use run::{LEASE_MINUTES, SyncContext, sync_one, sync_sources};
pub use view::SourceView;

/// A name for one process's syncs, unique across servers and commands: the lease's holder.
pub fn holder(what: &str) -> String {
    format!("{what}-{}-{}", std::process::id(), uuid::Uuid::new_v4().simple())
}

/// Waits on an IMAP source's INBOX until mail arrives or `wait` passes; see `imap::wait_for_mail`.
/// `Ok(None)` for a calendar (nothing to wait on).
pub async fn wait_for_mail(
    ctx: SyncContext<'_>,
    source: &kith_store::Source,
    wait: std::time::Duration,
) -> Result<Option<bool>, String> {
    let config: SourceConfig = serde_json::from_str(&source.config).map_err(|e| e.to_string())?;
    let SourceConfig::Imap(c) = config else { return Ok(None) };
    let password = run::secret(ctx, source, c.password_env.as_deref())?.unwrap_or_default();
    imap::wait_for_mail(&c, &password, wait).await.map(Some)
}
