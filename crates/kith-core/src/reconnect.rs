//! The reconnect pool and the plan's weekly pick from it.
//!
//! The pool holds the contacts who lost touch (latest touch more than 8 cadences ago), in any circle
//! but dormant, and the imported contacts nobody sorted yet whose history has at least three touches
//! besides the connection itself. Never archived, never a contact kept dormant by choice, never a
//! snoozed one. The strongest tie comes first.
//!
//! The plan offers one a week. The pick holds all week, and changes from week to week: someone offered
//! and not contacted is not offered again for [`PAUSE_WEEKS`] weeks, so an ignored suggestion makes
//! way for the next one instead of coming back every Monday.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    Circle, ContactId,
    contact::{Cadenced, ContactBrief},
};

/// Touches, besides the LinkedIn connection itself, that put an unsorted import in the pool.
pub const MIN_UNSORTED_TOUCHES: u32 = 3;
/// Weeks during which someone offered and not contacted is not offered again.
pub const PAUSE_WEEKS: i64 = 8;

/// A contact in the reconnect pool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReconnectCandidate {
    pub contact: ContactBrief,
    /// How many interactions the two of you had (the LinkedIn connection included).
    pub touches: u32,
    /// An import nobody sorted yet (dormant, circle never chosen) rather than a lost tie.
    pub unsorted: bool,
}

/// Whether a contact belongs in the pool on `today`. `circle_chosen`: the user picked its circle
/// (a dormant contact with a chosen circle was kept dormant on purpose); `conversations`: its
/// touches besides a LinkedIn connection.
pub fn in_pool(c: &ContactBrief, today: NaiveDate, circle_chosen: bool, conversations: u32) -> bool {
    if c.archived || c.warmth.is_none() || c.snoozed_until.is_some_and(|s| s > today) {
        return false;
    }
    match c.circle {
        Circle::Dormant => !circle_chosen && conversations >= MIN_UNSORTED_TOUCHES,
        _ => c.is_lost(today),
    }
}

/// Ranks the pool: the strongest tie first (ties: id).
pub fn rank(pool: &mut [ReconnectCandidate]) {
    pool.sort_by(|a, b| {
        b.contact.strength_day().total_cmp(&a.contact.strength_day()).then(a.contact.id.cmp(&b.contact.id))
    });
}

/// A contact the plan offered to reconnect with, in the week starting `week_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub week_of: NaiveDate,
    pub contact: ContactId,
    /// The contact's latest touch now: a touch in the week of the offer means the user took it.
    pub last_touch_on: Option<NaiveDate>,
}

impl Offer {
    /// The user reached out during the week of the offer.
    pub fn taken(&self) -> bool {
        let sunday = self.week_of + chrono::Duration::days(6);
        self.last_touch_on.is_some_and(|on| on >= self.week_of && on <= sunday)
    }
}

/// The week's reconnect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// Offer this contact; `new` when it was not offered yet this week (the store records it).
    Offer { contact: ContactId, new: bool },
    /// This week's offer was taken: nothing more this week.
    Taken,
    /// Nobody to offer.
    Nobody,
}

