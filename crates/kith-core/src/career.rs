//! Career readiness: the user's own record (resume and LinkedIn profile last updated, connection
//! count against a target, accomplishments) and the 0–100 score with the next actions that raise it.
//!
//! Four parts of 25 points each (see `docs/career.md`):
//! - the resume and the LinkedIn profile: full marks while updated within 90 days, then losing
//!   points evenly until nothing is left at 180 days (a record never set scores nothing);
//! - connections: the share of the target reached;
//! - accomplishments: one third of the points for each of the last three 30-day windows (days
//!   0–29, 30–59 and 60–89 before today) with at least one accomplishment logged.
//!
//! Each part is a whole number of points, so the score is their sum and what an action adds is
//! exactly the difference it makes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// The connection count aimed for unless the user sets another.
pub const DEFAULT_CONNECTIONS_TARGET: u32 = 500;
/// The largest target (and connection count) accepted.
pub const MAX_CONNECTIONS: u32 = 1_000_000;
/// Points of each of the four parts.
pub const PART_POINTS: u32 = 25;
/// Days an update keeps full marks.
pub const FRESH_DAYS: i64 = 90;
/// Days after which an update scores nothing.
pub const STALE_DAYS: i64 = 180;
/// The width of one accomplishment window, and how many windows count.
pub const WINDOW_DAYS: i64 = 30;
pub const WINDOWS: i64 = 3;
/// The longest accomplishment title and outcome, in characters.
pub const MAX_TITLE: usize = 300;
pub const MAX_OUTCOME: usize = 2_000;

pub type AccomplishmentId = i64;

/// The user's career figures as stored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareerRecord {
    pub resume_updated_on: Option<NaiveDate>,
    pub linkedin_updated_on: Option<NaiveDate>,
    /// The connection count, set by hand or by the latest LinkedIn import (the newest write wins).
    pub connections: Option<u32>,
    /// The day the connection count was last set.
    pub connections_on: Option<NaiveDate>,
    pub connections_target: u32,
}

impl Default for CareerRecord {
    fn default() -> Self {
        CareerRecord {
            resume_updated_on: None,
            linkedin_updated_on: None,
            connections: None,
            connections_on: None,
            connections_target: DEFAULT_CONNECTIONS_TARGET,
        }
    }
}

/// A change to the career record: only the fields given change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareerPatch {
    pub resume_updated_on: Option<NaiveDate>,
    pub linkedin_updated_on: Option<NaiveDate>,
    pub connections: Option<u32>,
    pub connections_target: Option<u32>,
}

impl CareerPatch {
    /// Checks the change against `today`: no date in the future, counts and target in range, and
    /// at least one field given.
    pub fn validate(self, today: NaiveDate) -> Result<CareerPatch, ValidationError> {
        if self == CareerPatch::default() {
            return Err(ValidationError::new(
                "career set",
                "",
                "nothing to set; give --resume-updated, --linkedin-updated, --connections or --target",
            ));
        }
        for (field, on) in [("resume-updated", self.resume_updated_on), ("linkedin-updated", self.linkedin_updated_on)]
        {
            if let Some(on) = on
                && on > today
            {
                return Err(ValidationError::new(field, on.to_string(), format!("is after today ({today})")));
            }
        }
        if let Some(n) = self.connections
            && n > MAX_CONNECTIONS
        {
            return Err(ValidationError::new("connections", n.to_string(), "must be from 0 to 1000000"));
        }
        if let Some(t) = self.connections_target
            && (t == 0 || t > MAX_CONNECTIONS)
        {
            return Err(ValidationError::new("target", t.to_string(), "must be from 1 to 1000000"));
        }
        Ok(self)
    }
}

/// Something the user achieved, as they will want to tell it in a review or an interview.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAccomplishment {
    pub title: String,
    pub on: NaiveDate,
    pub outcome: Option<String>,
    pub link: Option<String>,
}

/// A stored accomplishment.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accomplishment {
    pub id: AccomplishmentId,
    pub title: String,
    pub on: NaiveDate,
    pub outcome: Option<String>,
    pub link: Option<String>,
}

