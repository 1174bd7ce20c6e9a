//! Running a sync: each source leased to one sync at a time, its secret opened, the right reader
//! run, and how it went written down (the error in the server's words, the next try backed off).

use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use kith_core::{ValidationError, schedule::Retry};
use kith_store::{Source, SourceBatch, Store, StoreResult, SyncEnd};
use serde::Serialize;

use super::{
    batch::{Batch, Rules},
    config::SourceConfig,
    ics, imap,
    report::{FolderReport, SyncReport},
    secret::SecretKey,
};
use crate::Settings;

/// How long one sync may hold a source before another server may take it over.
pub const LEASE_MINUTES: i64 = 30;

/// What every sync needs.
#[derive(Debug, Clone, Copy)]
pub struct SyncContext<'a> {
    pub store: &'a dyn Store,
    pub settings: &'a Settings,
    /// The file of the key that opens the sources' passwords.
    pub key_file: &'a Path,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
    /// Who syncs (a server's or a command's id), for the lease.
    pub holder: &'a str,
}

/// One sync of one source under way.
pub(crate) struct Job<'a> {
    pub store: &'a dyn Store,
    pub source: &'a Source,
    pub holder: &'a str,
    pub rules: Rules,
    pub today: NaiveDate,
    pub weights: kith_core::Weights,
}

impl Job<'_> {
    /// Records a batch with the state it brings the source to, in one transaction.
    #[tracing::instrument(level = "debug", skip_all, fields(folder, touches = batch.touches.len()))]
    pub(crate) async fn record(
        &self,
        folder: &str,
        mut batch: Batch,
        restart: &mut bool,
        state: &impl Serialize,
        report: &mut SyncReport,
        folder_report: &mut FolderReport,
    ) -> Result<(), String> {
        let people = batch.take_people();
        let source_batch = SourceBatch {
            folder: folder.to_string(),
            touches: std::mem::take(&mut batch.touches),
            people,
            restart_folder: *restart,
            state: serde_json::to_string(state).expect("a sync state serializes"),
            lease_until: Utc::now() + Duration::minutes(LEASE_MINUTES),
            today: self.today,
            me: self.rules.me.clone(),
            weights: self.weights,
        };
        let done = self
            .store
            .record_source_batch(self.source.id, self.holder, source_batch)
            .await
            .map_err(|e| format!("recording what was read failed: {e}"))?;
        *restart = false;
        report.add_batch(folder_report, &done);
        Ok(())
    }
}

/// Syncs the sources named (every one that is not paused when none is named), once each, and
/// reports on each. With `only_due`, a source whose next sync is not due yet is left alone (the
/// server's schedule). A source another server is syncing right now is reported, not waited for.
pub async fn sync_sources(ctx: SyncContext<'_>, names: &[String], only_due: bool) -> StoreResult<Vec<SyncReport>> {
    let sources = ctx.store.sources().await?;
    let chosen: Vec<&Source> = if names.is_empty() {
        sources.iter().filter(|s| !s.paused).collect()
    } else {
        let mut chosen = Vec::new();
        for name in names {
            let source = sources.iter().find(|s| s.name == name.trim()).ok_or_else(|| {
                ValidationError::new("NAME", name, "no source of that name; `kith source list` shows them")
            })?;
            chosen.push(source);
        }
        chosen
    };
    let mut reports = Vec::new();
    for source in chosen {
        if only_due && source.next_at.is_some_and(|at| at > Utc::now()) {
            continue;
        }
        if let Some(report) = sync_claimed(ctx, source, only_due).await? {
            reports.push(report);
        }
    }
    Ok(reports)
}

/// Syncs one source under its lease and writes down how it went.
pub async fn sync_one(ctx: SyncContext<'_>, source: &Source) -> StoreResult<SyncReport> {
    Ok(sync_claimed(ctx, source, false).await?.unwrap_or_else(|| {
        let mut report = SyncReport::new(&source.name, &source.kind);
        report.error = Some("another sync of this source is running right now; it was left to that one".into());
        report
    }))
}

/// Syncs one source if its lease can be had (and, with `only_due`, if it is due): `None` when
/// another sync holds it or it is not due after all.
async fn sync_claimed(ctx: SyncContext<'_>, source: &Source, only_due: bool) -> StoreResult<Option<SyncReport>> {
    // Each sync its own holder: a server's IDLE watcher and its schedule never sync one source
    // together either. The lease is dated now, not when the caller began its round.
    let holder = super::holder(ctx.holder);
    let now = Utc::now();
    let until = now + Duration::minutes(LEASE_MINUTES);
    let Some(source) = ctx.store.claim_source(source.id, &holder, now, until, only_due).await? else {
        return Ok(None);
    };
    let source = &source;
    let ctx = SyncContext { holder: &holder, ..ctx };
    let mut report = SyncReport::new(&source.name, &source.kind);
    let outcome = run(ctx, source, &mut report).await;
    report.error = outcome.err();
    let finished = Utc::now().max(ctx.now);
    let next_at = match &report.error {
        None => finished + Duration::minutes(i64::from(ctx.settings.sync.every_minutes)),
        Some(_) => finished + Retry::delay(source.failures.saturating_add(1)),
    };
    if let Some(error) = &report.error {
        tracing::warn!(source = %source.name, %error, "sync failed");
    }
    let end = SyncEnd {
        at: finished,
        error: report.error.clone(),
        next_at,
        report: serde_json::to_string(&report).expect("a report serializes"),
    };
    ctx.store.end_source_sync(source.id, ctx.holder, end).await?;
    Ok(Some(report))
}

async fn run(ctx: SyncContext<'_>, source: &Source, report: &mut SyncReport) -> Result<(), String> {
    let config: SourceConfig = serde_json::from_str(&source.config)
        .map_err(|e| format!("the source's settings cannot be read ({e}); remove it and add it again"))?;
    let mut me: Vec<String> = ctx.settings.me.iter().map(|m| m.trim().to_lowercase()).collect();
    if let SourceConfig::Imap(c) = &config
        && c.user.contains('@')
    {
        // The mailbox's own address is the user's, whether or not `me` lists it.
        me.push(c.user.to_lowercase());
    }
    let job = Job {
        store: ctx.store,
        source,
        holder: ctx.holder,
        rules: Rules { me, max_recipients: ctx.settings.sync.max_recipients, today: ctx.today },
        today: ctx.today,
        weights: ctx.settings.weights,
    };
    match &config {
        SourceConfig::Imap(c) => {
            let password = secret(ctx, source, c.password_env.as_deref())?
                .ok_or_else(|| "the source has no password; remove it and add it again with one".to_string())?;
            imap::sync(&job, c, &password, report).await
        }
        SourceConfig::Ics(c) => {
            let address = secret(ctx, source, None)?;
            ics::sync(&job, c, address.as_deref(), report).await
        }
    }
}

/// The source's secret: from its environment variable, or opened with the key.
pub(crate) fn secret(ctx: SyncContext<'_>, source: &Source, env: Option<&str>) -> Result<Option<String>, String> {
    if let Some(var) = env {
        return std::env::var(var).map(Some).map_err(|_| {
            format!(
                "the environment variable {var}, which holds the password of source '{}', is not set here",
                source.name
            )
        });
    }
    let Some(sealed) = &source.secret else { return Ok(None) };
    let key = SecretKey::load(ctx.key_file)?;
    key.open(&source.name, sealed).map(Some)
}
