//! Progress of the one-time work kith does when it opens a database written by an older version
//! (recomputing every contact's derived warmth under a new model). The store reports it here; a
//! front end that wants to show it (the CLI's progress bar on a terminal) registers a hook once.

use std::sync::OnceLock;

/// How far the one-time recomputation has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpgradeProgress {
    /// What is being done, in words ("recomputing warmth").
    pub what: &'static str,
    pub done: u64,
    pub total: u64,
}

type Hook = Box<dyn Fn(UpgradeProgress) + Send + Sync>;

static HOOK: OnceLock<Hook> = OnceLock::new();

/// Registers the function told about the progress of one-time upgrades. Only the first call counts.
pub fn on_upgrade_progress(hook: impl Fn(UpgradeProgress) + Send + Sync + 'static) {
    let _ = HOOK.set(Box::new(hook));
}

pub(crate) fn report(what: &'static str, done: u64, total: u64) {
    if let Some(hook) = HOOK.get() {
        hook(UpgradeProgress { what, done, total });
    }
}
