//! Everything the pages load, embedded in the binary: the stylesheet, htmx, kith's small script and
//! the icon. Each is served under a name that carries a hash of its content, so browsers keep it
//! for a year and a new kith never serves a stale one. Nothing is fetched from anywhere else.

use std::sync::LazyLock;

use axum::{
    extract::Path,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};

struct Asset {
    name: &'static str,
    media_type: &'static str,
    body: &'static [u8],
}

const FILES: [Asset; 4] = [
    Asset { name: "kith.css", media_type: "text/css; charset=utf-8", body: include_bytes!("../assets/kith.css") },
    Asset { name: "kith.js", media_type: "text/javascript; charset=utf-8", body: include_bytes!("../assets/kith.js") },
    Asset {
        name: "htmx.min.js",
        media_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/htmx.min.js"),
    },
    Asset { name: "icon.svg", media_type: "image/svg+xml", body: include_bytes!("../assets/icon.svg") },
];

/// The URL of each asset, hash included.
#[derive(Debug)]
pub struct AssetUrls {
    pub css: String,
    pub js: String,
    pub htmx: String,
    pub icon: String,
}

fn fingerprint(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

fn url_of(name: &str) -> String {
    let asset = FILES.iter().find(|a| a.name == name).expect("a known asset");
    format!("/assets/{}/{}", fingerprint(asset.body), asset.name)
}

pub static URLS: LazyLock<AssetUrls> = LazyLock::new(|| AssetUrls {
    css: url_of("kith.css"),
    js: url_of("kith.js"),
    htmx: url_of("htmx.min.js"),
    icon: url_of("icon.svg"),
});

/// `GET /assets/{hash}/{name}`: the asset, cacheable for a year when the hash is current; an old
/// hash still gets the current file, but only for a minute.
pub async fn serve(Path((hash, name)): Path<(String, String)>) -> Response {
    let Some(asset) = FILES.iter().find(|a| a.name == name) else {
        return (StatusCode::NOT_FOUND, "no such asset").into_response();
    };
    let cache =
        if hash == fingerprint(asset.body) { "public, max-age=31536000, immutable" } else { "public, max-age=60" };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(asset.media_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        asset.body,
    )
        .into_response()
}
