//! Contacts: the people in the network.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    Circle, ValidationError,
    circle::{effective_cadence, half_life_days},
    warmth::{self, Reading, Warmth},
};

pub type ContactId = i64;

/// A birthday, with or without the year (vCard allows `--03-12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Birthday {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
}

impl Birthday {
    /// Parses `YYYY-MM-DD`, `MM-DD` or `--MM-DD`.
    pub fn parse(field: &str, value: &str) -> Result<Birthday, ValidationError> {
        let v = value.trim();
        let bad = || ValidationError::new(field, value, "not a birthday; write YYYY-MM-DD, or MM-DD without the year");
        if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            use chrono::Datelike;
            return Ok(Birthday { year: Some(d.year()), month: d.month(), day: d.day() });
        }
        let md = v.strip_prefix("--").unwrap_or(v);
        let (m, d) = md.split_once('-').ok_or_else(bad)?;
        let (month, day): (u32, u32) = (m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
        // 2000 is a leap year, so 02-29 is accepted without a year.
        NaiveDate::from_ymd_opt(2000, month, day).ok_or_else(bad)?;
        Ok(Birthday { year: None, month, day })
    }
}

impl std::fmt::Display for Birthday {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}-{:02}-{:02}", self.month, self.day),
            None => write!(f, "--{:02}-{:02}", self.month, self.day),
        }
    }
}

/// What the user gives to create a contact. Validate with [`NewContact::validate`] before storing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NewContact {
    pub name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    /// Employer or main organization, by name; created if unknown.
    pub org: Option<String>,
    pub title: Option<String>,
    pub location: Option<String>,
    pub circle: Option<Circle>,
    /// Custom cadence in days, overriding the circle's.
    pub cadence_days: Option<u32>,
    pub tags: Vec<String>,
    pub met_at: Option<String>,
    pub met_on: Option<NaiveDate>,
    pub linkedin: Option<String>,
    pub website: Option<String>,
    pub birthday: Option<Birthday>,
    pub notes: Option<String>,
    pub important: bool,
}

/// A change to a contact: `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactPatch {
    pub name: Option<String>,
    pub add_emails: Vec<String>,
    pub remove_emails: Vec<String>,
    pub add_phones: Vec<String>,
    pub remove_phones: Vec<String>,
    /// `Some("")` clears the organization.
    pub org: Option<String>,
    pub title: Option<String>,
    pub location: Option<String>,
    pub circle: Option<Circle>,
    /// `Some(None)` goes back to the circle's cadence.
    pub cadence_days: Option<Option<u32>>,
    pub add_tags: Vec<String>,
    pub remove_tags: Vec<String>,
    pub met_at: Option<String>,
    /// `Some(None)` clears the date.
    pub met_on: Option<Option<NaiveDate>>,
    pub linkedin: Option<String>,
    pub website: Option<String>,
    /// `Some(None)` clears the birthday.
    pub birthday: Option<Option<Birthday>>,
    pub notes: Option<String>,
    pub important: Option<bool>,
    pub archived: Option<bool>,
    /// Set when the change is news about the person as of this day (the user's today): an
    /// organization change then keeps the old one as a past job and records the move. Unset for
    /// corrections (a merge choosing the other's organization, an undo).
    #[serde(skip)]
    pub as_of: Option<NaiveDate>,
}

/// A stored contact with everything the profile shows except its timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    pub uid: String,
    pub etag: String,
    pub name: String,
    pub given_name: String,
    pub family_name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub org: Option<String>,
    pub title: Option<String>,
    pub location: Option<String>,
    pub circle: Circle,
    /// Custom cadence, if the contact overrides its circle's.
    pub custom_cadence_days: Option<u32>,
    pub tags: Vec<String>,
    pub met_at: Option<String>,
    pub met_on: Option<NaiveDate>,
    pub linkedin: Option<String>,
    pub website: Option<String>,
    pub birthday: Option<Birthday>,
    pub notes: Option<String>,
    pub important: bool,
    pub archived: bool,
    /// The calendar day the contact was added (the user's today at the time).
    pub added_on: NaiveDate,
    pub snoozed_until: Option<NaiveDate>,
    /// Folded interaction history; `None` until the first interaction.
    pub warmth: Option<Warmth>,
    pub updated_at: DateTime<Utc>,
}

