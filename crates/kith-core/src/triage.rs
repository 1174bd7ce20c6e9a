//! The triage of unsorted contacts: imported people start dormant (never nagged) until the user
//! puts them in a circle. The triage shows them warmest and most-touched first, each with a
//! suggested circle read from how recently and how often the user was in touch, so sorting a
//! thousand LinkedIn connections means deciding about the few dozen that matter, top down.

use chrono::NaiveDate;

use crate::{
    Circle, Status,
    contact::{Cadenced, ContactBrief},
    date::day_number,
};

/// A contact the triage offers: dormant, unarchived, circle never chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct TriageCandidate {
    pub contact: ContactBrief,
    /// How many interactions the contact took part in.
    pub touches: u32,
}

/// A candidate as the triage shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct TriageItem {
    pub contact: ContactBrief,
    pub touches: u32,
    /// Warmth today, 0–1, with the dormant half-life (180 days).
    pub warmth: f64,
    pub status: Status,
    /// The tie's strength today: breaks ties of equal warmth.
    pub strength: f64,
    pub last_touch_on: Option<NaiveDate>,
    /// The circle the history suggests (see [`suggest`]).
    pub suggested: Circle,
}

/// The circle a contact's history suggests: in touch at least three times and within the last 30
/// days → `close`; twice and within 90 days → `active`; any touch within a year → `wide`; otherwise
/// it stays `dormant`. A suggestion only: the user decides.
pub fn suggest(touches: u32, last_touch_on: Option<NaiveDate>, today: NaiveDate) -> Circle {
    let Some(last) = last_touch_on else { return Circle::Dormant };
    let days = day_number(today) - day_number(last);
    match (touches, days) {
        (3.., ..=30) => Circle::Close,
        (2.., ..=90) => Circle::Active,
        (1.., ..=365) => Circle::Wide,
        _ => Circle::Dormant,
    }
}

/// Ranks candidates warmest first, then the stronger tie, then most touched, then by id, and reads
/// each one's warmth and suggestion on `today`.
pub fn rank(candidates: Vec<TriageCandidate>, today: NaiveDate) -> Vec<TriageItem> {
    let mut items: Vec<TriageItem> = candidates
        .into_iter()
        .map(|c| {
            let reading = c.contact.reading(today);
            let last_touch_on = c.contact.warmth.map(|w| w.last_touch);
            TriageItem {
                suggested: suggest(c.touches, last_touch_on, today),
                touches: c.touches,
                warmth: reading.warmth,
                status: reading.status,
                strength: reading.strength,
                last_touch_on,
                contact: c.contact,
            }
        })
        .collect();
    items.sort_by(|a, b| {
        b.warmth
            .total_cmp(&a.warmth)
            .then(b.strength.total_cmp(&a.strength))
            .then(b.touches.cmp(&a.touches))
            .then(a.contact.id.cmp(&b.contact.id))
    });
    items
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::Warmth;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn candidate(id: i64, touches: u32, last: Option<(&str, f64)>) -> TriageCandidate {
        TriageCandidate {
            contact: ContactBrief {
                id,
                name: format!("Person {id}"),
                org: None,
                circle: Circle::Dormant,
                custom_cadence_days: None,
                important: false,
                archived: false,
                added_on: d("2026-01-01"),
                snoozed_until: None,
                warmth: last.map(|(on, mass)| Warmth { last_touch: d(on), mass, strength: mass }),
            },
            touches,
        }
    }

    #[test]
    fn suggestions_follow_recency_and_frequency() {
        let today = d("2026-12-03");
        assert_eq!(suggest(5, Some(d("2026-11-20")), today), Circle::Close);
        assert_eq!(suggest(2, Some(d("2026-11-20")), today), Circle::Active, "twice: not enough for close");
        assert_eq!(suggest(5, Some(d("2026-08-01")), today), Circle::Wide, "four months ago");
        assert_eq!(suggest(1, Some(d("2026-11-30")), today), Circle::Wide, "one touch, however recent");
        assert_eq!(suggest(40, Some(d("2024-06-01")), today), Circle::Dormant, "nothing in a year");
        assert_eq!(suggest(0, None, today), Circle::Dormant);
    }

    #[test]
    fn warmest_first_then_most_touched() {
        let today = d("2026-12-03");
        let ranked = rank(
            vec![
                candidate(1, 0, None),
                candidate(2, 1, Some(("2025-01-10", 0.15))),
                candidate(3, 9, Some(("2026-11-01", 3.0))),
                candidate(4, 2, Some(("2026-11-01", 3.0))),
            ],
            today,
        );
        let ids: Vec<i64> = ranked.iter().map(|i| i.contact.id).collect();
        assert_eq!(ids, vec![3, 4, 2, 1]);
        assert_eq!(ranked[0].status, Status::Warm);
        assert_eq!(ranked[3].status, Status::New);
        assert_eq!(ranked[0].suggested, Circle::Active, "last touch 32 days ago");
    }

    proptest! {
        #[test]
        fn ranking_never_puts_a_colder_contact_first(
            people in prop::collection::vec((0u32..50, 0i64..800, 0.1f64..4.0), 1..40)
        ) {
            let today = d("2026-12-03");
            let candidates = people
                .iter()
                .enumerate()
                .map(|(i, &(touches, ago, mass))| {
                    let on = today - chrono::Days::new(ago as u64);
                    let mut c = candidate(i as i64, touches, None);
                    c.contact.warmth = (touches > 0).then_some(Warmth { last_touch: on, mass, strength: mass });
                    c
                })
                .collect::<Vec<_>>();
            let n = candidates.len();
            let ranked = rank(candidates, today);
            prop_assert_eq!(ranked.len(), n);
            for pair in ranked.windows(2) {
                prop_assert!(pair[0].warmth >= pair[1].warmth);
                if pair[0].warmth == pair[1].warmth {
                    prop_assert!(pair[0].strength >= pair[1].strength);
                    if pair[0].strength == pair[1].strength {
                        prop_assert!(pair[0].touches >= pair[1].touches);
                    }
                }
            }
        }
    }
}
