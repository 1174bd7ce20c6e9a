//! Choosing and opening a backend from a database URL.

use std::{fmt, path::PathBuf, sync::Arc};

use crate::{Store, StoreResult, sqlite::Workload};

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where the data lives: a file path or `sqlite:PATH` (SQLite), or `postgres://…` (PostgreSQL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(s: &str) -> DatabaseUrl {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            DatabaseUrl::Postgres(s.to_string())
        } else {
            let path = s.strip_prefix("sqlite://").or_else(|| s.strip_prefix("sqlite:")).unwrap_or(s);
            DatabaseUrl::Sqlite(PathBuf::from(path))
        }
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite(p) => write!(f, "{}", p.display()),
            // Never print a password.
            DatabaseUrl::Postgres(u) => match (u.find("://"), u.rfind('@')) {
                (Some(s), Some(at)) if at > s => write!(f, "{}://…@{}", &u[..s], &u[at + 1..]),
                _ => f.write_str(u),
            },
        }
    }
}

/// Opens (creating if needed) and migrates the database at `url` for the single local owner.
/// A database from a newer kith, or a file that is not a kith database, is refused untouched.
pub async fn open(url: &DatabaseUrl) -> StoreResult<Arc<dyn Store>> {
    open_for(url, Workload::Command).await
}

/// [`open`], tuned for `workload` (only SQLite tunes anything: a server maps no file into memory).
pub async fn open_for(url: &DatabaseUrl, workload: Workload) -> StoreResult<Arc<dyn Store>> {
    Ok(match url {
        DatabaseUrl::Sqlite(path) => Arc::new(crate::sqlite::SqliteStore::open_for(path, workload).await?),
        DatabaseUrl::Postgres(_) => Arc::new(crate::postgres::PostgresStore::open(url).await?),
    })
}
