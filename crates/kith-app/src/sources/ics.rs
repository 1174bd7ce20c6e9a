//! Following a calendar: a file, or an address (Google's and Outlook's "secret address in
//! iCalendar format") asked with its ETag and Last-Modified so an unchanged calendar costs one
//! short answer. Every past occurrence with known people becomes a `meeting`, once (the key is the
//! event's UID and occurrence, as the `.ics` import keeps it).

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{
    batch::Batch,
    config::IcsConfig,
    report::{FolderReport, SyncReport},
    run::Job,
    secret::hex,
};

/// The largest calendar kith reads: years of a busy calendar are a few megabytes.
pub const MAX_BYTES: usize = 50 * 1024 * 1024;

/// Where the last read of the calendar stopped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct IcsState {
    #[serde(default)]
    pub etag: Option<String>,
    #[serde(default)]
    pub last_modified: Option<String>,
    /// SHA-256 of the content last read: a file, or a server without validators, unchanged.
    #[serde(default)]
    pub digest: Option<String>,
    /// The day it was last read: on a new day an unchanged calendar is read again, since
    /// occurrences that were still ahead may now be past (a weekly one-to-one).
    #[serde(default)]
    pub read_on: Option<chrono::NaiveDate>,
}

/// What a fetch brought.
enum Fetched {
    Unchanged,
    Calendar { bytes: Vec<u8>, etag: Option<String>, last_modified: Option<String> },
}

/// Syncs the calendar at `address` (the unsealed URL), or the file of `config`.
pub(crate) async fn sync(
    job: &Job<'_>,
    config: &IcsConfig,
    address: Option<&str>,
    report: &mut SyncReport,
) -> Result<(), String> {
    let mut state: IcsState = serde_json::from_str(&job.source.state).unwrap_or_default();
    if state.read_on != Some(job.today) {
        // A new day: ask for the whole calendar again.
        state = IcsState::default();
    }
    let fetched = match (address, &config.path) {
        (Some(url), _) => fetch(url, &config.shown, &state).await?,
        (None, Some(path)) => Fetched::Calendar { bytes: read_file(path).await?, etag: None, last_modified: None },
        (None, None) => return Err("the source has neither an address nor a file; remove it and add it again".into()),
    };
    let Fetched::Calendar { bytes, etag, last_modified } = fetched else {
        report.unchanged = true;
        return Ok(());
    };
    let digest = hex(ring::digest::digest(&ring::digest::SHA256, &bytes).as_ref());
    if state.digest.as_deref() == Some(digest.as_str()) {
        report.unchanged = true;
        return Ok(());
    }
    if looks_like_a_web_page(&bytes) {
        return Err(format!(
            "{} answered with a web page, not a calendar (a sign-in page?): use the calendar's secret address in \
             iCalendar format (Google: Settings › your calendar › Secret address in iCal format)",
            config.shown
        ));
    }
    let file = kith_formats::ics::read_touches(&bytes, job.today)
        .map_err(|e| format!("{} is not a calendar kith can read: {e}", config.shown))?;
    for problem in &file.problems {
        report.seen += 1;
        report.skip(format!("line {}", problem.line), format!("{}: {}", problem.field, problem.message));
    }
    let mut batch = Batch::default();
    for touch in file.touches {
        report.seen += 1;
        batch.add_event(&job.rules, touch);
    }
    state = IcsState { etag, last_modified, digest: Some(digest), read_on: Some(job.today) };
    let mut folder = FolderReport { folder: String::new(), seen: batch.read, ..FolderReport::default() };
    // The whole calendar is read each time it changes: its people are counted afresh.
    let mut restart = true;
    job.record("", batch, &mut restart, &state, report, &mut folder).await
}

/// A calendar file, read only up to [`MAX_BYTES`] (a device or a huge file is refused, not read).
async fn read_file(path: &str) -> Result<Vec<u8>, String> {
    use tokio::io::AsyncReadExt;
    let cannot = |e: std::io::Error| {
        format!("cannot read the calendar file {path}: {e}; check the path (kith source remove and add it again)")
    };
    let file = tokio::fs::File::open(path).await.map_err(cannot)?;
    if !file.metadata().await.map_err(cannot)?.is_file() {
        return Err(format!("{path} is not a file"));
    }
    let mut bytes = Vec::new();
    file.take(MAX_BYTES as u64 + 1).read_to_end(&mut bytes).await.map_err(cannot)?;
    if bytes.len() > MAX_BYTES {
        return Err(format!("the calendar file {path} is over {} MB: is it a calendar?", MAX_BYTES / 1024 / 1024));
    }
    Ok(bytes)
}

async fn fetch(url: &str, shown: &str, state: &IcsState) -> Result<Fetched, String> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .user_agent(concat!("kith/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot prepare the HTTP client: {e}"))?;
    let mut request = client.get(url);
    if let Some(etag) = &state.etag {
        request = request.header(reqwest::header::IF_NONE_MATCH, etag);
    }
    if let Some(modified) = &state.last_modified {
        request = request.header(reqwest::header::IF_MODIFIED_SINCE, modified);
    }
    // The address itself is secret: errors name only what the list shows.
    let mut response = request.send().await.map_err(|e| format!("cannot fetch {shown}: {}", without_url(&e)))?;
    let status = response.status();
    if status == reqwest::StatusCode::NOT_MODIFIED {
        return Ok(Fetched::Unchanged);
    }
    if !status.is_success() {
        return Err(format!(
            "{shown} answered {status}; check the address (a secret address changes when it is reset: copy the new one \
             and add the source again)"
        ));
    }
    let header = |name: reqwest::header::HeaderName| {
        response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
    };
    let etag = header(reqwest::header::ETAG);
    let last_modified = header(reqwest::header::LAST_MODIFIED);
    let mut bytes = Vec::new();
    while let Some(chunk) =
        response.chunk().await.map_err(|e| format!("{shown}: the download broke: {}", without_url(&e)))?
    {
        if bytes.len() + chunk.len() > MAX_BYTES {
            return Err(format!("{shown} sent more than {} MB: is it a calendar?", MAX_BYTES / 1024 / 1024));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Fetched::Calendar { bytes, etag, last_modified })
}

/// A reqwest error without the address it carries (the secret part of a calendar's address).
fn without_url(e: &reqwest::Error) -> String {
    let mut words = e.to_string();
    if let Some(url) = e.url() {
        words = words.replace(url.as_str(), "the address");
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        words = format!("{words}: {s}");
        source = s.source();
    }
    words
}

/// An HTML page where a calendar was expected (a sign-in page, an error page).
fn looks_like_a_web_page(bytes: &[u8]) -> bool {
    let start: Vec<u8> = bytes
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xEF || **b == 0xBB || **b == 0xBF)
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    start.starts_with(b"<!doctype html") || start.starts_with(b"<html") || start.starts_with(b"<head")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sign_in_page_is_not_a_calendar() {
        assert!(looks_like_a_web_page(b"\n  <!DOCTYPE html><html>"));
        assert!(looks_like_a_web_page(b"<HTML><body>Sign in"));
        assert!(!looks_like_a_web_page(b"BEGIN:VCALENDAR\r\n"));
    }
}
