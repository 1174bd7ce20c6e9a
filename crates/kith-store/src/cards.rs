//! What the address book (CardDAV) asks of the store when a client writes: the card's name, the
//! contact it carries, the conditions the write holds under, and what came of it.

use chrono::NaiveDate;
use kith_core::NewContact;

/// The default name of a contact's card: its uid and `.vcf`.
pub fn default_card_name(uid: &str) -> String {
    format!("{uid}.vcf")
}

/// The longest card name kept (names are keys of an index; clients use a UUID and `.vcf`).
pub const MAX_CARD_NAME_BYTES: usize = 255;

/// Whether `name` can name a card: one path segment (no `/`, no control character), at most
/// [`MAX_CARD_NAME_BYTES`].
pub fn check_card_name(name: &str) -> Result<(), kith_core::ValidationError> {
    let bad = |why: String| Err(kith_core::ValidationError::new("card_name", name, why));
    if name.is_empty() || name.len() > MAX_CARD_NAME_BYTES {
        return bad(format!("a card's name is 1 to {MAX_CARD_NAME_BYTES} bytes; this one is {}", name.len()));
    }
    if name.contains('/') || name.chars().any(char::is_control) {
        return bad("a card's name is one part of a path: no '/' and no control characters".into());
    }
    Ok(())
}

/// A write's conditions on the card's current ETag (RFC 7232 `If-Match`, `If-None-Match`), each
/// a list of ETags without quotes, or `*` for "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CardCondition {
    pub if_match: Option<Vec<String>>,
    pub if_none_match: Option<Vec<String>>,
}

impl CardCondition {
    /// Whether the client sent any condition at all.
    pub fn is_empty(&self) -> bool {
        self.if_match.is_none() && self.if_none_match.is_none()
    }

    /// Whether the write may go ahead when the card's ETag is `current` (`None`: no such card).
    pub fn holds(&self, current: Option<&str>) -> bool {
        let listed = |list: &[String]| list.iter().any(|t| t == "*" || Some(t.as_str()) == current);
        let matched = match (&self.if_match, current) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(list), Some(_)) => listed(list),
        };
        let none_matched = match (&self.if_none_match, current) {
            (None, _) | (Some(_), None) => true,
            (Some(list), Some(_)) => !listed(list),
        };
        matched && none_matched
    }
}

/// A card put into the address book by a client.
#[derive(Debug, Clone, PartialEq)]
pub struct CardPut {
    /// The card's name in the address book (the last part of its path, decoded).
    pub name: String,
    /// The card's UID.
    pub uid: String,
    /// What the card says, validated.
    pub contact: NewContact,
    /// The properties kith keeps without modelling them.
    pub extras: Vec<String>,
    pub condition: CardCondition,
    /// The user's today: the day a new contact is added on.
    pub today: NaiveDate,
}

/// What came of a PUT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardPutOutcome {
    /// A new contact, unsorted unless the card names its circle.
    Created { etag: String },
    /// The contact now says what the card says.
    Replaced { etag: String },
    /// The card changed since the client read it (or exists when it should not): nothing written.
    PreconditionFailed,
    /// Another card already carries this UID, under this name.
    UidTaken { name: String },
    /// The card at this name carries another UID: a card's UID never changes.
    UidChanged { uid: String },
    /// The name is `{uid}.vcf` of another contact (one archived in kith): it stays that card's.
    NameTaken,
}

/// What came of a DELETE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardRemoveOutcome {
    /// The contact is archived: out of the address book, still in kith.
    Archived,
    /// The contact is deleted for good.
    Deleted,
    NotFound,
    PreconditionFailed,
}
