//! The network map: everyone in clusters by organization with the strongest ties, filtered by
//! circle or organization, and the clusters listed in words beside it.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    extract::Query,
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use kith_app::graph::{self, MapFilter};
use kith_core::{Circle, network_map::NetworkMap};
use serde::Deserialize;

use crate::{
    error::WebError,
    html::{
        chrome::{Chrome, Page, PageResult, found_or_said},
        forms::text,
    },
};

/// `?circle=inner&org=Globex`, both optional.
#[derive(Debug, Default, Deserialize)]
pub struct MapQuery {
    pub circle: Option<String>,
    pub org: Option<String>,
}

#[derive(Template)]
#[template(path = "network.html")]
struct NetworkPage {
    chrome: Chrome,
    circles: Vec<String>,
    circle: String,
    org: String,
    map: Option<NetworkMap>,
    error: Option<String>,
}

/// `GET /network`.
pub async fn page(AsOwner(state): AsOwner, headers: HeaderMap, Query(q): Query<MapQuery>) -> PageResult<Response> {
    let attempt = async {
        let circle = text(&q.circle).map(|c| c.parse::<Circle>()).transpose().map_err(WebError::Invalid)?;
        let filter = MapFilter { circle, org: text(&q.org) };
        Ok::<_, WebError>(graph::network(state.store(), &filter, state.today()).await?)
    };
    let (map, error, status) = found_or_said(attempt.await)?;
    let view = NetworkPage {
        chrome: Chrome::new(&state, &headers, "Network map", "network"),
        circles: Circle::ALL.iter().map(ToString::to_string).collect(),
        circle: text(&q.circle).unwrap_or_default(),
        org: text(&q.org).unwrap_or_default(),
        map,
        error,
    };
    Ok((status, Page::render(&view, &view.chrome)?).into_response())
}
