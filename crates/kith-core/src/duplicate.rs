//! Merging two contacts that are the same person: what the one kept looks like afterwards.
//!
//! Nothing either contact holds is dropped. E-mails, phones and tags are the union of both; a field
//! only one of them has is taken; where both have a different value the user chooses a side
//! (`--keep title=second`), and without a choice the first contact's value stays, except that the
//! closer circle wins (the person gets the attention either entry asked for) and both notes are
//! kept one after the other. The merged contact is important if either was, and archived only if
//! both were: merging an archived entry into a live one keeps the person live.

use std::fmt;

use serde::Serialize;

use crate::{Contact, ContactPatch, ValidationError, merge::phone_key};

/// One of the two contacts of a merge: the first is kept (its id, history and page), the second
/// is merged into it and removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    First,
    Second,
    /// Both values one after the other (notes only).
    Both,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::First => "first",
            Side::Second => "second",
            Side::Both => "both",
        }
    }
}

/// A field two contacts can disagree on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MergeField {
    Name,
    Org,
    Title,
    Location,
    Circle,
    Cadence,
    MetAt,
    MetOn,
    Linkedin,
    Website,
    Birthday,
    Notes,
}

impl MergeField {
    pub const ALL: [MergeField; 12] = [
        MergeField::Name,
        MergeField::Org,
        MergeField::Title,
        MergeField::Location,
        MergeField::Circle,
        MergeField::Cadence,
        MergeField::MetAt,
        MergeField::MetOn,
        MergeField::Linkedin,
        MergeField::Website,
        MergeField::Birthday,
        MergeField::Notes,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MergeField::Name => "name",
            MergeField::Org => "org",
            MergeField::Title => "title",
            MergeField::Location => "location",
            MergeField::Circle => "circle",
            MergeField::Cadence => "cadence",
            MergeField::MetAt => "met_at",
            MergeField::MetOn => "met_on",
            MergeField::Linkedin => "linkedin",
            MergeField::Website => "website",
            MergeField::Birthday => "birthday",
            MergeField::Notes => "notes",
        }
    }

    /// The field's value on a contact, as text; `None` when the contact has none.
    pub fn value(self, c: &Contact) -> Option<String> {
        let text = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
        match self {
            MergeField::Name => Some(c.name.clone()),
            MergeField::Org => text(&c.org),
            MergeField::Title => text(&c.title),
            MergeField::Location => text(&c.location),
            MergeField::Circle => Some(c.circle.as_str().to_string()),
            MergeField::Cadence => c.custom_cadence_days.map(|d| format!("every {d} days")),
            MergeField::MetAt => text(&c.met_at),
            MergeField::MetOn => c.met_on.map(|d| d.to_string()),
            MergeField::Linkedin => text(&c.linkedin),
            MergeField::Website => text(&c.website),
            MergeField::Birthday => c.birthday.map(|b| b.to_string()),
            MergeField::Notes => text(&c.notes),
        }
    }
}

impl fmt::Display for MergeField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A choice given as `FIELD=SIDE` (`title=second`, `notes=both`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keep {
    pub field: MergeField,
    pub side: Side,
}

impl Keep {
    /// Reads `FIELD=SIDE`; `flag` names where it came from in an error.
    pub fn parse(flag: &str, s: &str) -> Result<Keep, ValidationError> {
        let fields = MergeField::ALL.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ");
        let (field, side) = s
            .split_once('=')
            .ok_or_else(|| ValidationError::new(flag, s, "must be FIELD=first or FIELD=second, e.g. title=second"))?;
        let field = MergeField::ALL
            .into_iter()
            .find(|f| f.as_str() == field.trim().to_lowercase().replace('-', "_"))
            .ok_or_else(|| {
            ValidationError::new(flag, s, format!("unknown field {field:?}; the fields are {fields}"))
        })?;
        let side = match side.trim().to_lowercase().as_str() {
            "first" | "1" => Side::First,
            "second" | "2" => Side::Second,
            "both" if field == MergeField::Notes => Side::Both,
            _ => {
                let sides = if field == MergeField::Notes { "first, second or both" } else { "first or second" };
                return Err(ValidationError::new(flag, s, format!("the side must be {sides}")));
            }
        };
        Ok(Keep { field, side })
    }
}

/// A field both contacts have, with different values, and the side the merge keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub field: MergeField,
    pub first: String,
    pub second: String,
    pub kept: Side,
}

