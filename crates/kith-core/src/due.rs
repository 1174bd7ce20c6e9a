//! The due list: who needs a touch, most urgent first.
//!
//! Open follow-ups whose date has come lead, oldest first (a contact appears once). Then every
//! contact whose due date falls within the horizon and who has not lost touch, ranked (see
//! [`DueRank`]): by cadence, shortest first; then cooling (or due today) before new before cold (a
//! relationship that has just cooled is the cheapest to warm again), those not due yet within the
//! horizon last; important contacts first; the stronger tie first; the one due longest first. Dormant, archived, snoozed and lost contacts are
//! never in it.

use std::cmp::Ordering;

// A due list of a large network looks up tens of thousands of ids: a fast hash, not a keyed one
// (the ids are the user's own, not an attacker's).
use foldhash::{HashMap, HashMapExt as _, HashSet, HashSetExt as _};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{
    Circle, ContactId, FollowUp, FollowUpId, InteractionKind, Status,
    contact::{Cadenced, ContactBrief},
    date::day_number,
    warmth::{Reading, Tie},
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
    /// The tie's strength today and its word.
    pub strength: f64,
    pub tie: Tie,
    /// Why the contact is on the list, in words.
    pub reason: String,
    /// Set when the line is an open follow-up rather than a cooling relationship.
    pub followup_id: Option<FollowUpId>,
}

/// Whether a contact is in the reconnect pool rather than the due list on `today`: its latest touch
/// is more than 8 cadences ago.
pub fn is_lost(c: &impl Cadenced, today: NaiveDate) -> bool {
    c.is_lost(today)
}

/// One line of the due list without its words: whom it is about, and the follow-up when the line
/// is a promise. A ranked list of these is a few bytes per line, however long the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueRef {
    pub id: ContactId,
    pub followup_id: Option<FollowUpId>,
}

/// Where a due contact stands among the others: compared field by field, in this order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DueRank {
    /// The cadence in days: the inner circle (14) before close (30) before active and wide.
    pub cadence_days: u32,
    /// How far the relationship has slipped: see [`band`].
    pub band: u8,
    pub important: bool,
    /// [`Cadenced::strength_day`]: the later, the stronger the tie.
    pub strength_day: f64,
    /// The due moment (real day number): the earlier, the longer it has been due.
    pub due_at: f64,
    pub id: ContactId,
}

impl DueRank {
    /// The rank of a contact that can be due (nagged) on `today`.
    pub fn of(c: &ContactBrief, today: NaiveDate) -> DueRank {
        DueRank {
            cadence_days: c.cadence_days().unwrap_or(u32::MAX),
            // The status alone: no warmth or strength to round, no tie to name.
            band: band(
                c.warmth.map_or(Status::New, |w| w.status(today, c.half_life())),
                c.due_on().is_some_and(|d| d <= today),
            ),
            important: c.important,
            strength_day: c.strength_day(),
            due_at: c.due_at(),
            id: c.id,
        }
    }

    /// The due list's order: shortest cadence, lowest band, important, stronger, due longer, id.
    pub fn compare(&self, other: &DueRank) -> Ordering {
        self.cadence_days
            .cmp(&other.cadence_days)
            .then(self.band.cmp(&other.band))
            .then(other.important.cmp(&self.important))
            .then(other.strength_day.total_cmp(&self.strength_day))
            .then(self.due_at.total_cmp(&other.due_at))
            .then(self.id.cmp(&other.id))
    }
}

/// The band of a contact in the due list, from its status and whether its due date has come: 0
/// cooling, or due today (warmth just at 0.5); 1 new (no touch yet); 2 cold; 3 due later within the
/// horizon, still warm. A relationship that has just cooled is the cheapest to warm again; a contact
/// nobody has touched is a fresh start, not a cold one; cold ones have slipped furthest; those not due
/// yet (the plan looks to Sunday) come after everyone already due.
pub fn band(status: Status, due_by_today: bool) -> u8 {
    match status {
        Status::Cooling => 0,
        Status::Warm if due_by_today => 0,
        Status::New => 1,
        Status::Cold => 2,
        Status::Warm => 3,
    }
}

/// Builds the due list on `today`, looking `within` days ahead.
///
/// `contacts` may hold more than the due ones (the store pre-selects by due date); every rule is
/// applied here so both backends give the same list. `followups` are the open follow-ups;
/// `followup_contacts` resolves their contacts.
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
    lines_with(refs, contacts, followups, followup_contacts, today, &|_| None)
}

