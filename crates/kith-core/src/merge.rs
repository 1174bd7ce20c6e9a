//! Merging a contact read from a file into one kith already knows.
//!
//! Imports never double a person and never overwrite silently: a record is matched to a known
//! contact by e-mail, then LinkedIn profile, then phone number, then exact name; what the record
//! adds (a new e-mail, a title where there was none) is taken, and where both have a different value
//! the known one is kept and the difference is reported as a [`Conflict`].

use serde::{Deserialize, Serialize};

use crate::{Contact, ContactPatch, NewContact, contact::name_key};

/// How an imported record was matched to a contact, strongest first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchedBy {
    /// The same contact, by its stable uid (a restored backup).
    Uid,
    Email,
    Linkedin,
    Phone,
    Name,
}

impl MatchedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Uid => "uid",
            MatchedBy::Email => "email",
            MatchedBy::Linkedin => "linkedin",
            MatchedBy::Phone => "phone",
            MatchedBy::Name => "name",
        }
    }
}

/// A field where the file and kith disagree: kith's value was kept.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub field: String,
    pub kept: String,
    pub offered: String,
}

/// The keys a contact can be matched by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchKeys {
    pub emails: Vec<String>,
    pub linkedin: Option<String>,
    pub phones: Vec<String>,
    pub name: String,
}

impl MatchKeys {
    pub fn of_new(c: &NewContact) -> MatchKeys {
        MatchKeys {
            emails: c.emails.iter().map(|e| e.to_lowercase()).collect(),
            linkedin: c.linkedin.as_deref().map(linkedin_key),
            phones: c.phones.iter().filter_map(|p| phone_key(p)).collect(),
            name: name_key(&c.name),
        }
    }

    pub fn of_contact(c: &Contact) -> MatchKeys {
        MatchKeys {
            emails: c.emails.iter().map(|e| e.to_lowercase()).collect(),
            linkedin: c.linkedin.as_deref().map(linkedin_key),
            phones: c.phones.iter().filter_map(|p| phone_key(p)).collect(),
            name: name_key(&c.name),
        }
    }
}

/// A LinkedIn profile URL reduced to what identifies the profile: `linkedin.com/in/ada-lovelace`.
pub fn linkedin_key(url: &str) -> String {
    let u = url.trim().to_lowercase();
    let u = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://")).unwrap_or(&u);
    let u = u.split(['?', '#']).next().unwrap_or(u);
    let host_and_path = u.trim_end_matches('/');
    // Country subdomains (de.linkedin.com) and www. point at the same profile.
    match host_and_path.find("linkedin.com") {
        Some(at) => host_and_path[at..].to_string(),
        None => host_and_path.to_string(),
    }
}

/// A phone number reduced to its digits, or `None` when it has too few to identify anyone. The
/// last nine digits are kept, so `+44 20 7946 0018` and `020 7946 0018` match.
pub fn phone_key(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 7).then(|| digits[digits.len().saturating_sub(9)..].to_string())
}

/// What merging `incoming` into `known` changes, and where the two disagree. The patch only adds:
/// fields kith has are never replaced.
pub fn merge_into(known: &Contact, incoming: &NewContact) -> (ContactPatch, Vec<Conflict>) {
    let mut patch = ContactPatch::default();
    let mut conflicts = Vec::new();
    let lower: Vec<String> = known.emails.iter().map(|e| e.to_lowercase()).collect();
    patch.add_emails = incoming.emails.iter().filter(|e| !lower.contains(&e.to_lowercase())).cloned().collect();
    let phones: Vec<Option<String>> = known.phones.iter().map(|p| phone_key(p)).collect();
    patch.add_phones = incoming
        .phones
        .iter()
        .filter(|p| !known.phones.contains(p) && (phone_key(p).is_none() || !phones.contains(&phone_key(p))))
        .cloned()
        .collect();
    let tags: Vec<String> = known.tags.iter().map(|t| t.to_lowercase()).collect();
    patch.add_tags = incoming.tags.iter().filter(|t| !tags.contains(&t.to_lowercase())).cloned().collect();

    let mut text = |field: &str, kept: &Option<String>, offered: &Option<String>| -> Option<String> {
        match (kept, offered) {
            (None, Some(o)) => Some(o.clone()),
            (Some(k), Some(o)) if !same_text(field, k, o) => {
                conflicts.push(Conflict { field: field.into(), kept: k.clone(), offered: o.clone() });
                None
            }
            _ => None,
        }
    };
    patch.org = text("org", &known.org, &incoming.org);
    patch.title = text("title", &known.title, &incoming.title);
    patch.location = text("location", &known.location, &incoming.location);
    patch.met_at = text("met_at", &known.met_at, &incoming.met_at);
    patch.linkedin = text("linkedin", &known.linkedin, &incoming.linkedin);
    patch.website = text("website", &known.website, &incoming.website);
    patch.notes = merge_notes(&known.notes, &incoming.notes);
    let dates = [
        ("met_on", known.met_on.map(|d| d.to_string()), incoming.met_on.map(|d| d.to_string())),
        ("birthday", known.birthday.map(|b| b.to_string()), incoming.birthday.map(|b| b.to_string())),
    ];
    for (field, kept, offered) in dates {
        match (kept, offered) {
            (None, Some(_)) if field == "met_on" => patch.met_on = Some(incoming.met_on),
            (None, Some(_)) => patch.birthday = Some(incoming.birthday),
            (Some(k), Some(o)) if k != o => conflicts.push(Conflict { field: field.into(), kept: k, offered: o }),
            _ => {}
        }
    }
    if !known.name.eq_ignore_ascii_case(&incoming.name) && name_key(&known.name) != name_key(&incoming.name) {
        conflicts.push(Conflict { field: "name".into(), kept: known.name.clone(), offered: incoming.name.clone() });
    }
    (patch, conflicts)
}

