//! Network health: how much of the network is warm, where it is cooling, how active the user is.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    Circle, Status,
    contact::{Cadenced, ContactBrief},
    date::week_start,
};

/// Contacts per status, for one circle or for the whole network.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    pub warm: u64,
    pub cooling: u64,
    pub cold: u64,
    pub new: u64,
}

impl StatusCounts {
    fn add(&mut self, s: Status) {
        match s {
            Status::Warm => self.warm += 1,
            Status::Cooling => self.cooling += 1,
            Status::Cold => self.cold += 1,
            Status::New => self.new += 1,
        }
    }

    pub fn total(&self) -> u64 {
        self.warm + self.cooling + self.cold + self.new
    }
}

/// Touches logged in one ISO week.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekCount {
    pub week_of: NaiveDate,
    pub touches: u64,
}

/// A contact singled out by the health report.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub id: i64,
    pub name: String,
    pub circle: Circle,
    pub status: Status,
    pub warmth: f64,
    pub added_on: NaiveDate,
}

/// The health report.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Health {
    pub today: NaiveDate,
    pub contacts: u64,
    pub archived: u64,
    pub by_status: StatusCounts,
    pub by_circle: BTreeMap<Circle, StatusCounts>,
    /// Share of the kept-up network (circles with a cadence) that is warm, 0–1.
    pub warm_share: f64,
    /// Contacts with a cadence that have lost touch (no touch for more than 8 cadences).
    pub lost: u64,
    /// Touches per ISO week over the last 52 weeks, oldest first (the current week last).
    pub touches_per_week: Vec<WeekCount>,
    /// Touches in the last 4 weeks and in the 4 before: the trend.
    pub touches_last_4_weeks: u64,
    pub touches_previous_4_weeks: u64,
    pub newest: Vec<Mention>,
    /// Inner- and close-circle contacts that are cooling or cold, coldest first.
    pub cooling_close: Vec<Mention>,
}

/// Computes the report from every contact's brief and the number of touches per day over the last
/// year (`touches_by_day`, any order; days outside the window are ignored).
pub fn health(contacts: &[ContactBrief], touches_by_day: &[(NaiveDate, u64)], today: NaiveDate) -> Health {
    let mut tally = Tally::new(today);
    tally.add(contacts);
    tally.finish(touches_by_day)
}

/// How many coldest close contacts and newest contacts the report names.
const COOLING_CLOSE: usize = 10;
const NEWEST: usize = 5;

/// The report built a batch of contacts at a time, so a large network is never held whole: every
/// count is a sum and only the few contacts the report names are kept. Batches in any order give
/// the same report as [`health`] over all of them.
#[derive(Debug, Clone)]
pub struct Tally {
    today: NaiveDate,
    seen: u64,
    archived: u64,
    by_status: StatusCounts,
    by_circle: BTreeMap<Circle, StatusCounts>,
    kept: u64,
    kept_warm: u64,
    lost: u64,
    cooling_close: Vec<Mention>,
    newest: Vec<Mention>,
}

impl Tally {
    pub fn new(today: NaiveDate) -> Tally {
        Tally {
            today,
            seen: 0,
            archived: 0,
            by_status: StatusCounts::default(),
            by_circle: Circle::ALL.iter().map(|c| (*c, StatusCounts::default())).collect(),
            kept: 0,
            kept_warm: 0,
            lost: 0,
            cooling_close: Vec::new(),
            newest: Vec::new(),
        }
    }

    /// Counts a batch of contacts.
    pub fn add(&mut self, contacts: &[ContactBrief]) {
        let today = self.today;
        for c in contacts {
            self.seen += 1;
            if c.archived {
                self.archived += 1;
                continue;
            }
            let r = c.reading(today);
            self.by_status.add(r.status);
            self.by_circle.entry(c.circle).or_default().add(r.status);
            if c.is_nagged() {
                self.kept += 1;
                self.kept_warm += u64::from(r.status == Status::Warm);
                self.lost += u64::from(crate::due::is_lost(c, today));
            }
            if c.circle <= Circle::Close && matches!(r.status, Status::Cooling | Status::Cold) {
                self.cooling_close.push(mention(c, today));
            }
        }
        // Coldest first; ids break ties, so the order is total and batches cannot change it.
        self.cooling_close.sort_by(|a, b| a.warmth.total_cmp(&b.warmth).then(a.id.cmp(&b.id)));
        self.cooling_close.truncate(COOLING_CLOSE);
        let mut newest: Vec<&ContactBrief> = contacts.iter().filter(|c| !c.archived).collect();
        newest.sort_by(|a, b| b.added_on.cmp(&a.added_on).then(b.id.cmp(&a.id)));
        self.newest.extend(newest.into_iter().take(NEWEST).map(|c| mention(c, today)));
        self.newest.sort_by(|a, b| b.added_on.cmp(&a.added_on).then(b.id.cmp(&a.id)));
        self.newest.truncate(NEWEST);
    }

