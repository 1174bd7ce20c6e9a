//! What a DAV path names: the root, the user's principal, the home of their address books, the
//! address book, or one card in it.

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use kith_app::app_passwords::DAV_USER;

pub const ROOT: &str = "/dav/";

/// Characters a uid keeps percent-encoded in a card's path: everything but unreserved ones.
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']')
    .add(b':')
    .add(b';')
    .add(b'@')
    .add(b'&')
    .add(b'=')
    .add(b'+')
    .add(b'$')
    .add(b',');

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resource {
    Root,
    Principal,
    Home,
    Book,
    /// A card, by the uid of its contact.
    Card(String),
}

pub fn principal() -> String {
    format!("/dav/principals/{DAV_USER}/")
}

pub fn home() -> String {
    format!("/dav/addressbooks/{DAV_USER}/")
}

pub fn book() -> String {
    format!("/dav/addressbooks/{DAV_USER}/contacts/")
}

/// A card's path: the book's, then the uid percent-encoded, then `.vcf`.
pub fn card(uid: &str) -> String {
    format!("{}{}.vcf", book(), utf8_percent_encode(uid, PATH_SEGMENT))
}

impl Resource {
    /// The resource a request path (or an href from a REPORT body, maybe a full URL) names.
    pub fn of(path: &str) -> Option<Resource> {
        let path = strip_origin(path);
        let path = path.split(['?', '#']).next().unwrap_or(path);
        let trimmed = path.trim_end_matches('/');
        if trimmed == "/dav" {
            return Some(Resource::Root);
        }
        if trimmed == principal().trim_end_matches('/') {
            return Some(Resource::Principal);
        }
        if trimmed == home().trim_end_matches('/') {
            return Some(Resource::Home);
        }
        let book = book();
        if trimmed == book.trim_end_matches('/') {
            return Some(Resource::Book);
        }
        let file = path.strip_prefix(&book)?;
        // One path segment: a `/` in a uid is sent encoded (%2F).
        let encoded = file.strip_suffix(".vcf").filter(|e| !e.contains('/'))?;
        let uid = percent_decode_str(encoded).decode_utf8().ok()?;
        (!uid.is_empty()).then(|| Resource::Card(uid.into_owned()))
    }

    pub fn href(&self) -> String {
        match self {
            Resource::Root => ROOT.to_string(),
            Resource::Principal => principal(),
            Resource::Home => home(),
            Resource::Book => book(),
            Resource::Card(uid) => card(uid),
        }
    }
}

/// `https://host:port/dav/…` → `/dav/…` (clients may send full URLs as hrefs).
fn strip_origin(path: &str) -> &str {
    match path.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_resources_and_cards_round_trip_their_uids() {
        assert_eq!(Resource::of("/dav"), Some(Resource::Root));
        assert_eq!(Resource::of("/dav/principals/kith"), Some(Resource::Principal));
        assert_eq!(Resource::of("/dav/addressbooks/kith/"), Some(Resource::Home));
        assert_eq!(Resource::of("http://127.0.0.1:7878/dav/addressbooks/kith/contacts/"), Some(Resource::Book));
        for uid in ["0b9c4a52-1f0e", "a b/c?d#e%f", "Ünal;1@x"] {
            let href = card(uid);
            assert_eq!(Resource::of(&href), Some(Resource::Card(uid.to_string())), "{href}");
        }
        assert_eq!(Resource::of("/dav/addressbooks/kith/contacts/x.vcf"), Some(Resource::Card("x".into())));
        assert_eq!(Resource::of("/dav/addressbooks/kith/contacts/../../x.vcf"), None);
        assert_eq!(Resource::of("/dav/addressbooks/other/contacts/x.vcf"), None);
        assert_eq!(Resource::of("/dav/addressbooks/kith/contacts/.vcf"), None);
        assert_eq!(Resource::of("/etc/passwd"), None);
    }
}