/// [`lines`], each contact line's reason naming the latest touch when `last` knows it.
pub fn lines_with(
    refs: &[DueRef],
    contacts: &[ContactBrief],
    followups: &[FollowUp],
    followup_contacts: &[ContactBrief],
    today: NaiveDate,
    last: &dyn Fn(ContactId) -> Option<LastTouch>,
) -> Vec<DueItem> {
    let by_id = by_id(contacts, followup_contacts);
    let promises: HashMap<FollowUpId, &FollowUp> = followups.iter().map(|f| (f.id, f)).collect();
    refs.iter()
        .filter_map(|r| {
            let c = by_id.get(&r.id)?;
            Some(match r.followup_id.and_then(|f| promises.get(&f)) {
                Some(f) => promise_item(c, f, today),
                None => contact_item(c, today, last(c.id)),
            })
        })
        .collect()
}

/// Contacts by id; a follow-up's own brief wins over a candidate's (they are the same contact).
fn by_id<'a>(
    contacts: &'a [ContactBrief],
    followup_contacts: &'a [ContactBrief],
) -> HashMap<ContactId, &'a ContactBrief> {
    let mut out = HashMap::with_capacity(contacts.len() + followup_contacts.len());
    out.extend(followup_contacts.iter().chain(contacts).rev().map(|c| (c.id, c)));
    out
}

/// Whether a contact line belongs on the due list on `today` with the horizon `horizon`: nagged, not
/// snoozed past today, not lost, due by the horizon.
pub fn is_due(c: &ContactBrief, today: NaiveDate, horizon: NaiveDate) -> bool {
    c.is_nagged()
        && c.snoozed_until.is_none_or(|s| s <= today)
        && !c.is_lost(today)
        && c.due_on().is_some_and(|due_on| due_on <= horizon)
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
    let mut promised_to: HashSet<ContactId> = HashSet::new();
    // A contact with several promises due appears once, as the oldest.
    let mut out: Vec<DueRef> = promised
        .iter()
        .filter(|f| by_id.contains_key(&f.contact_id) && promised_to.insert(f.contact_id))
        .map(|f| DueRef { id: f.contact_id, followup_id: Some(f.id) })
        .collect();

    let mut rest: Vec<DueRank> = contacts
        .iter()
        .filter(|c| !promised_to.contains(&c.id) && is_due(c, today, horizon))
        .map(|c| DueRank::of(c, today))
        .collect();
    rest.sort_by(DueRank::compare);
    out.extend(rest.into_iter().map(|r| DueRef { id: r.id, followup_id: None }));
    out
}

/// The due-list line of an open follow-up `f` promised to `c`. With [`contact_item`], this lets a
/// list ranked earlier be shown a page at a time from its ids.
pub fn promise_item(c: &ContactBrief, f: &FollowUp, today: NaiveDate) -> DueItem {
    let what = f.note.as_deref().unwrap_or("follow up");
    let when = if f.due_on == today { "today".to_string() } else { f.due_on.to_string() };
    let reason = format!("follow-up you promised for {when}: {what}");
    line(c, c.reading(today), today, f.due_on, reason, Some(f.id))
}

/// The due-list line of a contact that is due (or, for a contact never due, due today). `last` is
/// what the latest touch was, when the caller knows it (the plan does): the reason then names it.
pub fn contact_item(c: &ContactBrief, today: NaiveDate, last: Option<LastTouch>) -> DueItem {
    let due_on = c.due_on().unwrap_or(today);
    let r = c.reading(today);
    let reason = reason(c, r.status, due_on, today, last);
    line(c, r, today, due_on, reason, None)
}

/// A due-list line for `c` with its reading `r` on `today`: what both kinds of line share.
fn line(
    c: &ContactBrief,
    r: Reading,
    today: NaiveDate,
    due_on: NaiveDate,
    reason: String,
    followup_id: Option<FollowUpId>,
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
        strength: r.strength,
        tie: r.tie,
        reason,
        followup_id,
    }
}

/// What the latest touch with a contact was, for the words of a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastTouch {
    pub kind: InteractionKind,
    /// The touch is the day the two of you connected on LinkedIn, not a conversation.
    pub connection: bool,
}