    /// The report, with the touches per day over the last year.
    pub fn finish(self, touches_by_day: &[(NaiveDate, u64)]) -> Health {
        let today = self.today;
        let this_week = week_start(today);
        let first_week = this_week - chrono::Duration::weeks(51);
        let mut weeks: Vec<WeekCount> =
            (0..52).map(|i| WeekCount { week_of: first_week + chrono::Duration::weeks(i), touches: 0 }).collect();
        for &(day, n) in touches_by_day {
            if day < first_week || day > today {
                continue;
            }
            let idx = ((week_start(day) - first_week).num_days() / 7) as usize;
            weeks[idx].touches += n;
        }
        let last4 = weeks[48..].iter().map(|w| w.touches).sum();
        let prev4 = weeks[44..48].iter().map(|w| w.touches).sum();
        let (kept, kept_warm) = (self.kept, self.kept_warm);
        Health {
            today,
            contacts: self.seen - self.archived,
            archived: self.archived,
            by_status: self.by_status,
            by_circle: self.by_circle,
            warm_share: if kept == 0 { 0.0 } else { crate::warmth::round6(kept_warm as f64 / kept as f64) },
            lost: self.lost,
            touches_per_week: weeks,
            touches_last_4_weeks: last4,
            touches_previous_4_weeks: prev4,
            newest: self.newest,
            cooling_close: self.cooling_close,
        }
    }
}

fn mention(c: &ContactBrief, today: NaiveDate) -> Mention {
    let r = c.reading(today);
    Mention {
        id: c.id,
        name: c.name.clone(),
        circle: c.circle,
        status: r.status,
        warmth: r.warmth,
        added_on: c.added_on,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Warmth;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn brief(id: i64, circle: Circle, last: Option<&str>) -> ContactBrief {
        ContactBrief {
            id,
            name: format!("P{id}"),
            org: None,
            circle,
            custom_cadence_days: None,
            important: false,
            archived: false,
            added_on: d("2026-01-01") + chrono::Duration::days(id),
            snoozed_until: None,
            warmth: last.map(|on| Warmth { last_touch: d(on), mass: 1.0, strength: 1.0 }),
        }
    }

    #[test]
    fn counts_statuses_and_weeks() {
        let today = d("2026-11-22");
        let contacts = vec![
            brief(1, Circle::Inner, Some("2026-11-20")),
            brief(2, Circle::Inner, Some("2026-10-20")),
            brief(3, Circle::Active, None),
            brief(4, Circle::Dormant, Some("2020-01-01")),
        ];
        let h = health(&contacts, &[(d("2026-11-20"), 2), (d("2026-11-16"), 1), (d("2025-01-01"), 9)], today);
        assert_eq!(h.contacts, 4);
        assert_eq!(h.by_status, StatusCounts { warm: 1, cooling: 0, cold: 2, new: 1 });
        assert_eq!(h.by_circle[&Circle::Inner].warm, 1);
        assert_eq!(h.warm_share, 0.333333);
        assert_eq!(h.touches_per_week.len(), 52);
        assert_eq!(h.touches_per_week[51], WeekCount { week_of: d("2026-11-16"), touches: 3 });
        assert_eq!(h.touches_last_4_weeks, 3);
        assert_eq!(h.cooling_close.iter().map(|m| m.id).collect::<Vec<_>>(), vec![2]);
        assert_eq!(h.newest[0].id, 4);
    }

    #[test]
    fn batches_give_the_report_of_the_whole() {
        let today = d("2026-11-22");
        let circles = [Circle::Inner, Circle::Close, Circle::Active, Circle::Wide, Circle::Dormant];
        let contacts: Vec<ContactBrief> = (1..=60)
            .map(|id| {
                let last = today - chrono::Duration::days(id * 7 % 400);
                let mut b = brief(id, circles[id as usize % 5], (id % 9 != 0).then_some("2026-01-01"));
                b.warmth = b.warmth.map(|w| Warmth { last_touch: last, ..w });
                b.archived = id % 13 == 0;
                b
            })
            .collect();
        let touches = [(d("2026-11-20"), 2)];
        let whole = health(&contacts, &touches, today);
        assert_eq!(whole.cooling_close.len(), 10, "enough cooling close contacts to cut the list");
        let mut tally = Tally::new(today);
        for batch in contacts.chunks(7).rev() {
            tally.add(batch);
        }
        assert_eq!(tally.finish(&touches), whole);
    }
}
