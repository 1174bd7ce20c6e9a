//! Where a command's time goes, printed to standard error when `KITH_TIMING` is set: the figures in
//! `docs/performance.md` are read this way. Off by default; costs one environment lookup.

use std::{sync::OnceLock, time::Instant};

struct Clock {
    start: Instant,
    last: std::sync::Mutex<Instant>,
}

fn clock() -> Option<&'static Clock> {
    static CLOCK: OnceLock<Option<Clock>> = OnceLock::new();
    CLOCK
        .get_or_init(|| {
            std::env::var_os("KITH_TIMING").filter(|v| !v.is_empty()).map(|_| {
                let now = Instant::now();
                Clock { start: now, last: std::sync::Mutex::new(now) }
            })
        })
        .as_ref()
}

/// Starts the clock (call first thing in `main`).
pub fn start() {
    let _ = clock();
}

/// Prints how long the step that just ended took, and the total so far.
pub fn mark(step: &str) {
    let Some(c) = clock() else { return };
    let now = Instant::now();
    let mut last = c.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let step_ms = (now - *last).as_secs_f64() * 1000.0;
    let total_ms = (now - c.start).as_secs_f64() * 1000.0;
    *last = now;
    eprintln!("kith timing: {step:<12} {step_ms:8.2} ms   (total {total_ms:8.2} ms)");
}
