//! What every page shares: its title and section for the navigation, the one-time message left by
//! the last form (a "flash" cookie, so a redirect after a post can still say what happened), and
//! the asset URLs. [`Page`] turns a rendered template into a response that also clears the flash.

use askama::Template;
use axum::{
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use chrono::NaiveDate;

use crate::{
    assets::{AssetUrls, URLS},
    error::{WebError, WebResult},
    html::forms::{decode, encode},
    security::cookie,
    state::AppState,
};

const FLASH_COOKIE: &str = "kith_flash";

/// The frame around every page.
#[derive(Debug)]
pub struct Chrome {
    pub title: String,
    /// Which navigation entry is current: `dashboard`, `contacts`, `followups`, `goals`, `campaigns`, `orgs`, `import`, `export`.
    pub section: &'static str,
    pub flash: Option<String>,
    /// The search box's value.
    pub query: String,
    pub today: NaiveDate,
    pub assets: &'static AssetUrls,
    /// Whether the page offers "Sign out": the server asks for a token (so the reader signed in).
    pub sign_out: bool,
}

/// A link in the header: (path, label, section).
pub type NavLink = (&'static str, &'static str, &'static str);

/// A group of the "More" menu: its title and links.
pub type NavGroup = (&'static str, &'static [NavLink]);

/// The daily sections, always in the header.
const NAV: [NavLink; 4] = [
    ("/", "Dashboard", "dashboard"),
    ("/contacts", "Contacts", "contacts"),
    ("/followups", "Follow-ups", "followups"),
    ("/goals", "Goals", "goals"),
];

/// The other sections, grouped in the header's "More" menu (a `<details>`: no script needed).
const MORE: [NavGroup; 3] = [
    (
        "Your network",
        &[
            ("/orgs", "Organizations", "orgs"),
            ("/intros", "Introductions", "intros"),
            ("/network", "Network map", "network"),
            ("/events", "Events", "events"),
            ("/triage", "Sort imported", "triage"),
            ("/duplicates", "Duplicates", "duplicates"),
        ],
    ),
    (
        "Job search",
        &[
            ("/campaigns", "Campaigns", "campaigns"),
            ("/career", "Career", "career"),
            ("/signals", "Signals", "signals"),
        ],
    ),
    (
        "Your data",
        &[
            ("/import", "Import", "import"),
            ("/export", "Export", "export"),
            ("/sources", "Mail and calendars", "sources"),
            ("/address-book", "Address book", "address-book"),
            ("/settings", "Settings", "settings"),
        ],
    ),
];

impl Chrome {
    pub fn new(state: &AppState, headers: &HeaderMap, title: impl Into<String>, section: &'static str) -> Chrome {
        Chrome {
            title: title.into(),
            section,
            flash: cookie(headers, FLASH_COOKIE).map(decode).filter(|m| !m.is_empty()),
            query: String::new(),
            today: state.today(),
            assets: &URLS,
            sign_out: state.guard().sign_in_required(),
        }
    }

    /// A frame for error pages, which have no state at hand.
    pub fn bare(title: impl Into<String>) -> Chrome {
        Chrome {
            title: title.into(),
            section: "",
            flash: None,
            query: String::new(),
            today: chrono::Local::now().date_naive(),
            assets: &URLS,
            sign_out: false,
        }
    }

    pub fn nav(&self) -> &'static [NavLink] {
        &NAV
    }

    /// The "More" menu's groups of (path, label, section).
    pub fn more(&self) -> &'static [NavGroup] {
        &MORE
    }

    /// The label of the current section when it is in the "More" menu: the menu's summary shows
    /// it, so the header always says where you are.
    pub fn more_current(&self) -> Option<&'static str> {
        MORE.iter()
            .flat_map(|(_, items)| items.iter())
            .find(|(_, _, key)| *key == self.section)
            .map(|(_, label, _)| *label)
    }
}

/// Whether the request carries a one-time message to show (then its page is not a shared copy).
pub fn has_flash(headers: &HeaderMap) -> bool {
    cookie(headers, FLASH_COOKIE).map(decode).is_some_and(|m| !m.is_empty())
}

/// A rendered page. Clears the flash cookie when the page showed it.
#[derive(Debug)]
pub struct Page {
    html: String,
    clear_flash: bool,
}

impl Page {
    pub fn render(template: &impl Template, chrome: &Chrome) -> WebResult<Page> {
        Ok(Page { html: template.render()?, clear_flash: chrome.flash.is_some() })
    }
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        let mut response = Html(self.html).into_response();
        if self.clear_flash {
            response.headers_mut().insert(
                header::SET_COOKIE,
                HeaderValue::from_static("kith_flash=; Path=/; Max-Age=0; SameSite=Strict; HttpOnly"),
            );
        }
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

/// Where a form goes after it worked, with a message for the next page to show.
pub fn done(to: &str, message: impl AsRef<str>) -> Response {
    let mut response = Redirect::to(to).into_response();
    let cookie = format!("{FLASH_COOKIE}={}; Path=/; Max-Age=60; SameSite=Strict; HttpOnly", encode(message.as_ref()));
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// An error as a page: what went wrong and what to do, with the navigation to carry on.
#[derive(Debug)]
pub struct PageError(pub WebError);

impl<E: Into<WebError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    status: u16,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let e = self.0;
        let status = e.status();
        if status.is_server_error() {
            eprintln!("kith serve: {e}");
        }
        let heading = match status.as_u16() {
            404 => "Not found",
            401 => "Sign in first",
            403 => "Not allowed",
            422 => "That did not work",
            _ => "Something failed",
        };
        let page = ErrorPage { chrome: Chrome::bare(heading), status: status.as_u16(), message: e.message() };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, e.message()).into_response(),
        }
    }
}

pub type PageResult<T = Response> = Result<T, PageError>;

/// What a page that answers a search in place shows: what was found; or, for a value kith cannot
/// use (422) or nothing of that name (404), the message above the same form, with that status.
/// Any other failure is the error page's.
pub fn found_or_said<T>(attempt: Result<T, WebError>) -> Result<(Option<T>, Option<String>, StatusCode), WebError> {
    match attempt {
        Ok(found) => Ok((Some(found), None, StatusCode::OK)),
        Err(e @ (WebError::Invalid(_) | WebError::NotFound(_))) => Ok((None, Some(e.message()), e.status())),
        Err(e) => Err(e),
    }
}
