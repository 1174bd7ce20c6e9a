//! The web app as a user meets it: every route answered through the router, as a browser or an API
//! client sends requests. One test binary; the concerns live in the modules below.

mod support;

#[path = "web/accounts.rs"]
mod accounts;
#[path = "web/api.rs"]
mod api;
#[path = "web/campaigns.rs"]
mod campaigns;
#[path = "web/career.rs"]
mod career;
#[path = "web/dav.rs"]
mod dav;
#[path = "web/dav_clients.rs"]
mod dav_clients;
#[path = "web/events.rs"]
mod events;
#[path = "web/exchange.rs"]
mod exchange;
#[path = "web/goals.rs"]
mod goals;
#[path = "web/intros.rs"]
mod intros;
#[path = "web/isolation.rs"]
mod isolation;
#[path = "web/isolation_cases.rs"]
mod isolation_cases;
#[path = "web/pages.rs"]
mod pages;
#[path = "web/relationships.rs"]
mod relationships;
#[path = "web/security.rs"]
mod security;
#[path = "web/sign_in.rs"]
mod sign_in;
#[path = "web/sources.rs"]
mod sources;
#[path = "web/triage.rs"]
mod triage;