/// What merging `second` into `first` does to `first`.
#[derive(Debug, Clone, PartialEq)]
pub struct MergePlan {
    /// The change to the first contact.
    pub patch: ContactPatch,
    /// Where they disagree, and what is kept.
    pub differences: Vec<Difference>,
}

/// The default side of a field both contacts have with different values.
fn default_side(field: MergeField, first: &Contact, second: &Contact) -> Side {
    match field {
        MergeField::Circle if second.circle < first.circle => Side::Second,
        MergeField::Notes => Side::Both,
        _ => Side::First,
    }
}

/// Plans merging `second` into `first`, with the user's choices for fields where they disagree.
/// Both must be different contacts.
pub fn plan_merge(first: &Contact, second: &Contact, keep: &[Keep]) -> Result<MergePlan, ValidationError> {
    if first.id == second.id {
        return Err(ValidationError::new(
            "contacts",
            format!("#{}", first.id),
            "a contact cannot be merged with itself: name two different contacts",
        ));
    }
    let mut patch = ContactPatch::default();
    let mut differences = Vec::new();
    for field in MergeField::ALL {
        let chosen = keep.iter().rev().find(|k| k.field == field).map(|k| k.side);
        let side = match (field.value(first), field.value(second)) {
            (_, None) => Side::First,
            (None, Some(_)) => Side::Second,
            (Some(a), Some(b)) if a == b => Side::First,
            (Some(a), Some(b)) => {
                let kept = chosen.unwrap_or_else(|| default_side(field, first, second));
                differences.push(Difference { field, first: a, second: b, kept });
                kept
            }
        };
        set_field(&mut patch, field, side, first, second);
    }
    let has = |list: &[String], v: &str| list.iter().any(|x| x.eq_ignore_ascii_case(v));
    patch.add_emails = second.emails.iter().filter(|e| !has(&first.emails, e)).cloned().collect();
    let phones: Vec<Option<String>> = first.phones.iter().map(|p| phone_key(p)).collect();
    patch.add_phones = second
        .phones
        .iter()
        .filter(|p| !first.phones.contains(p) && phone_key(p).is_none_or(|k| !phones.contains(&Some(k))))
        .cloned()
        .collect();
    patch.add_tags = second.tags.iter().filter(|t| !has(&first.tags, t)).cloned().collect();
    if second.important && !first.important {
        patch.important = Some(true);
    }
    if first.archived && !second.archived {
        patch.archived = Some(false);
    }
    Ok(MergePlan { patch, differences })
}

/// The change that takes a merged contact back to what it was (`before`), undoing `patch`: what
/// the merge set goes back to its old value, what it added is removed.
pub fn revert_patch(before: &Contact, patch: &ContactPatch) -> ContactPatch {
    let back = |set: &Option<String>, old: &Option<String>| set.as_ref().map(|_| old.clone().unwrap_or_default());
    ContactPatch {
        name: patch.name.as_ref().map(|_| before.name.clone()),
        remove_emails: patch.add_emails.clone(),
        remove_phones: patch.add_phones.clone(),
        remove_tags: patch.add_tags.clone(),
        org: back(&patch.org, &before.org),
        title: back(&patch.title, &before.title),
        location: back(&patch.location, &before.location),
        circle: patch.circle.map(|_| before.circle),
        cadence_days: patch.cadence_days.map(|_| before.custom_cadence_days),
        met_at: back(&patch.met_at, &before.met_at),
        met_on: patch.met_on.map(|_| before.met_on),
        linkedin: back(&patch.linkedin, &before.linkedin),
        website: back(&patch.website, &before.website),
        birthday: patch.birthday.map(|_| before.birthday),
        notes: back(&patch.notes, &before.notes),
        important: patch.important.map(|_| before.important),
        archived: patch.archived.map(|_| before.archived),
        ..ContactPatch::default()
    }
}

