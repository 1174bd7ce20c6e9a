//! The settings page: your own addresses, the plan's size, the first day of a goal's week, the
//! weekly digest, the mail server (with a test message) and the calendar feed's address. What the
//! configuration file sets is shown as the file's and cannot be changed here; the rest is kept in
//! the database and in force at the next request, on every server.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    Form,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use kith_app::{
    Settings,
    app_settings::{AppSettings, read_addresses, read_plan_size, read_port, send_test_mail},
    mail::SmtpSettings,
    settings::DigestSettings,
};
use kith_core::ValidationError;
use serde::Deserialize;

use crate::{
    error::WebError,
    html::{
        chrome::{Chrome, Page, PageResult, done},
        forms::{checked, text},
    },
    state::AppState,
};

const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const TLS: [&str; 3] = ["starttls", "tls", "none"];

/// The form as typed, or as the settings in force are when first shown.
#[derive(Debug, Default, Deserialize)]
pub struct SettingsForm {
    pub me: Option<String>,
    pub plan_size: Option<String>,
    pub week_starts: Option<String>,
    pub digest_enabled: Option<String>,
    pub digest_weekday: Option<String>,
    pub digest_time: Option<String>,
    pub digest_to: Option<String>,
    pub smtp_host: Option<String>,
    pub smtp_port: Option<String>,
    pub smtp_tls: Option<String>,
    pub smtp_username: Option<String>,
    pub smtp_from: Option<String>,
}

impl SettingsForm {
    fn of(s: &Settings) -> SettingsForm {
        let smtp = s.smtp.as_ref();
        SettingsForm {
            me: Some(s.me.join(", ")),
            plan_size: Some(s.plan_size.to_string()),
            week_starts: Some(s.week_starts.clone()),
            digest_enabled: s.digest.enabled.then(|| "on".to_string()),
            digest_weekday: Some(s.digest.weekday.clone()),
            digest_time: Some(s.digest.time.clone()),
            digest_to: s.digest.to.clone(),
            smtp_host: smtp.map(|m| m.host.clone()),
            smtp_port: smtp.and_then(|m| m.port).map(|p| p.to_string()),
            smtp_tls: smtp.and_then(|m| m.tls.clone()),
            smtp_username: smtp.and_then(|m| m.username.clone()),
            smtp_from: smtp.and_then(|m| m.from.clone()),
        }
    }

