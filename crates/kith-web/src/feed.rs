//! `GET /feed/{secret}.ics`: follow-ups, this week's plan and birthdays as an iCalendar file a
//! calendar app subscribes to. The secret in the path is the only key (calendar apps cannot send
//! one otherwise); `kith feed rotate` replaces it. On a server with accounts the secret also says
//! whose feed it is.

use crate::state::AsOwner;
use axum::{
    extract::Path,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use kith_app::exchange;

pub async fn feed(AsOwner(state): AsOwner, Path(file): Path<String>) -> Response {
    let not_found = || {
        (StatusCode::NOT_FOUND, "no such feed; the settings page (or `kith feed url`) shows the current address")
            .into_response()
    };
    let Some(given) = file.strip_suffix(".ics") else { return not_found() };
    // With accounts nobody is signed in here: the secret itself says whose feed it is.
    let state = if state.guard().accounts() {
        match state.store().feed_owner(given).await {
            Ok(Some(owner)) => {
                let theirs = state.for_owner(owner);
                // Their settings (the plan's size) as they stand now, not as the server started.
                if let Err(e) = theirs.refresh_settings().await {
                    return crate::error::ApiError::from(e).into_response();
                }
                theirs
            }
            Ok(None) => return not_found(),
            Err(e) => return crate::error::ApiError::from(e).into_response(),
        }
    } else {
        state
    };
    let store = state.store();
    let secret = match store.feed_token().await {
        Ok(s) => s,
        Err(e) => return crate::error::ApiError::from(e).into_response(),
    };
    if !crate::security::secrets_match(given, &secret) {
        return not_found();
    }
    match exchange::feed_contents(store, state.today(), state.settings().plan_size).await {
        Ok(feed) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8")),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            kith_formats::ics::write_feed(&feed),
        )
            .into_response(),
        Err(e) => crate::error::ApiError::from(e).into_response(),
    }
}
