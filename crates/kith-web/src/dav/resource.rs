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
    /// A card, by its name in the address book (`{uid}.vcf`, or what the client that made it
    /// called it).
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

/// A card's path: the book's, then its name percent-encoded.
pub fn card(name: &str) -> String {
    format!("{}{}", book(), utf8_percent_encode(name, PATH_SEGMENT))
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
        // One path segment: a `/` in a name is sent encoded (%2F).
        let encoded = path.strip_prefix(&book).filter(|e| !e.contains('/'))?;
        let name = percent_decode_str(encoded).decode_utf8().ok()?;
        let usable = !name.is_empty() && name != "." && name != ".." && !name.contains('\0');
        usable.then(|| Resource::Card(name.into_owned()))
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
        for name in ["0b9c4a52-1f0e.vcf", "a b/c?d#e%f.vcf", "Ünal;1@x.vcf", "no-extension"] {
            let href = card(name);
            assert_eq!(Resource::of(&href), Some(Resource::Card(name.to_string())), "{href}");
        }
        assert_eq!(Resource::of("/dav/addressbooks/kith/contacts/x.vcf"), Some(Resource::Card("x.vcf".into())));
        assert_eq!(Resource::of("/dav/addressbooks/kith/contacts/../../x.vcf"), None);
        assert_eq!(Resource::of("/dav/addressbooks/kith/contacts/%2E%2E"), None);
        assert_eq!(Resource::of("/dav/addressbooks/other/contacts/x.vcf"), None);
        assert_eq!(Resource::of("/etc/passwd"), None);
    }
}
