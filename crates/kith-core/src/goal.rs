//! Habit goals: a target per week or month ("lunch or coffee at least once a week"), measured from
//! what the user logged, with this period's progress and the current and best streak.
//!
//! Everything here works on dated amounts (how much of the measured thing happened on each day), so
//! a touch logged today for last Tuesday counts for last Tuesday's week: streaks follow history,
//! not the moment something was typed.

use chrono::{Datelike, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::{InteractionKind, ValidationError, date::week_start};

/// The period a goal counts over.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// An ISO week, Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
}

impl Period {
    pub const ALL: [Period; 2] = [Period::Week, Period::Month];

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    /// The first day of the period holding `day`, weeks starting on Monday (ISO weeks).
    pub fn start(self, day: NaiveDate) -> NaiveDate {
        self.start_with(day, Weekday::Mon)
    }

    /// The first day of the period holding `day`, weeks starting on `first`.
    pub fn start_with(self, day: NaiveDate, first: Weekday) -> NaiveDate {
        match self {
            Period::Week if first == Weekday::Mon => week_start(day),
            Period::Week => day - chrono::Duration::days(i64::from(day.weekday().days_since(first))),
            Period::Month => day.with_day(1).unwrap_or(day),
        }
    }

    /// The first day of the period after the one starting on `start`.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Period::Week => start + chrono::Duration::days(7),
            Period::Month => start.checked_add_months(Months::new(1)).unwrap_or(NaiveDate::MAX),
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Period {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        let found = match wanted.as_str() {
            "week" | "weekly" | "w" => Some(Period::Week),
            "month" | "monthly" | "m" => Some(Period::Month),
            _ => None,
        };
        found.ok_or_else(|| ValidationError::new("per", s, "unknown period; use week or month"))
    }
}

/// What a goal counts.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "measure", content = "kinds")]
pub enum Measure {
    /// Interactions of these kinds (a lunch with three people is one lunch).
    Interactions(Vec<InteractionKind>),
    /// Touches of any kind: each person in each interaction.
    Touches,
    /// People met for the first time: contacts whose met-on date falls in the period.
    NewPeople,
    /// Touches with someone who had lost touch (cold for more than eight cadences before it).
    Reconnections,
    /// Association events attended (meetings, seminars, classes, conferences).
    Events,
    /// Minutes spent networking: interactions and events with a duration.
    Minutes,
}

impl Measure {
    /// A stable key for storage and the command line.
    pub fn key(&self) -> String {
        match self {
            Measure::Interactions(kinds) => kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join("+"),
            Measure::Touches => "touches".into(),
            Measure::NewPeople => "new-people".into(),
            Measure::Reconnections => "reconnections".into(),
            Measure::Events => "events".into(),
            Measure::Minutes => "minutes".into(),
        }
    }

    /// Reads a key: `touches`, `new-people`, `reconnections`, `events`, `minutes`, or interaction
    /// kinds joined by `+` or `,` (`lunch+coffee`).
    pub fn parse(field: &str, s: &str) -> Result<Measure, ValidationError> {
        let key = s.trim().to_ascii_lowercase();
        Ok(match key.as_str() {
            "touches" => Measure::Touches,
            "new-people" | "new_people" | "people" => Measure::NewPeople,
            "reconnections" | "reconnect" => Measure::Reconnections,
            "events" | "association-events" => Measure::Events,
            "minutes" | "time" => Measure::Minutes,
            _ => {
                let mut kinds = Vec::new();
                for part in key.split(['+', ',']).map(str::trim).filter(|p| !p.is_empty()) {
                    let kind: InteractionKind = part.parse().map_err(|_| {
                        ValidationError::new(
                            field,
                            s,
                            "unknown measure; use touches, new-people, reconnections, events, minutes, \
                             or interaction kinds joined by + (lunch+coffee)",
                        )
                    })?;
                    if !kinds.contains(&kind) {
                        kinds.push(kind);
                    }
                }
                if kinds.is_empty() {
                    return Err(ValidationError::new(
                        field,
                        s,
                        "name what the goal counts, e.g. lunch+coffee or touches",
                    ));
                }
                kinds.sort();
                Measure::Interactions(kinds)
            }
        })
    }

