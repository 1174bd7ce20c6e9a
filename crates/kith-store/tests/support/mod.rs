//! Test environments: a store on a temporary SQLite file, or on a fresh PostgreSQL database.

use std::sync::Arc;

use chrono::NaiveDate;
use kith_store::{DatabaseUrl, Store, StoreResult};
use sqlx::{Connection, Executor};

/// The "today" of every test.
pub fn today() -> NaiveDate {
    "2026-11-22".parse().unwrap()
}

/// `today` shifted by `n` days.
pub fn days(n: i64) -> NaiveDate {
    today() + chrono::Duration::days(n)
}

/// A store and where it lives; dropping it removes the database.
pub struct Env {
    pub store: Arc<dyn Store>,
    pub url: DatabaseUrl,
    _dir: Option<tempfile::TempDir>,
    /// (server URL, database name) of a PostgreSQL test database.
    pg: Option<(String, String)>,
}

impl Env {
    pub async fn sqlite() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::Sqlite(dir.path().join("kith.db"));
        let store = kith_store::open(&url).await.unwrap();
        Env { store, url, _dir: Some(dir), pg: None }
    }

    /// A fresh database on the server at `KITH_TEST_POSTGRES_URL`; `None` when it is not set.
    pub async fn postgres() -> Option<Env> {
        let server = std::env::var("KITH_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty());
        // CI must never skip the PostgreSQL run silently.
        assert!(server.is_some() || std::env::var_os("CI").is_none(), "CI is set but KITH_TEST_POSTGRES_URL is not");
        let server = server?;
        let name = format!("kith_t_{}", uuid::Uuid::new_v4().simple());
        let mut conn = sqlx::PgConnection::connect(&server).await.expect("connect to KITH_TEST_POSTGRES_URL");
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).await.unwrap();
        conn.close().await.ok();
        let url = DatabaseUrl::Postgres(with_database(&server, &name));
        let store = kith_store::open(&url).await.unwrap();
        Some(Env { store, url, _dir: None, pg: Some((server, name)) })
    }

    /// A second, empty database on the same backend as `env`.
    pub async fn same_backend(env: &Env) -> Env {
        match env.url {
            DatabaseUrl::Sqlite(_) => Env::sqlite().await,
            DatabaseUrl::Postgres(_) => Env::postgres().await.expect("a PostgreSQL server"),
        }
    }

    pub async fn reopen(&self) -> StoreResult<Arc<dyn Store>> {
        kith_store::open(&self.url).await
    }

    /// The definitions of every index on `table`, by name, as the database reports them.
    pub async fn index_definitions(&self, table: &str) -> Vec<(String, String)> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}", path.display())).await.unwrap();
                let rows = sqlx::query_as(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL \
                     ORDER BY name",
                )
                .bind(table)
                .fetch_all(&mut c)
                .await
                .unwrap();
                c.close().await.ok();
                rows
            }
            DatabaseUrl::Postgres(url) => {
                let mut c = sqlx::PgConnection::connect(url).await.unwrap();
                let rows = sqlx::query_as(
                    "SELECT indexname::text, indexdef FROM pg_indexes WHERE tablename = $1 ORDER BY indexname",
                )
                .bind(table)
                .fetch_all(&mut c)
                .await
                .unwrap();
                c.close().await.ok();
                rows
            }
        }
    }

    /// How many rows `owner` has in each table with an `owner_id` column, by table: every such
    /// table the database holds, read from its own catalogue.
    pub async fn rows_of_owner(&self, owner: i64) -> std::collections::BTreeMap<String, i64> {
        let mut counts = std::collections::BTreeMap::new();
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}", path.display())).await.unwrap();
                let tables: Vec<String> = sqlx::query_scalar(
                    "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS \
                     (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'owner_id')",
                )
                .fetch_all(&mut c)
                .await
                .unwrap();
                for t in tables {
                    let sql = format!("SELECT count(*) FROM {t} WHERE owner_id = $1");
                    let n: i64 =
                        sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(owner).fetch_one(&mut c).await.unwrap();
                    counts.insert(t, n);
                }
                c.close().await.ok();
            }
            DatabaseUrl::Postgres(url) => {
                let mut c = sqlx::PgConnection::connect(url).await.unwrap();
                let tables: Vec<String> = sqlx::query_scalar(
                    "SELECT table_name::text FROM information_schema.columns WHERE column_name = 'owner_id' \
                     AND table_schema = current_schema()",
                )
                .fetch_all(&mut c)
                .await
                .unwrap();
                for t in tables {
                    let sql = format!("SELECT count(*) FROM {t} WHERE owner_id = $1");
                    let n: i64 =
                        sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(owner).fetch_one(&mut c).await.unwrap();
                    counts.insert(t, n);
                }
                c.close().await.ok();
            }
        }
        counts
    }

    /// Runs one statement on the database directly, as another program (or an older kith) would.
    pub async fn execute(&self, sql: &str) {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}", path.display())).await.unwrap();
                c.execute(sqlx::AssertSqlSafe(sql.to_string())).await.unwrap();
                c.close().await.ok();
            }
            DatabaseUrl::Postgres(url) => {
                let mut c = sqlx::PgConnection::connect(url).await.unwrap();
                c.execute(sqlx::AssertSqlSafe(sql.to_string())).await.unwrap();
                c.close().await.ok();
            }
        }
    }

    /// Records a migration from a future kith, as a newer version would.
    pub async fn fake_future_migration(&self) {
        let sql = "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
                   VALUES (99999999, 'from the future', TRUE, $1, 0)";
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}", path.display())).await.unwrap();
                sqlx::query(sql).bind(vec![0u8]).execute(&mut c).await.unwrap();
                c.close().await.ok();
            }
            DatabaseUrl::Postgres(url) => {
                let mut c = sqlx::PgConnection::connect(url).await.unwrap();
                sqlx::query(sql).bind(vec![0u8]).execute(&mut c).await.unwrap();
                c.close().await.ok();
            }
        }
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let Some((server, name)) = self.pg.take() else { return };
        // Best effort, on a thread of its own: the test's runtime may be shutting down.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async {
                if let Ok(mut conn) = sqlx::PgConnection::connect(&server).await {
                    let _ =
                        conn.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).await;
                }
            });
        })
        .join();
    }
}

/// The server URL with its database replaced by `name`.
fn with_database(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (server, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}