/// The part of a contact the due list, the plan and health need; cheap to load in bulk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactBrief {
    pub id: ContactId,
    pub name: String,
    pub org: Option<String>,
    pub circle: Circle,
    pub custom_cadence_days: Option<u32>,
    pub important: bool,
    pub archived: bool,
    pub added_on: NaiveDate,
    pub snoozed_until: Option<NaiveDate>,
    pub warmth: Option<Warmth>,
}

/// The figures that follow from a contact's circle, cadence and history on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ContactSummary {
    pub warmth: f64,
    pub status: warmth::Status,
    pub cadence_days: Option<u32>,
    /// When the contact is due; `None` for dormant and archived contacts, which are never due.
    pub due_on: Option<NaiveDate>,
    /// The tie's strength (≥ 0, uncapped) and its word.
    pub strength: f64,
    pub tie: warmth::Tie,
    /// Lost touch: could be due, and the latest touch is more than 8 cadences ago (the reconnect pool,
    /// not the due list).
    pub lost: bool,
}

/// The parts of a contact that decide its warmth and due date.
pub trait Cadenced {
    fn circle(&self) -> Circle;
    fn custom_cadence_days(&self) -> Option<u32>;
    fn archived(&self) -> bool;
    fn added_on(&self) -> NaiveDate;
    fn warmth(&self) -> Option<&Warmth>;

    fn cadence_days(&self) -> Option<u32> {
        effective_cadence(self.circle(), self.custom_cadence_days())
    }

    fn half_life(&self) -> f64 {
        half_life_days(self.circle(), self.custom_cadence_days())
    }

    /// Whether the contact can ever be due: not archived, not dormant, and with a cadence.
    ///
    /// A dormant contact may carry a custom cadence (it sets the half-life its warmth is shown
    /// with), but the spec is explicit that dormant contacts are never due.
    fn is_nagged(&self) -> bool {
        !self.archived() && self.circle() != Circle::Dormant && self.cadence_days().is_some()
    }

    fn reading(&self, today: NaiveDate) -> Reading {
        warmth::read(self.warmth(), today, self.half_life())
    }

    /// Real day number of the due moment: when warmth falls to 0.5, or the day a contact without
    /// touches was added. Ranks the due list.
    fn due_at(&self) -> f64 {
        match self.warmth() {
            Some(w) => w.due_at(self.half_life()),
            None => crate::date::day_number(self.added_on()) as f64,
        }
    }

    /// The calendar due date; `None` when the contact is never due.
    fn due_on(&self) -> Option<NaiveDate> {
        if !self.is_nagged() {
            return None;
        }
        Some(match self.warmth() {
            Some(w) => w.due_on(self.half_life()),
            None => self.added_on(),
        })
    }

    /// Whether the contact has lost touch on `today`: it could be due (not dormant, not archived) and
    /// its latest touch is more than 8 cadences ago. Never without touches.
    fn is_lost(&self, today: NaiveDate) -> bool {
        self.is_nagged() && self.warmth().is_some_and(|w| w.is_lost(today, self.half_life()))
    }

    /// The day on which the tie's strength is 1 (see [`Warmth::strength_day`]): the later, the
    /// stronger. Minus infinity without touches, the weakest of all.
    fn strength_day(&self) -> f64 {
        self.warmth().map_or(f64::NEG_INFINITY, Warmth::strength_day)
    }

    fn summary(&self, today: NaiveDate) -> ContactSummary {
        let r = self.reading(today);
        ContactSummary {
            warmth: r.warmth,
            status: r.status,
            cadence_days: self.cadence_days(),
            due_on: self.due_on(),
            strength: r.strength,
            tie: r.tie,
            lost: self.is_lost(today),
        }
    }
}

