//! The address book's writes, as CardDAV clients make them: a card read and checked, then put or
//! removed. kith-web speaks the protocol; what a card does to the network is decided here.

use chrono::NaiveDate;
use kith_formats::vcard;
use kith_store::{CardCondition, CardPut, CardPutOutcome, CardRemoveOutcome, Store, StoreResult};

use crate::settings::PhoneDeletions;

/// The largest card kith takes (a photo included), in bytes.
pub const MAX_CARD_BYTES: usize = 1024 * 1024;

/// A card kith cannot take, and why, in words for the user of the client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CardRefused {
    #[error("the card is larger than kith takes ({MAX_CARD_BYTES} bytes); make its photo smaller")]
    TooLarge,
    #[error("not a vCard kith can read: {0}")]
    Unreadable(String),
    #[error("the body holds {0} cards; a PUT carries exactly one")]
    NotOne(usize),
    #[error("the card has no UID: an address book tells its cards apart by it; give it one (UID:…)")]
    NoUid,
    #[error(
        "the card is a contact group (KIND:group); kith has no groups: tag the people instead (CATEGORIES), and \
         kith's tags come back to the phone as their categories"
    )]
    Group,
}

/// A card as read from a client: its UID, the contact it describes and the properties kith keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadCard {
    pub uid: String,
    pub contact: kith_core::NewContact,
    pub extras: Vec<String>,
}

/// Reads the body of a PUT: exactly one card kith can use, with a UID.
pub fn read_card(bytes: &[u8]) -> Result<ReadCard, CardRefused> {
    if bytes.len() > MAX_CARD_BYTES {
        return Err(CardRefused::TooLarge);
    }
    let file = vcard::read_bytes(bytes).map_err(|e| CardRefused::Unreadable(e.to_string()))?;
    if let Some(rejected) = file.rejected.first() {
        let problems: Vec<String> = rejected.problems.iter().map(ToString::to_string).collect();
        return Err(CardRefused::Unreadable(problems.join("; ")));
    }
    let mut records = file.records;
    if records.len() != 1 {
        return Err(CardRefused::NotOne(records.len()));
    }
    let record = records.remove(0);
    // Apple's address books (X-ADDRESSBOOKSERVER-KIND) and vCard 4.0 (KIND) keep a group as a card
    // listing its members: taken as a contact it would be a person named "Family".
    if record.extra.iter().any(|l| is_group_kind(l)) {
        return Err(CardRefused::Group);
    }
    let uid = vcard::uid_of(&record.extra).ok_or(CardRefused::NoUid)?;
    // The UID is the card's identity, kept by the contact itself; the writer puts it back. The
    // organizations kith wrote (X-KITH-ORG) are its own memberships, written afresh each time: a
    // copy sent back would outlive a membership ended in kith.
    // The same for the relationships kith wrote.
    let mut extras: Vec<String> =
        record.extra.into_iter().filter(|l| !is_property(l, "UID") && !is_property(l, "X-KITH-ORG")).collect();
    vcard::drop_kiths_relations(&mut extras);
    Ok(ReadCard { uid, contact: record.contact, extras })
}

fn is_group_kind(line: &str) -> bool {
    let Some((head, value)) = line.split_once(':') else { return false };
    let name = head.split(';').next().unwrap_or("").rsplit('.').next().unwrap_or("");
    (name.eq_ignore_ascii_case("KIND") || name.eq_ignore_ascii_case("X-ADDRESSBOOKSERVER-KIND"))
        && value.trim().eq_ignore_ascii_case("group")
}

/// Whether a kept line is the property `property` (any group, any parameters).
pub(crate) fn is_property(line: &str, property: &str) -> bool {
    let name = line.split([':', ';']).next().unwrap_or("");
    name.rsplit('.').next().unwrap_or("").eq_ignore_ascii_case(property)
}

/// Puts a card read by [`read_card`] into the address book under `name`.
pub async fn put(
    store: &dyn Store,
    name: &str,
    card: ReadCard,
    condition: CardCondition,
    today: NaiveDate,
) -> StoreResult<CardPutOutcome> {
    let uid = card.uid.clone();
    let related = card.extras.iter().any(|l| crate::relationships::names_related(l));
    let put =
        CardPut { name: name.to_string(), uid: card.uid, contact: card.contact, extras: card.extras, condition, today };
    let outcome = store.put_card(put).await?;
    // Related names the phone added become relationships where kith can tell who and what; the
    // client is answered with the ETag the card has after that.
    let written = matches!(outcome, CardPutOutcome::Created { .. } | CardPutOutcome::Replaced { .. });
    if !written || !related {
        return Ok(outcome);
    }
    let Some(id) = store.contact_with_uid(&uid).await? else { return Ok(outcome) };
    // Read again even when none was made: the card's kept lines may have been rewritten.
    crate::relationships::absorb_related(store, &[id]).await?;
    let fresh = store.contact(id).await?.etag;
    Ok(match outcome {
        CardPutOutcome::Created { .. } => CardPutOutcome::Created { etag: fresh },
        _ => CardPutOutcome::Replaced { etag: fresh },
    })
}

/// Removes the card `name`: archives its contact, or deletes it when the user chose so.
pub async fn remove(
    store: &dyn Store,
    name: &str,
    condition: &CardCondition,
    deletions: PhoneDeletions,
) -> StoreResult<CardRemoveOutcome> {
    store.remove_card(name, condition, deletions == PhoneDeletions::Delete).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_needs_a_uid_and_comes_alone() {
        let card =
            read_card(b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:abc\r\nFN:Ada\r\nNICKNAME:A\r\nEND:VCARD\r\n").unwrap();
        assert_eq!((card.uid.as_str(), card.contact.name.as_str()), ("abc", "Ada"));
        assert_eq!(card.extras, ["NICKNAME:A"], "the UID is the contact's own, not a kept line");
        let no_uid = read_card(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n");
        assert_eq!(no_uid, Err(CardRefused::NoUid));
        let two = b"BEGIN:VCARD\r\nUID:a\r\nFN:A\r\nEND:VCARD\r\nBEGIN:VCARD\r\nUID:b\r\nFN:B\r\nEND:VCARD\r\n";
        assert_eq!(read_card(two), Err(CardRefused::NotOne(2)));
        let nameless = read_card(b"BEGIN:VCARD\r\nUID:a\r\nEND:VCARD\r\n").unwrap_err();
        assert!(nameless.to_string().contains("needs a name"), "{nameless}");
        assert!(matches!(read_card(b"\x00\xff"), Err(CardRefused::Unreadable(_))));
        assert_eq!(read_card(&vec![b'a'; MAX_CARD_BYTES + 1]), Err(CardRefused::TooLarge));
        let group =
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:g\r\nFN:Family\r\nX-ADDRESSBOOKSERVER-KIND:group\r\nEND:VCARD\r\n";
        assert_eq!(read_card(group), Err(CardRefused::Group));
        let person = b"BEGIN:VCARD\r\nVERSION:4.0\r\nUID:p\r\nFN:Ada\r\nKIND:individual\r\nEND:VCARD\r\n";
        assert!(read_card(person).is_ok());
    }
}
