//! What every handler shares: the store, the settings, the clock, the access rules and the cache of
//! whole-network reports.

use std::{
    collections::HashMap,
    convert::Infallible,
    sync::{Arc, Mutex, RwLock},
};

use axum::{
    extract::{FromRequestParts, Request},
    http::request::Parts,
    middleware::Next,
    response::Response,
};
use chrono::NaiveDate;
use kith_app::{
    Settings,
    app_settings::{AppSettings, FileSettings},
    sources::{self, SyncContext, SyncReport},
};
use kith_store::{LOCAL_OWNER, OwnerId, Source, Store, StoreResult};
use tokio::task::JoinHandle;

use crate::{
    page_cache::{OwnerPages, PageCache},
    reports::ReportCache,
    security::Guard,
    sessions::SessionMemory,
    sign_in_limit::SignInLimit,
};

/// Passwords checked at once, whatever the number of sign-ins waiting: one per core of a small
/// server.
pub const SIGN_INS_AT_ONCE: usize = 2;

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

/// The state a request works with: what the server shares (settings file, clock, access rules,
/// sessions, caches) and the store and caches of one owner — the signed-in one in a handler (see
/// [`AsOwner`]). Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    server: Arc<Server>,
    owner: Arc<OwnerState>,
}

/// What every owner on this server shares.
#[derive(Debug)]
struct Server {
    /// The store the server opened; each owner's is [`Store::as_owner`] of it.
    store: Arc<dyn Store>,
    /// The key file that seals the sources' passwords; none for the demo (no sources there).
    key_file: Option<std::path::PathBuf>,
    /// Whom the leases of the syncs started here name: the server's, so stopping it gives them back.
    sync_holder: String,
    /// The file's settings and which keys it sets.
    file: FileSettings,
    clock: Clock,
    guard: Guard,
    /// Rendered pages, keyed by owner among the rest: one bound for the whole server.
    pages: PageCache,
    sessions: SessionMemory,
    sign_in_limit: SignInLimit,
    /// Checks the app passwords address-book apps sign in with.
    app_passwords: kith_app::app_passwords::Verifier,
    /// Password checks running at once: argon2id takes 19 MiB and tens of milliseconds each, so a
    /// flood of sign-ins queues here instead of exhausting the machine.
    sign_ins: tokio::sync::Semaphore,
    /// Each owner's store, settings and reports, made on their first request.
    owners: Mutex<HashMap<OwnerId, Arc<OwnerState>>>,
}

/// One owner's store and what is kept of their data between requests.
#[derive(Debug)]
struct OwnerState {
    store: Arc<dyn Store>,
    /// The file's settings as they apply to this owner (see [`FileSettings::for_another_account`]).
    file: FileSettings,
    /// The settings in force, and the stored JSON they were made from.
    current: RwLock<(Option<String>, Arc<Settings>)>,
    reports: ReportCache,
}

impl OwnerState {
    fn new(store: Arc<dyn Store>, file: FileSettings) -> OwnerState {
        let settings = Arc::new(file.settings.clone());
        OwnerState { store, file, current: RwLock::new((None, settings)), reports: ReportCache::default() }
    }
}

impl AppState {
    /// A state whose settings are `settings` until the app changes them (nothing is the file's).
    pub fn new(store: Arc<dyn Store>, settings: Settings, clock: Clock, guard: Guard) -> AppState {
        let file = FileSettings { settings, ..FileSettings::defaults() };
        AppState::with_file(store, file, clock, guard)
    }

    /// A state over the file's settings; the app's are read with [`AppState::refresh_settings`].
    /// It works as `store`'s owner until [`AppState::for_owner`] names another.
    pub fn with_file(store: Arc<dyn Store>, file: FileSettings, clock: Clock, guard: Guard) -> AppState {
        let owner = Arc::new(OwnerState::new(store.clone(), file.clone()));
        let owners = HashMap::from([(store.owner(), owner.clone())]);
        AppState {
            server: Arc::new(Server {
                store,
                key_file: None,
                sync_holder: sources::holder("kith-web"),
                file,
                clock,
                guard,
                pages: PageCache::default(),
                sessions: SessionMemory::default(),
                sign_in_limit: SignInLimit::default(),
                app_passwords: kith_app::app_passwords::Verifier::default(),
                sign_ins: tokio::sync::Semaphore::new(SIGN_INS_AT_ONCE),
                owners: Mutex::new(owners),
            }),
            owner,
        }
    }

    /// The same state with the key file that seals the sources' passwords.
    pub fn with_key_file(mut self, key_file: Option<std::path::PathBuf>) -> AppState {
        self.server_mut().key_file = key_file;
        self
    }

    /// The same state with the syncs it starts leased in the name of `holder` (the server's, see
    /// [`kith_app::sources::holder`]), so the server gives their leases back when it stops.
    pub fn with_sync_holder(mut self, holder: String) -> AppState {
        self.server_mut().sync_holder = holder;
        self
    }