macro_rules! cadenced {
    ($t:ty) => {
        impl Cadenced for $t {
            fn circle(&self) -> Circle {
                self.circle
            }
            fn custom_cadence_days(&self) -> Option<u32> {
                self.custom_cadence_days
            }
            fn archived(&self) -> bool {
                self.archived
            }
            fn added_on(&self) -> NaiveDate {
                self.added_on
            }
            fn warmth(&self) -> Option<&Warmth> {
                self.warmth.as_ref()
            }
        }
    };
}
cadenced!(Contact);
cadenced!(ContactBrief);

impl Contact {
    pub fn brief(&self) -> ContactBrief {
        ContactBrief {
            id: self.id,
            name: self.name.clone(),
            org: self.org.clone(),
            circle: self.circle,
            custom_cadence_days: self.custom_cadence_days,
            important: self.important,
            archived: self.archived,
            added_on: self.added_on,
            snoozed_until: self.snoozed_until,
            warmth: self.warmth,
        }
    }
}

/// Splits a display name into given and family names: the last word is the family name.
/// Credentials after a comma ("Grace Hopper, PhD", as LinkedIn names often read) are not part of
/// either name.
pub fn split_name(name: &str) -> (String, String) {
    let name = name.trim();
    let name = match name.split_once(", ") {
        Some((person, _credentials)) if person.contains(char::is_whitespace) => person.trim(),
        _ => name,
    };
    match name.rsplit_once(char::is_whitespace) {
        Some((given, family)) => (given.trim().to_string(), family.to_string()),
        None => (name.to_string(), String::new()),
    }
}

/// The key names are matched by: trimmed, whitespace collapsed, lower-cased (full Unicode).
pub fn name_key(name: &str) -> String {
    // Built in one buffer, word by word: an import keys tens of thousands of names. Lower-casing
    // each word alone gives what lower-casing the joined string gives (a space is not cased, so
    // a Greek final sigma still ends its word).
    let mut key = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        if word.is_ascii() {
            key.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            key.push_str(&word.to_lowercase());
        }
    }
    key
}

const MAX_TEXT: usize = 10_000;
/// The most characters a name, an organization or a title holds.
pub const MAX_NAME: usize = 300;

/// Checks an e-mail address enough to catch typos: one `@`, something on each side, no spaces.
pub fn validate_email(field: &str, email: &str) -> Result<String, ValidationError> {
    check_email(field, email).map(str::to_string)
}

/// The trimmed e-mail address, if it is one.
fn check_email<'a>(field: &str, email: &'a str) -> Result<&'a str, ValidationError> {
    let e = email.trim();
    let ok = match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.chars().any(|c| c.is_whitespace() || c.is_control() || c == ',' || c == '<' || c == '>')
                && e.len() <= 254
        }
        None => false,
    };
    if ok { Ok(e) } else { Err(ValidationError::new(field, email, "not an e-mail address (name@example.org)")) }
}

fn check_phone(phone: &str) -> Result<&str, ValidationError> {
    let p = phone.trim();
    let digits = p.chars().filter(char::is_ascii_digit).count();
    let allowed = p.chars().all(|c| c.is_ascii_digit() || " +-().xX/#*".contains(c) || c.is_alphabetic());
    if digits >= 3 && allowed && p.len() <= 64 {
        Ok(p)
    } else {
        Err(ValidationError::new("phone", phone, "not a phone number (digits, spaces, + - ( ) allowed)"))
    }
}

fn validate_phone(phone: &str) -> Result<String, ValidationError> {
    check_phone(phone).map(str::to_string)
}

fn check_url<'a>(field: &str, url: &'a str) -> Result<&'a str, ValidationError> {
    let u = url.trim();
    let rest = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://"));
    match rest {
        Some(r) if !r.is_empty() && !u.chars().any(char::is_whitespace) && u.len() <= 2048 => Ok(u),
        _ => Err(ValidationError::new(field, url, "not a web address; it must start with https://")),
    }
}

fn validate_url(field: &str, url: &str) -> Result<String, ValidationError> {
    check_url(field, url).map(str::to_string)
}

/// A URL in a patch: empty clears the field, as it does for the other texts.
fn clearable_url(field: &str, url: &str) -> Result<String, ValidationError> {
    if url.trim().is_empty() { Ok(String::new()) } else { validate_url(field, url) }
}

