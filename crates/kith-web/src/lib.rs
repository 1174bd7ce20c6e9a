//! kith's web app: server-rendered pages (askama, htmx), the JSON API under `/api/v1` with its
//! OpenAPI document, and the iCalendar feed. [`app`] builds the router for a store; `kith serve`
//! binds it to an address.

pub mod api;
pub mod assets;
pub mod dav;
pub mod error;
pub mod feed;
pub mod health;
pub mod html;
pub mod page_cache;
pub mod reports;
pub mod route_list;
pub mod security;
pub mod sessions;
pub mod sign_in_limit;
pub mod state;
pub mod trace;

use axum::{Router, middleware};
use tower_http::csrf::CsrfLayer;

pub use security::Guard;
pub use state::{AppState, Clock};

/// The whole app for `state`: pages, API, feed and assets, behind the host check, the access
/// token, the CSRF check and the security headers, each request in its own span (`trace`).
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(html::routes())
        .merge(api::routes())
        .merge(dav::routes())
        .merge(service::routes())
        .layer(middleware::from_fn_with_state(state.clone(), reports::track_writes))
        .layer(middleware::from_fn_with_state(state.clone(), state::fresh_settings))
        .layer(CsrfLayer::new())
        .layer(middleware::from_fn_with_state(state.clone(), security::guard))
        .layer(middleware::from_fn(trace::requests))
        .with_state(state)
}

/// The routes that are neither pages, API nor address book: assets, the feed, health.
mod service {
    use axum::routing::get;

    use crate::{assets, feed, health, route_list::listed_routes};

    listed_routes! {
        "/assets/{hash}/{name}" => get(assets::serve),
        "/feed/{file}" => get(feed::feed),
        "/healthz" => get(health::alive),
        "/readyz" => get(health::ready),
    }
}
