//! What every handler shares: the store, the settings, the clock, the access rules and the cache of
//! whole-network reports.

use std::sync::Arc;

use chrono::NaiveDate;
use kith_app::Settings;
use kith_store::Store;

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
    settings: Settings,
    clock: Clock,
    guard: Guard,
    reports: ReportCache,
    pages: PageCache,
    sessions: SessionMemory,
    sign_in_limit: SignInLimit,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, settings: Settings, clock: Clock, guard: Guard) -> AppState {
        AppState {
            inner: Arc::new(Inner {
                store,
                settings,
                clock,
                guard,
                reports: ReportCache::default(),
                pages: PageCache::default(),
                sessions: SessionMemory::default(),
                sign_in_limit: SignInLimit::default(),
            }),
        }
    }

    pub fn store(&self) -> &dyn Store {
        self.inner.store.as_ref()
    }

    pub fn settings(&self) -> &Settings {
        &self.inner.settings
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
    pub fn sign_in_limit(&self) -> &SignInLimit {
        &self.inner.sign_in_limit
    }
}