fn check_text<'a>(field: &str, text: &'a str, max: usize) -> Result<&'a str, ValidationError> {
    let t = text.trim();
    // A text of at most `max` bytes has at most `max` characters: count only longer ones.
    if t.len() > max && t.chars().count() > max {
        return Err(ValidationError::new(
            field,
            format!("{}…", t.chars().take(20).collect::<String>()),
            format!("too long; at most {max} characters"),
        ));
    }
    let printable_ascii = t.bytes().all(|b| (0x20..0x7f).contains(&b));
    if !printable_ascii && t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(ValidationError::new(field, t, "contains control characters"));
    }
    Ok(t)
}

fn validate_text(field: &str, text: &str, max: usize) -> Result<String, ValidationError> {
    check_text(field, text, max).map(str::to_string)
}

fn check_name(name: &str) -> Result<&str, ValidationError> {
    let n = check_text("name", name, MAX_NAME)?;
    if n.is_empty() || n.contains('\n') {
        return Err(ValidationError::new("name", name, "a name must be one non-empty line"));
    }
    if n.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ValidationError::new("name", name, "a name cannot be only digits (digits name a contact by id)"));
    }
    Ok(n)
}

fn validate_name(name: &str) -> Result<String, ValidationError> {
    check_name(name).map(str::to_string)
}

fn check_tag(tag: &str) -> Result<&str, ValidationError> {
    let t = tag.trim();
    if t.is_empty() || t.len() > 64 || t.contains(',') || t.chars().any(char::is_control) {
        return Err(ValidationError::new("tag", tag, "a tag is 1 to 64 characters without commas"));
    }
    Ok(t)
}

fn validate_tag(tag: &str) -> Result<String, ValidationError> {
    check_tag(tag).map(str::to_string)
}

/// Checks `s` and keeps the part `check` accepts (the value trimmed), reusing the allocation when
/// nothing was trimmed: validating clean records many times (the reader, the import, the store)
/// then allocates nothing.
fn checked(s: String, check: impl FnOnce(&str) -> Result<&str, ValidationError>) -> Result<String, ValidationError> {
    let range = {
        let kept = check(&s)?;
        let start = kept.as_ptr() as usize - s.as_ptr() as usize;
        start..start + kept.len()
    };
    Ok(if range.len() == s.len() { s } else { s[range].to_string() })
}

/// A custom cadence must be a sensible number of days.
pub fn validate_cadence(days: u32) -> Result<u32, ValidationError> {
    if (1..=3650).contains(&days) {
        Ok(days)
    } else {
        Err(ValidationError::new("every", days.to_string(), "a cadence is from 1 to 3650 days"))
    }
}

fn opt_text(field: &str, v: &Option<String>, max: usize) -> Result<Option<String>, ValidationError> {
    v.as_deref().map(|t| validate_text(field, t, max)).transpose()
}

fn owned_text(field: &str, v: Option<String>, max: usize) -> Result<Option<String>, ValidationError> {
    v.map(|t| checked(t, |t| check_text(field, t, max))).transpose()
}

fn dedup(mut v: Vec<String>, key: impl Fn(&str) -> String) -> Vec<String> {
    if v.len() < 2 {
        return v;
    }
    let mut seen = std::collections::HashSet::new();
    v.retain(|x| seen.insert(key(x)));
    v
}

/// The most e-mail addresses, phone numbers or tags one contact keeps: a card with 100,000
/// addresses is junk (or an attack on every page that lists them), not a person.
pub const MAX_PER_LIST: usize = 100;

/// The largest vCard property kith keeps as it came (a PHOTO, a LOGO, an ADR), in bytes.
pub const MAX_KEPT_PROPERTY_BYTES: usize = 1 << 20;
/// The most bytes of kept vCard properties one contact carries.
pub const MAX_KEPT_BYTES: usize = 2 << 20;

