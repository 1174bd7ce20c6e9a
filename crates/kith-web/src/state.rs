//! What every handler shares: the store, the settings, the clock, the access rules and the cache of
//! whole-network reports.

use std::sync::{Arc, RwLock};

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use chrono::NaiveDate;
use kith_app::{
    Settings,
    app_settings::{AppSettings, FileSettings},
    sources::{self, SyncContext, SyncReport},
};
use kith_store::{Source, Store, StoreResult};
use tokio::task::JoinHandle;

use crate::{
    page_cache::PageCache, reports::ReportCache, security::Guard, sessions::SessionMemory, sign_in_limit::SignInLimit,
};

/// Where "today" comes from: the local calendar day, or a fixed day (`--today`, tests), so the
/// web app answers exactly as the CLI does for the same day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    Local,
    Fixed(NaiveDate),
}

impl Clock {
    pub fn today(self) -> NaiveDate {
        match self {
            Clock::Local => chrono::Local::now().date_naive(),
            Clock::Fixed(day) => day,
        }
    }
}

/// The shared state; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    store: Arc<dyn Store>,
    /// The key file that seals the sources' passwords; none for the demo (no sources there).
    key_file: Option<std::path::PathBuf>,
    /// Whom the leases of the syncs started here name: the server's, so stopping it gives them back.
    sync_holder: String,
    /// The file's settings and which keys it sets.
    file: FileSettings,
    /// The settings in force, and the stored JSON they were made from.
    current: RwLock<(Option<String>, Arc<Settings>)>,
    clock: Clock,
    guard: Guard,
    reports: ReportCache,
    pages: PageCache,
    sessions: SessionMemory,
    sign_in_limit: SignInLimit,
    /// Checks the app passwords address-book apps sign in with.
    app_passwords: kith_app::app_passwords::Verifier,
}

impl AppState {
    /// A state whose settings are `settings` until the app changes them (nothing is the file's).
    pub fn new(store: Arc<dyn Store>, settings: Settings, clock: Clock, guard: Guard) -> AppState {
        let file = FileSettings { settings, ..FileSettings::defaults() };
        AppState::with_file(store, file, clock, guard)
    }

    /// The same state with the key file that seals the sources' passwords.
    pub fn with_key_file(mut self, key_file: Option<std::path::PathBuf>) -> AppState {
        Arc::get_mut(&mut self.inner).expect("set before the state is shared").key_file = key_file;
        self
    }

    /// The key file of the sources' passwords; `None` where sources cannot be added (the demo).
    pub fn key_file(&self) -> Option<&std::path::Path> {
        self.inner.key_file.as_deref()
    }

    /// The same state with the syncs it starts leased in the name of `holder` (the server's, see
    /// [`kith_app::sources::holder`]), so the server gives their leases back when it stops.
    pub fn with_sync_holder(mut self, holder: String) -> AppState {
        Arc::get_mut(&mut self.inner).expect("set before the state is shared").sync_holder = holder;
        self
    }

    /// Syncs `source` now, in a task of its own (a client that hangs up does not cut the sync
    /// short); `None` where there are no sources (the demo has no key file).
    pub fn start_sync(&self, source: Source) -> Option<JoinHandle<StoreResult<SyncReport>>> {
        let key_file = self.key_file()?.to_path_buf();
        let state = self.clone();
        Some(tokio::spawn(async move {
            let settings = state.settings();
            let ctx = SyncContext {
                store: state.store(),
                settings: &settings,
                key_file: &key_file,
                today: state.today(),
                now: chrono::Utc::now(),
                holder: &state.inner.sync_holder,
            };
            sources::sync_one(ctx, &source).await
        }))
    }

    /// A state over the file's settings; the app's are read with [`AppState::refresh_settings`].
    pub fn with_file(store: Arc<dyn Store>, file: FileSettings, clock: Clock, guard: Guard) -> AppState {
        let settings = Arc::new(file.settings.clone());
        AppState {
            inner: Arc::new(Inner {
                store,
                key_file: None,
                sync_holder: sources::holder("kith-web"),
                file,
                current: RwLock::new((None, settings)),
                clock,
                guard,
                reports: ReportCache::default(),
                pages: PageCache::default(),
                sessions: SessionMemory::default(),
                sign_in_limit: SignInLimit::default(),
                app_passwords: kith_app::app_passwords::Verifier::default(),
            }),
        }
    }

    pub fn store(&self) -> &dyn Store {
        self.inner.store.as_ref()
    }

    /// The settings in force: the file's over the app's over the defaults.
    pub fn settings(&self) -> Arc<Settings> {
        self.inner.current.read().unwrap_or_else(|e| e.into_inner()).1.clone()
    }

    /// The file's settings and which keys it sets (the settings page shows those as the file's).
    pub fn file_settings(&self) -> &FileSettings {
        &self.inner.file
    }

    /// Reads the settings changed in the app again (any process may have changed them) and puts
    /// them in force. One point lookup; nothing is parsed unless they changed.
    pub async fn refresh_settings(&self) -> StoreResult<()> {
        let json = self.store().app_settings().await?;
        if self.inner.current.read().unwrap_or_else(|e| e.into_inner()).0 == json {
            return Ok(());
        }
        let app = match json.as_deref().map(AppSettings::from_json) {
            Some(Ok(app)) => app,
            Some(Err(e)) => {
                tracing::warn!("the settings changed in the app are not used: {e}");
                AppSettings::default()
            }
            None => AppSettings::default(),
        };
        let settings = Arc::new(self.inner.file.effective(&app));
        *self.inner.current.write().unwrap_or_else(|e| e.into_inner()) = (json, settings);
        Ok(())
    }

    pub fn today(&self) -> NaiveDate {
        self.inner.clock.today()
    }

    pub fn guard(&self) -> &Guard {
        &self.inner.guard
    }

    pub fn reports(&self) -> &ReportCache {
        &self.inner.reports
    }

    /// Rendered pages of single records, per day and data version.
    pub fn pages(&self) -> &PageCache {
        &self.inner.pages
    }

    /// Sessions this server knows to be live.
    pub fn sessions(&self) -> &SessionMemory {
        &self.inner.sessions
    }

    /// Addresses that sent too many wrong access tokens.
    pub fn app_passwords(&self) -> &kith_app::app_passwords::Verifier {
        &self.inner.app_passwords
    }

    pub fn sign_in_limit(&self) -> &SignInLimit {
        &self.inner.sign_in_limit
    }
}

/// Puts the settings changed in the app (by this server, another one, or `kith settings`) in
/// force before each request: no restart needed.
/// The address book's requests are left out: a phone's sync is thousands of them, and only a
/// DELETE reads a setting (it refreshes them itself). So are the probes: `/healthz` must answer
/// while the database hangs, and `/readyz` waits for it on its own clock.
pub async fn fresh_settings(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path.starts_with("/dav/") || path == "/healthz" || path == "/readyz" {
        return next.run(request).await;
    }
    if let Err(e) = state.refresh_settings().await {
        tracing::warn!("reading the settings: {e}");
    }
    next.run(request).await
}
