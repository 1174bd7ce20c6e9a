//! One span per request — method, route, status, duration — so a slow or failed request can be
//! explained after the fact: the store calls it made are spans inside it. Both are `debug` (a
//! server logs each as it closes when `RUST_LOG` asks for them); a failed or slow request is
//! logged at `error` or `warn` whatever the filter lets through. The route is the router's
//! pattern (`/contacts/{id}`), never the path or query the user sent, which can hold names and
//! search words.

use std::time::{Duration, Instant};

use axum::{
    extract::{MatchedPath, Request},
    middleware::Next,
    response::Response,
};
use tracing::{Instrument as _, field};

/// A request slower than this is logged as a warning even when requests are not logged.
pub const SLOW: Duration = Duration::from_millis(500);

/// The middleware: runs the request inside its span, and logs a slow or failed one.
pub async fn requests(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map_or("(no route)", MatchedPath::as_str).to_owned();
    let method = request.method().clone();
    let span = tracing::debug_span!(
        "request",
        method = %method,
        route = %route,
        status = field::Empty,
        ms = field::Empty
    );
    let started = Instant::now();
    let response = next.run(request).instrument(span.clone()).await;
    let took = started.elapsed();
    let status = response.status().as_u16();
    let ms = (took.as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
    span.record("status", status).record("ms", ms);
    if response.status().is_server_error() {
        tracing::error!(%method, route, status, ms, "request failed");
    } else if took >= SLOW {
        tracing::warn!(%method, route, status, ms, "slow request");
    }
    response
}
