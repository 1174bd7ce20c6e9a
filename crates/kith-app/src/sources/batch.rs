//! A batch of messages or events on its way to the store: each read, judged by the rules, turned
//! into a touch, and the people the user wrote to or met counted.

use std::collections::HashMap;

use kith_formats::{
    TouchRecord,
    mail::{read_message, skip_reason},
};
use kith_store::{ImportTouch, SeenPerson};

use super::report::SyncReport;

/// How a batch reads what it is given.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    /// The user's own addresses, lower-cased.
    pub me: Vec<String>,
    pub max_recipients: usize,
    /// The sync's day: a message dated later (a sender in a time zone ahead, a wrong clock)
    /// arrived by now, so it counts today rather than being passed over for good.
    pub today: chrono::NaiveDate,
}

/// The touches and people of one batch.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    pub touches: Vec<ImportTouch>,
    people: HashMap<String, SeenPerson>,
    /// Messages or events read into this batch.
    pub read: u64,
}

impl Batch {
    /// Reads one message's header section (found at `place`, e.g. `INBOX UID 42`).
    pub fn add_message(
        &mut self,
        rules: &Rules,
        header: &[u8],
        place: impl FnOnce() -> String,
        report: &mut SyncReport,
    ) {
        self.read += 1;
        report.seen += 1;
        let mut message = match read_message(header, 1) {
            Ok(m) => m,
            Err(problem) => {
                report.skip(place(), format!("{}: {}", problem.field, problem.message));
                return;
            }
        };
        if let Some(reason) = skip_reason(&message, rules.max_recipients, &rules.me) {
            report.skipped_by_rule += 1;
            tracing::trace!(reason = reason.words(), "message skipped by rule");
            return;
        }
        message.on = message.on.min(rules.today);
        if message.from.as_ref().is_some_and(|f| rules.me.contains(f)) {
            for address in &message.to {
                self.count(rules, &message, address, |p| p.written += 1);
            }
        }
        self.touches.push(crate::exchange::import::touch(message));
    }

    /// Adds one calendar occurrence: everyone on it was met.
    pub fn add_event(&mut self, rules: &Rules, event: TouchRecord) {
        self.read += 1;
        let everyone: Vec<String> = event.from.iter().chain(&event.to).cloned().collect();
        for address in &everyone {
            self.count(rules, &event, address, |p| p.met += 1);
        }
        self.touches.push(crate::exchange::import::touch(event));
    }

    fn count(&mut self, rules: &Rules, on: &TouchRecord, address: &str, add: impl FnOnce(&mut SeenPerson)) {
        if rules.me.iter().any(|m| m == address) {
            return;
        }
        let name = on.names.iter().find(|(a, _)| a == address).map(|(_, n)| n.clone());
        let person = self.people.entry(address.to_string()).or_insert_with(|| SeenPerson {
            address: address.to_string(),
            name: None,
            written: 0,
            met: 0,
            last_on: on.on,
        });
        person.name = name.or(person.name.take());
        person.last_on = person.last_on.max(on.on);
        add(person);
    }

    /// The people counted, for the store.
    pub fn take_people(&mut self) -> Vec<SeenPerson> {
        let mut people: Vec<SeenPerson> = self.people.drain().map(|(_, p)| p).collect();
        people.sort_by(|a, b| a.address.cmp(&b.address));
        people
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        Rules {
            me: vec!["me@x.org".into()],
            max_recipients: 20,
            today: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        }
    }

    #[test]
    fn mail_the_user_sent_counts_its_recipients_and_the_rest_is_judged() {
        let mut report = SyncReport::default();
        let mut b = Batch::default();
        let sent = b"From: Me <me@x.org>\r\nTo: Bo Lee <bo@y.org>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\nMessage-ID: <1@x>\r\n\r\n";
        let list =
            b"From: bo@y.org\r\nTo: me@x.org\r\nList-Id: <l.y.org>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\n\r\n";
        let broken = b"To: me@x.org\r\n\r\n";
        b.add_message(&rules(), sent, || "INBOX UID 1".into(), &mut report);
        b.add_message(&rules(), list, || "INBOX UID 2".into(), &mut report);
        b.add_message(&rules(), broken, || "INBOX UID 3".into(), &mut report);
        assert_eq!((report.seen, report.skipped_by_rule, report.unreadable), (3, 1, 1));
        assert_eq!(report.skipped[0].place, "INBOX UID 3");
        assert!(report.skipped[0].reason.starts_with("From:"), "{:?}", report.skipped);
        assert_eq!(b.touches.len(), 1);
        assert_eq!(b.touches[0].on.to_string(), "2026-03-01", "mail dated tomorrow counts today");
        let people = b.take_people();
        assert_eq!(people.len(), 1);
        assert_eq!(
            (people[0].address.as_str(), people[0].name.as_deref(), people[0].written),
            ("bo@y.org", Some("Bo Lee"), 1)
        );
    }
}
