//! A spinner on standard error for long work on large files: shown only when standard error is a
//! terminal, so scripts and pipes see nothing of it.

use std::{io::IsTerminal, path::Path, time::Duration};

use indicatif::{ProgressBar, ProgressStyle};

/// Files smaller than this import in a blink: no spinner.
const LARGE_FILE_BYTES: u64 = 1 << 20;

#[derive(Debug)]
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A spinner for work on `path`, when it is large and a person is watching.
    pub fn for_file(path: &Path) -> Progress {
        let size = std::fs::metadata(path).map(|m| if m.is_dir() { u64::MAX } else { m.len() }).unwrap_or(0);
        if size < LARGE_FILE_BYTES || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress(Some(bar))
    }

    /// Says what is happening now.
    pub fn say(&self, what: &str) {
        if let Some(bar) = &self.0 {
            bar.set_message(format!("{what}…"));
        }
    }

    /// Clears the spinner.
    pub fn done(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// Networks smaller than this are brought to a new warmth model in a blink: no bar.
const UPGRADE_BAR_CONTACTS: u64 = 1_000;

/// Shows a progress bar on standard error, when it is a terminal, while the store brings a database
/// written by an older kith up to date (a one-time recomputation of every contact's warmth).
pub fn watch_upgrades() {
    if !std::io::stderr().is_terminal() {
        return;
    }
    let bar: std::sync::Mutex<Option<ProgressBar>> = std::sync::Mutex::new(None);
    kith_store::on_upgrade_progress(move |p| {
        if p.total < UPGRADE_BAR_CONTACTS {
            return;
        }
        let mut bar = bar.lock().unwrap_or_else(|e| e.into_inner());
        // A new owner (several on one PostgreSQL database) starts a bar of its own.
        if p.done == 0 {
            *bar = None;
        }
        let shown = bar.get_or_insert_with(|| {
            let b = ProgressBar::new(p.total);
            b.set_style(
                ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} contacts ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b.set_message(format!("This database was written by an older kith: {}", p.what));
            b
        });
        shown.set_position(p.done);
        if p.done >= p.total {
            shown.finish_and_clear();
            eprintln!("Recomputed the warmth of {} contacts for this version of kith (once).", p.total);
        }
    });
}
