//! What every command needs: the store, today's date, the output mode and the settings.

use std::{path::PathBuf, sync::Arc};

use chrono::{NaiveDate, NaiveDateTime};
use kith_app::app_settings::{AppSettings, FileSettings};
use kith_store::{DatabaseUrl, Store, Workload};

use crate::{
    cli::Cli,
    config,
    error::{CliError, CliResult},
    output::Style,
};

#[derive(Debug)]
pub struct Ctx {
    pub store: Arc<dyn Store>,
    pub today: NaiveDate,
    /// Whether today was fixed by `--today` (a server then keeps that day instead of the clock's).
    pub today_fixed: bool,
    pub json: bool,
    /// The settings in force: the file's over the app's over the defaults.
    pub config: kith_app::Settings,
    /// The file's settings and which keys it sets, for `kith settings` and the server.
    pub file: FileSettings,
    pub style: Style,
    pub db: DatabaseUrl,
    /// `--now`, when given: the scheduler's fixed moment.
    pub now: Option<NaiveDateTime>,
}

impl Ctx {
    /// The file of the key that seals the sources' passwords: `KITH_KEY_FILE`, else
    /// `sync.key_file`, else `secret.key` beside the configuration file's default place.
    pub fn key_file(&self) -> PathBuf {
        config::key_file(&self.config)
    }

    pub async fn open(cli: &Cli) -> CliResult<Ctx> {
        let today = today(cli)?;
        let file = config::load(cli.config.as_deref())?;
        let db = match &cli.db {
            Some(url) if url.trim().is_empty() => return Err(CliError::user("--db '': give a file path or a URL")),
            Some(url) => DatabaseUrl::parse(url),
            None => DatabaseUrl::Sqlite(default_db_path()?),
        };
        if let DatabaseUrl::Sqlite(path) = &db
            && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.exists()
        {
            std::fs::create_dir_all(dir).map_err(|e| {
                CliError::user(format!("--db '{}': cannot create the folder {}: {e}", path.display(), dir.display()))
            })?;
        }
        let workload = match cli.command {
            // A sync streams a mailbox through in batches: like a server, it keeps no file mapped,
            // so its memory stays flat however large the database grows.
            crate::cli::Command::Serve(_) | crate::cli::Command::Sync(_) => Workload::Server,
            _ => Workload::Command,
        };
        crate::progress::watch_upgrades();
        let store = kith_store::open_for(&db, workload).await?;
        let now = fixed_now(cli)?;
        let today_fixed = cli.today.is_some() || now.is_some();
        let config = file.effective(&stored_settings(store.as_ref()).await?);
        Ok(Ctx { store, today, today_fixed, json: cli.json, config, file, style: Style::detect(), db, now })
    }

    /// The local date and time now: `--now`, else the clock.
    pub fn now(&self) -> NaiveDateTime {
        self.now.unwrap_or_else(|| chrono::Local::now().naive_local())
    }

    /// Resolves what the user typed for a contact to its id.
    pub async fn who(&self, who: &str) -> CliResult<i64> {
        Ok(self.store.resolve(who).await?)
    }
}

/// `--today`, else the day of `--now`, else the local calendar day.
pub fn today(cli: &Cli) -> CliResult<NaiveDate> {
    Ok(match (&cli.today, fixed_now(cli)?) {
        (Some(t), _) => kith_core::date::parse_date("today", t)?,
        (None, Some(now)) => now.date(),
        (None, None) => chrono::Local::now().date_naive(),
    })
}

/// `--now` (KITH_NOW) as a local date and time, if given: the digest's scheduler then runs on that
/// moment instead of the clock's.
pub fn fixed_now(cli: &Cli) -> CliResult<Option<NaiveDateTime>> {
    let Some(now) = &cli.now else { return Ok(None) };
    ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(now.trim(), f).ok())
        .map(Some)
        .ok_or_else(|| CliError::user(format!("--now '{now}': write a local date and time, YYYY-MM-DDTHH:MM")))
}

/// `kith.db` in the user's data directory.
fn default_db_path() -> CliResult<PathBuf> {
    dirs::data_dir()
        .map(|d| d.join("kith").join("kith.db"))
        .ok_or_else(|| CliError::user("no data directory is known for this user; pass --db PATH"))
}

/// The settings changed in the app, as stored. Stored settings that no longer read (written by
/// another version) are set aside with a warning, so every command, and `settings set` to fix
/// them, still runs.
pub async fn stored_settings(store: &dyn Store) -> CliResult<AppSettings> {
    match store.app_settings().await? {
        Some(json) => Ok(AppSettings::from_json(&json).unwrap_or_else(|e| {
            eprintln!("kith: warning: {e}; the defaults and the configuration file are used");
            AppSettings::default()
        })),
        None => Ok(AppSettings::default()),
    }
}
