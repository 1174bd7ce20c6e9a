//! One RFC 5322 message read as a touch: who wrote to whom, on which day, about what.

use std::borrow::Cow;

use kith_core::InteractionKind;

use super::{Automated, address, date, encoded_word, fingerprint::fingerprint, header, rules};
use crate::{Problem, TouchRecord};

/// Reads the header section of one message whose first byte is on line `line` (a leading mbox
/// `From ` line is allowed). The body is never read.
///
/// The key is `mid:<Message-ID>` (without the angle brackets, otherwise as written). A message
/// without a Message-ID gets `mail-hash:<fingerprint of From, Date and Subject>`, so importing the
/// same file again still recognises it. A message without a usable From or Date is a [`Problem`]
/// naming the header (and its line, when it is there but unreadable).
pub fn read_message(bytes: &[u8], line: usize) -> Result<TouchRecord, Problem> {
    let headers = Headers::collect(bytes, line);
    let (from_line, from_value) = headers.from.ok_or_else(|| {
        Problem::new(line, None, "From", "the message has no From header, so kith cannot tell who sent it")
    })?;
    let sender = address::parse_list(&from_value)
        .into_iter()
        .next()
        .ok_or_else(|| Problem::new(from_line, None, "From", format!("'{from_value}' holds no e-mail address")))?;
    let mut names: Vec<(String, String)> = Vec::new();
    let from = named(sender, &mut names);
    let (date_line, date_value) = headers
        .date
        .ok_or_else(|| Problem::new(line, None, "Date", "the message has no Date header, so kith cannot date it"))?;
    let on = date::parse(&date_value).ok_or_else(|| {
        Problem::new(
            date_line,
            None,
            "Date",
            format!("'{date_value}' is not a date kith can read; expected e.g. 'Mon, 2 Mar 2026 10:00:00 +0100'"),
        )
    })?;

    let subject = headers.subject.as_deref().map(clean_subject).filter(|s| !s.is_empty());
    let key = match headers.message_id.as_deref().and_then(message_id) {
        Some(id) => format!("mid:{id}"),
        None => {
            let parts = [from.as_str(), &collapse_whitespace(&date_value), subject.as_deref().unwrap_or("")];
            format!("mail-hash:{}", fingerprint(&parts))
        }
    };

    // In order, each once: a short list is searched, a long one gets a set beside it, since a
    // message may name 100,000 recipients (a linear search per address made that 19 seconds).
    let mut to: Vec<String> = Vec::new();
    let mut seen: Option<std::collections::HashSet<String>> = None;
    for list in &headers.recipients {
        for mailbox in address::parse_list(list) {
            if mailbox.address == from {
                continue;
            }
            let new = match &mut seen {
                Some(set) => set.insert(mailbox.address.clone()),
                None => !to.contains(&mailbox.address),
            };
            if new {
                to.push(named(mailbox, &mut names));
                if seen.is_none() && to.len() > 32 {
                    seen = Some(to.iter().cloned().collect());
                }
            }
        }
    }

    let mut replies_to: Vec<String> = Vec::new();
    for value in headers.in_reply_to.iter().chain(&headers.references) {
        for id in message_ids(value) {
            if !replies_to.contains(&id) {
                replies_to.push(id);
            }
        }
    }

    Ok(TouchRecord {
        line,
        key,
        kind: InteractionKind::Email,
        on,
        minutes: None,
        from: Some(from),
        to,
        subject,
        replies_to,
        names,
        automated: headers.automated,
    })
}

/// The longest display name kept, in characters.
const MAX_NAME_CHARS: usize = 200;

/// The mailbox's address, its display name noted in `names` (capped: a name is a label, not a
/// place to carry a header's worth of text).
fn named(mailbox: address::Mailbox, names: &mut Vec<(String, String)>) -> String {
    if let Some(name) = mailbox.name {
        let name = match collapse_whitespace(&name) {
            Cow::Borrowed(_) => name,
            Cow::Owned(collapsed) => collapsed,
        };
        if !name.is_empty() && name != mailbox.address {
            let name = if name.len() <= MAX_NAME_CHARS { name } else { name.chars().take(MAX_NAME_CHARS).collect() };
            names.push((mailbox.address.clone(), name));
        }
    }
    mailbox.address
}

