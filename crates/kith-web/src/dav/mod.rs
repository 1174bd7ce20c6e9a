//! The address book over CardDAV (RFC 6352), under `/dav/`: what phones, macOS, DAVx5 and
//! Thunderbird sync contacts with.
//!
//! One address book per owner, `/dav/addressbooks/kith/contacts/`, holding every contact not
//! archived as `{uid}.vcf`. Reads: PROPFIND (depth 0 and 1), GET, and the reports
//! addressbook-multiget, addressbook-query and sync-collection (RFC 6578, from the change log).
//! Writes: PUT and DELETE of cards (`write.rs`), under the client's If-Match / If-None-Match.
//! Every request signs with an app password (`auth.rs`); the host check and CSRF defence of the
//! rest of the app stay on.

mod auth;
mod cards;
mod multistatus;
mod props;
mod report;
mod resource;
mod write;
pub mod xml;

use crate::state::AsOwner;
use std::net::SocketAddr;

use axum::{
    body::{Body, to_bytes},
    extract::{ConnectInfo, Request},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    response::{IntoResponse, Response},
    routing::any,
};
use kith_store::StoreError;

use crate::route_list::listed_routes;
use crate::state::AppState;
use multistatus::{Multistatus, PropName};
use props::Facts;
use resource::Resource;
use xml::{DAV, XmlError};

/// The largest PROPFIND or REPORT body read, in bytes.
const MAX_XML_BYTES: usize = 1024 * 1024;

const ALLOW: &str = "OPTIONS, GET, HEAD, PROPFIND, REPORT, PUT, DELETE";

listed_routes! {
    "/.well-known/carddav" => any(well_known),
    "/dav" => any(dav),
    "/dav/" => any(dav),
    "/dav/{*rest}" => any(dav),
}

/// RFC 6764: clients that are given only the server's address find the address book here.
async fn well_known() -> Response {
    let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
    response.headers_mut().insert(header::LOCATION, HeaderValue::from_static(resource::ROOT));
    response
}

async fn dav(AsOwner(state): AsOwner, request: Request) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    if let Err(refused) = auth::check(&state, request.headers(), peer).await {
        return refused;
    }
    if request.method().as_str() == "MKCOL" {
        // RFC 6352 5.2: an address book holds cards only, and kith keeps one per owner.
        return text(
            StatusCode::FORBIDDEN,
            "kith's address book holds cards only and makes no collections: put cards into /dav/addressbooks/kith/contacts/",
        );
    }
    let Some(resource) = Resource::of(request.uri().path()) else {
        // A card put below a collection that does not exist: RFC 4918 9.7.1 answers 409.
        let status = if request.method() == Method::PUT { StatusCode::CONFLICT } else { StatusCode::NOT_FOUND };
        return text(status, "no such address book or card: kith's is /dav/addressbooks/kith/contacts/");
    };
    let (parts, body) = request.into_parts();
    let answer = match parts.method.as_str() {
        "OPTIONS" => Ok(options()),
        "PROPFIND" => match xml_body(body).await {
            Ok(xml) => propfind(&state, &resource, &parts.headers, xml.as_ref()).await,
            Err(refused) => return refused,
        },
        "REPORT" => match xml_body(body).await {
            Ok(Some(xml)) => report::report(&state, &resource, &xml).await,
            Ok(None) => return text(StatusCode::BAD_REQUEST, "a REPORT needs an XML body naming the report"),
            Err(refused) => return refused,
        },
        "GET" | "HEAD" => get(&state, &resource, &parts.headers, parts.method == Method::HEAD).await,
        "PUT" => write::put(&state, &resource, &parts.headers, body).await,
        "DELETE" => write::delete(&state, &resource, &parts.headers).await,
        _ => {
            let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "kith's address book does not do that");
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static(ALLOW));
            return response;
        }
    };
    answer.unwrap_or_else(store_error)
}

fn options() -> Response {
    let mut response = StatusCode::OK.into_response();
    let h = response.headers_mut();
    h.insert("dav", HeaderValue::from_static("1, 3, addressbook"));
    h.insert(header::ALLOW, HeaderValue::from_static(ALLOW));
    response
}