    /// How the measure reads in a sentence: "lunch or coffee", "touches", "minutes networking".
    pub fn describe(&self) -> String {
        match self {
            Measure::Interactions(kinds) => kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(" or "),
            Measure::Touches => "touches".into(),
            Measure::NewPeople => "new people met".into(),
            Measure::Reconnections => "reconnections".into(),
            Measure::Events => "association events".into(),
            Measure::Minutes => "minutes networking".into(),
        }
    }
}

/// The largest target a goal may have.
pub const MAX_TARGET: u32 = 100_000;

/// A habit: at least `target` of `measure` every `period`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Goal {
    pub measure: Measure,
    pub period: Period,
    pub target: u32,
}

impl Goal {
    /// Checks the target; the error names it.
    pub fn validate(self) -> Result<Goal, ValidationError> {
        if self.target == 0 || self.target > MAX_TARGET {
            return Err(ValidationError::new(
                "target",
                self.target.to_string(),
                format!("a goal needs a target from 1 to {MAX_TARGET}"),
            ));
        }
        Ok(self)
    }

    /// "lunch or coffee ≥ 1 / week".
    pub fn describe(&self) -> String {
        format!("{} ≥ {} / {}", self.measure.describe(), self.target, self.period)
    }
}

/// The goals a new user starts with: the career coaches' advice, as numbers.
pub fn default_goals() -> Vec<Goal> {
    use InteractionKind::{Coffee, Lunch};
    vec![
        Goal { measure: Measure::Interactions(vec![Lunch, Coffee]), period: Period::Week, target: 1 },
        Goal { measure: Measure::Touches, period: Period::Week, target: 5 },
        Goal { measure: Measure::NewPeople, period: Period::Month, target: 1 },
        Goal { measure: Measure::Reconnections, period: Period::Month, target: 1 },
        Goal { measure: Measure::Events, period: Period::Month, target: 1 },
        Goal { measure: Measure::Minutes, period: Period::Week, target: 60 },
    ]
}

/// The total of one period.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodTotal {
    /// The period's first day.
    pub start: NaiveDate,
    pub total: u64,
}

/// Totals per period for every period from the one holding `from` to the one holding `to`, empty
/// periods included, oldest first. Amounts outside that span are ignored; order does not matter.
pub fn totals(period: Period, amounts: &[(NaiveDate, u64)], from: NaiveDate, to: NaiveDate) -> Vec<PeriodTotal> {
    totals_with(period, Weekday::Mon, amounts, from, to)
}

/// [`totals`] with weeks starting on `first`.
pub fn totals_with(
    period: Period,
    first: Weekday,
    amounts: &[(NaiveDate, u64)],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<PeriodTotal> {
    let mut out = Vec::new();
    if from > to {
        return out;
    }
    let mut start = period.start_with(from, first);
    let last = period.start_with(to, first);
    while start <= last {
        out.push(PeriodTotal { start, total: 0 });
        start = period.next(start);
    }
    for &(day, amount) in amounts {
        if day < out[0].start || day > to {
            continue;
        }
        let s = period.start_with(day, first);
        // Periods are sorted and contiguous: find this one by binary search.
        if let Ok(i) = out.binary_search_by_key(&s, |p| p.start) {
            out[i].total = out[i].total.saturating_add(amount);
        }
    }
    out
}

/// Runs of periods that met the target.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Streaks {
    /// Periods met in a row up to now. The period holding today counts once met; until then the
    /// run up to the period before still stands (a weekly streak is not broken on Monday morning).
    pub current: u32,
    /// The longest run ever.
    pub best: u32,
}

