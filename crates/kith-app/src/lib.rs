//! What kith's command line and its web app both do, so the two always agree: the JSON shapes of the
//! CLI contract (which the web API returns too), a contact's profile, imports and exports from
//! bytes to the store and back, the calendar feed, and the settings that shape them.
//!
//! Nothing here prints, parses command lines or speaks HTTP: the `kith` binary and `kith-web` do
//! that around these functions.

pub mod accounts;
pub mod address_book;
pub mod api_tokens;
pub mod app_passwords;
pub mod app_settings;
pub mod campaign;
pub mod campaign_send;
pub mod career;
pub mod digest;
pub mod digest_html;
pub mod digest_schedule;
pub mod duplicates;
pub mod events;
pub mod exchange;
pub mod followup;
pub mod goals;
pub mod graph;
pub mod intros;
pub mod mail;
pub mod password_hash;
pub mod profile;
pub mod relationships;
pub mod search;
pub mod settings;
pub mod snooze;
pub mod sources;
pub mod touch_edit;
pub mod triage;
pub mod views;
pub mod wording;

pub use profile::Profile;
pub use settings::Settings;