/// Checks a contact's kept vCard properties (each a whole content line) against the limits above;
/// the error names the property and its size.
pub fn check_kept(lines: &[String]) -> Result<(), ValidationError> {
    let property = |line: &str| line.split([':', ';']).next().unwrap_or_default().to_string();
    let mb = |bytes: usize| format!("{:.1} MB", bytes as f64 / (1 << 20) as f64);
    if let Some(big) = lines.iter().find(|l| l.len() > MAX_KEPT_PROPERTY_BYTES) {
        return Err(ValidationError::new(
            property(big),
            mb(big.len()),
            format!("kith keeps vCard properties of up to {}; shrink it, or leave it out", mb(MAX_KEPT_PROPERTY_BYTES)),
        ));
    }
    let total: usize = lines.iter().map(String::len).sum();
    if total > MAX_KEPT_BYTES {
        return Err(ValidationError::new(
            "vCard properties",
            mb(total),
            format!("kith keeps up to {} of vCard properties per contact; leave some out", mb(MAX_KEPT_BYTES)),
        ));
    }
    Ok(())
}

/// Fails when a list of `field` values is longer than [`MAX_PER_LIST`].
fn check_count(field: &str, n: usize) -> Result<(), ValidationError> {
    if n > MAX_PER_LIST {
        return Err(ValidationError::new(
            field,
            n.to_string(),
            format!("too many; a contact keeps at most {MAX_PER_LIST}"),
        ));
    }
    Ok(())
}

impl NewContact {
    /// Returns the contact with every field trimmed and checked; the first problem is the error.
    pub fn validate(self) -> Result<NewContact, ValidationError> {
        check_count("email", self.emails.len())?;
        check_count("phone", self.phones.len())?;
        check_count("tag", self.tags.len())?;
        let emails =
            self.emails.into_iter().map(|e| checked(e, |e| check_email("email", e))).collect::<Result<Vec<_>, _>>()?;
        let phones = self.phones.into_iter().map(|p| checked(p, check_phone)).collect::<Result<Vec<_>, _>>()?;
        let tags = self.tags.into_iter().map(|t| checked(t, check_tag)).collect::<Result<Vec<_>, _>>()?;
        Ok(NewContact {
            name: checked(self.name, check_name)?,
            emails: dedup(emails, str::to_lowercase),
            phones: dedup(phones, str::to_string),
            org: owned_text("org", self.org, MAX_NAME)?.filter(|o| !o.is_empty()),
            title: owned_text("title", self.title, MAX_NAME)?,
            location: owned_text("location", self.location, MAX_NAME)?,
            circle: self.circle,
            cadence_days: self.cadence_days.map(validate_cadence).transpose()?,
            tags: dedup(tags, str::to_lowercase),
            met_at: owned_text("met-at", self.met_at, MAX_NAME)?,
            met_on: self.met_on,
            linkedin: self.linkedin.map(|u| checked(u, |u| check_url("linkedin", u))).transpose()?,
            website: self.website.map(|u| checked(u, |u| check_url("website", u))).transpose()?,
            birthday: self.birthday,
            notes: owned_text("note", self.notes, MAX_TEXT)?,
            important: self.important,
        })
    }
}

impl ContactPatch {
    pub fn validate(self) -> Result<ContactPatch, ValidationError> {
        let check_emails = |v: &[String]| v.iter().map(|e| validate_email("email", e)).collect::<Result<Vec<_>, _>>();
        Ok(ContactPatch {
            name: self.name.as_deref().map(validate_name).transpose()?,
            add_emails: dedup(check_emails(&self.add_emails)?, str::to_lowercase),
            remove_emails: self.remove_emails.iter().map(|e| e.trim().to_string()).collect(),
            add_phones: self.add_phones.iter().map(|p| validate_phone(p)).collect::<Result<_, _>>()?,
            remove_phones: self.remove_phones.iter().map(|p| p.trim().to_string()).collect(),
            org: opt_text("org", &self.org, MAX_NAME)?,
            title: opt_text("title", &self.title, MAX_NAME)?,
            location: opt_text("location", &self.location, MAX_NAME)?,
            circle: self.circle,
            cadence_days: self.cadence_days.map(|c| c.map(validate_cadence).transpose()).transpose()?,
            add_tags: dedup(
                self.add_tags.iter().map(|t| validate_tag(t)).collect::<Result<_, _>>()?,
                str::to_lowercase,
            ),
            remove_tags: self.remove_tags.iter().map(|t| t.trim().to_string()).collect(),
            met_at: opt_text("met-at", &self.met_at, MAX_NAME)?,
            met_on: self.met_on,
            linkedin: self.linkedin.as_deref().map(|u| clearable_url("linkedin", u)).transpose()?,
            website: self.website.as_deref().map(|u| clearable_url("website", u)).transpose()?,
            birthday: self.birthday,
            notes: opt_text("note", &self.notes, MAX_TEXT)?,
            important: self.important,
            archived: self.archived,
            as_of: self.as_of,
        })
    }