    fn v<'a>(&'a self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }

    /// The settings the form sets, for the groups the file leaves to the app.
    /// `stored` is what the app has kept: what this form does not set (what a deletion on the phone
    /// does, set on the Address book page or with `kith settings set`) stays as stored.
    fn settings(&self, app: &AppState, stored: &AppSettings) -> Result<AppSettings, ValidationError> {
        let file = app.file_settings();
        let mut out = AppSettings { phone_deletions: stored.phone_deletions, ..AppSettings::default() };
        if !file.locks("me") {
            out.me = Some(read_addresses(self.v(&self.me)));
        }
        if !file.locks("plan_size") {
            out.plan_size = Some(read_plan_size(self.v(&self.plan_size))?);
        }
        if !file.locks("week_starts") {
            out.week_starts = Some(self.v(&self.week_starts).trim().to_lowercase());
        }
        if !file.locks("digest") {
            out.digest = Some(DigestSettings {
                enabled: checked(&self.digest_enabled),
                weekday: self.v(&self.digest_weekday).trim().to_lowercase(),
                time: self.v(&self.digest_time).trim().to_string(),
                to: text(&self.digest_to),
            });
        }
        if !file.locks("smtp") {
            out.smtp = match text(&self.smtp_host) {
                None if [&self.smtp_port, &self.smtp_username, &self.smtp_from].iter().any(|v| text(v).is_some()) => {
                    let msg = "give the mail server's name, or clear the port, user name and sender to have none";
                    return Err(ValidationError::new("smtp.host", "", msg));
                }
                None => None,
                Some(host) => Some(SmtpSettings {
                    host,
                    port: read_port(self.v(&self.smtp_port))?,
                    tls: text(&self.smtp_tls),
                    username: text(&self.smtp_username),
                    password: None,
                    from: text(&self.smtp_from),
                }),
            };
        }
        out.validate(file)?;
        Ok(out)
    }
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    chrome: Chrome,
    form: SettingsForm,
    /// The groups the configuration file sets: shown, not changed here.
    locked: Vec<&'static str>,
    weekdays: [&'static str; 7],
    tls: [&'static str; 3],
    feed_url: String,
    /// The server the environment's password is for (`KITH_SMTP_HOST`), when one is set.
    password_host: Option<String>,
    /// The mailboxes and calendars followed, with how their syncs go.
    sources: Vec<kith_app::sources::SourceView>,
    error: Option<String>,
}

impl SettingsPage {
    fn locks(&self, key: &str) -> bool {
        self.locked.contains(&key)
    }
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    form: Option<SettingsForm>,
    error: Option<String>,
) -> PageResult<Page> {
    let file = state.file_settings();
    let locked = kith_app::app_settings::KEYS.into_iter().filter(|k| file.locks(k)).collect();
    let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let feed_url = format!("http://{host}/feed/{}.ics", state.store().feed_token().await?);
    let current = SettingsForm::of(&state.settings());
    // What the file sets is not sent back by the form (its fields are disabled): shown as in force.
    let form = match form {
        None => current,
        Some(mut typed) => {
            if file.locks("me") {
                typed.me = current.me;
            }
            if file.locks("plan_size") {
                typed.plan_size = current.plan_size;
            }
            if file.locks("week_starts") {
                typed.week_starts = current.week_starts;
            }
            if file.locks("digest") {
                (typed.digest_enabled, typed.digest_weekday) = (current.digest_enabled, current.digest_weekday);
                (typed.digest_time, typed.digest_to) = (current.digest_time, current.digest_to);
            }
            if file.locks("smtp") {
                (typed.smtp_host, typed.smtp_port, typed.smtp_tls) =
                    (current.smtp_host, current.smtp_port, current.smtp_tls);
                (typed.smtp_username, typed.smtp_from) = (current.smtp_username, current.smtp_from);
            }
            typed
        }
    };
    let view = SettingsPage {
        chrome: Chrome::new(state, headers, "Settings", "settings"),
        form,
        locked,
        weekdays: WEEKDAYS,
        tls: TLS,
        feed_url,
        password_host: file.smtp_password.as_ref().and(file.smtp_password_host.clone()),
        sources: kith_app::sources::view::list(state.store()).await?,
        error,
    };
    Ok(Page::render(&view, &view.chrome)?)
}

/// `GET /settings`.
pub async fn page(AsOwner(state): AsOwner, headers: HeaderMap) -> PageResult<Response> {
    Ok(render(&state, &headers, None, None).await?.into_response())
}

/// `POST /settings`: keeps the settings and puts them in force at once.
pub async fn save(AsOwner(state): AsOwner, headers: HeaderMap, Form(form): Form<SettingsForm>) -> PageResult<Response> {
    let stored = match state.store().app_settings().await?.as_deref().map(AppSettings::from_json).transpose() {
        Ok(stored) => stored.unwrap_or_default(),
        Err(e) => return Err(WebError::Invalid(e).into()),
    };
    match form.settings(&state, &stored) {
        Ok(app) => {
            state.store().set_app_settings(&app.to_json()).await?;
            state.refresh_settings().await?;
            Ok(done("/settings", "Settings saved; they are in force now."))
        }
        Err(e) => {
            let message = format!("{} '{}': {}", e.field, e.value, e.message);
            let page = render(&state, &headers, Some(form), Some(message)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// `POST /settings/test-mail`: a short message through the mail server in force.
pub async fn test_mail(AsOwner(state): AsOwner) -> PageResult<Response> {
    match send_test_mail(&state.settings()).await {
        Ok(to) => Ok(done("/settings", format!("A test message went to {to}: check your inbox."))),
        Err(why) => {
            Err(WebError::Invalid(ValidationError::new("smtp", "", format!("no test message was sent: {why}"))).into())
        }
    }
}