/// Writes the value `side` gives `field` into `patch` when it changes the first contact.
fn set_field(patch: &mut ContactPatch, field: MergeField, side: Side, first: &Contact, second: &Contact) {
    if side == Side::First {
        return;
    }
    let from = second;
    match field {
        MergeField::Name => patch.name = Some(from.name.clone()),
        MergeField::Org => patch.org = from.org.clone(),
        MergeField::Title => patch.title = from.title.clone(),
        MergeField::Location => patch.location = from.location.clone(),
        MergeField::Circle => patch.circle = Some(from.circle),
        MergeField::Cadence => patch.cadence_days = Some(from.custom_cadence_days),
        MergeField::MetAt => patch.met_at = from.met_at.clone(),
        MergeField::MetOn => patch.met_on = Some(from.met_on),
        MergeField::Linkedin => patch.linkedin = from.linkedin.clone(),
        MergeField::Website => patch.website = from.website.clone(),
        MergeField::Birthday => patch.birthday = Some(from.birthday),
        MergeField::Notes => {
            patch.notes = match (side, &first.notes) {
                (Side::Both, Some(mine)) if !mine.trim().is_empty() => {
                    Some(format!("{}\n\n{}", mine.trim_end(), from.notes.as_deref().unwrap_or("").trim()))
                }
                _ => from.notes.clone(),
            }
        }
    }
}

/// Why two contacts may be the same person, strongest first. (Two contacts never share an
/// e-mail: an address belongs to one contact of an owner, and imports merge on it.)
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    SameLinkedin,
    SamePhone,
    /// The same name and the same organization.
    SameNameAndOrg,
    /// The same name and an e-mail at the same domain.
    SameNameAndDomain,
}

