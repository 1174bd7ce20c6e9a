//! The due list: who needs a touch, most urgent first.
//!
//! Open follow-ups whose date has come lead, oldest first. Then every contact whose due date falls
//! within the horizon, ranked by overdue fraction `(today − t_due)/h` — how many half-lives past due —
//! so a week late for an inner-circle friend outranks a week late for a wide-circle acquaintance.
//! Ties go to the closer circle, then to important contacts. Dormant, archived, snoozed and lost
//! contacts are never in it.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    Circle, ContactId, FollowUp, FollowUpId, Status,
    contact::{Cadenced, ContactBrief},
    date::day_number,
    warmth::Reading,
};

/// One line of the due list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DueItem {
    pub id: ContactId,
    pub name: String,
    pub org: Option<String>,
    pub status: Status,
    pub warmth: f64,
    pub due_on: NaiveDate,
    /// Days since `due_on` (negative when due later within the horizon).
    pub overdue_days: i64,
    pub circle: Circle,
    pub important: bool,
    /// Why the contact is on the list, in words.
    pub reason: String,
    /// Set when the line is an open follow-up rather than a cooling relationship.
    pub followup_id: Option<FollowUpId>,
    /// Half-lives past due; what the list is ranked by.
    pub overdue_fraction: f64,
}

/// Whether a contact is in the reconnect pool on `today`: cold for more than 8 cadences.
pub fn is_lost(c: &impl Cadenced, today: NaiveDate) -> bool {
    match c.warmth() {
        Some(w) => today >= w.lost_on(c.half_life()),
        None => false,
    }
}

/// One line of the due list without its words: whom it is about, and the follow-up when the line
/// is a promise. A ranked list of these is a few bytes per line, however long the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueRef {
    pub id: ContactId,
    pub followup_id: Option<FollowUpId>,
}

/// Builds the due list on `today`, looking `within` days ahead.
///
/// `contacts` may hold more than the due ones (the store pre-selects by due date); every rule is
/// applied here so both backends give the same list. `followups` are the open follow-ups;
/// `briefs_of_followups` resolves their contacts.
pub fn due_list(
    contacts: &[ContactBrief],
    followups: &[FollowUp],
    followup_contacts: &[ContactBrief],
    today: NaiveDate,
    within: u32,
) -> Vec<DueItem> {
    let order = ranking(contacts, followups, followup_contacts, today, within);
    lines(&order, contacts, followups, followup_contacts, today)
}

/// The lines of `refs` (some of a [`ranking`] of the same contacts and follow-ups), in their order.
pub fn lines(
    refs: &[DueRef],
    contacts: &[ContactBrief],
    followups: &[FollowUp],
    followup_contacts: &[ContactBrief],
    today: NaiveDate,
) -> Vec<DueItem> {
    let by_id = by_id(contacts, followup_contacts);
    let promises: HashMap<FollowUpId, &FollowUp> = followups.iter().map(|f| (f.id, f)).collect();
    refs.iter()
        .filter_map(|r| {
            let c = by_id.get(&r.id)?;
            Some(match r.followup_id.and_then(|f| promises.get(&f)) {
                Some(f) => promise_item(c, f, today),
                None => contact_item(c, today),
            })
        })
        .collect()
}

/// Contacts by id; a follow-up's own brief wins over a candidate's (they are the same contact).
fn by_id<'a>(
    contacts: &'a [ContactBrief],
    followup_contacts: &'a [ContactBrief],
) -> HashMap<ContactId, &'a ContactBrief> {
    followup_contacts.iter().chain(contacts).rev().map(|c| (c.id, c)).collect()
}

/// The order of [`due_list`], without building its lines: the same rules, the same ranking.
pub fn ranking(
    contacts: &[ContactBrief],
    followups: &[FollowUp],
    followup_contacts: &[ContactBrief],
    today: NaiveDate,
    within: u32,
) -> Vec<DueRef> {
    let horizon = today + chrono::Duration::days(i64::from(within));
    // Looked up by id, not by a scan per follow-up: a large network has tens of thousands of due
    // contacts and hundreds of promises.
    let by_id = by_id(contacts, followup_contacts);
    let mut promised: Vec<&FollowUp> =
        followups.iter().filter(|f| f.done_on.is_none() && f.due_on <= horizon).collect();
    promised.sort_by_key(|f| (f.due_on, f.id));
    let promised_to: HashSet<ContactId> = promised.iter().map(|f| f.contact_id).collect();
    let mut out: Vec<DueRef> = promised
        .iter()
        .filter(|f| by_id.contains_key(&f.contact_id))
        .map(|f| DueRef { id: f.contact_id, followup_id: Some(f.id) })
        .collect();

    let today_day = day_number(today) as f64;
    // (overdue fraction, circle, important, id): half-lives past due ranks first.
    let mut rest: Vec<(f64, Circle, bool, ContactId)> = contacts
        .iter()
        .filter(|c| c.is_nagged())
        .filter(|c| c.snoozed_until.is_none_or(|s| s <= today))
        .filter(|c| !is_lost(*c, today))
        .filter(|c| !promised_to.contains(&c.id))
        .filter(|c| c.due_on().is_some_and(|due_on| due_on <= horizon))
        .map(|c| ((today_day - c.due_at()) / c.half_life(), c.circle, c.important, c.id))
        .collect();
    rest.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(b.2.cmp(&a.2)).then(a.3.cmp(&b.3)));
    out.extend(rest.into_iter().map(|(_, _, _, id)| DueRef { id, followup_id: None }));
    out
}