    fn server_mut(&mut self) -> &mut Server {
        Arc::get_mut(&mut self.server).expect("set before the state is shared")
    }

    /// The same server working for `owner`: their store, settings and reports. With accounts,
    /// only the first account (the local owner: the operator's own network) gets the operator's
    /// mail setup from the file.
    pub fn for_owner(&self, owner: OwnerId) -> AppState {
        let mut owners = self.server.owners.lock().unwrap_or_else(|e| e.into_inner());
        let state = owners
            .entry(owner)
            .or_insert_with(|| {
                let file = if self.server.guard.accounts() && owner != LOCAL_OWNER {
                    self.server.file.for_another_account()
                } else {
                    self.server.file.clone()
                };
                Arc::new(OwnerState::new(self.server.store.as_owner(owner), file))
            })
            .clone();
        AppState { server: self.server.clone(), owner: state }
    }

    /// Whose data this state reads and writes.
    pub fn owner(&self) -> OwnerId {
        self.owner.store.owner()
    }

    /// The key file of the sources' passwords; `None` where sources cannot be added (the demo).
    pub fn key_file(&self) -> Option<&std::path::Path> {
        self.server.key_file.as_deref()
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
                holder: &state.server.sync_holder,
            };
            sources::sync_one(ctx, &source).await
        }))
    }

    /// The owner's store.
    pub fn store(&self) -> &dyn Store {
        self.owner.store.as_ref()
    }

    /// The settings in force: the file's over the app's over the defaults.
    pub fn settings(&self) -> Arc<Settings> {
        self.owner.current.read().unwrap_or_else(|e| e.into_inner()).1.clone()
    }

    /// The file's settings as they apply to the owner, and which keys it sets (the settings page
    /// shows those as the file's).
    pub fn file_settings(&self) -> &FileSettings {
        &self.owner.file
    }

    /// Reads the settings changed in the app again (any process may have changed them) and puts
    /// them in force. One point lookup; nothing is parsed unless they changed.
    pub async fn refresh_settings(&self) -> StoreResult<()> {
        let json = self.store().app_settings().await?;
        if self.owner.current.read().unwrap_or_else(|e| e.into_inner()).0 == json {
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
        let settings = Arc::new(self.owner.file.effective(&app));
        *self.owner.current.write().unwrap_or_else(|e| e.into_inner()) = (json, settings);
        Ok(())
    }

    pub fn today(&self) -> NaiveDate {
        self.server.clock.today()
    }

    pub fn guard(&self) -> &Guard {
        &self.server.guard
    }

    /// The owner's whole-network reports.
    pub fn reports(&self) -> &ReportCache {
        &self.owner.reports
    }

    /// Rendered pages of the owner's single records, per day and data version.
    pub fn pages(&self) -> OwnerPages<'_> {
        self.server.pages.of(self.owner())
    }

    /// Sessions this server knows to be live.
    pub fn sessions(&self) -> &SessionMemory {
        &self.server.sessions
    }

    /// Addresses that sent too many wrong access tokens.
    pub fn app_passwords(&self) -> &kith_app::app_passwords::Verifier {
        &self.server.app_passwords
    }

    pub fn sign_in_limit(&self) -> &SignInLimit {
        &self.server.sign_in_limit
    }

    /// Waits for a turn to check a password (see [`SIGN_INS_AT_ONCE`]).
    pub async fn sign_in_turn(&self) -> tokio::sync::SemaphorePermit<'_> {
        self.server.sign_ins.acquire().await.expect("the semaphore is never closed")
    }
}

/// The state of the owner a request was let in for: handlers take this, never the router's
/// state, so each reads and writes only that owner's rows. The access check ([`crate::security`])
/// names the owner; a request it let in without one (the sign-in page; the feed and the address
/// book, which check their own secrets) works as the router's owner: the one owner of a server
/// without accounts, nobody ([`kith_store::NO_OWNER`]) with accounts.
#[derive(Debug, Clone)]
pub struct AsOwner(pub AppState);

/// The owner the access check let a request in for, kept in the request's extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedOwner(pub OwnerId);

impl FromRequestParts<AppState> for AsOwner {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<AsOwner, Infallible> {
        Ok(AsOwner(match parts.extensions.get::<SignedOwner>() {
            Some(SignedOwner(owner)) if *owner != state.owner() => state.for_owner(*owner),
            _ => state.clone(),
        }))
    }
}

/// Puts the settings changed in the app (by this server, another one, or `kith settings`) in
/// force before each request: no restart needed.
/// The address book's requests are left out: a phone's sync is thousands of them, and only a
/// DELETE reads a setting (it refreshes them itself). So are the probes: `/healthz` must answer
/// while the database hangs, and `/readyz` waits for it on its own clock.
pub async fn fresh_settings(AsOwner(state): AsOwner, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path.starts_with("/dav/") || path == "/healthz" || path == "/readyz" {
        return next.run(request).await;
    }
    if let Err(e) = state.refresh_settings().await {
        tracing::warn!("reading the settings: {e}");
    }
    next.run(request).await
}
