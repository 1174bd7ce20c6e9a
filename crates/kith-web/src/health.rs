//! What an operator's load balancer and orchestrator ask, without signing in: `/healthz` — the
//! process answers; `/readyz` — it can serve: the database answers within two seconds and holds
//! exactly the migrations this kith knows. Both answer before the settings are read (see
//! `state::fresh_settings`), so a database that hangs never holds up `/healthz`. The answers say
//! what is wrong in words, never the database's address, error or migration numbers (they are
//! open to anyone who can reach the port, and the numbers would tell kith's release): the server
//! log has those.

use std::time::Duration;

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use kith_store::Readiness;

use crate::state::AppState;

/// How long `/readyz` waits for the database: a probe that hangs tells an orchestrator nothing.
const DATABASE_WAIT: Duration = Duration::from_secs(2);

/// `GET /healthz`.
pub async fn alive() -> &'static str {
    "ok"
}

/// `GET /readyz`.
pub async fn ready(State(state): State<AppState>) -> Response {
    let not_ready = |why: String| (StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {why}\n")).into_response();
    match tokio::time::timeout(DATABASE_WAIT, state.store().readiness()).await {
        Ok(Ok(Readiness::Ready)) => (StatusCode::OK, "ready\n").into_response(),
        Ok(Ok(Readiness::Behind { missing })) => {
            tracing::warn!(?missing, "readiness: migrations this kith knows are missing, failed or changed");
            not_ready(
                "the database is not migrated to this kith's schema; `kith serve` migrates it when it starts: \
                 restart one server (the server log names the migrations)"
                    .into(),
            )
        }
        Ok(Ok(Readiness::Ahead { unknown })) => {
            tracing::warn!(?unknown, "readiness: the database holds migrations this kith does not know");
            not_ready("a newer kith migrated the database: upgrade this server".into())
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: the database failed");
            not_ready("the database does not answer; the server log says why".into())
        }
        Err(_) => {
            tracing::warn!("readiness: the database took more than {} s", DATABASE_WAIT.as_secs());
            not_ready(format!("the database did not answer within {} s", DATABASE_WAIT.as_secs()))
        }
    }
}
