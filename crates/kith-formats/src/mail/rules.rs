//! Which messages are conversations between people: the rest (mailing lists, automatic replies,
//! no-reply senders, announcements to a crowd) never become touches, however often they arrive.

use serde::{Deserialize, Serialize};

use super::header::RawField;
use crate::TouchRecord;

/// What a message says of itself when no person wrote it to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Automated {
    /// List-Id, List-Unsubscribe or List-Post, or `Precedence: bulk`, `list` or `junk`.
    MailingList,
    /// `Auto-Submitted` other than `no` (RFC 3834), or X-Autoreply / X-Autorespond.
    AutomaticReply,
}

/// Why a message read from a mailbox is not a touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    MailingList,
    AutomaticReply,
    /// From a `noreply@`, `mailer-daemon@`, `bounce…@` address: nobody to answer.
    NoReplySender,
    /// More recipients than the limit: an announcement, not a conversation.
    TooManyRecipients,
    /// From one of the user's own addresses to only others of them.
    OwnAddresses,
}

impl SkipReason {
    /// The reason in words, for a sync report.
    pub fn words(self) -> &'static str {
        match self {
            SkipReason::MailingList => "mailing list",
            SkipReason::AutomaticReply => "automatic reply",
            SkipReason::NoReplySender => "no-reply sender",
            SkipReason::TooManyRecipients => "too many recipients",
            SkipReason::OwnAddresses => "between your own addresses",
        }
    }
}

/// The mark one header field puts on its message, if any.
pub(super) fn automated(field: &RawField<'_>) -> Option<Automated> {
    if field.is("List-Id") || field.is("List-Unsubscribe") || field.is("List-Post") {
        return Some(Automated::MailingList);
    }
    if field.is("Precedence") {
        let value = field.text().to_ascii_lowercase();
        return matches!(value.as_str(), "bulk" | "list" | "junk").then_some(Automated::MailingList);
    }
    if field.is("Auto-Submitted") {
        let value = field.text().to_ascii_lowercase();
        return (!value.is_empty() && !value.starts_with("no")).then_some(Automated::AutomaticReply);
    }
    if field.is("X-Autoreply") || field.is("X-Autorespond") {
        return Some(Automated::AutomaticReply);
    }
    None
}

/// Why `message` is not a touch, or `None` when it is one: a message marked automated, from a
/// no-reply sender, to more than `max_recipients` people, or between the user's own addresses
/// (`me`, lower-cased) only.
pub fn skip_reason(message: &TouchRecord, max_recipients: usize, me: &[String]) -> Option<SkipReason> {
    match message.automated {
        Some(Automated::MailingList) => return Some(SkipReason::MailingList),
        Some(Automated::AutomaticReply) => return Some(SkipReason::AutomaticReply),
        None => {}
    }
    if message.from.as_deref().is_some_and(is_no_reply) {
        return Some(SkipReason::NoReplySender);
    }
    if message.to.len() > max_recipients {
        return Some(SkipReason::TooManyRecipients);
    }
    let mine = |a: &String| me.iter().any(|m| m == a);
    if message.from.as_ref().is_some_and(mine) && message.to.iter().all(mine) {
        return Some(SkipReason::OwnAddresses);
    }
    None
}

/// Whether an address is a machine's that nobody reads.
fn is_no_reply(address: &str) -> bool {
    let local = address.split('@').next().unwrap_or("");
    let squeezed: String = local.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    squeezed.starts_with("noreply")
        || squeezed.starts_with("donotreply")
        || squeezed.starts_with("dontreply")
        || squeezed == "mailerdaemon"
        || squeezed == "postmaster"
        || squeezed.starts_with("bounce")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::read_message;

    fn read(headers: &str) -> TouchRecord {
        let msg = format!("From: Ann <ann@x.org>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0100\r\n{headers}\r\n\r\nbody");
        read_message(msg.as_bytes(), 1).unwrap()
    }

    #[test]
    fn list_and_automatic_marks_are_read_from_the_headers() {
        assert_eq!(read("To: b@x.org\r\nList-Id: <devs.x.org>").automated, Some(Automated::MailingList));
        assert_eq!(read("To: b@x.org\r\nPrecedence: Bulk").automated, Some(Automated::MailingList));
        assert_eq!(read("To: b@x.org\r\nPrecedence: first-class").automated, None);
        assert_eq!(read("To: b@x.org\r\nAuto-Submitted: auto-replied").automated, Some(Automated::AutomaticReply));
        assert_eq!(read("To: b@x.org\r\nAuto-Submitted: no").automated, None);
        assert_eq!(read("To: b@x.org\r\nX-Autoreply: yes").automated, Some(Automated::AutomaticReply));
    }

    #[test]
    fn people_writing_to_people_are_touches_and_the_rest_are_not() {
        let me = vec!["me@x.org".to_string(), "me@home.org".to_string()];
        assert_eq!(skip_reason(&read("To: b@x.org"), 20, &me), None);
        assert_eq!(
            skip_reason(&read("To: b@x.org\r\nList-Unsubscribe: <mailto:u@x>"), 20, &me),
            Some(SkipReason::MailingList)
        );
        let mut m = read("To: b@x.org");
        m.from = Some("no-reply@shop.example".into());
        assert_eq!(skip_reason(&m, 20, &me), Some(SkipReason::NoReplySender));
        m.from = Some("MAILER-DAEMON@x.org".to_lowercase());
        assert_eq!(skip_reason(&m, 20, &me), Some(SkipReason::NoReplySender));
        let crowd: String = (0..21).map(|k| format!("p{k}@x.org, ")).collect();
        assert_eq!(skip_reason(&read(&format!("To: {crowd}")), 20, &me), Some(SkipReason::TooManyRecipients));
        assert_eq!(skip_reason(&read(&format!("To: {crowd}")), 50, &me), None);
        let mut own = read("To: me@home.org");
        own.from = Some("me@x.org".into());
        assert_eq!(skip_reason(&own, 20, &me), Some(SkipReason::OwnAddresses));
    }

    #[test]
    fn display_names_are_kept_by_address() {
        let m = read("To: \"Lee, Bo\" <bo@x.org>, c@x.org");
        assert_eq!(m.names, [("ann@x.org".to_string(), "Ann".to_string()), ("bo@x.org".into(), "Lee, Bo".into())]);
    }
}
