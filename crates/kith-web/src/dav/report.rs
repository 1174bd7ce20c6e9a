//! The REPORTs on the address book: addressbook-multiget (cards by href), addressbook-query (cards
//! whose FN, EMAIL, TEL… match a text) and sync-collection (what changed since a sync token, from
//! the change log, cards gone since answered 404).

use std::collections::HashMap;

use axum::{http::StatusCode, response::Response};
use kith_formats::vcard::VcardVersion;
use kith_store::{Card, StoreError};

use super::{
    cards,
    multistatus::{Multistatus, PropName},
    props::{self, Facts},
    resource::Resource,
    text,
    xml::{CARDDAV, DAV, Element, escape},
    xml_response,
};
use crate::state::AppState;

pub async fn report(state: &AppState, resource: &Resource, body: &Element) -> Result<Response, StoreError> {
    if *resource != Resource::Book {
        return Ok(text(
            StatusCode::FORBIDDEN,
            "reports are run on the address book, /dav/addressbooks/kith/contacts/",
        ));
    }
    let wanted = Wanted::of(body);
    if body.is(CARDDAV, "addressbook-multiget") {
        multiget(state, body, &wanted).await
    } else if body.is(DAV, "sync-collection") {
        sync_collection(state, body, &wanted).await
    } else if body.is(CARDDAV, "addressbook-query") {
        query(state, body, &wanted).await
    } else {
        let body =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:error xmlns:d=\"DAV:\"><d:supported-report/></d:error>\n";
        Ok(xml_response(StatusCode::FORBIDDEN, body.into()))
    }
}

/// The properties a report asks for, and the vCard version of `address-data` if it is one.
struct Wanted {
    names: Vec<PropName>,
    version: VcardVersion,
}

impl Wanted {
    fn of(body: &Element) -> Wanted {
        let prop = body.child(DAV, "prop");
        let names = prop.map_or_else(
            || vec![PropName::new(DAV, "getetag")],
            |p| p.children.iter().map(|c| PropName::new(&c.ns, &c.name)).collect(),
        );
        let version =
            cards::requested(prop.and_then(|p| p.child(CARDDAV, "address-data")).and_then(|a| a.attribute("version")));
        Wanted { names, version }
    }

    /// One card's response.
    fn respond(&self, out: &mut Multistatus, card: &Card, token: i64) {
        let resource = Resource::Card(card.name.clone());
        let facts = Facts { token, etag: Some(&card.contact.etag) };
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for name in &self.names {
            if name.is(CARDDAV, "address-data") {
                found.push((name.clone(), escape(&cards::render(card, self.version)).into_owned()));
                continue;
            }
            match props::value(&resource, name, facts) {
                Some(value) => found.push((name.clone(), value)),
                None => missing.push(name.clone()),
            }
        }
        out.response(&resource.href(), &found, &missing);
    }
}

async fn multiget(state: &AppState, body: &Element, wanted: &Wanted) -> Result<Response, StoreError> {
    let hrefs: Vec<&str> = body.all(DAV, "href").map(|h| h.text.trim()).collect();
    let names: Vec<String> = hrefs
        .iter()
        .filter_map(|h| match Resource::of(h) {
            Some(Resource::Card(name)) => Some(name),
            _ => None,
        })
        .collect();
    let token = state.store().sync_token().await?;
    let found: HashMap<String, Card> =
        state.store().cards(&names).await?.into_iter().map(|c| (c.name.clone(), c)).collect();
    let mut out = Multistatus::default();
    for href in hrefs {
        match Resource::of(href) {
            Some(Resource::Card(name)) if found.contains_key(&name) => wanted.respond(&mut out, &found[&name], token),
            _ => out.status(href, "404 Not Found"),
        }
    }
    Ok(xml_response(StatusCode::MULTI_STATUS, out.finish(None)))
}

