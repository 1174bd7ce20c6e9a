//! What iOS and macOS Contacts and DAVx⁵ send, replayed against the router, the answers kept as
//! insta snapshots: a change to what a client meets shows in review.
//!
//! The requests are written here from these sources, each step naming its own:
//! - DAVx⁵: its source (davx5-ose and dav4jvm): `DavResourceFinder` finds the principal from the base
//!   URL (PROPFIND current-user-principal), the home on the principal (addressbook-home-set) and the
//!   address books in the home at depth 1; `ContactsSyncManager` reads getctag, sync-token,
//!   supported-report-set and supported-address-data of the book, syncs with sync-collection
//!   (sync-level 1, getetag) when the book lists it, fetches with addressbook-multiget
//!   (address-data in 4.0 when the book offers it), uploads new cards with `If-None-Match: *` and
//!   edits with `If-Match`, and deletes with `If-Match`.
//! - iOS and macOS Contacts: Apple documents no protocol trace; these follow what the servers that
//!   serve them note of them (Radicale's and SabreDAV's documentation and issue trackers, Xandikos's
//!   notes): discovery through `/.well-known/carddav`, a principal PROPFIND asking for
//!   addressbook-home-set with Apple's and CalendarServer's own properties (which a server answers
//!   404 for), vCard 3.0 only, new cards under file names the client picks (not the UID), labels as
//!   `itemN.X-ABLabel` groups, photos inline in base64, groups as cards with
//!   `X-ADDRESSBOOKSERVER-KIND:group` (macOS), and a first sync-collection with an empty token.

use axum::http::StatusCode;
use kith_core::NewContact;
use kith_store::{CardCondition, CardPut};

use crate::support::{Web, today};

use super::dav::Client;

/// One request of a client's session: `{ada}` in the path or body is Ada's card name, `{etag}` her
/// card's current ETag, `{token}` the last sync token the server gave.
struct Step {
    what: &'static str,
    method: &'static str,
    path: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
}

const PROPFIND_PRINCIPAL: &str = r#"<?xml version="1.0" encoding="UTF-8"?><A:propfind xmlns:A="DAV:"><A:prop><A:current-user-principal/><A:principal-URL/><A:resourcetype/></A:prop></A:propfind>"#;

