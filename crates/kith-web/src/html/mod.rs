//! The server-rendered pages. Every page and form works without JavaScript; htmx (loaded by every
//! page, `hx-boost` on the body) only makes navigation and posts smoother.

pub mod actions;
pub mod address_book;
pub mod campaign_board;
pub mod campaign_send;
pub mod campaigns;
pub mod career;
pub mod charts;
pub mod chrome;
pub mod contact;
pub mod contact_form;
pub mod contacts;
pub mod dashboard;
pub mod delete;
pub mod due;
pub mod event_edit;
pub mod events;
pub mod exchange;
pub mod followups;
pub mod format;
pub mod forms;
pub mod goals;
pub mod intros;
pub mod login;
pub mod merge;
pub mod network;
pub mod orgs;
pub mod relationships;
pub mod settings;
pub mod signals;
pub mod sources;
pub mod touch_edit;
pub mod triage;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    routing::{get, post},
};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard::page))
        .route("/contacts", get(contacts::page).post(contact_form::create))
        .route("/contacts/new", get(contact_form::new_page))
        .route("/contacts/bulk", post(contacts::bulk))
        .route("/contacts/{id}", get(contact::page).post(contact_form::update))
        .route("/contacts/{id}/edit", get(contact_form::edit_page))
        .route("/contacts/{id}/log", post(contact::log))
        .route("/contacts/{id}/snooze", post(actions::snooze))
        .route("/contacts/{id}/archive", post(contact_form::archive))
        .route("/contacts/{id}/delete", get(delete::confirm).post(delete::delete))
        .route("/contacts/{id}/followups", post(actions::add_followup_for))
        .route("/contacts/{id}/merge", get(merge::page).post(merge::merge))
        .route("/contacts/{id}/relationships", post(relationships::relate))
        .route("/relationships/{id}/remove", post(relationships::remove))
        .route("/intros", get(intros::page))
        .route("/intros/ask", post(intros::ask))
        .route("/network", get(network::page))
        .route("/duplicates", get(merge::list))
        .route("/merges/undo", post(merge::undo))
        .route("/settings", get(settings::page).post(settings::save))
        .route("/settings/test-mail", post(settings::test_mail))
        .route("/sources", get(sources::page).post(sources::create))
        .route("/address-book", get(address_book::page))
        .route("/address-book/passwords", post(address_book::create))
        .route("/address-book/passwords/revoke", post(address_book::revoke))
        .route("/address-book/deletions", post(address_book::deletions))
        .route("/sources/{id}/sync", post(sources::sync_now))
        .route("/sources/{id}/pause", post(sources::pause))
        .route("/sources/{id}/resume", post(sources::resume))
        .route("/sources/{id}/remove", post(sources::remove))
        .route("/suggestions/add", post(sources::add_suggestion))
        .route("/suggestions/dismiss", post(sources::dismiss_suggestion))
        .route("/due", get(due::page))
        .route("/followups", get(followups::page).post(actions::add_followup_by_name))
        .route("/followups/{id}/done", post(actions::followup_done))
        .route("/campaigns", get(campaigns::page).post(campaigns::create))
        .route("/campaigns/{id}", get(campaign_board::page))
        .route("/campaigns/{id}/send", post(campaign_send::send))
        .route("/campaigns/{id}/contacts/{contact}/stage", post(campaign_board::stage))
        .route("/campaigns/{id}/contacts/{contact}/custom", post(campaign_board::custom))
        .route("/campaigns/{id}/contacts/{contact}/preview", post(campaign_board::preview))
        .route("/campaigns/{id}/contacts/{contact}/draft.eml", get(campaign_board::eml))
        .route("/events", get(events::page).post(events::create))
        .route("/events/{id}", get(event_edit::page).post(event_edit::save))
        .route("/events/{id}/remove", post(event_edit::remove))
        .route("/goals", get(goals::page).post(goals::create))
        .route("/goals/{id}", post(goals::update))
        .route("/goals/{id}/remove", post(goals::remove))
        .route("/career", get(career::page).post(career::update))
        .route("/career/accomplishments", post(career::add))
        .route("/career/accomplishments/{id}/remove", post(career::remove))
        .route("/career/brag.md", get(career::brag))
        .route("/signals", get(signals::page).post(signals::create))
        .route("/triage", get(triage::page).post(triage::sort))
        .route("/triage/accept", post(triage::accept))
        .route("/signals/{id}/remove", post(signals::remove))
        .route("/interactions/{id}/delete", post(actions::delete_interaction))
        .route("/interactions/{id}/edit", get(touch_edit::page).post(touch_edit::save))
        .route("/orgs", get(orgs::list).post(orgs::create))
        .route("/orgs/{id}", get(orgs::page))
        .route("/orgs/{id}/members", post(orgs::join))
        .route("/orgs/{id}/mine", post(orgs::mine))
        .route(
            "/import",
            get(exchange::form).post(exchange::preview).layer(DefaultBodyLimit::max(exchange::MAX_UPLOAD_BYTES)),
        )
        .route("/import/{token}", post(exchange::confirm))
        .route("/import/{token}/cancel", post(exchange::cancel))
        .route("/import/{token}/rejected", get(exchange::rejected))
        .route("/export", get(exchange::export_page))
        .route("/export/{format}", get(exchange::export))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
}
