//! vCard 2.1, 3.0 and 4.0: reading contacts, writing vCard 4.0.
//!
//! Reading goes in steps, each its own module: bytes to text ([`read_bytes`]), physical lines to
//! unfolded content lines (`unfold`), content lines to cards (`cards`), each line to its parts
//! (`content_line`, `value`), and each card to a contact (`map`, `birthday`, `extra`) checked by
//! kith-core's rules (`check`). A card kith cannot use is a [`crate::Rejected`] with every problem
//! found in it and its text as it stood, so a rejects file can be fixed and imported again; one bad
//! card never stops the others.
//!
//! What a card keeps that kith does not model goes to [`crate::ContactRecord::extra`], one unfolded
//! content line each (see `map` for what is modelled and `extra` for how 2.1 lines are stored), and
//! [`write()`] puts it back (see `write_extra` for what it leaves out). The UID of an imported card is
//! such an extra; [`uid_of`] reads it, for an importer that keeps the card's identity.
//!
//! Writing produces vCard 4.0 (`write`): escaped text, lines folded at 75 octets, CRLF, and the
//! same bytes for the same contacts.
//!
//! Text outside any card (between END:VCARD and the next BEGIN:VCARD) is not silently dropped: it is
//! a rejected record numbered 0, with its line, so the user sees it.

mod birthday;
mod cards;
mod check;
mod content_line;
mod decode;
mod extra;
mod fold;
mod map;
mod related;
mod unfold;
mod value;
mod write;
mod write_extra;

pub use related::{RelatedRef, drop_kiths_own as drop_kiths_relations, take as take_related, unmark as unmark_related};
pub use write::{VcardContact, VcardVersion, write, write_one, write_one_as};

use std::borrow::Cow;

use crate::{
    ContactFile, FormatError, Problem, Rejected,
    record::{MAX_RECORDS, too_many_records},
};

/// The UID a card was imported with, from its extras (`urn:uuid:` taken off), if it had one.
pub fn uid_of(extra: &[String]) -> Option<String> {
    let line = extra.iter().find_map(|l| content_line::ContentLine::parse(l).ok().filter(|l| l.name == "UID"))?;
    let uid = value::unescape(line.raw_value.trim());
    let uid = match uid.get(..9) {
        Some(scheme) if scheme.eq_ignore_ascii_case("urn:uuid:") => &uid[9..],
        _ => &uid[..],
    }
    .trim();
    (!uid.is_empty()).then(|| uid.to_string())
}

/// Reads a vCard file's bytes: UTF-8 (with or without a BOM) or UTF-16 with a BOM. Other bytes
/// (Latin-1, a picture, a zip) are a [`FormatError`] naming the line of the first bad byte.
pub fn read_bytes(bytes: &[u8]) -> Result<ContactFile, FormatError> {
    read(&decode::text_of(bytes)?)
}

/// Refuses a file of more than [`MAX_RECORDS`] cards before any card is unfolded or mapped (a
/// vCard 2.1 AGENT's nested card counts too: the limit is far above any real address book).
fn check_card_count(text: &str) -> Result<(), FormatError> {
    let begins = text
        .lines()
        .enumerate()
        .filter(|(_, line)| line.as_bytes().get(..11).is_some_and(|b| b.eq_ignore_ascii_case(b"BEGIN:VCARD")));
    match begins.map(|(k, _)| k + 1).nth(MAX_RECORDS) {
        Some(line) => Err(too_many_records(line)),
        None => Ok(()),
    }
}

/// Reads every card of a vCard file. Fails only when the text holds no card at all.
pub fn read(text: &str) -> Result<ContactFile, FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Classic Mac OS files end lines with a lone CR.
    let text: Cow<'_, str> =
        if text.contains('\r') && !text.contains('\n') { text.replace('\r', "\n").into() } else { text.into() };
    check_card_count(&text)?;
    let chunks = cards::split(&text, unfold::unfold(&text));
    if !chunks.iter().any(|c| matches!(c, cards::Chunk::Card(_))) {
        return Err(FormatError::new(1, "BEGIN", "no BEGIN:VCARD found: is this a vCard file?"));
    }
    let mut file = ContactFile::default();
    for chunk in chunks {
        match chunk {
            cards::Chunk::Card(card) => match map::import(&card) {
                Ok(record) => file.records.push(record),
                Err(rejected) => file.rejected.push(rejected),
            },
            cards::Chunk::Stray { line, raw } => file.rejected.push(Rejected {
                line,
                record: 0,
                problems: vec![Problem::new(
                    line,
                    None,
                    "BEGIN",
                    "text outside any card (not between BEGIN:VCARD and END:VCARD); remove it or add the card's BEGIN/END",
                )],
                raw,
            }),
        }
    }
    Ok(file)
}
