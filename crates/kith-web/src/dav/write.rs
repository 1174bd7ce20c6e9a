//! PUT and DELETE of cards: what an address-book app sends when the user adds, edits or deletes a
//! contact on it. The conditions (`If-Match`, `If-None-Match`) are checked in the store's writing
//! transaction, so a stale write fails with 412 and never overwrites a newer version.
//!
//! A PUT answers without an ETag: kith stores what the card says, not its bytes (it writes the
//! card again in its own form), and RFC 6352 (6.3.2.3) asks a server that changed a card not to
//! give one, so the client fetches the card kith will serve.

use axum::{
    body::{Body, to_bytes},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use kith_app::address_book::{self, CardRefused, MAX_CARD_BYTES};
use kith_store::{CardCondition, CardPutOutcome, CardRemoveOutcome, MAX_CARD_NAME_BYTES, StoreError};

use super::{resource::Resource, text, xml::escape, xml_response};
use crate::state::AppState;

pub async fn put(
    state: &AppState,
    resource: &Resource,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, StoreError> {
    let Resource::Card(name) = resource else {
        return Ok(not_a_card("PUT"));
    };
    if name.len() > MAX_CARD_NAME_BYTES {
        return Ok(text(
            StatusCode::FORBIDDEN,
            &format!(
                "a card's name is at most {MAX_CARD_NAME_BYTES} bytes; this one is {}: name it shorter",
                name.len()
            ),
        ));
    }
    if let Some(kind) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok())
        && !is_vcard_type(kind)
    {
        return Ok(precondition(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "<card:supported-address-data/>",
            &format!("a card is sent as text/vcard, not {kind}"),
        ));
    }
    let bytes = match to_bytes(body, MAX_CARD_BYTES).await {
        Ok(bytes) => bytes,
        Err(e) if is_too_long(&e) => return Ok(refused(name, &CardRefused::TooLarge)),
        Err(e) => return Ok(text(StatusCode::BAD_REQUEST, &format!("the card could not be read whole: {e}"))),
    };
    let card = match address_book::read_card(&bytes) {
        Ok(card) => card,
        Err(why) => return Ok(refused(name, &why)),
    };
    let outcome = address_book::put(state.store(), name, card, condition(headers), state.today()).await;
    Ok(match outcome {
        Ok(CardPutOutcome::Created { .. }) => StatusCode::CREATED.into_response(),
        Ok(CardPutOutcome::Replaced { .. }) => StatusCode::NO_CONTENT.into_response(),
        Ok(CardPutOutcome::PreconditionFailed) => stale(),
        Ok(CardPutOutcome::UidTaken { name }) => precondition(
            StatusCode::FORBIDDEN,
            &format!(
                "<card:no-uid-conflict><d:href>{}</d:href></card:no-uid-conflict>",
                escape(&Resource::Card(name).href())
            ),
            "another card of this address book has this UID; edit that card instead",
        ),
        Ok(CardPutOutcome::NameTaken) => {
            tracing::info!(card = %name, "a card put under another contact's name was refused");
            text(
                StatusCode::CONFLICT,
                "this name is another contact's card (archived in kith): nothing was written; put the card under \
                 another name",
            )
        }
        Ok(CardPutOutcome::UidChanged { uid }) => precondition(
            StatusCode::FORBIDDEN,
            &format!("<card:no-uid-conflict><d:href>{}</d:href></card:no-uid-conflict>", escape(&resource.href())),
            &format!("this card's UID is {uid}; a card keeps its UID (put a new card to make another contact)"),
        ),
        // What kith's rules refuse in a card that reads well: most often an e-mail address that is
        // another contact's.
        Err(StoreError::Invalid(v)) => {
            tracing::info!(card = %name, field = %v.field, value = %v.value, "a card was refused: {}", v.message);
            text(
                StatusCode::CONFLICT,
                &format!(
                    "{} '{}': {}; nothing was written. If that contact is archived in kith, unarchive it there (it \
                     comes back to the phone) or merge the two; else remove the address on the phone",
                    v.field, v.value, v.message
                ),
            )
        }
        Err(other) => return Err(other),
    })
}

pub async fn delete(state: &AppState, resource: &Resource, headers: &HeaderMap) -> Result<Response, StoreError> {
    let Resource::Card(name) = resource else {
        return Ok(not_a_card("DELETE"));
    };
    state.refresh_settings().await?;
    let deletions = state.settings().phone_deletions;
    Ok(match address_book::remove(state.store(), name, &condition(headers), deletions).await? {
        CardRemoveOutcome::Archived | CardRemoveOutcome::Deleted => StatusCode::NO_CONTENT.into_response(),
        CardRemoveOutcome::NotFound => super::not_found_card(),
        CardRemoveOutcome::PreconditionFailed => stale(),
    })
}

/// Whether reading the body stopped at the size limit (not a client gone away).
fn is_too_long(e: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if err.to_string().contains("length limit exceeded") {
            return true;
        }
        source = err.source();
    }
    false
}