const DAVX5: &[Step] = &[
    Step {
        what: "DavResourceFinder: the principal from the base URL",
        method: "PROPFIND",
        path: "/dav/",
        headers: &[("depth", "0"), ("content-type", "application/xml; charset=utf-8")],
        body: r#"<?xml version='1.0' encoding='UTF-8' ?><propfind xmlns="DAV:" xmlns:CARD="urn:ietf:params:xml:ns:carddav"><prop><resourcetype /><displayname /><CARD:addressbook-description /><current-user-principal /><CARD:addressbook-home-set /></prop></propfind>"#,
    },
    Step {
        what: "DavResourceFinder: the home of the address books",
        method: "PROPFIND",
        path: "/dav/principals/kith/",
        headers: &[("depth", "0")],
        body: r#"<?xml version='1.0' encoding='UTF-8' ?><propfind xmlns="DAV:" xmlns:CARD="urn:ietf:params:xml:ns:carddav"><prop><CARD:addressbook-home-set /><displayname /></prop></propfind>"#,
    },
    Step {
        what: "DavResourceFinder: the address books in the home",
        method: "PROPFIND",
        path: "/dav/addressbooks/kith/",
        headers: &[("depth", "1")],
        body: r#"<?xml version='1.0' encoding='UTF-8' ?><propfind xmlns="DAV:" xmlns:CARD="urn:ietf:params:xml:ns:carddav"><prop><resourcetype /><displayname /><owner /><current-user-privilege-set /><CARD:addressbook-description /></prop></propfind>"#,
    },
    Step {
        what: "ContactsSyncManager: the book's state",
        method: "PROPFIND",
        path: "/dav/addressbooks/kith/contacts/",
        headers: &[("depth", "0")],
        body: r#"<?xml version='1.0' encoding='UTF-8' ?><propfind xmlns="DAV:" xmlns:CARD="urn:ietf:params:xml:ns:carddav" xmlns:CS="http://calendarserver.org/ns/"><prop><CARD:supported-address-data /><supported-report-set /><CS:getctag /><sync-token /><CARD:max-resource-size /></prop></propfind>"#,
    },
    Step {
        what: "ContactsSyncManager: first sync-collection",
        method: "REPORT",
        path: "/dav/addressbooks/kith/contacts/",
        headers: &[("depth", "0")],
        body: r#"<?xml version='1.0' encoding='UTF-8' ?><sync-collection xmlns="DAV:"><sync-token /><sync-level>1</sync-level><prop><getcontenttype /><getetag /></prop></sync-collection>"#,
    },
    Step {
        what: "ContactsSyncManager: the cards, in vCard 4.0 as the book offers it",
        method: "REPORT",
        path: "/dav/addressbooks/kith/contacts/",
        headers: &[("depth", "0")],
        body: r#"<?xml version='1.0' encoding='UTF-8' ?><CARD:addressbook-multiget xmlns="DAV:" xmlns:CARD="urn:ietf:params:xml:ns:carddav"><prop><getcontenttype /><getetag /><CARD:address-data content-type="text/vcard" version="4.0" /></prop><href>/dav/addressbooks/kith/contacts/{ada}</href></CARD:addressbook-multiget>"#,
    },
    Step {
        what: "upload: a contact made on the phone (vCard 4.0, If-None-Match: *)",
        method: "PUT",
        path: "/dav/addressbooks/kith/contacts/4f9b2c1e-android.vcf",
        headers: &[("if-none-match", "*"), ("content-type", "text/vcard; version=4.0")],
        body: "BEGIN:VCARD\r\nVERSION:4.0\r\nPRODID:+//IDN bitfire.at//DAVx5/4.4 ez-vcard/0.12.1\r\nUID:4f9b2c1e-android\r\nFN:Hedy Lamarr\r\nN:Lamarr;Hedy;;;\r\nEMAIL;TYPE=work:hedy@example.org\r\nTEL;TYPE=cell:+1 555 0199\r\nORG:Frequency Hopping Inc.\r\nEND:VCARD\r\n",
    },
    Step {
        what: "upload: an edit of Ada made on the phone (If-Match)",
        method: "PUT",
        path: "/dav/addressbooks/kith/contacts/{ada}",
        headers: &[("if-match", "\"{etag}\""), ("content-type", "text/vcard; version=4.0")],
        body: "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:{ada-uid}\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\nEMAIL:ada@example.org\r\nNOTE:Edited on the phone\r\nX-KITH-CIRCLE:close\r\nEND:VCARD\r\n",
    },
    Step {
        what: "ContactsSyncManager: sync-collection since the first",
        method: "REPORT",
        path: "/dav/addressbooks/kith/contacts/",
        headers: &[("depth", "0")],
        body: r#"<?xml version='1.0' encoding='UTF-8' ?><sync-collection xmlns="DAV:"><sync-token>{token}</sync-token><sync-level>1</sync-level><prop><getcontenttype /><getetag /></prop></sync-collection>"#,
    },
    Step {
        what: "delete: the card made on the phone, with a stale ETag",
        method: "DELETE",
        path: "/dav/addressbooks/kith/contacts/4f9b2c1e-android.vcf",
        headers: &[("if-match", "\"0123456789abcdef0123456789abcdef\"")],
        body: "",
    },
];

