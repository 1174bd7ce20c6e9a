//! Ties kith infers between two contacts from what it saw them share: touches the user had with
//! both (a lunch for three, a call with two), mail threads both were on, events both attended.
//!
//! A tie's strength follows the strength formula of the user's own ties (see [`crate::warmth`]):
//! `T(t) = Σ w_i · 2^(−(t − t_i)/365)` over its evidence, each piece weighted as the touch or event
//! it comes from. Time at the same organization is evidence too, read from where the two worked (see
//! [`Overlap`]), and so are the relationships the user entered (see [`relationship_weight`]).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{ContactId, InteractionKind, warmth::Warmth};

/// A touch or event with more people than this says nothing about any two of them (a conference,
/// a mailing list): it makes no ties.
pub const MAX_GROUP: usize = 50;

/// What one piece of evidence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Evidence {
    /// A touch the user had with both (not an e-mail, not an event).
    Touch,
    /// A mail thread both were on.
    Mail,
    /// An event both attended.
    Event,
}

impl Evidence {
    /// The evidence a shared touch of `kind` is.
    pub fn of_kind(kind: InteractionKind) -> Evidence {
        match kind {
            InteractionKind::Email => Evidence::Mail,
            InteractionKind::Event => Evidence::Event,
            _ => Evidence::Touch,
        }
    }
}

/// A tie between two contacts, `a < b`, folded from its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InferredTie {
    pub a: ContactId,
    pub b: ContactId,
    pub touches: u32,
    pub mails: u32,
    pub events: u32,
    /// The day of the latest evidence.
    pub last_on: NaiveDate,
    /// Σ w_i · 2^(−(last_on − t_i)/365): the strength on `last_on`.
    pub strength: f64,
}

impl InferredTie {
    /// The strength on `today` (decayed from the latest evidence, a year's half-life).
    pub fn strength_on(&self, today: NaiveDate) -> f64 {
        Warmth { last_touch: self.last_on, mass: 0.0, strength: self.strength }.strength_on(today)
    }

    /// "was at 4 events with him, on 2 mail threads and at 1 touch with you" — what the tie rests
    /// on, in the words of a path's explanation; `pronoun` names the other one ("him", "her",
    /// "them", or a name).
    pub fn phrase(&self, pronoun: &str) -> String {
        let mut parts = Vec::new();
        if self.events > 0 {
            parts.push(format!("was at {} with {pronoun}", count(self.events, "event", "events")));
        }
        if self.mails > 0 {
            parts.push(format!("on {} with {pronoun}", count(self.mails, "mail thread", "mail threads")));
        }
        if self.touches > 0 {
            parts.push(format!("met you together {}", count(self.touches, "time", "times")));
        }
        join_and(&parts)
    }
}

fn count(n: u32, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// "a", "a and b", "a, b and c".
pub fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Folds evidence into ties: each `(x, y, source, evidence, on, weight)` row counts once per pair
/// and source, whichever way round it came.
pub fn fold(rows: impl IntoIterator<Item = (ContactId, ContactId, i64, Evidence, NaiveDate, f64)>) -> Vec<InferredTie> {
    let mut seen = std::collections::HashSet::new();
    let mut by_pair: HashMap<(ContactId, ContactId), (Option<Warmth>, [u32; 3])> = HashMap::new();
    for (x, y, source, evidence, on, weight) in rows {
        if x == y {
            continue;
        }
        let pair = (x.min(y), x.max(y));
        if !seen.insert((pair, source)) {
            continue;
        }
        let entry = by_pair.entry(pair).or_insert((None, [0; 3]));
        // The strength half-life does not depend on `h`: only the warmth mass does, unused here.
        entry.0 = Some(Warmth::add(entry.0, on, weight, 1.0));
        entry.1[evidence as usize] += 1;
    }
    let mut ties: Vec<InferredTie> = by_pair
        .into_iter()
        .filter_map(|((a, b), (w, [touches, mails, events]))| {
            w.map(|w| InferredTie { a, b, touches, mails, events, last_on: w.last_touch, strength: w.strength })
        })
        .collect();
    ties.sort_by_key(|t| (t.a, t.b));
    ties
}

/// A stretch two people spent at the same organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overlap {
    pub from: NaiveDate,
    pub until: NaiveDate,
}