/// `text/vcard`, and the older names clients still send.
fn is_vcard_type(kind: &str) -> bool {
    let essence = kind.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    matches!(essence.as_str(), "text/vcard" | "text/x-vcard" | "text/directory")
}

/// The write's conditions from its headers: ETags without quotes, `*` as it is. In `If-Match` a
/// weak ETag (`W/"…"`) is kept with its prefix, so it never matches (strong comparison); in
/// `If-None-Match` it is compared weakly, as the tag it names (RFC 7232 3.1, 3.2).
pub fn condition(headers: &HeaderMap) -> CardCondition {
    let list = |name: header::HeaderName| {
        let weak_too = name == header::IF_NONE_MATCH;
        let values: Vec<String> = headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .map(|t| if weak_too { t.strip_prefix("W/").unwrap_or(t) } else { t })
            .map(|t| t.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(t).to_string())
            .collect();
        (!values.is_empty()).then_some(values)
    };
    CardCondition { if_match: list(header::IF_MATCH), if_none_match: list(header::IF_NONE_MATCH) }
}

fn stale() -> Response {
    text(
        StatusCode::PRECONDITION_FAILED,
        "the card changed since your app last read it (or exists already): nothing was written; sync, then make \
         the change again",
    )
}

fn refused(name: &str, why: &CardRefused) -> Response {
    // Phones seldom show why a change did not sync: the server's log does.
    tracing::info!(card = %name, "a card was refused: {why}");
    match why {
        CardRefused::TooLarge => precondition(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("<card:max-resource-size>{MAX_CARD_BYTES}</card:max-resource-size>"),
            &why.to_string(),
        ),
        _ => precondition(StatusCode::FORBIDDEN, "<card:valid-address-data/>", &format!("{why}; nothing was written")),
    }
}

fn not_a_card(method: &str) -> Response {
    let mut response = text(
        StatusCode::METHOD_NOT_ALLOWED,
        &format!(
            "{method} works on cards (/dav/addressbooks/kith/contacts/NAME.vcf); the address book itself is kith's"
        ),
    );
    response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("OPTIONS, GET, HEAD, PROPFIND, REPORT"));
    response
}

/// A refused precondition (RFC 4918 16): its element, and why in words (clients show the text).
fn precondition(status: StatusCode, element: &str, why: &str) -> Response {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:error xmlns:d=\"DAV:\" xmlns:card=\"urn:ietf:params:xml:ns:carddav\">\
         {element}<d:responsedescription>{}</d:responsedescription></d:error>\n",
        escape(why)
    );
    xml_response(status, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_read_from_headers() {
        let mut h = HeaderMap::new();
        assert_eq!(condition(&h), CardCondition::default());
        h.insert(header::IF_MATCH, "\"a\", W/\"b\"".parse().unwrap());
        h.insert(header::IF_NONE_MATCH, "*, W/\"c\"".parse().unwrap());
        let c = condition(&h);
        assert_eq!(c.if_match, Some(vec!["a".to_string(), "W/\"b\"".to_string()]));
        assert_eq!(c.if_none_match, Some(vec!["*".to_string(), "c".to_string()]), "weak comparison");
        assert!(!c.holds(None), "if-match fails when there is no card");
        assert!(!c.holds(Some("a")), "if-none-match * fails on an existing card");
        let update = CardCondition { if_match: Some(vec!["a".into()]), if_none_match: None };
        assert!(update.holds(Some("a")) && !update.holds(Some("b")));
        let weak = CardCondition { if_match: Some(vec!["W/\"a\"".into()]), if_none_match: None };
        assert!(!weak.holds(Some("a")), "writes compare strongly");
        assert!(is_vcard_type("text/vcard; charset=utf-8") && is_vcard_type("text/x-vcard"));
        assert!(!is_vcard_type("application/json"));
    }
}
