//! What kith logs, through `tracing`, to standard error.
//!
//! - `kith serve` logs as a server does: the digest it sent, slow and failed requests, and with
//!   `RUST_LOG=debug` every request and store call as its span closes, with its duration; as text,
//!   or one JSON object per line with `--log-format json`. `RUST_LOG` filters (default `info`).
//! - Other commands log nothing unless `RUST_LOG` asks. With `KITH_TIMING` set, every store call's
//!   duration is printed as its span closes, beside the command's own steps (`timing.rs`).

use std::io::IsTerminal as _;

use tracing_subscriber::{EnvFilter, fmt::format::FmtSpan};

/// How `kith serve` writes its log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    /// One line of text per event.
    #[default]
    Text,
    /// One JSON object per event, with its request's span (method, route).
    Json,
}

/// The filter `RUST_LOG` gives, or `default`. A `RUST_LOG` kith cannot read is said once and
/// `default` used: a typo must not silence a server's log.
fn filter(default: &str) -> EnvFilter {
    match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.trim().is_empty() => EnvFilter::try_new(&spec).unwrap_or_else(|e| {
            eprintln!("kith: RUST_LOG '{spec}': {e}; logging at {default} instead");
            EnvFilter::new(default)
        }),
        _ => EnvFilter::new(default),
    }
}

/// Logging for `kith serve`.
pub fn for_server(format: LogFormat) {
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(filter("info"))
        // Requests and store calls are spans: each is logged, with its duration, as it closes.
        .with_span_events(FmtSpan::CLOSE);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().with_current_span(true).with_span_list(false).try_init(),
    };
}

/// Logging for every other command: off unless `RUST_LOG` or `KITH_TIMING` asks for it.
pub fn for_command() {
    let asked = |var: &str| std::env::var_os(var).is_some_and(|v| !v.is_empty());
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        // Seconds since the command started: the span timings need a timer to be printed.
        .with_timer(tracing_subscriber::fmt::time::uptime());
    let _ = if asked("KITH_TIMING") {
        builder.with_env_filter(filter("kith_store=debug,kith_app=debug")).with_span_events(FmtSpan::CLOSE).try_init()
    } else if asked("RUST_LOG") {
        builder.with_env_filter(filter("warn")).try_init()
    } else {
        Ok(())
    };
}