/// The header fields a touch is made of, unfolded; the first of each wins, except recipients.
#[derive(Default)]
struct Headers<'a> {
    from: Option<(usize, Cow<'a, str>)>,
    date: Option<(usize, Cow<'a, str>)>,
    subject: Option<Cow<'a, str>>,
    message_id: Option<Cow<'a, str>>,
    in_reply_to: Option<Cow<'a, str>>,
    references: Option<Cow<'a, str>>,
    /// Every To, Cc and Bcc field (broken mailers repeat them).
    recipients: Vec<Cow<'a, str>>,
    /// A mailing list's or an automatic reply's own marks.
    automated: Option<Automated>,
}

impl<'a> Headers<'a> {
    fn collect(bytes: &'a [u8], line: usize) -> Headers<'a> {
        let mut h = Headers::default();
        for field in header::fields(bytes, line) {
            let first = |slot: &mut Option<Cow<'a, str>>| {
                slot.get_or_insert_with(|| field.text());
            };
            if field.is("From") {
                h.from.get_or_insert_with(|| (field.line, field.text()));
            } else if field.is("Date") {
                h.date.get_or_insert_with(|| (field.line, field.text()));
            } else if field.is("To") || field.is("Cc") || field.is("Bcc") {
                h.recipients.push(field.text());
            } else if field.is("Subject") {
                first(&mut h.subject);
            } else if field.is("Message-ID") {
                first(&mut h.message_id);
            } else if field.is("In-Reply-To") {
                first(&mut h.in_reply_to);
            } else if field.is("References") {
                first(&mut h.references);
            } else if h.automated.is_none() {
                h.automated = rules::automated(&field);
            }
        }
        h
    }
}

/// The id of a Message-ID field: what is inside the first `<…>`, else the value if it is one word.
fn message_id(value: &str) -> Option<String> {
    message_ids(value).into_iter().next()
}

/// The ids of an In-Reply-To or References field; a lone id without brackets is accepted too.
/// Text between the ids (`<a@x> (Ann's message of Monday)`) is ignored.
fn message_ids(value: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = value;
    while let Some((_, after)) = rest.split_once('<') {
        let Some((id, tail)) = after.split_once('>') else { break };
        let id = id.trim();
        if !id.is_empty() {
            ids.push(id.to_string());
        }
        rest = tail;
    }
    let bare = value.trim();
    if ids.is_empty() && !bare.is_empty() && !bare.contains(char::is_whitespace) && !bare.contains(['<', '>']) {
        ids.push(bare.to_string());
    }
    ids
}

/// The subject decoded and on one line, with runs of whitespace (tabs, newlines) made one space.
fn clean_subject(raw: &str) -> String {
    match encoded_word::decode(raw) {
        Cow::Borrowed(text) => collapse_whitespace(text).into_owned(),
        Cow::Owned(text) => collapse_whitespace(&text).into_owned(),
    }
}

/// `text` with runs of whitespace and control characters made one space and none at either end;
/// text that already is (most of it) is not copied.
fn collapse_whitespace(text: &str) -> Cow<'_, str> {
    let separator = |c: char| c.is_whitespace() || c.is_control();
    let mut previous_space = true; // so a leading space counts as a run
    let tidy = text.chars().all(|c| {
        let ok = !separator(c) || (c == ' ' && !previous_space);
        previous_space = c == ' ';
        ok
    }) && !text.ends_with(' ');
    if tidy {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_to_a_hundred_thousand_people_names_each_once() {
        let to: String = (0..100_000).map(|k| format!("p{k}@x.org, ")).collect();
        let message = format!(
            "From: a@x.org\r\nDate: Mon, 2 Mar 2026 10:00:00 +0100\r\nTo: {to}\r\nCc: p5@x.org, a@x.org\r\n\r\nbody\r\n"
        );
        let touch = read_message(message.as_bytes(), 1).unwrap();
        assert_eq!(touch.to.len(), 100_000);
        assert_eq!(touch.to[5], "p5@x.org");
    }

    #[test]
    fn message_ids_with_and_without_brackets() {
        assert_eq!(message_id(" <Abc.123@Mail.Example.org> "), Some("Abc.123@Mail.Example.org".into()));
        assert_eq!(message_id("abc@x"), Some("abc@x".into()));
        assert_eq!(message_id("<>"), None);
        assert_eq!(message_ids("<a@x> (Ann's message of \"Mon\")\r\n <b@x>"), ["a@x", "b@x"]);
    }

    #[test]
    fn subjects_are_decoded_onto_one_line() {
        assert_eq!(clean_subject("=?UTF-8?Q?Re:_caf=C3=A9?=\t tomorrow"), "Re: café tomorrow");
    }
}