/// Notes are text the user wrote: a note the file brings is appended, never dropped, unless kith
/// already holds it.
fn merge_notes(kept: &Option<String>, offered: &Option<String>) -> Option<String> {
    match (kept, offered) {
        (None, Some(o)) => Some(o.clone()),
        (Some(k), Some(o)) if !k.contains(o.trim()) => Some(format!("{k}\n\n{o}")),
        _ => None,
    }
}

fn same_text(field: &str, a: &str, b: &str) -> bool {
    match field {
        "linkedin" => linkedin_key(a) == linkedin_key(b),
        _ => name_key(a) == name_key(b),
    }
}

/// Folds a second record for the same new person into the first (a file that lists someone twice).
/// Returns where the two disagree; the first record's values are kept.
pub fn merge_new(first: &mut NewContact, second: NewContact) -> Vec<Conflict> {
    let mut conflicts = Vec::new();
    for e in second.emails {
        if !first.emails.iter().any(|x| x.eq_ignore_ascii_case(&e)) {
            first.emails.push(e);
        }
    }
    for p in second.phones {
        if !first.phones.iter().any(|x| x == &p || (phone_key(x).is_some() && phone_key(x) == phone_key(&p))) {
            first.phones.push(p);
        }
    }
    for t in second.tags {
        if !first.tags.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
            first.tags.push(t);
        }
    }
    let mut take = |field: &str, mine: &mut Option<String>, theirs: Option<String>| match (mine.as_ref(), theirs) {
        (None, t @ Some(_)) => *mine = t,
        (Some(m), Some(t)) if !same_text(field, m, &t) => {
            conflicts.push(Conflict { field: field.into(), kept: m.clone(), offered: t })
        }
        _ => {}
    };
    take("org", &mut first.org, second.org);
    take("title", &mut first.title, second.title);
    take("location", &mut first.location, second.location);
    take("met_at", &mut first.met_at, second.met_at);
    take("linkedin", &mut first.linkedin, second.linkedin);
    take("website", &mut first.website, second.website);
    if let Some(n) = merge_notes(&first.notes, &second.notes) {
        first.notes = Some(n);
    }
    first.met_on = first.met_on.or(second.met_on);
    first.birthday = first.birthday.or(second.birthday);
    first.cadence_days = first.cadence_days.or(second.cadence_days);
    first.circle = first.circle.or(second.circle);
    first.important |= second.important;
    conflicts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Contact {
        Contact {
            id: 7,
            emails: vec!["ada@example.org".into()],
            phones: vec!["+44 20 7946 0018".into()],
            org: Some("Analytical Engines".into()),
            circle: crate::Circle::Active,
            tags: vec!["math".into()],
            notes: Some("likes poetry".into()),
            ..crate::contact::test_contact("Ada Lovelace")
        }
    }

    #[test]
    fn merging_adds_what_is_missing_and_keeps_what_is_known() {
        let incoming = NewContact {
            name: "ada lovelace".into(),
            emails: vec!["ADA@example.org".into(), "countess@example.org".into()],
            phones: vec!["020 7946 0018".into()],
            org: Some("Babbage & Co".into()),
            title: Some("Analyst".into()),
            tags: vec!["Math".into(), "poetry".into()],
            notes: Some("met at the Royal Society".into()),
            ..Default::default()
        };
        let (patch, conflicts) = merge_into(&known(), &incoming);
        assert_eq!(patch.add_emails, vec!["countess@example.org"]);
        assert!(patch.add_phones.is_empty(), "the same number written differently is not added");
        assert_eq!(patch.add_tags, vec!["poetry"]);
        assert_eq!(patch.title.as_deref(), Some("Analyst"));
        assert_eq!(patch.org, None);
        assert_eq!(patch.notes.as_deref(), Some("likes poetry\n\nmet at the Royal Society"));
        assert_eq!(
            conflicts,
            vec![Conflict { field: "org".into(), kept: "Analytical Engines".into(), offered: "Babbage & Co".into() }]
        );
    }

    #[test]
    fn keys_ignore_scheme_host_case_and_phone_formatting() {
        assert_eq!(linkedin_key("https://www.linkedin.com/in/Ada-L/"), "linkedin.com/in/ada-l");
        assert_eq!(linkedin_key("http://de.linkedin.com/in/ada-l?trk=x"), "linkedin.com/in/ada-l");
        assert_eq!(phone_key("+44 20 7946 0018"), phone_key("(020) 7946-0018"));
        assert_eq!(phone_key("112"), None);
    }

    #[test]
    fn a_second_record_for_the_same_new_person_is_folded_in() {
        let mut first = NewContact { name: "Bo".into(), emails: vec!["bo@x.org".into()], ..Default::default() };
        let second = NewContact {
            name: "Bo".into(),
            emails: vec!["BO@x.org".into(), "bo@y.org".into()],
            title: Some("CTO".into()),
            ..Default::default()
        };
        assert!(merge_new(&mut first, second).is_empty());
        assert_eq!(first.emails, vec!["bo@x.org", "bo@y.org"]);
        assert_eq!(first.title.as_deref(), Some("CTO"));
    }
}