/// The XML of a PROPFIND or REPORT body; `None` for an empty one.
async fn xml_body(body: Body) -> Result<Option<xml::Element>, Response> {
    let bytes = to_bytes(body, MAX_XML_BYTES).await.map_err(|_| {
        text(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("the request body is larger than kith reads ({MAX_XML_BYTES} bytes)"),
        )
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let body = std::str::from_utf8(&bytes).map_err(|_| text(StatusCode::BAD_REQUEST, "the XML body is not UTF-8"))?;
    xml::parse(body).map(Some).map_err(|XmlError(why)| text(StatusCode::BAD_REQUEST, &why))
}

/// Which properties a PROPFIND asks for.
enum Wanted {
    All,
    Names,
    These(Vec<PropName>),
}

async fn propfind(
    state: &AppState,
    resource: &Resource,
    headers: &HeaderMap,
    body: Option<&xml::Element>,
) -> Result<Response, StoreError> {
    let depth = headers.get("depth").and_then(|d| d.to_str().ok()).map(str::trim).unwrap_or("infinity");
    let depth = match depth {
        "0" => 0,
        "1" => 1,
        _ => {
            let body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:error xmlns:d=\"DAV:\"><d:propfind-finite-depth/></d:error>\n";
            return Ok(xml_response(StatusCode::FORBIDDEN, body.into()));
        }
    };
    let wanted = match body {
        None => Wanted::All,
        Some(root) if !root.is(DAV, "propfind") => {
            return Ok(text(StatusCode::BAD_REQUEST, "a PROPFIND body is a <DAV:propfind> element"));
        }
        Some(root) if root.child(DAV, "propname").is_some() => Wanted::Names,
        Some(root) => match root.child(DAV, "prop") {
            Some(prop) => Wanted::These(prop.children.iter().map(|c| PropName::new(&c.ns, &c.name)).collect()),
            None => Wanted::All,
        },
    };
    let token = state.store().sync_token().await?;
    let mut members = vec![(resource.clone(), None::<String>)];
    match resource {
        Resource::Card(name) => {
            let etag = state.store().cards(std::slice::from_ref(name)).await?.pop().map(|c| c.contact.etag);
            let Some(etag) = etag else { return Ok(not_found_card()) };
            members[0].1 = Some(etag);
        }
        Resource::Book if depth == 1 => {
            let etags = state.store().card_etags().await?;
            members.extend(etags.into_iter().map(|(name, etag)| (Resource::Card(name), Some(etag))));
        }
        Resource::Root if depth == 1 => members.extend([(Resource::Principal, None), (Resource::Home, None)]),
        Resource::Home if depth == 1 => members.push((Resource::Book, None)),
        _ => {}
    }
    let mut out = Multistatus::default();
    for (member, etag) in &members {
        let facts = Facts { token, etag: etag.as_deref() };
        let names = match &wanted {
            Wanted::All | Wanted::Names => props::all(member),
            Wanted::These(names) => names.clone(),
        };
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for name in names {
            match props::value(member, &name, facts) {
                Some(_) if matches!(wanted, Wanted::Names) => found.push((name, String::new())),
                Some(value) => found.push((name, value)),
                None => missing.push(name),
            }
        }
        out.response(&member.href(), &found, &missing);
    }
    Ok(xml_response(StatusCode::MULTI_STATUS, out.finish(None)))
}

async fn get(state: &AppState, resource: &Resource, headers: &HeaderMap, head: bool) -> Result<Response, StoreError> {
    let Resource::Card(name) = resource else {
        return Ok(text(StatusCode::OK, "kith's address book: add it to a CardDAV client (see the Address book page)"));
    };
    let Some(card) = state.store().cards(std::slice::from_ref(name)).await?.pop() else {
        return Ok(not_found_card());
    };
    let etag = format!("\"{}\"", card.contact.etag);
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
    {
        return Ok(with_etag(StatusCode::NOT_MODIFIED.into_response(), &etag));
    }
    let version = cards::accepted(headers);
    let text = cards::render(&card, version);
    let length = text.len();
    let mut response = if head { Response::new(Body::empty()) } else { Response::new(Body::from(text)) };
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(cards::content_type(version)));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    h.insert(
        header::LAST_MODIFIED,
        HeaderValue::from_str(&card.contact.updated_at.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
            .expect("a date is a header value"),
    );
    Ok(with_etag(response, &etag))
}

fn with_etag(mut response: Response, etag: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

fn not_found_card() -> Response {
    text(StatusCode::NOT_FOUND, "no such card: the contact was deleted or archived, or never was")
}

fn xml_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/xml; charset=utf-8"));
    response
}

fn text(status: StatusCode, why: &str) -> Response {
    (status, format!("{why}\n")).into_response()
}

fn store_error(e: StoreError) -> Response {
    match e {
        StoreError::NotFound { .. } => not_found_card(),
        StoreError::Invalid(v) => {
            text(StatusCode::UNPROCESSABLE_ENTITY, &format!("{} '{}': {}", v.field, v.value, v.message))
        }
        other => {
            tracing::warn!(error = %other, "a DAV request failed");
            text(StatusCode::SERVICE_UNAVAILABLE, "kith's store did not answer; try again shortly")
        }
    }
}