impl NewAccomplishment {
    /// Checks it against `today`: a one-line title, not in the future, an http(s) link.
    pub fn validate(mut self, today: NaiveDate) -> Result<NewAccomplishment, ValidationError> {
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > MAX_TITLE || title.chars().any(char::is_control) {
            return Err(ValidationError::new(
                "title",
                self.title.clone(),
                "an accomplishment is one line of 1 to 300 characters",
            ));
        }
        self.title = title.to_string();
        if self.on > today {
            return Err(ValidationError::new(
                "on",
                self.on.to_string(),
                format!("is after today ({today}); log an accomplishment once it happened"),
            ));
        }
        if let Some(o) = &self.outcome {
            let o = o.trim();
            if o.chars().count() > MAX_OUTCOME {
                return Err(ValidationError::new("outcome", "…", "too long; at most 2000 characters"));
            }
            self.outcome = (!o.is_empty()).then(|| o.to_string());
        }
        if let Some(l) = &self.link {
            let l = l.trim();
            self.link = if l.is_empty() { None } else { Some(validate_link(l)?) };
        }
        Ok(self)
    }
}

fn validate_link(l: &str) -> Result<String, ValidationError> {
    let lower = l.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    let ok = rest.is_some_and(|r| !r.is_empty())
        && l.len() <= 2_000
        && !l.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"'));
    if !ok {
        return Err(ValidationError::new("link", l, "a link is an http:// or https:// address without spaces"));
    }
    Ok(l.to_string())
}

/// The four parts of the score, in points.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreParts {
    pub resume: u32,
    pub linkedin: u32,
    pub connections: u32,
    pub accomplishments: u32,
}

impl ScoreParts {
    pub fn total(self) -> u32 {
        (self.resume + self.linkedin + self.connections + self.accomplishments).min(4 * PART_POINTS)
    }
}

/// Points for an update made on `on`, seen on `today`.
pub fn freshness_points(on: Option<NaiveDate>, today: NaiveDate) -> u32 {
    let Some(on) = on else { return 0 };
    let age = (today - on).num_days().max(0);
    if age <= FRESH_DAYS {
        return PART_POINTS;
    }
    let left = (STALE_DAYS - age).max(0);
    // Whole points, rounded down: a day older never scores more.
    (i64::from(PART_POINTS) * left / (STALE_DAYS - FRESH_DAYS)) as u32
}

/// Points for the connection count against the target.
pub fn connection_points(connections: Option<u32>, target: u32) -> u32 {
    let n = u64::from(connections.unwrap_or(0));
    let target = u64::from(target.max(1));
    (u64::from(PART_POINTS) * n.min(target) / target) as u32
}

/// How many of the last three 30-day windows (ending today) hold an accomplishment.
pub fn windows_covered(dates: &[NaiveDate], today: NaiveDate) -> u32 {
    let mut covered = [false; WINDOWS as usize];
    for d in dates {
        let age = (today - *d).num_days();
        if (0..WINDOW_DAYS * WINDOWS).contains(&age) {
            covered[(age / WINDOW_DAYS) as usize] = true;
        }
    }
    covered.iter().filter(|c| **c).count() as u32
}

/// Points for accomplishments: a third of the part for each window covered (all three: full marks).
pub fn accomplishment_points(dates: &[NaiveDate], today: NaiveDate) -> u32 {
    PART_POINTS * windows_covered(dates, today) / WINDOWS as u32
}

/// The score's parts for a record and the dates of the accomplishments logged.
pub fn score(record: &CareerRecord, accomplishments: &[NaiveDate], today: NaiveDate) -> ScoreParts {
    ScoreParts {
        resume: freshness_points(record.resume_updated_on, today),
        linkedin: freshness_points(record.linkedin_updated_on, today),
        connections: connection_points(record.connections, record.connections_target),
        accomplishments: accomplishment_points(accomplishments, today),
    }
}

/// What the user could do next.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    UpdateResume,
    UpdateLinkedin,
    GrowConnections,
    LogAccomplishment,
}

/// One next action and how many points it adds today.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextAction {
    pub action: ActionKind,
    pub text: String,
    pub points: u32,
}

/// The actions that would raise the score today, most points first.
pub fn next_actions(record: &CareerRecord, accomplishments: &[NaiveDate], today: NaiveDate) -> Vec<NextAction> {
    let now = score(record, accomplishments, today);
    let mut with_today = accomplishments.to_vec();
    with_today.push(today);
    let after_logging = accomplishment_points(&with_today, today);
    let missing = record.connections_target.saturating_sub(record.connections.unwrap_or(0));
    let mut actions = vec![
        NextAction {
            action: ActionKind::UpdateResume,
            text: "Update your resume".into(),
            points: PART_POINTS - now.resume,
        },
        NextAction {
            action: ActionKind::UpdateLinkedin,
            text: "Update your LinkedIn profile".into(),
            points: PART_POINTS - now.linkedin,
        },
        NextAction {
            action: ActionKind::GrowConnections,
            text: format!(
                "Connect with {missing} more {} to reach {}",
                if missing == 1 { "person" } else { "people" },
                record.connections_target
            ),
            points: PART_POINTS - now.connections,
        },
        NextAction {
            action: ActionKind::LogAccomplishment,
            text: "Log an accomplishment from this month".into(),
            points: after_logging - now.accomplishments,
        },
    ];
    actions.retain(|a| a.points > 0);
    actions.sort_by(|a, b| b.points.cmp(&a.points).then(a.action.cmp(&b.action)));
    actions
}

