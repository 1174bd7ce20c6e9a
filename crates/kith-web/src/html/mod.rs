//! The server-rendered pages. Every page and form works without JavaScript; htmx (loaded by every
//! page, `hx-boost` on the body) only makes navigation and posts smoother.

pub mod actions;
pub mod address_book;
pub mod api_tokens;
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
    extract::DefaultBodyLimit,
    routing::{get, post},
};

use crate::route_list::listed_routes;

listed_routes! {
    "/" => get(dashboard::page),
    "/contacts" => get(contacts::page).post(contact_form::create),
    "/contacts/new" => get(contact_form::new_page),
    "/contacts/bulk" => post(contacts::bulk),
    "/contacts/{id}" => get(contact::page).post(contact_form::update),
    "/contacts/{id}/edit" => get(contact_form::edit_page),
    "/contacts/{id}/log" => post(contact::log),
    "/contacts/{id}/snooze" => post(actions::snooze),
    "/contacts/{id}/archive" => post(contact_form::archive),
    "/contacts/{id}/delete" => get(delete::confirm).post(delete::delete),
    "/contacts/{id}/followups" => post(actions::add_followup_for),
    "/contacts/{id}/merge" => get(merge::page).post(merge::merge),
    "/contacts/{id}/relationships" => post(relationships::relate),
    "/relationships/{id}/remove" => post(relationships::remove),
    "/intros" => get(intros::page),
    "/intros/ask" => post(intros::ask),
    "/network" => get(network::page),
    "/duplicates" => get(merge::list),
    "/merges/undo" => post(merge::undo),
    "/settings" => get(settings::page).post(settings::save),
    "/settings/test-mail" => post(settings::test_mail),
    "/settings/tokens" => get(api_tokens::page).post(api_tokens::create),
    "/settings/tokens/revoke" => post(api_tokens::revoke),
    "/sources" => get(sources::page).post(sources::create),
    "/address-book" => get(address_book::page),
    "/address-book/passwords" => post(address_book::create),
    "/address-book/passwords/revoke" => post(address_book::revoke),
    "/address-book/deletions" => post(address_book::deletions),
    "/sources/{id}/sync" => post(sources::sync_now),
    "/sources/{id}/pause" => post(sources::pause),
    "/sources/{id}/resume" => post(sources::resume),
    "/sources/{id}/remove" => post(sources::remove),
    "/suggestions/add" => post(sources::add_suggestion),
    "/suggestions/dismiss" => post(sources::dismiss_suggestion),
    "/due" => get(due::page),
    "/followups" => get(followups::page).post(actions::add_followup_by_name),
    "/followups/{id}/done" => post(actions::followup_done),
    "/campaigns" => get(campaigns::page).post(campaigns::create),
    "/campaigns/{id}" => get(campaign_board::page),
    "/campaigns/{id}/send" => post(campaign_send::send),
    "/campaigns/{id}/contacts/{contact}/stage" => post(campaign_board::stage),
    "/campaigns/{id}/contacts/{contact}/custom" => post(campaign_board::custom),
    "/campaigns/{id}/contacts/{contact}/preview" => post(campaign_board::preview),
    "/campaigns/{id}/contacts/{contact}/draft.eml" => get(campaign_board::eml),
    "/events" => get(events::page).post(events::create),
    "/events/{id}" => get(event_edit::page).post(event_edit::save),
    "/events/{id}/remove" => post(event_edit::remove),
    "/goals" => get(goals::page).post(goals::create),
    "/goals/{id}" => post(goals::update),
    "/goals/{id}/remove" => post(goals::remove),
    "/career" => get(career::page).post(career::update),
    "/career/accomplishments" => post(career::add),
    "/career/accomplishments/{id}/remove" => post(career::remove),
    "/career/brag.md" => get(career::brag),
    "/signals" => get(signals::page).post(signals::create),
    "/triage" => get(triage::page).post(triage::sort),
    "/triage/accept" => post(triage::accept),
    "/signals/{id}/remove" => post(signals::remove),
    "/interactions/{id}/delete" => post(actions::delete_interaction),
    "/interactions/{id}/edit" => get(touch_edit::page).post(touch_edit::save),
    "/orgs" => get(orgs::list).post(orgs::create),
    "/orgs/{id}" => get(orgs::page),
    "/orgs/{id}/members" => post(orgs::join),
    "/orgs/{id}/mine" => post(orgs::mine),
    "/import" => get(exchange::form).post(exchange::preview).layer(DefaultBodyLimit::max(exchange::MAX_UPLOAD_BYTES)),
    "/import/{token}" => post(exchange::confirm),
    "/import/{token}/cancel" => post(exchange::cancel),
    "/import/{token}/rejected" => get(exchange::rejected),
    "/export" => get(exchange::export_page),
    "/export/{format}" => get(exchange::export),
    "/login" => get(login::form).post(login::submit),
    "/logout" => post(login::logout),
}