const IOS: &[Step] = &[
    Step {
        what: "discovery from the server's name",
        method: "PROPFIND",
        path: "/.well-known/carddav",
        headers: &[("depth", "0")],
        body: PROPFIND_PRINCIPAL,
    },
    Step {
        what: "the root the redirect named",
        method: "PROPFIND",
        path: "/dav/",
        headers: &[("depth", "0")],
        body: PROPFIND_PRINCIPAL,
    },
    Step {
        what: "the principal, with Apple's and CalendarServer's own properties",
        method: "PROPFIND",
        path: "/dav/principals/kith/",
        headers: &[("depth", "0"), ("brief", "t"), ("prefer", "return=minimal")],
        body: r#"<?xml version="1.0" encoding="UTF-8"?><A:propfind xmlns:A="DAV:" xmlns:B="urn:ietf:params:xml:ns:carddav" xmlns:C="http://calendarserver.org/ns/"><A:prop><B:addressbook-home-set/><B:directory-gateway/><A:displayname/><C:email-address-set/><A:principal-collection-set/><A:principal-URL/><A:resource-id/><A:supported-report-set/></A:prop></A:propfind>"#,
    },
    Step {
        what: "the home at depth 1",
        method: "PROPFIND",
        path: "/dav/addressbooks/kith/",
        headers: &[("depth", "1"), ("brief", "t")],
        body: r#"<?xml version="1.0" encoding="UTF-8"?><A:propfind xmlns:A="DAV:" xmlns:B="urn:ietf:params:xml:ns:carddav" xmlns:C="http://calendarserver.org/ns/" xmlns:D="http://me.com/_namespace/"><A:prop><A:add-member/><D:bulk-requests/><A:current-user-privilege-set/><A:displayname/><C:getctag/><B:max-image-size/><B:max-resource-size/><C:me-card/><A:owner/><C:push-transports/><C:pushkey/><A:quota-available-bytes/><A:quota-used-bytes/><A:resource-id/><A:resourcetype/><A:supported-report-set/><A:sync-token/></A:prop></A:propfind>"#,
    },
    Step {
        what: "first sync: an empty token",
        method: "REPORT",
        path: "/dav/addressbooks/kith/contacts/",
        headers: &[("depth", "1")],
        body: r#"<?xml version="1.0" encoding="UTF-8"?><A:sync-collection xmlns:A="DAV:"><A:sync-token></A:sync-token><A:sync-level>1</A:sync-level><A:prop><A:getetag/></A:prop></A:sync-collection>"#,
    },
    Step {
        what: "the cards it lacks, in vCard 3.0",
        method: "REPORT",
        path: "/dav/addressbooks/kith/contacts/",
        headers: &[("depth", "0")],
        body: r#"<?xml version="1.0" encoding="UTF-8"?><B:addressbook-multiget xmlns:A="DAV:" xmlns:B="urn:ietf:params:xml:ns:carddav"><A:prop><A:getetag/><B:address-data/></A:prop><A:href>/dav/addressbooks/kith/contacts/{ada}</A:href><A:href>/dav/addressbooks/kith/contacts/never-was.vcf</A:href></B:addressbook-multiget>"#,
    },
    Step {
        what: "a new contact under a file name iOS picks, labels in item groups, a photo",
        method: "PUT",
        path: "/dav/addressbooks/kith/contacts/D1B6F3A0-7C1E-4E8A-9F00-5A1B2C3D4E5F.vcf",
        headers: &[("if-none-match", "*"), ("content-type", "text/vcard")],
        body: "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 18.1//EN\r\nN:Hopper;Grace;;;\r\nFN:Grace Hopper\r\nORG:US Navy;\r\nitem1.EMAIL;type=INTERNET;type=pref:grace@navy.example\r\nitem1.X-ABLabel:_$!<Work>!$_\r\nTEL;type=CELL;type=VOICE;type=pref:+1 555 0142\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/\r\nUID:7B1D2E3F-iOS-GRACE\r\nEND:VCARD\r\n",
    },
    Step {
        what: "the new card read back: kith's form, its file name and labels kept",
        method: "GET",
        path: "/dav/addressbooks/kith/contacts/D1B6F3A0-7C1E-4E8A-9F00-5A1B2C3D4E5F.vcf",
        headers: &[],
        body: "",
    },
    Step {
        what: "the same card created twice (a retry after a lost answer)",
        method: "PUT",
        path: "/dav/addressbooks/kith/contacts/D1B6F3A0-7C1E-4E8A-9F00-5A1B2C3D4E5F.vcf",
        headers: &[("if-none-match", "*"), ("content-type", "text/vcard")],
        body: "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nUID:7B1D2E3F-iOS-GRACE\r\nEND:VCARD\r\n",
    },
    Step {
        what: "the same UID under another file name",
        method: "PUT",
        path: "/dav/addressbooks/kith/contacts/other-name.vcf",
        headers: &[("if-none-match", "*"), ("content-type", "text/vcard")],
        body: "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nUID:7B1D2E3F-iOS-GRACE\r\nEND:VCARD\r\n",
    },
    Step {
        what: "sync since the first token: the new card",
        method: "REPORT",
        path: "/dav/addressbooks/kith/contacts/",
        headers: &[("depth", "1")],
        body: r#"<?xml version="1.0" encoding="UTF-8"?><A:sync-collection xmlns:A="DAV:"><A:sync-token>{token}</A:sync-token><A:sync-level>1</A:sync-level><A:prop><A:getetag/></A:prop></A:sync-collection>"#,
    },
    Step {
        what: "deleted on the phone",
        method: "DELETE",
        path: "/dav/addressbooks/kith/contacts/D1B6F3A0-7C1E-4E8A-9F00-5A1B2C3D4E5F.vcf",
        headers: &[],
        body: "",
    },
];

