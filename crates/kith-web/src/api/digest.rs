//! `/api/v1/digest`: this week's digest (plan, goals, follow-ups), as `kith digest --json` prints it.

use crate::state::AsOwner;
use axum::Json;
use kith_app::digest::{Digest, build};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{error::ApiResult, state::AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(digest))
}

/// This week's digest: the plan, the goals with their progress, and the follow-ups overdue, due
/// today and due later this week.
#[utoipa::path(get, path = "/api/v1/digest", tag = "reports", responses((status = 200, body = Digest)))]
async fn digest(AsOwner(state): AsOwner) -> ApiResult<Json<Digest>> {
    let settings = state.settings();
    Ok(Json(build(state.store(), state.today(), settings.plan_size, settings.week_start_day()).await?))
}