/// Accomplishments in the calendar month holding `today`.
pub fn this_month(dates: &[NaiveDate], today: NaiveDate) -> usize {
    use chrono::Datelike;
    dates.iter().filter(|d| d.year() == today.year() && d.month() == today.month() && **d <= today).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_update_keeps_full_marks_for_90_days_then_fades_to_nothing_at_180() {
        let today = day("2026-12-01");
        let ago = |n| Some(today - chrono::Duration::days(n));
        assert_eq!(freshness_points(ago(0), today), 25);
        assert_eq!(freshness_points(ago(90), today), 25);
        assert_eq!(freshness_points(ago(135), today), 12);
        assert_eq!(freshness_points(ago(180), today), 0);
        assert_eq!(freshness_points(ago(900), today), 0);
        assert_eq!(freshness_points(None, today), 0);
    }

    #[test]
    fn connections_score_their_share_of_the_target() {
        assert_eq!(connection_points(Some(250), 500), 12);
        assert_eq!(connection_points(Some(500), 500), 25);
        assert_eq!(connection_points(Some(5000), 500), 25);
        assert_eq!(connection_points(None, 500), 0);
    }

    #[test]
    fn one_accomplishment_a_month_for_three_months_is_full_marks() {
        let today = day("2026-12-01");
        let monthly = [day("2026-11-25"), day("2026-10-20"), day("2026-09-10")];
        assert_eq!(accomplishment_points(&monthly, today), 25);
        assert_eq!(accomplishment_points(&monthly[..1], today), 8);
        assert_eq!(accomplishment_points(&[day("2026-06-01")], today), 0);
    }

    #[test]
    fn next_actions_say_what_each_adds_and_come_best_first() {
        let today = day("2026-12-01");
        let record = CareerRecord {
            resume_updated_on: Some(day("2026-11-01")),
            linkedin_updated_on: Some(day("2026-07-19")),
            connections: Some(499),
            connections_on: Some(today),
            connections_target: 500,
        };
        let actions = next_actions(&record, &[], today);
        let got: Vec<(ActionKind, u32)> = actions.iter().map(|a| (a.action, a.points)).collect();
        assert_eq!(
            got,
            vec![
                (ActionKind::UpdateLinkedin, 13),
                (ActionKind::LogAccomplishment, 8),
                (ActionKind::GrowConnections, 1)
            ]
        );
        assert_eq!(actions[2].text, "Connect with 1 more person to reach 500");
        assert_eq!(score(&record, &[], today).total(), 25 + 12 + 24);
    }

    #[test]
    fn a_set_with_nothing_or_a_future_date_is_refused() {
        let today = day("2026-12-01");
        assert_eq!(CareerPatch::default().validate(today).unwrap_err().field, "career set");
        let future = CareerPatch { resume_updated_on: Some(day("2026-12-02")), ..Default::default() };
        assert_eq!(future.validate(today).unwrap_err().field, "resume-updated");
        let zero = CareerPatch { connections_target: Some(0), ..Default::default() };
        assert_eq!(zero.validate(today).unwrap_err().field, "target");
    }

    #[test]
    fn accomplishments_need_a_title_a_past_date_and_a_web_link() {
        let today = day("2026-12-01");
        let a = |title: &str, link: Option<&str>| NewAccomplishment {
            title: title.into(),
            on: today,
            outcome: Some("  ".into()),
            link: link.map(Into::into),
        };
        let ok = a("  Shipped search ", Some("https://example.org/x")).validate(today).unwrap();
        assert_eq!((ok.title.as_str(), ok.outcome), ("Shipped search", None));
        assert_eq!(a("", None).validate(today).unwrap_err().field, "title");
        assert_eq!(a("x", Some("javascript:alert(1)")).validate(today).unwrap_err().field, "link");
        let late = NewAccomplishment { on: day("2026-12-02"), ..a("x", None) };
        assert_eq!(late.validate(today).unwrap_err().field, "on");
    }
}