/// The reconnect for the week starting `week_of`, from the ranked pool and the offers of the last
/// [`PAUSE_WEEKS`] weeks and this one. `skip` holds contacts already elsewhere in the plan.
pub fn pick(pool: &[ReconnectCandidate], offers: &[Offer], week_of: NaiveDate, skip: &HashSet<ContactId>) -> Pick {
    let this_week: Vec<&Offer> = offers.iter().filter(|o| o.week_of == week_of).collect();
    if this_week.iter().any(|o| o.taken()) {
        return Pick::Taken;
    }
    let usable = |id: ContactId| !skip.contains(&id) && pool.iter().any(|c| c.contact.id == id);
    if let Some(o) = this_week.iter().find(|o| usable(o.contact)) {
        return Pick::Offer { contact: o.contact, new: false };
    }
    let pause_from = week_of - chrono::Duration::weeks(PAUSE_WEEKS);
    let paused: HashSet<ContactId> =
        offers.iter().filter(|o| o.week_of >= pause_from && o.week_of <= week_of).map(|o| o.contact).collect();
    // Someone touched this week needs no reconnecting, and an offer of theirs would read as taken.
    let touched_this_week = |c: &ReconnectCandidate| c.contact.warmth.is_some_and(|w| w.last_touch >= week_of);
    pool.iter()
        .filter(|c| !touched_this_week(c))
        .map(|c| c.contact.id)
        .find(|id| !paused.contains(id) && !skip.contains(id))
        .map_or(Pick::Nobody, |contact| Pick::Offer { contact, new: true })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Warmth;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn candidate(id: ContactId, strength: f64) -> ReconnectCandidate {
        ReconnectCandidate {
            contact: ContactBrief {
                id,
                name: format!("Old {id}"),
                org: None,
                circle: Circle::Close,
                custom_cadence_days: None,
                important: false,
                archived: false,
                added_on: d("2019-01-01"),
                snoozed_until: None,
                warmth: Some(Warmth { last_touch: d("2024-05-01"), mass: 1.0, strength }),
            },
            touches: 10,
            unsorted: false,
        }
    }

    #[test]
    fn strongest_first_and_who_belongs() {
        let mut pool = vec![candidate(1, 1.0), candidate(2, 8.0), candidate(3, 3.0)];
        rank(&mut pool);
        assert_eq!(pool.iter().map(|c| c.contact.id).collect::<Vec<_>>(), vec![2, 3, 1]);
        let today = d("2026-11-22");
        let lost = &pool[0].contact;
        assert!(in_pool(lost, today, true, 0));
        let mut snoozed = lost.clone();
        snoozed.snoozed_until = Some(d("2026-12-01"));
        assert!(!in_pool(&snoozed, today, true, 9));
        let mut kept_dormant = lost.clone();
        kept_dormant.circle = Circle::Dormant;
        assert!(!in_pool(&kept_dormant, today, true, 9), "kept dormant by choice");
        assert!(in_pool(&kept_dormant, today, false, 3), "unsorted with history");
        assert!(!in_pool(&kept_dormant, today, false, 2), "unsorted, too little history");
        let mut recent = lost.clone();
        recent.warmth = Some(Warmth { last_touch: d("2026-10-01"), mass: 1.0, strength: 1.0 });
        assert!(!in_pool(&recent, today, true, 5), "not lost");
    }

    #[test]
    fn the_pick_holds_all_week_and_an_ignored_one_rests_eight_weeks() {
        let pool = vec![candidate(2, 8.0), candidate(3, 3.0), candidate(1, 1.0)];
        let none = HashSet::new();
        let w1 = d("2026-11-16");
        assert_eq!(pick(&pool, &[], w1, &none), Pick::Offer { contact: 2, new: true });
        let offered = |week: NaiveDate, id| Offer { week_of: week, contact: id, last_touch_on: Some(d("2024-05-01")) };
        let mut offers = vec![offered(w1, 2)];
        assert_eq!(pick(&pool, &offers, w1, &none), Pick::Offer { contact: 2, new: false });
        // Next week: 2 was ignored, so 3.
        let w2 = w1 + chrono::Duration::weeks(1);
        assert_eq!(pick(&pool, &offers, w2, &none), Pick::Offer { contact: 3, new: true });
        offers.push(offered(w2, 3));
        let w3 = w2 + chrono::Duration::weeks(1);
        assert_eq!(pick(&pool, &offers, w3, &none), Pick::Offer { contact: 1, new: true });
        offers.push(offered(w3, 1));
        // Everyone was offered lately: nobody until 2's pause is over.
        let w4 = w3 + chrono::Duration::weeks(1);
        assert_eq!(pick(&pool, &offers, w4, &none), Pick::Nobody);
        let w9 = w1 + chrono::Duration::weeks(PAUSE_WEEKS + 1);
        assert_eq!(pick(&pool, &offers, w9, &none), Pick::Offer { contact: 2, new: true });
        // Someone already in the plan is not offered twice.
        assert_eq!(pick(&pool, &[], w1, &HashSet::from([2])), Pick::Offer { contact: 3, new: true });
        // Nor someone touched this week (an unsorted import just e-mailed): the next one.
        let mut fresh = pool.clone();
        fresh[0].contact.warmth = Some(Warmth { last_touch: w1 + chrono::Duration::days(1), mass: 1.0, strength: 9.0 });
        assert_eq!(pick(&fresh, &[], w1, &none), Pick::Offer { contact: 3, new: true });
    }

    #[test]
    fn a_taken_offer_ends_the_week() {
        let pool = vec![candidate(3, 3.0)];
        let week = d("2026-11-16");
        let taken = Offer { week_of: week, contact: 2, last_touch_on: Some(d("2026-11-18")) };
        assert!(taken.taken());
        assert_eq!(pick(&pool, &[taken], week, &HashSet::new()), Pick::Taken);
    }
}
