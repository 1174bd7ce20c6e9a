//! Cards as the address book serves them: vCard 3.0 unless the client asks for 4.0.

use axum::http::HeaderMap;
use kith_formats::vcard::{VcardContact, VcardVersion, write_one_as};
use kith_store::Card;

/// The vCard of one contact in `version`.
pub fn render(card: &Card, version: VcardVersion) -> String {
    write_one_as(
        &VcardContact {
            contact: &card.contact,
            extra: &card.extras,
            memberships: &card.memberships,
            relations: &card.relations,
        },
        version,
    )
}

/// The version a GET asks for in its `Accept` header: 4.0 only when it names it (macOS and iOS
/// refuse 4.0, so 3.0 is the default).
pub fn accepted(headers: &HeaderMap) -> VcardVersion {
    let accept = headers.get(axum::http::header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
    version_named(accept.split(',').filter(|t| t.trim().starts_with("text/vcard")).flat_map(|t| t.split(';')))
}

/// The version of a REPORT's `<card:address-data version="4.0"/>`.
pub fn requested(version: Option<&str>) -> VcardVersion {
    match version.map(str::trim) {
        Some("4.0") => VcardVersion::V4,
        _ => VcardVersion::V3,
    }
}

fn version_named<'a>(params: impl Iterator<Item = &'a str>) -> VcardVersion {
    for p in params {
        if let Some((k, v)) = p.split_once('=')
            && k.trim().eq_ignore_ascii_case("version")
            && v.trim().trim_matches('"') == "4.0"
        {
            return VcardVersion::V4;
        }
    }
    VcardVersion::V3
}

/// The content type of a card in `version`.
pub fn content_type(version: VcardVersion) -> &'static str {
    match version {
        VcardVersion::V3 => "text/vcard; charset=utf-8",
        VcardVersion::V4 => "text/vcard; charset=utf-8; version=4.0",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_only_when_asked() {
        let mut h = HeaderMap::new();
        assert_eq!(accepted(&h), VcardVersion::V3);
        h.insert(axum::http::header::ACCEPT, "text/vcard; version=4.0, text/plain".parse().unwrap());
        assert_eq!(accepted(&h), VcardVersion::V4);
        h.insert(axum::http::header::ACCEPT, "text/plain; version=4.0".parse().unwrap());
        assert_eq!(accepted(&h), VcardVersion::V3);
        assert_eq!(requested(Some("4.0")), VcardVersion::V4);
        assert_eq!(requested(None), VcardVersion::V3);
    }
}