/// The due-list line of an open follow-up `f` promised to `c`. With [`contact_item`], this lets a
/// list ranked earlier be shown a page at a time from its ids.
pub fn promise_item(c: &ContactBrief, f: &FollowUp, today: NaiveDate) -> DueItem {
    let what = f.note.as_deref().unwrap_or("follow up");
    let reason = format!("follow-up you promised for {}: {what}", f.due_on);
    line(c, c.reading(today), today, f.due_on, reason, Some(f.id), f64::INFINITY)
}

/// The due-list line of a contact that is due (or, for a contact never due, due today).
pub fn contact_item(c: &ContactBrief, today: NaiveDate) -> DueItem {
    let due_on = c.due_on().unwrap_or(today);
    let overdue_fraction = (day_number(today) as f64 - c.due_at()) / c.half_life();
    let r = c.reading(today);
    let reason = reason(c, r.status, today);
    line(c, r, today, due_on, reason, None, overdue_fraction)
}

/// A due-list line for `c` with its reading `r` on `today`: what both kinds of line share.
fn line(
    c: &ContactBrief,
    r: Reading,
    today: NaiveDate,
    due_on: NaiveDate,
    reason: String,
    followup_id: Option<FollowUpId>,
    overdue_fraction: f64,
) -> DueItem {
    DueItem {
        id: c.id,
        name: c.name.clone(),
        org: c.org.clone(),
        status: r.status,
        warmth: r.warmth,
        due_on,
        overdue_days: (today - due_on).num_days(),
        circle: c.circle,
        important: c.important,
        reason,
        followup_id,
        overdue_fraction,
    }
}

fn reason(c: &ContactBrief, status: Status, today: NaiveDate) -> String {
    let cadence = c.cadence_days().unwrap_or_default();
    let every = match c.custom_cadence_days {
        Some(_) => format!("every {cadence} days"),
        None => format!("{} circle, every {cadence} days", c.circle),
    };
    match &c.warmth {
        None => format!("new contact, no touch logged yet ({every})"),
        Some(w) => {
            let ago = (today - w.last_touch).num_days();
            format!("{status}: last touch {ago} days ago ({every})")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Warmth;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn brief(id: ContactId, circle: Circle, last: Option<(&str, f64)>) -> ContactBrief {
        ContactBrief {
            id,
            name: format!("Person {id}"),
            org: None,
            circle,
            custom_cadence_days: None,
            important: false,
            archived: false,
            added_on: d("2025-01-01"),
            snoozed_until: None,
            warmth: last.map(|(on, w)| Warmth { last_touch: d(on), mass: w }),
        }
    }

    #[test]
    fn ranks_by_half_lives_overdue() {
        let today = d("2026-11-22");
        // Both last seen 60 days ago: the inner friend is 46 days (3.3 half-lives) overdue; the
        // active contact is not due yet.
        let inner = brief(1, Circle::Inner, Some(("2026-09-23", 1.0)));
        let active = brief(2, Circle::Active, Some(("2026-09-23", 1.0)));
        let wide_late = brief(3, Circle::Active, Some(("2026-07-01", 1.0)));
        let list = due_list(&[active, wide_late, inner], &[], &[], today, 0);
        assert_eq!(list.iter().map(|i| i.id).collect::<Vec<_>>(), vec![1, 3]);
        assert_eq!(list[0].due_on, d("2026-10-07"));
        assert_eq!(list[0].overdue_days, 46);
    }

    #[test]
    fn dormant_archived_snoozed_and_lost_are_never_due() {
        let today = d("2026-11-22");
        let dormant = brief(1, Circle::Dormant, Some(("2020-01-01", 1.0)));
        let mut archived = brief(2, Circle::Inner, Some(("2026-01-01", 1.0)));
        archived.archived = true;
        let mut snoozed = brief(3, Circle::Inner, Some(("2026-10-01", 1.0)));
        snoozed.snoozed_until = Some(d("2026-11-30"));
        let lost = brief(4, Circle::Inner, Some(("2025-01-01", 1.0)));
        let due = brief(5, Circle::Inner, Some(("2026-10-01", 1.0)));
        // A custom cadence sets a dormant contact's half-life but does not make it due.
        let mut dormant_every_week = brief(6, Circle::Dormant, Some(("2026-10-01", 1.0)));
        dormant_every_week.custom_cadence_days = Some(7);
        assert_eq!(dormant_every_week.due_on(), None);
        let list = due_list(&[dormant, archived, snoozed, lost, due, dormant_every_week], &[], &[], today, 0);
        assert_eq!(list.iter().map(|i| i.id).collect::<Vec<_>>(), vec![5]);
    }

    #[test]
    fn followups_come_first_and_replace_the_contact_line() {
        let today = d("2026-11-22");
        let a = brief(1, Circle::Inner, Some(("2026-01-01", 1.0)));
        let b = brief(2, Circle::Inner, Some(("2026-10-01", 1.0)));
        let f = FollowUp {
            id: 9,
            contact_id: 2,
            contact_name: "Person 2".into(),
            due_on: d("2026-11-20"),
            note: Some("send the article".into()),
            created_on: d("2026-11-01"),
            done_on: None,
        };
        let list = due_list(&[a, b.clone()], &[f], &[b], today, 0);
        assert_eq!(list.iter().map(|i| (i.id, i.followup_id)).collect::<Vec<_>>(), vec![(2, Some(9))]);
        assert!(list[0].reason.contains("send the article"));
    }
}