/// The weight of a year side by side at one organization, decayed from the day it ended like any
/// evidence: two years together that ended last month make a medium tie, not a strong one.
pub const YEAR_TOGETHER_WEIGHT: f64 = 1.0;

impl Overlap {
    /// The time both spent at one place: `None` when they were there at different times. A stint
    /// without a known start is counted from its end (kith knows only that it ended).
    pub fn of(one: (Option<NaiveDate>, NaiveDate), other: (Option<NaiveDate>, NaiveDate)) -> Option<Overlap> {
        let from = one.0.unwrap_or(one.1).max(other.0.unwrap_or(other.1));
        let until = one.1.min(other.1);
        (from <= until).then_some(Overlap { from, until })
    }

    /// The evidence's strength on `today`: a weight per year together (at least one), as of its end.
    pub fn strength_on(&self, today: NaiveDate) -> f64 {
        let years = ((self.until - self.from).num_days() as f64 / 365.25).max(1.0);
        Warmth { last_touch: self.until, mass: 0.0, strength: years * YEAR_TOGETHER_WEIGHT }.strength_on(today)
    }

    /// "2019–2023", "2021".
    pub fn years(&self) -> String {
        if self.from.year() == self.until.year() {
            self.from.year().to_string()
        } else {
            format!("{}–{}", self.from.year(), self.until.year())
        }
    }
}

/// The strength a relationship the user entered gives a tie: they said so, and it holds as much
/// as a strong tie (manager, mentor, partner, family, friend) or a medium one (the rest).
pub fn relationship_weight(kind: &str) -> f64 {
    match kind {
        "manager of" | "mentor of" | "partner of" | "family of" | "friend of" => crate::warmth::STRONG_TIE,
        _ => crate::warmth::MEDIUM_TIE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn evidence_counts_once_per_pair_and_source_and_decays_like_strength() {
        let rows = [
            (2, 1, 10, Evidence::Event, d("2025-01-01"), 1.0),
            (1, 2, 10, Evidence::Event, d("2025-01-01"), 1.0),
            (1, 2, 11, Evidence::Mail, d("2026-01-01"), 0.5),
            (1, 3, 11, Evidence::Mail, d("2026-01-01"), 0.5),
            (3, 3, 12, Evidence::Touch, d("2026-01-01"), 1.0),
        ];
        let ties = fold(rows);
        assert_eq!(ties.len(), 2);
        let t = &ties[0];
        assert_eq!((t.a, t.b, t.events, t.mails, t.touches), (1, 2, 1, 1, 0));
        assert_eq!(t.last_on, d("2026-01-01"));
        assert!((t.strength - 1.0).abs() < 0.01, "a year-old 1 and a new 0.5: {}", t.strength);
        assert!((t.strength_on(d("2027-01-01")) - 0.5).abs() < 0.01);
        assert_eq!(t.phrase("him"), "was at 1 event with him and on 1 mail thread with him");
    }

    #[test]
    fn time_together_is_where_two_stints_meet() {
        let o =
            Overlap::of((Some(d("2019-03-01")), d("2023-06-30")), (Some(d("2018-01-01")), d("2026-12-07"))).unwrap();
        assert_eq!(o.years(), "2019–2023");
        assert!(
            Overlap::of((Some(d("2010-01-01")), d("2012-01-01")), (Some(d("2013-01-01")), d("2014-01-01"))).is_none()
        );
        // Four years that ended today weigh four.
        assert!((o.strength_on(d("2023-06-30")) - 4.33).abs() < 0.01);
    }

    #[test]
    fn lists_read_as_sentences() {
        assert_eq!(join_and(&["a".into(), "b".into(), "c".into()]), "a, b and c");
        assert_eq!(join_and(&["a".into()]), "a");
    }
}
