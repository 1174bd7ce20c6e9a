//! The properties of each resource, as PROPFIND and the reports answer them.

use super::{
    multistatus::PropName,
    resource::{self, Resource},
    xml::{CALSERVER, CARDDAV, DAV, escape},
};

/// The largest card kith serves or will take, in bytes (a photo included).
pub use kith_app::address_book::MAX_CARD_BYTES;

/// What the properties of a resource are computed from.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The address book's sync token (its change log's latest number).
    pub token: i64,
    /// A card's etag, for a card.
    pub etag: Option<&'a str>,
}

/// The sync token as a URI (RFC 6578 asks for one).
pub fn sync_token_uri(token: i64) -> String {
    format!("urn:kith:sync:{token}")
}

/// The number in a sync token kith gave out; `None` for anything else.
pub fn token_of(uri: &str) -> Option<i64> {
    uri.trim().strip_prefix("urn:kith:sync:")?.parse().ok().filter(|n: &i64| *n >= 0)
}

/// The properties `allprop` answers for a resource.
pub fn all(resource: &Resource) -> Vec<PropName> {
    let mut names = vec![
        PropName::new(DAV, "resourcetype"),
        PropName::new(DAV, "current-user-principal"),
        PropName::new(DAV, "current-user-privilege-set"),
    ];
    match resource {
        Resource::Card(_) => {
            names.extend([PropName::new(DAV, "getetag"), PropName::new(DAV, "getcontenttype")]);
        }
        Resource::Book => names.extend([
            PropName::new(DAV, "displayname"),
            PropName::new(DAV, "owner"),
            PropName::new(DAV, "sync-token"),
            PropName::new(DAV, "supported-report-set"),
            PropName::new(CALSERVER, "getctag"),
            PropName::new(CARDDAV, "addressbook-description"),
            PropName::new(CARDDAV, "supported-address-data"),
            PropName::new(CARDDAV, "max-resource-size"),
        ]),
        Resource::Principal => names.extend([
            PropName::new(DAV, "displayname"),
            PropName::new(DAV, "principal-URL"),
            PropName::new(CARDDAV, "addressbook-home-set"),
        ]),
        Resource::Root | Resource::Home => names.push(PropName::new(DAV, "displayname")),
    }
    names
}

/// The value of one property (inner XML), or `None` when the resource has no such property.
pub fn value(resource: &Resource, name: &PropName, facts: Facts<'_>) -> Option<String> {
    let href = |path: String| format!("<d:href>{}</d:href>", escape(&path));
    let value = match (name.ns.as_str(), name.name.as_str()) {
        (DAV, "resourcetype") => match resource {
            Resource::Card(_) => String::new(),
            Resource::Principal => "<d:collection/><d:principal/>".into(),
            Resource::Book => "<d:collection/><card:addressbook/>".into(),
            Resource::Root | Resource::Home => "<d:collection/>".into(),
        },
        (DAV, "current-user-principal") => href(resource::principal()),
        (DAV, "current-user-privilege-set") => {
            // Cards are read and written; the collections themselves are kith's (no MKCOL,
            // no ACL changes), which clients take as "can add and edit contacts".
            let privileges = match resource {
                Resource::Book | Resource::Card(_) => {
                    &["read", "read-current-user-privilege-set", "write", "write-content", "bind", "unbind"][..]
                }
                _ => &["read", "read-current-user-privilege-set"][..],
            };
            privileges.iter().map(|p| format!("<d:privilege><d:{p}/></d:privilege>")).collect()
        }
        (DAV, "displayname") => match resource {
            Resource::Card(_) => return None,
            Resource::Home => "Address books".into(),
            _ => "kith".into(),
        },
        (DAV, "principal-URL") if *resource == Resource::Principal => href(resource::principal()),
        (DAV, "owner") if *resource == Resource::Book => href(resource::principal()),
        (CARDDAV, "addressbook-home-set") if matches!(resource, Resource::Principal | Resource::Root) => {
            href(resource::home())
        }
        (DAV, "sync-token") if *resource == Resource::Book => escape(&sync_token_uri(facts.token)).into_owned(),
        (CALSERVER, "getctag") if *resource == Resource::Book => facts.token.to_string(),
        (DAV, "supported-report-set") if *resource == Resource::Book => {
            ["<card:addressbook-multiget/>", "<card:addressbook-query/>", "<d:sync-collection/>"]
                .iter()
                .map(|r| format!("<d:supported-report><d:report>{r}</d:report></d:supported-report>"))
                .collect()
        }
        (CARDDAV, "addressbook-description") if *resource == Resource::Book => {
            "Your contacts in kith (archived ones left out)".into()
        }
        (CARDDAV, "supported-address-data") if *resource == Resource::Book => {
            "<card:address-data-type content-type=\"text/vcard\" version=\"3.0\"/>\
             <card:address-data-type content-type=\"text/vcard\" version=\"4.0\"/>"
                .into()
        }
        (CARDDAV, "max-resource-size") if *resource == Resource::Book => MAX_CARD_BYTES.to_string(),
        (DAV, "getetag") => escape(&format!("\"{}\"", facts.etag?)).into_owned(),
        (DAV, "getcontenttype") if matches!(resource, Resource::Card(_)) => "text/vcard; charset=utf-8".into(),
        _ => return None,
    };
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_tokens_are_uris_read_back_only_when_kith_made_them() {
        assert_eq!(token_of(&sync_token_uri(42)), Some(42));
        assert_eq!(token_of("urn:kith:sync:-1"), None);
        assert_eq!(token_of("http://example.org/sync/42"), None);
    }

    #[test]
    fn each_resource_has_its_own_properties() {
        let facts = Facts { token: 7, etag: Some("abc") };
        let book = Resource::Book;
        assert_eq!(value(&book, &PropName::new(CALSERVER, "getctag"), facts).as_deref(), Some("7"));
        assert!(value(&book, &PropName::new(DAV, "resourcetype"), facts).unwrap().contains("card:addressbook"));
        let card = Resource::Card("u".into());
        assert_eq!(value(&card, &PropName::new(DAV, "getetag"), facts).as_deref(), Some("\"abc\""));
        assert_eq!(value(&card, &PropName::new(CALSERVER, "getctag"), facts), None);
        assert_eq!(value(&Resource::Principal, &PropName::new("urn:x", "odd"), facts), None);
    }
}