impl DuplicateReason {
    /// The reason in words, with the value they share.
    pub fn explain(self, shared: &str) -> String {
        match self {
            DuplicateReason::SameLinkedin => format!("both have the LinkedIn profile {shared}"),
            DuplicateReason::SamePhone => format!("both have the phone {shared}"),
            DuplicateReason::SameNameAndOrg => format!("same name, both at {shared}"),
            DuplicateReason::SameNameAndDomain => format!("same name, both with an e-mail at {shared}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Circle;

    fn contact(id: i64, name: &str) -> Contact {
        Contact { id, circle: Circle::Active, ..crate::contact::test_contact(name) }
    }

    #[test]
    fn what_only_one_has_is_taken_and_lists_are_joined() {
        let mut a = contact(1, "Aaron Dubois");
        a.emails = vec!["aaron@acme.example".into()];
        a.tags = vec!["eng".into()];
        let mut b = contact(2, "Aaron Dubois");
        b.emails = vec!["AARON@acme.example".into(), "aaron@home.example".into()];
        a.phones = vec!["06 12 34 56 78".into()];
        b.phones = vec!["+33 6 12 34 56 78".into(), "+33 1 40 00 00 00".into()];
        b.tags = vec!["ENG".into(), "paris".into()];
        b.title = Some("CTO".into());
        b.important = true;
        let plan = plan_merge(&a, &b, &[]).unwrap();
        assert_eq!(plan.patch.add_emails, ["aaron@home.example"]);
        assert_eq!(plan.patch.add_phones, ["+33 1 40 00 00 00"], "the same number written otherwise is not added");
        assert_eq!(plan.patch.add_tags, ["paris"]);
        assert_eq!(plan.patch.title.as_deref(), Some("CTO"));
        assert_eq!(plan.patch.important, Some(true));
        assert!(plan.differences.is_empty());
    }

    #[test]
    fn where_both_differ_the_first_wins_unless_chosen_and_notes_are_both_kept() {
        let mut a = contact(1, "Aaron Dubois");
        a.title = Some("CTO".into());
        a.notes = Some("met at RustConf".into());
        a.circle = Circle::Wide;
        let mut b = contact(2, "Aaron B. Dubois");
        b.title = Some("VP Engineering".into());
        b.notes = Some("likes climbing".into());
        b.circle = Circle::Close;
        let plan = plan_merge(&a, &b, &[]).unwrap();
        let kept: Vec<(&str, Side)> = plan.differences.iter().map(|d| (d.field.as_str(), d.kept)).collect();
        assert_eq!(
            kept,
            [("name", Side::First), ("title", Side::First), ("circle", Side::Second), ("notes", Side::Both)]
        );
        assert_eq!(plan.patch.name, None);
        assert_eq!(plan.patch.circle, Some(Circle::Close), "the closer circle");
        assert_eq!(plan.patch.notes.as_deref(), Some("met at RustConf\n\nlikes climbing"));
        let keep = [Keep::parse("keep", "title=second").unwrap(), Keep::parse("keep", "NAME=2").unwrap()];
        let plan = plan_merge(&a, &b, &keep).unwrap();
        assert_eq!(plan.patch.title.as_deref(), Some("VP Engineering"));
        assert_eq!(plan.patch.name.as_deref(), Some("Aaron B. Dubois"));
    }

    #[test]
    fn a_merge_plan_is_reverted_field_by_field() {
        let mut a = contact(1, "Ada");
        a.title = Some("CTO".into());
        a.tags = vec!["eng".into()];
        a.archived = true;
        let mut b = contact(2, "Ada King");
        b.title = Some("Countess".into());
        b.location = Some("London".into());
        b.tags = vec!["poetry".into()];
        let keep = [Keep::parse("keep", "title=second").unwrap(), Keep::parse("keep", "name=second").unwrap()];
        let plan = plan_merge(&a, &b, &keep).unwrap();
        let back = revert_patch(&a, &plan.patch);
        assert_eq!(back.name.as_deref(), Some("Ada"));
        assert_eq!(back.title.as_deref(), Some("CTO"));
        assert_eq!(back.location.as_deref(), Some(""), "what the merge filled in is cleared");
        assert_eq!(back.remove_tags, ["poetry"]);
        assert_eq!(back.archived, Some(true));
        assert_eq!(back.org, None, "what the merge left alone stays alone");
    }

    #[test]
    fn an_archived_entry_merged_into_a_live_one_stays_live_either_way() {
        let mut a = contact(1, "Ada");
        a.archived = true;
        let b = contact(2, "Ada");
        assert_eq!(plan_merge(&a, &b, &[]).unwrap().patch.archived, Some(false));
        assert_eq!(plan_merge(&b, &a, &[]).unwrap().patch.archived, None);
    }

    #[test]
    fn bad_choices_and_a_self_merge_say_what_is_wrong() {
        let a = contact(1, "Ada");
        let err = plan_merge(&a, &a, &[]).unwrap_err();
        assert!(err.message.contains("itself"), "{err}");
        let err = Keep::parse("keep", "colour=first").unwrap_err();
        assert!(err.message.contains("unknown field") && err.message.contains("title"), "{err}");
        let err = Keep::parse("keep", "title=both").unwrap_err();
        assert!(err.message.contains("first or second"), "{err}");
        assert!(Keep::parse("keep", "title").unwrap_err().message.contains("FIELD=first"));
        assert_eq!(Keep::parse("keep", "met-at=second").unwrap().field, MergeField::MetAt);
    }
}