/// Why a contact is due, in words that stand on their own: where the relationship is, what the
/// latest touch was and when, and the cadence it needs.
fn reason(c: &ContactBrief, status: Status, due_on: NaiveDate, today: NaiveDate, last: Option<LastTouch>) -> String {
    use std::fmt::Write as _;
    // Written into one buffer: a long due list words tens of thousands of these.
    let mut out = String::with_capacity(80);
    let ago = |out: &mut String, days: i64| {
        if days <= 0 {
            out.push_str("today");
        } else {
            let _ = write!(out, "{} ago", human_days(days));
        }
    };
    match &c.warmth {
        None => {
            out.push_str("added ");
            ago(&mut out, (today - c.added_on).num_days());
            out.push_str(" and no touch logged yet");
        }
        Some(w) if last.is_some_and(|l| l.connection) => {
            out.push_str("you connected on LinkedIn ");
            ago(&mut out, (today - w.last_touch).num_days());
            out.push_str(" and have not talked since");
        }
        Some(w) => {
            match status {
                Status::Warm if due_on > today => {
                    let _ = write!(out, "due {}", day_phrase(due_on, today));
                }
                Status::Warm => out.push_str("due today"),
                other => out.push_str(other.as_str()),
            }
            out.push_str(": last ");
            out.push_str(last.map_or("touch", |l| touch_noun(l.kind)));
            out.push(' ');
            ago(&mut out, (today - w.last_touch).num_days());
        }
    }
    let cadence = c.cadence_days().unwrap_or_default();
    match c.custom_cadence_days {
        Some(_) => write!(out, "; every {cadence} days"),
        None => write!(out, "; {} circle, every {cadence} days", c.circle),
    }
    .ok();
    out
}

/// "lunch", "call", "e-mail", "like": a kind as the object of "last …".
pub fn touch_noun(kind: InteractionKind) -> &'static str {
    match kind {
        InteractionKind::Email => "e-mail",
        InteractionKind::Video => "video call",
        InteractionKind::Social => "like or comment",
        other => other.as_str(),
    }
}

/// "a lunch", "an e-mail", "an event": [`touch_noun`] with its article.
pub fn a_touch(kind: InteractionKind) -> String {
    let noun = touch_noun(kind);
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {noun}")
}

/// "on Thursday" within the coming week, else "on 2026-12-24".
pub fn day_phrase(day: NaiveDate, today: NaiveDate) -> String {
    match (day - today).num_days() {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        2..=6 => format!("on {}", weekday_name(day)),
        _ => format!("on {day}"),
    }
}

/// "Monday" … "Sunday".
pub fn weekday_name(day: NaiveDate) -> &'static str {
    match day.weekday() {
        chrono::Weekday::Mon => "Monday",
        chrono::Weekday::Tue => "Tuesday",
        chrono::Weekday::Wed => "Wednesday",
        chrono::Weekday::Thu => "Thursday",
        chrono::Weekday::Fri => "Friday",
        chrono::Weekday::Sat => "Saturday",
        chrono::Weekday::Sun => "Sunday",
    }
}

/// "1 day", "40 days", "7 months", "2 years": a span in the words a person would use.
pub fn human_days(days: i64) -> String {
    match days {
        1 => "1 day".to_string(),
        d if d < 61 => format!("{d} days"),
        d if d < 730 => format!("{} months", d / 30),
        d => format!("{} years", d / 365),
    }
}

