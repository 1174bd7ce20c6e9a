//! Relationships between contacts: "Grace is the manager of Alan", "Ada introduced Bob".
//!
//! A relationship is typed and directed, read "FROM is KIND TO", and always has an inverse read
//! from the other side ("Alan reports to Grace"). kith keeps one row per relationship holding both
//! the kind and its inverse, so each side reads its own word and the inverse can never drift. The
//! pairs kith knows are stored in one direction (`reports to` is kept as the inverse side of
//! `manager of`), so the same tie entered from either side is the same relationship; a custom
//! type names its inverse.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{ContactId, ValidationError};

/// The relationships kith knows: (kind, inverse), each read "A is KIND B". A pair whose two words
/// are the same is symmetric.
pub const KNOWN: [(&str, &str); 9] = [
    ("introduced", "introduced by"),
    ("manager of", "reports to"),
    ("mentor of", "mentee of"),
    ("colleague of", "colleague of"),
    ("former colleague of", "former colleague of"),
    ("friend of", "friend of"),
    ("partner of", "partner of"),
    ("family of", "family of"),
    ("classmate of", "classmate of"),
];

/// Longest relationship type and note kith keeps.
pub const MAX_KIND: usize = 60;
pub const MAX_NOTE: usize = 2_000;

pub type RelationshipId = i64;

/// A relationship type and its inverse, as kith stores them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RelationKind {
    pub kind: String,
    pub inverse: String,
}

impl RelationKind {
    /// Reads a type as a user writes it (`manager`, `reports-to`, `Introduced by`, `mentee_of`),
    /// with the inverse of a custom type. Returns the type and whether the relationship must be
    /// turned around to be stored the way kith keeps it (`A reports to B` is `B manager of A`).
    pub fn parse(text: &str, inverse: Option<&str>) -> Result<(RelationKind, bool), ValidationError> {
        let word = normalize(text);
        if word.is_empty() {
            return Err(ValidationError::new("type", text, format!("a relationship needs a type: {}", known_list())));
        }
        check_word("type", &word)?;
        if let Some((kind, inv, turned)) = known(&word) {
            if let Some(given) = inverse.map(normalize).filter(|g| !g.is_empty() && g != inv && g != kind) {
                return Err(ValidationError::new(
                    "inverse",
                    given,
                    format!("'{kind}' is one of kith's own types; its inverse is '{inv}'"),
                ));
            }
            return Ok((RelationKind { kind: kind.into(), inverse: inv.into() }, turned));
        }
        let Some(inv) = inverse.map(normalize).filter(|i| !i.is_empty()) else {
            return Err(ValidationError::new(
                "type",
                text,
                format!(
                    "is not one of kith's types and has no inverse: give it one (--inverse \"...\", \
                     the same word for a symmetric tie) or use one of {}",
                    known_list()
                ),
            ));
        };
        check_word("inverse", &inv)?;
        if known(&inv).is_some() {
            return Err(ValidationError::new(
                "inverse",
                inv,
                "is one of kith's own types: relate the other way round with it instead",
            ));
        }
        Ok((RelationKind { kind: word, inverse: inv }, false))
    }

    /// Whether both sides read the same ("friend of").
    pub fn symmetric(&self) -> bool {
        self.kind == self.inverse
    }

    /// Whether this is the chain of command, where a cycle cannot be.
    pub fn is_manager(&self) -> bool {
        self.kind == "manager of"
    }
}

/// A type is a few words: not too long, and none of the characters that separate a vCard's
/// parameters (a relationship travels in one).
fn check_word(field: &str, word: &str) -> Result<(), ValidationError> {
    if word.chars().count() > MAX_KIND {
        return Err(ValidationError::new(field, word, format!("is longer than {MAX_KIND} characters")));
    }
    if word.chars().any(|c| c.is_control() || "\"\\;:,".contains(c)) {
        return Err(ValidationError::new(field, word, "a type is words: no quotes, ';', ':', ',' or '\\'"));
    }
    Ok(())
}

/// "Alan reports to Grace", "Ada introduced Bob", "Bob was introduced by Ada", "Grace is manager
/// of Alan": a relationship in a sentence, read from `a`'s side.
pub fn sentence(a: &str, word: &str, b: &str) -> String {
    match word {
        "reports to" | "introduced" => format!("{a} {word} {b}"),
        "introduced by" => format!("{a} was introduced by {b}"),
        _ => format!("{a} is {word} {b}"),
    }
}

/// kith's own type for `word` (already normalized): (kind, inverse, turned), `turned` when `word`
/// is the inverse side of the pair.
fn known(word: &str) -> Option<(&'static str, &'static str, bool)> {
    let word = match word {
        "manager" | "manages" | "boss of" => "manager of",
        "reports" | "report of" | "reports to" | "direct report of" => "reports to",
        "mentor" | "mentors" => "mentor of",
        "mentee" => "mentee of",
        "introducer of" => "introduced",
        "colleague" | "coworker" | "coworker of" | "co-worker of" => "colleague of",
        "former colleague" | "ex colleague" | "ex colleague of" => "former colleague of",
        "friend" => "friend of",
        "partner" | "spouse" | "spouse of" => "partner of",
        "family" | "relative" | "relative of" => "family of",
        "classmate" => "classmate of",
        other => other,
    };
    KNOWN.iter().find_map(|&(kind, inverse)| {
        if word == kind {
            Some((kind, inverse, false))
        } else if word == inverse {
            Some((kind, inverse, true))
        } else {
            None
        }
    })
}