/// The streaks of `totals` (as [`totals`] returns them, the last one holding `today`) for `target`.
pub fn streaks(totals: &[PeriodTotal], target: u64) -> Streaks {
    let met = |p: &PeriodTotal| p.total >= target;
    let mut best = 0u32;
    let mut run = 0u32;
    for p in totals {
        run = if met(p) { run + 1 } else { 0 };
        best = best.max(run);
    }
    let current = match totals.split_last() {
        Some((last, before)) if !met(last) => before.iter().rev().take_while(|p| met(p)).count() as u32,
        _ => run,
    };
    Streaks { current, best }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods_start_on_monday_or_the_first() {
        assert_eq!(Period::Week.start_with(d("2026-11-22"), Weekday::Sun), d("2026-11-22"));
        assert_eq!(Period::Week.start_with(d("2026-11-21"), Weekday::Sun), d("2026-11-15"));
        assert_eq!(Period::Week.start_with(d("2026-11-22"), Weekday::Sat), d("2026-11-21"));
        assert_eq!(Period::Week.start(d("2026-11-22")), d("2026-11-16"));
        assert_eq!(Period::Week.start(d("2026-11-23")), d("2026-11-23"));
        assert_eq!(Period::Month.start(d("2026-02-28")), d("2026-02-01"));
        assert_eq!(Period::Month.next(d("2026-12-01")), d("2027-01-01"));
    }

    #[test]
    fn totals_fill_every_period_and_ignore_the_rest() {
        let amounts = [(d("2026-11-02"), 2), (d("2026-11-20"), 1), (d("2026-11-18"), 3), (d("2026-10-01"), 9)];
        let t = totals(Period::Week, &amounts, d("2026-11-01"), d("2026-11-22"));
        let got: Vec<(NaiveDate, u64)> = t.iter().map(|p| (p.start, p.total)).collect();
        assert_eq!(got, vec![(d("2026-10-26"), 0), (d("2026-11-02"), 2), (d("2026-11-09"), 0), (d("2026-11-16"), 4)]);
    }

    #[test]
    fn an_open_period_not_yet_met_does_not_break_the_streak() {
        let p = |total| PeriodTotal { start: d("2026-01-05"), total };
        assert_eq!(streaks(&[p(1), p(1), p(0)], 1), Streaks { current: 2, best: 2 });
        assert_eq!(streaks(&[p(1), p(1), p(1)], 1), Streaks { current: 3, best: 3 });
        assert_eq!(streaks(&[p(1), p(0), p(1), p(0)], 1), Streaks { current: 1, best: 1 });
        assert_eq!(streaks(&[p(2), p(2), p(0), p(0)], 1), Streaks { current: 0, best: 2 });
        assert_eq!(streaks(&[], 1), Streaks::default());
    }

    #[test]
    fn measures_read_and_write_their_keys() {
        assert_eq!(
            Measure::parse("measure", "coffee+LUNCH").unwrap(),
            Measure::Interactions(vec![InteractionKind::Lunch, InteractionKind::Coffee])
        );
        assert_eq!(Measure::parse("measure", "lunch,coffee").unwrap().key(), "lunch+coffee");
        assert_eq!(Measure::parse("measure", "new-people").unwrap(), Measure::NewPeople);
        let err = Measure::parse("measure", "brunch").unwrap_err();
        assert_eq!((err.field.as_str(), err.value.as_str()), ("measure", "brunch"));
        assert_eq!("month".parse::<Period>().unwrap(), Period::Month);
        assert_eq!("fortnight".parse::<Period>().unwrap_err().field, "per");
        let zero = Goal { measure: Measure::Touches, period: Period::Week, target: 0 }.validate().unwrap_err();
        assert_eq!((zero.field.as_str(), zero.value.as_str()), ("target", "0"));
        assert_eq!(default_goals()[0].describe(), "lunch or coffee ≥ 1 / week");
    }
}
