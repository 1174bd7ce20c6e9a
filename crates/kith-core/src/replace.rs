//! Replacing a contact with a new version of it, as an address book sends it: the card is the
//! whole truth about what it carries, so a field it leaves out is cleared, not kept.
//!
//! A phone's card does not carry what only kith models (circle, cadence, where and when the user
//! met the person, important) unless it went out with kith's `X-KITH-*` properties and the phone
//! kept them: the card's circle says whether it did. Without it, kith's own fields stay as they are.

use std::collections::HashSet;

use crate::contact::{Contact, ContactPatch, NewContact};

impl ContactPatch {
    /// The patch that turns `current` into `new` (a validated contact), touching only what differs.
    pub fn replacing(current: &Contact, new: &NewContact) -> ContactPatch {
        let mut p = ContactPatch::default();
        if new.name != current.name {
            p.name = Some(new.name.clone());
        }
        let lower = |v: &[String]| v.iter().map(|s| s.to_lowercase()).collect::<HashSet<_>>();
        let (had, has) = (lower(&current.emails), lower(&new.emails));
        p.remove_emails = current.emails.iter().filter(|e| !has.contains(&e.to_lowercase())).cloned().collect();
        p.add_emails = new.emails.iter().filter(|e| !had.contains(&e.to_lowercase())).cloned().collect();
        p.remove_phones = current.phones.iter().filter(|ph| !new.phones.contains(ph)).cloned().collect();
        p.add_phones = new.phones.iter().filter(|ph| !current.phones.contains(ph)).cloned().collect();
        let (had, has) = (lower(&current.tags), lower(&new.tags));
        p.remove_tags = current.tags.iter().filter(|t| !has.contains(&t.to_lowercase())).cloned().collect();
        p.add_tags = new.tags.iter().filter(|t| !had.contains(&t.to_lowercase())).cloned().collect();
        // `Some("")` clears a text.
        let text =
            |now: &Option<String>, then: &Option<String>| (now != then).then(|| then.clone().unwrap_or_default());
        p.org = text(&current.org, &new.org);
        p.title = text(&current.title, &new.title);
        p.location = text(&current.location, &new.location);
        p.linkedin = text(&current.linkedin, &new.linkedin);
        p.website = text(&current.website, &new.website);
        p.notes = text(&current.notes, &new.notes);
        if new.birthday != current.birthday {
            p.birthday = Some(new.birthday);
        }
        if let Some(circle) = new.circle {
            // Only a change of circle is a choice: an unsorted contact edited on the phone stays
            // in the triage.
            p.circle = (circle != current.circle).then_some(circle);
            p.cadence_days = (new.cadence_days != current.custom_cadence_days).then_some(new.cadence_days);
            p.met_at = text(&current.met_at, &new.met_at);
            p.met_on = (new.met_on != current.met_on).then_some(new.met_on);
            p.important = (new.important != current.important).then_some(new.important);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::{Circle, contact::Birthday};

    fn ada() -> Contact {
        Contact {
            id: 1,
            uid: "u".into(),
            etag: "e".into(),
            name: "Ada Lovelace".into(),
            given_name: "Ada".into(),
            family_name: "Lovelace".into(),
            emails: vec!["ada@example.org".into(), "old@example.org".into()],
            phones: vec!["+44 1".into()],
            org: Some("Analytical Engines".into()),
            title: Some("Mathematician".into()),
            location: None,
            circle: Circle::Close,
            custom_cadence_days: Some(21),
            tags: vec!["math".into()],
            met_at: Some("Salon".into()),
            met_on: NaiveDate::from_ymd_opt(2020, 1, 2),
            linkedin: None,
            website: Some("https://ada.example".into()),
            birthday: Some(Birthday { year: None, month: 12, day: 10 }),
            notes: Some("n".into()),
            important: true,
            archived: false,
            added_on: NaiveDate::from_ymd_opt(2020, 1, 2).unwrap(),
            snoozed_until: None,
            warmth: None,
            updated_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        }
    }

    #[test]
    fn what_the_card_leaves_out_is_cleared_and_kiths_own_fields_stay() {
        let card = NewContact {
            name: "Ada King".into(),
            emails: vec!["ADA@example.org".into(), "new@example.org".into()],
            phones: vec!["+44 2".into()],
            tags: vec!["Math".into(), "poetry".into()],
            ..NewContact::default()
        };
        let p = ContactPatch::replacing(&ada(), &card);
        assert_eq!(p.name.as_deref(), Some("Ada King"));
        assert_eq!(
            (p.remove_emails, p.add_emails),
            (vec!["old@example.org".to_string()], vec!["new@example.org".to_string()])
        );
        assert_eq!((p.remove_phones, p.add_phones), (vec!["+44 1".to_string()], vec!["+44 2".to_string()]));
        assert_eq!((p.remove_tags, p.add_tags), (Vec::<String>::new(), vec!["poetry".to_string()]));
        assert_eq!(
            (p.org.as_deref(), p.title.as_deref(), p.website.as_deref(), p.notes.as_deref()),
            (Some(""), Some(""), Some(""), Some(""))
        );
        assert_eq!((p.location, p.linkedin), (None, None), "absent on both sides: untouched");
        assert_eq!(p.birthday, Some(None));
        assert_eq!((p.circle, p.cadence_days, p.met_at, p.met_on, p.important), (None, None, None, None, None));
    }

    #[test]
    fn a_card_with_kiths_fields_sets_them_and_the_same_card_changes_nothing() {
        let a = ada();
        let same = NewContact {
            name: a.name.clone(),
            emails: a.emails.clone(),
            phones: a.phones.clone(),
            org: a.org.clone(),
            title: a.title.clone(),
            location: a.location.clone(),
            circle: Some(a.circle),
            cadence_days: a.custom_cadence_days,
            tags: a.tags.clone(),
            met_at: a.met_at.clone(),
            met_on: a.met_on,
            linkedin: a.linkedin.clone(),
            website: a.website.clone(),
            birthday: a.birthday,
            notes: a.notes.clone(),
            important: a.important,
        };
        assert!(ContactPatch::replacing(&a, &same).is_empty());
        let moved =
            NewContact { circle: Some(Circle::Wide), cadence_days: None, met_at: None, important: false, ..same };
        let p = ContactPatch::replacing(&a, &moved);
        assert_eq!(
            (p.circle, p.cadence_days, p.met_at.as_deref(), p.important),
            (Some(Circle::Wide), Some(None), Some(""), Some(false))
        );
    }
}