const MACOS: &[Step] = &[
    Step { what: "OPTIONS on the root", method: "OPTIONS", path: "/dav/", headers: &[], body: "" },
    Step {
        what: "a contact group, as macOS keeps one",
        method: "PUT",
        path: "/dav/addressbooks/kith/contacts/0A1B-group.vcf",
        headers: &[("if-none-match", "*"), ("content-type", "text/vcard")],
        body: "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//Mac OS X 15.1//EN\r\nN:Family\r\nFN:Family\r\nX-ADDRESSBOOKSERVER-KIND:group\r\nX-ADDRESSBOOKSERVER-MEMBER:urn:uuid:7B1D2E3F\r\nUID:0A1B-group\r\nEND:VCARD\r\n",
    },
    Step {
        what: "a vCard 4.0 GET is not what macOS asks for: 3.0 by default",
        method: "GET",
        path: "/dav/addressbooks/kith/contacts/{ada}",
        headers: &[("accept", "text/vcard")],
        body: "",
    },
    Step {
        what: "a birthday without a year, as macOS writes it",
        method: "PUT",
        path: "/dav/addressbooks/kith/contacts/{ada}",
        headers: &[("content-type", "text/vcard")],
        body: "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//Mac OS X 15.1//EN\r\nN:Lovelace;Ada;;;\r\nFN:Ada Lovelace\r\nitem1.EMAIL;type=INTERNET;type=pref:ada@example.org\r\nitem1.X-ABLabel:_$!<Home>!$_\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-12-10\r\nUID:{ada-uid}\r\nEND:VCARD\r\n",
    },
    Step {
        what: "and read back",
        method: "GET",
        path: "/dav/addressbooks/kith/contacts/{ada}",
        headers: &[],
        body: "",
    },
];

/// Replays one client's steps, returning the exchange as text with what changes between runs
/// (ETags, REV, generated uids) made stable.
async fn replay(steps: &[Step]) -> String {
    let web = Web::new().await;
    let store = web.store.as_ref();
    // Ada's card is one a client made, so her uid (and the order of the cards) is the same each run.
    let ada = NewContact { name: "Ada Lovelace".into(), emails: vec!["ada@example.org".into()], ..Default::default() };
    let put = CardPut {
        name: "a1b2c3d4-0000-4000-8000-00000000ada0.vcf".into(),
        uid: "a1b2c3d4-0000-4000-8000-00000000ada0".into(),
        contact: ada,
        extras: Vec::new(),
        condition: CardCondition::default(),
        today: today(),
    };
    store.put_card(put).await.unwrap();
    let ada = store.resolve("ada@example.org").await.unwrap();
    let phone = Client::signed_in(&web).await;
    let mut token = String::new();
    let mut out = String::new();
    for step in steps {
        let contact = store.contact(ada).await.unwrap();
        let fill = |s: &str| {
            s.replace("{ada}", &format!("{}.vcf", contact.uid))
                .replace("{ada-uid}", &contact.uid)
                .replace("{etag}", &contact.etag)
                .replace("{token}", &token)
        };
        let headers: Vec<(String, String)> = step.headers.iter().map(|(k, v)| (k.to_string(), fill(v))).collect();
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let answer = phone.send(step.method, &fill(step.path), &headers, &fill(step.body)).await;
        if let Some(t) = answer.body.split("<d:sync-token>").nth(1).and_then(|t| t.split("</d:sync-token>").next()) {
            token = t.to_string();
        }
        out.push_str(&format!("## {}\n> {} {}\n< {}\n", step.what, step.method, step.path, answer.status));
        for name in ["location", "content-type", "dav", "allow", "etag"] {
            if let Some(v) = answer.headers.get(name) {
                out.push_str(&format!("< {name}: {}\n", v.to_str().unwrap()));
            }
        }
        out.push_str(&answer.body.replace("\r\n", "\n"));
        out.push_str("\n\n");
        assert!(answer.status != StatusCode::INTERNAL_SERVER_ERROR, "{}: {}", step.what, answer.body);
    }
    let uid = store.contact(ada).await.unwrap().uid;
    stable(&out.replace(&uid, "ADA-UID"))
}

/// ETags (32 hex digits), REV stamps and sync tokens vary from run to run (a token counts every
/// change, the server's own upkeep included).
fn stable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if text[i..].starts_with("urn:kith:sync:") {
            out.push_str("urn:kith:sync:N");
            i += "urn:kith:sync:".len();
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            continue;
        }
        let run = bytes[i..].iter().take_while(|b| b.is_ascii_hexdigit()).count();
        let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if run == 32 && starts_word {
            out.push_str("ETAG");
            i += run;
        } else if text[i..].starts_with("REV:") {
            let end = text[i..].find('\n').map_or(text.len(), |e| i + e);
            out.push_str("REV:…");
            i = end;
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

#[tokio::test]
async fn what_davx5_sends() {
    insta::assert_snapshot!("dav_davx5", replay(DAVX5).await);
}

#[tokio::test]
async fn what_ios_contacts_sends() {
    insta::assert_snapshot!("dav_ios", replay(IOS).await);
}

#[tokio::test]
async fn what_macos_contacts_sends() {
    insta::assert_snapshot!("dav_macos", replay(MACOS).await);
}