/// Real day number, as the store keeps it, of `today`: what the due moments are compared with.
pub fn today_day(today: NaiveDate) -> f64 {
    day_number(today) as f64
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
            warmth: last.map(|(on, w)| Warmth { last_touch: d(on), mass: w, strength: w }),
        }
    }

    fn ids(list: &[DueItem]) -> Vec<ContactId> {
        list.iter().map(|i| i.id).collect()
    }

    #[test]
    fn shorter_cadences_first_then_cooling_before_cold() {
        let today = d("2026-11-22");
        // An active contact a year overdue does not outrank an inner friend a week overdue.
        let active_cold = brief(1, Circle::Active, Some(("2025-09-01", 1.0)));
        let inner_cooling = brief(2, Circle::Inner, Some(("2026-11-01", 1.0)));
        let inner_cold = brief(3, Circle::Inner, Some(("2026-10-01", 1.0)));
        let close_cooling = brief(4, Circle::Close, Some(("2026-10-10", 1.0)));
        let list = due_list(&[active_cold, inner_cold, close_cooling, inner_cooling], &[], &[], today, 0);
        assert_eq!(ids(&list), vec![2, 3, 4, 1]);
        assert_eq!(list[0].status, Status::Cooling);
        assert_eq!(list[1].status, Status::Cold);
        assert_eq!(list[0].due_on, d("2026-11-15"));
        assert_eq!(list[0].overdue_days, 7);
    }

    #[test]
    fn important_then_stronger_then_longer_due_break_ties() {
        let today = d("2026-11-22");
        let mut a = brief(1, Circle::Close, Some(("2026-10-10", 1.0)));
        let mut b = brief(2, Circle::Close, Some(("2026-10-12", 1.0)));
        let c = brief(3, Circle::Close, Some(("2026-10-08", 1.0)));
        // b is the strongest tie, a is important.
        b.warmth.as_mut().unwrap().strength = 6.0;
        a.important = true;
        let list = due_list(&[c.clone(), b.clone(), a], &[], &[], today, 0);
        assert_eq!(ids(&list), vec![1, 2, 3]);
        // Equal strength: the one due longest first, not the alphabet.
        let thin = brief(6, Circle::Close, Some(("2026-10-10", 0.8)));
        let mut full = brief(5, Circle::Close, Some(("2026-10-10", 1.0)));
        full.warmth.as_mut().unwrap().strength = 0.8;
        assert_eq!(ids(&due_list(&[full, thin], &[], &[], today, 0)), vec![6, 5]);
    }

    #[test]
    fn dormant_archived_snoozed_and_lost_are_never_due() {
        let today = d("2026-11-22");
        let dormant = brief(1, Circle::Dormant, Some(("2020-01-01", 1.0)));
        let mut archived = brief(2, Circle::Inner, Some(("2026-01-01", 1.0)));
        archived.archived = true;
        let mut snoozed = brief(3, Circle::Inner, Some(("2026-10-01", 1.0)));
        snoozed.snoozed_until = Some(d("2026-11-30"));
        // Silent for more than 8 × 14 days.
        let lost = brief(4, Circle::Inner, Some(("2026-07-31", 1.0)));
        let due = brief(5, Circle::Inner, Some(("2026-10-01", 1.0)));
        // A custom cadence sets a dormant contact's half-life but does not make it due.
        let mut dormant_every_week = brief(6, Circle::Dormant, Some(("2026-10-01", 1.0)));
        dormant_every_week.custom_cadence_days = Some(7);
        assert_eq!(dormant_every_week.due_on(), None);
        let list = due_list(&[dormant, archived, snoozed, lost, due, dormant_every_week], &[], &[], today, 0);
        assert_eq!(ids(&list), vec![5]);
    }

    #[test]
    fn followups_come_first_once_per_contact_and_replace_the_contact_line() {
        let today = d("2026-11-22");
        let a = brief(1, Circle::Inner, Some(("2026-11-01", 1.0)));
        let b = brief(2, Circle::Inner, Some(("2026-10-01", 1.0)));
        let promise = |id, due: &str, note: &str| FollowUp {
            id,
            contact_id: 2,
            contact_name: "Person 2".into(),
            due_on: d(due),
            note: Some(note.into()),
            created_on: d("2026-11-01"),
            done_on: None,
        };
        let f = [promise(9, "2026-11-20", "send the article"), promise(8, "2026-11-21", "ask about the move")];
        let list = due_list(&[a, b.clone()], &f, &[b], today, 0);
        assert_eq!(list.iter().map(|i| (i.id, i.followup_id)).collect::<Vec<_>>(), vec![(2, Some(9)), (1, None)]);
        assert_eq!(list[0].reason, "follow-up you promised for 2026-11-20: send the article");
    }

    #[test]
    fn reasons_say_why_now() {
        let today = d("2026-11-22");
        let mut close = brief(1, Circle::Close, Some(("2026-10-13", 1.0)));
        close.added_on = d("2024-01-01");
        let cooling = contact_item(&close, today, Some(LastTouch { kind: InteractionKind::Lunch, connection: false }));
        assert_eq!(cooling.reason, "cooling: last lunch 40 days ago; close circle, every 30 days");
        assert_eq!(
            contact_item(&close, today, None).reason,
            "cooling: last touch 40 days ago; close circle, every 30 days"
        );
        let soon = brief(2, Circle::Close, Some(("2026-10-26", 1.0)));
        assert_eq!(
            contact_item(&soon, today, None).reason,
            "due on Wednesday: last touch 27 days ago; close circle, every 30 days"
        );
        let connected = brief(3, Circle::Wide, Some(("2026-11-17", 0.15)));
        let conn = Some(LastTouch { kind: InteractionKind::Social, connection: true });
        assert_eq!(
            contact_item(&connected, today, conn).reason,
            "you connected on LinkedIn 5 days ago and have not talked since; wide circle, every 180 days"
        );
        let mut new = brief(4, Circle::Active, None);
        new.added_on = d("2026-11-19");
        assert_eq!(
            contact_item(&new, today, None).reason,
            "added 3 days ago and no touch logged yet; active circle, every 90 days"
        );
    }
}