    pub fn is_empty(&self) -> bool {
        ContactPatch { as_of: None, ..self.clone() } == ContactPatch::default()
    }
}

/// A stored contact with only a name, for tests to fill in.
#[cfg(test)]
pub(crate) fn test_contact(name: &str) -> Contact {
    let (given_name, family_name) = split_name(name);
    Contact {
        id: 1,
        uid: "u".into(),
        etag: "e".into(),
        name: name.into(),
        given_name,
        family_name,
        emails: Vec::new(),
        phones: Vec::new(),
        org: None,
        title: None,
        location: None,
        circle: Circle::Dormant,
        custom_cadence_days: None,
        tags: Vec::new(),
        met_at: None,
        met_on: None,
        linkedin: None,
        website: None,
        birthday: None,
        notes: None,
        important: false,
        archived: false,
        added_on: "2026-01-01".parse().unwrap(),
        snoozed_until: None,
        warmth: None,
        updated_at: DateTime::UNIX_EPOCH,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_on_the_last_word() {
        assert_eq!(split_name("Ada King Lovelace"), ("Ada King".into(), "Lovelace".into()));
        assert_eq!(split_name("Cher"), ("Cher".into(), String::new()));
        assert_eq!(split_name("Grace Hopper, PhD"), ("Grace".into(), "Hopper".into()));
        assert_eq!(name_key("  Ada   LOVELACE "), "ada lovelace");
        assert_eq!(name_key("ÉLODIE"), "élodie");
        assert_eq!(name_key("ΟΔΟΣ  ΣΟΦΟΣ"), "οδος σοφος");
        assert_eq!(name_key(" \t "), "");
    }

    proptest::proptest! {
        #[test]
        fn a_name_key_is_the_name_with_whitespace_collapsed_then_lower_cased(name in "(\\PC|[ \t\u{a0}\u{2003}ΣΑσς])*") {
            let joined = name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            proptest::prop_assert_eq!(name_key(&name), joined);
        }
    }

    #[test]
    fn validation_names_field_and_value() {
        let bad = NewContact { name: "Ann".into(), emails: vec!["ann-at-example".into()], ..Default::default() };
        let err = bad.validate().unwrap_err();
        assert_eq!((err.field.as_str(), err.value.as_str()), ("email", "ann-at-example"));
        let err = NewContact { name: "  ".into(), ..Default::default() }.validate().unwrap_err();
        assert_eq!(err.field, "name");
        let err = NewContact { name: "42".into(), ..Default::default() }.validate().unwrap_err();
        assert_eq!(err.field, "name");
        let err = NewContact { name: "Ann".into(), linkedin: Some("linkedin.com/in/ann".into()), ..Default::default() }
            .validate()
            .unwrap_err();
        assert_eq!(err.field, "linkedin");
    }

    #[test]
    fn duplicate_emails_and_tags_collapse() {
        let c = NewContact {
            name: " Ann  Lee ".into(),
            emails: vec!["ann@x.org".into(), "ANN@x.org".into()],
            tags: vec!["rust".into(), "Rust".into(), "go".into()],
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(c.name, "Ann  Lee");
        assert_eq!(c.emails, vec!["ann@x.org"]);
        assert_eq!(c.tags, vec!["rust", "go"]);
    }

    #[test]
    fn validation_trims_every_field_and_keeps_clean_ones_as_they_are() {
        let padded = NewContact {
            name: " Ann Lee\t".into(),
            emails: vec![" ann@x.org ".into()],
            phones: vec![" +1 555 0100".into()],
            tags: vec![" rust ".into()],
            org: Some("  ".into()),
            title: Some(" CTO ".into()),
            linkedin: Some(" https://www.linkedin.com/in/ann ".into()),
            notes: Some("met at RustConf\n".into()),
            ..Default::default()
        };
        let clean = padded.validate().unwrap();
        assert_eq!(clean.name, "Ann Lee");
        assert_eq!(clean.emails, vec!["ann@x.org"]);
        assert_eq!(clean.phones, vec!["+1 555 0100"]);
        assert_eq!(clean.tags, vec!["rust"]);
        assert_eq!(clean.org, None, "a blank organization is none");
        assert_eq!(clean.title.as_deref(), Some("CTO"));
        assert_eq!(clean.linkedin.as_deref(), Some("https://www.linkedin.com/in/ann"));
        assert_eq!(clean.notes.as_deref(), Some("met at RustConf"));
        assert_eq!(clean.clone().validate().unwrap(), clean, "validating twice changes nothing");
        let err = NewContact { name: "Ann".into(), title: Some("a\u{7}b".into()), ..Default::default() }
            .validate()
            .unwrap_err();
        assert_eq!((err.field.as_str(), err.message.as_str()), ("title", "contains control characters"));
        let long = "é".repeat(MAX_NAME + 1);
        let err = NewContact { name: long, ..Default::default() }.validate().unwrap_err();
        assert!(err.message.contains("too long"), "{}", err.message);
        let fits = "é".repeat(MAX_NAME);
        assert!(NewContact { name: fits, ..Default::default() }.validate().is_ok(), "characters, not bytes");
    }

    #[test]
    fn only_a_contact_that_can_be_due_loses_touch() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let brief = |circle, archived| ContactBrief {
            id: 1,
            name: "Old Acquaintance".into(),
            org: None,
            circle,
            custom_cadence_days: None,
            important: false,
            archived,
            added_on: d("2015-01-01"),
            snoozed_until: None,
            warmth: Some(Warmth { last_touch: d("2019-01-01"), mass: 0.15, strength: 0.15 }),
        };
        let today = d("2026-11-22");
        assert!(brief(Circle::Wide, false).summary(today).lost);
        assert!(!brief(Circle::Dormant, false).summary(today).lost, "a dormant import is never nagged");
        assert!(!brief(Circle::Wide, true).summary(today).lost, "nor an archived contact");
    }

    #[test]
    fn lists_and_kept_properties_have_limits() {
        let many = NewContact {
            name: "Ada".into(),
            emails: (0..101).map(|k| format!("a{k}@x.org")).collect(),
            ..NewContact::default()
        };
        let err = many.validate().unwrap_err();
        assert_eq!((err.field.as_str(), err.value.as_str()), ("email", "101"));
        let photo = format!("PHOTO;ENCODING=b:{}", "A".repeat(MAX_KEPT_PROPERTY_BYTES));
        let err = check_kept(&[photo]).unwrap_err();
        assert_eq!((err.field.as_str(), err.value.as_str()), ("PHOTO", "1.0 MB"));
        let half = format!("LOGO:{}", "A".repeat(MAX_KEPT_PROPERTY_BYTES - 10));
        assert!(check_kept(&[half.clone(), half.clone()]).is_ok());
        assert_eq!(check_kept(&[half.clone(), half.clone(), half]).unwrap_err().field, "vCard properties");
    }

    #[test]
    fn birthdays_with_and_without_year() {
        assert_eq!(Birthday::parse("birthday", "1990-03-12").unwrap().to_string(), "1990-03-12");
        assert_eq!(Birthday::parse("birthday", "--02-29").unwrap().to_string(), "--02-29");
        assert_eq!(Birthday::parse("birthday", "03-12").unwrap(), Birthday { year: None, month: 3, day: 12 });
        assert!(Birthday::parse("birthday", "13-01").is_err());
    }
}