async fn sync_collection(state: &AppState, body: &Element, wanted: &Wanted) -> Result<Response, StoreError> {
    let given = body.child(DAV, "sync-token").map(|t| t.text.trim()).unwrap_or("");
    // Read first: a change written while this report runs is in the next one, never lost.
    let now = state.store().sync_token().await?;
    let names: Vec<String> = if given.is_empty() {
        state.store().card_etags().await?.into_iter().map(|(name, _)| name).collect()
    } else {
        let Some(since) = props::token_of(given).filter(|t| *t <= now) else {
            let body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:error xmlns:d=\"DAV:\"><d:valid-sync-token/></d:error>\n";
            return Ok(xml_response(StatusCode::FORBIDDEN, body.into()));
        };
        match state.store().changed_card_names(since, now).await? {
            Some(names) => names,
            // An import or a restore since the token: its contacts are one row of the log, so the
            // client is told to sync from scratch (RFC 6578 3.2), which it does.
            None => {
                let body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:error xmlns:d=\"DAV:\"><d:valid-sync-token/></d:error>\n";
                return Ok(xml_response(StatusCode::FORBIDDEN, body.into()));
            }
        }
    };
    let mut found: HashMap<String, Card> = HashMap::with_capacity(names.len());
    for chunk in names.chunks(1000) {
        found.extend(state.store().cards(chunk).await?.into_iter().map(|c| (c.name.clone(), c)));
    }
    let mut out = Multistatus::default();
    for name in &names {
        match found.get(name) {
            Some(card) => wanted.respond(&mut out, card, now),
            // Deleted or archived since the client's token.
            None if !given.is_empty() => out.status(&Resource::Card(name.clone()).href(), "404 Not Found"),
            None => {}
        }
    }
    Ok(xml_response(StatusCode::MULTI_STATUS, out.finish(Some(&props::sync_token_uri(now)))))
}

async fn query(state: &AppState, body: &Element, wanted: &Wanted) -> Result<Response, StoreError> {
    let filter = body.child(CARDDAV, "filter");
    let all_of = filter.and_then(|f| f.attribute("test")) == Some("allof");
    let tests: Vec<&Element> = filter.map(|f| f.all(CARDDAV, "prop-filter").collect()).unwrap_or_default();
    let limit = body
        .child(CARDDAV, "limit")
        .and_then(|l| l.child(CARDDAV, "nresults"))
        .and_then(|n| n.text.trim().parse::<usize>().ok())
        .unwrap_or(usize::MAX);
    let token = state.store().sync_token().await?;
    let names: Vec<String> = state.store().card_etags().await?.into_iter().map(|(name, _)| name).collect();
    let mut out = Multistatus::default();
    let mut answered = 0;
    for chunk in names.chunks(1000) {
        let mut cards = state.store().cards(chunk).await?;
        cards.sort_by(|a, b| a.name.cmp(&b.name));
        for card in cards {
            let matched = |t: &&Element| prop_filter_matches(t, &card);
            let keep = tests.is_empty() || if all_of { tests.iter().all(matched) } else { tests.iter().any(matched) };
            if keep && answered < limit {
                wanted.respond(&mut out, &card, token);
                answered += 1;
            }
        }
    }
    Ok(xml_response(StatusCode::MULTI_STATUS, out.finish(None)))
}

/// One `<card:prop-filter name="EMAIL">` against a card: its text-matches (any by default, all
/// with test="allof"), or `is-not-defined`.
fn prop_filter_matches(filter: &Element, card: &Card) -> bool {
    let name = filter.attribute("name").unwrap_or("").to_ascii_uppercase();
    let values = values_of(&name, card);
    if filter.child(CARDDAV, "is-not-defined").is_some() {
        return values.is_empty();
    }
    let matches: Vec<&Element> = filter.all(CARDDAV, "text-match").collect();
    if matches.is_empty() {
        return !values.is_empty();
    }
    let one = |m: &&Element| {
        let needle = m.text.trim().to_lowercase();
        let negate = m.attribute("negate-condition") == Some("yes");
        let hit = values.iter().any(|v| {
            let v = v.to_lowercase();
            match m.attribute("match-type").unwrap_or("contains") {
                "equals" => v == needle,
                "starts-with" => v.starts_with(&needle),
                "ends-with" => v.ends_with(&needle),
                _ => v.contains(&needle),
            }
        });
        hit != negate
    };
    if filter.attribute("test") == Some("allof") { matches.iter().all(one) } else { matches.iter().any(one) }
}

/// What a card says for a property a query names.
fn values_of(name: &str, card: &Card) -> Vec<String> {
    let c = &card.contact;
    match name {
        "FN" => vec![c.name.clone()],
        "N" => vec![format!("{};{}", c.family_name, c.given_name)],
        "EMAIL" => c.emails.clone(),
        "TEL" => c.phones.clone(),
        "ORG" => c.org.iter().cloned().collect(),
        "TITLE" => c.title.iter().cloned().collect(),
        "UID" => vec![c.uid.clone()],
        "NOTE" => c.notes.iter().cloned().collect(),
        "CATEGORIES" => c.tags.clone(),
        other => card
            .extras
            .iter()
            .filter_map(|line| {
                let (head, value) = line.split_once(':')?;
                let property = head.split(';').next()?.rsplit('.').next()?;
                property.eq_ignore_ascii_case(other).then(|| value.to_string())
            })
            .collect(),
    }
}