/// Lower case, `-`/`_` as spaces, spaces collapsed.
fn normalize(text: &str) -> String {
    text.to_lowercase().replace(['-', '_'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn known_list() -> String {
    let mut words: Vec<&str> = KNOWN.iter().flat_map(|(k, i)| [*k, *i]).collect();
    words.dedup();
    words.join(", ")
}

/// A relationship to record: FROM is KIND TO.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRelationship {
    pub from: ContactId,
    pub kind: RelationKind,
    pub to: ContactId,
    pub note: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl NewRelationship {
    /// Checks and arranges a relationship as the user gave it ("A TYPE B"): turned around when
    /// the type is the inverse side of one of kith's pairs, and a symmetric one stored with the
    /// lower id first, so entering it from either side finds the same row.
    pub fn new(
        a: ContactId,
        kind: RelationKind,
        turned: bool,
        b: ContactId,
        note: Option<String>,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<Self, ValidationError> {
        if a == b {
            return Err(ValidationError::new("with", b.to_string(), "a contact cannot be related to themselves"));
        }
        if let (Some(s), Some(u)) = (since, until)
            && u < s
        {
            return Err(ValidationError::new("until", u.to_string(), format!("is before --since {s}")));
        }
        let note = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        if let Some(n) = &note
            && n.chars().count() > MAX_NOTE
        {
            return Err(ValidationError::new("note", n.clone(), format!("is longer than {MAX_NOTE} characters")));
        }
        let (from, to) = if turned || (kind.symmetric() && b < a) { (b, a) } else { (a, b) };
        Ok(Self { from, kind, to, note, since, until })
    }
}

/// A relationship as one contact sees it: "(this contact) is WORD OTHER".
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relation {
    pub id: RelationshipId,
    /// The word read from this contact's side ("reports to").
    pub word: String,
    /// The word read from the other's side ("manager of"): what the other is to this contact.
    pub other_word: String,
    pub other: ContactId,
    pub other_name: String,
    pub other_uid: String,
    pub note: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Relation {
    /// " since 2020-01-01", " 2019-03-01 to 2023-06-30", " until …", or nothing.
    pub fn dates_phrase(&self) -> String {
        match (self.since, self.until) {
            (Some(s), Some(u)) => format!(" {s} to {u}"),
            (Some(s), None) => format!(" since {s}"),
            (None, Some(u)) => format!(" until {u}"),
            (None, None) => String::new(),
        }
    }
}

/// A relationship as a backup holds it, the two contacts named by uid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotRelationship {
    pub from: String,
    pub kind: String,
    pub inverse: String,
    pub to: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, inverse: Option<&str>) -> (RelationKind, bool) {
        RelationKind::parse(text, inverse).unwrap()
    }

    #[test]
    fn kiths_own_types_are_read_as_people_write_them() {
        assert_eq!(
            parse("Manager", None),
            (RelationKind { kind: "manager of".into(), inverse: "reports to".into() }, false)
        );
        assert_eq!(
            parse("reports-to", None),
            (RelationKind { kind: "manager of".into(), inverse: "reports to".into() }, true)
        );
        assert!(parse("introduced_by", None).1);
        assert_eq!(parse("friend", None).0.inverse, "friend of");
        assert!(parse("colleague", None).0.symmetric());
    }

    #[test]
    fn a_custom_type_needs_its_inverse() {
        let err = RelationKind::parse("godparent of", None).unwrap_err();
        assert_eq!(err.field, "type");
        assert!(err.message.contains("--inverse"), "{err}");
        assert_eq!(
            parse("Godparent of", Some("godchild  of")),
            (RelationKind { kind: "godparent of".into(), inverse: "godchild of".into() }, false)
        );
        assert!(RelationKind::parse("manager", Some("underling")).is_err());
        assert!(RelationKind::parse("", None).is_err());
        assert!(RelationKind::parse("boss;TYPE=x", Some("y")).is_err(), "vCard separators");
        assert!(RelationKind::parse(&"x".repeat(61), Some("y")).is_err());
    }

    #[test]
    fn a_relationship_is_stored_one_way_whichever_side_it_came_from() {
        let (kind, turned) = parse("reports to", None);
        let r = NewRelationship::new(7, kind, turned, 3, None, None, None).unwrap();
        assert_eq!((r.from, r.kind.kind.as_str(), r.to), (3, "manager of", 7));
        let (kind, turned) = parse("friend", None);
        let r = NewRelationship::new(9, kind, turned, 2, None, None, None).unwrap();
        assert_eq!((r.from, r.to), (2, 9));
    }

    #[test]
    fn nobody_is_related_to_themselves() {
        let (kind, turned) = parse("friend", None);
        let err = NewRelationship::new(4, kind, turned, 4, None, None, None).unwrap_err();
        assert!(err.message.contains("themselves"));
    }

    #[test]
    fn dates_run_forward() {
        let (kind, turned) = parse("colleague", None);
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert!(NewRelationship::new(1, kind, turned, 2, None, d("2023-01-01"), d("2020-01-01")).is_err());
    }
}
