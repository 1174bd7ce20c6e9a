//! The weekly plan: a short list of people to reach out to, one old tie to revive, and nudges.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    Circle, ContactId, InteractionKind, Status,
    contact::{Cadenced, ContactBrief},
    date::week_start,
    due::DueItem,
    reciprocity::Reciprocity,
};

/// Default number of reach-outs in a plan.
pub const DEFAULT_PLAN_SIZE: usize = 5;

/// What the plan knows about one contact's history.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// Kinds of the most recent interactions, newest first.
    pub recent_kinds: Vec<InteractionKind>,
    pub reciprocity: Reciprocity,
}

/// Somebody to contact this week.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReachOut {
    pub id: ContactId,
    pub name: String,
    pub org: Option<String>,
    pub status: Status,
    pub warmth: f64,
    pub due_on: NaiveDate,
    pub circle: Circle,
    pub reason: String,
    /// How to get in touch, from how the two of you usually do.
    pub channel: InteractionKind,
    /// Set when the user has only asked of this contact: offer something first.
    pub give_first: bool,
    pub followup_id: Option<i64>,
}

/// A contact from the reconnect pool with enough history to be worth a call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReconnectCandidate {
    pub contact: ContactBrief,
    /// How many interactions the two of you had.
    pub touches: u32,
    pub history: History,
}

/// A gentle push about a habit.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nudge {
    /// Stable key: `no_face_to_face`, `few_touches`, `followups_waiting`.
    pub kind: String,
    pub message: String,
}

/// What the user has done so far this week, for the nudges.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekSoFar {
    pub touches: u32,
    pub face_to_face: u32,
}

/// The weekly plan.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub week_of: NaiveDate,
    pub reach_out: Vec<ReachOut>,
    pub reconnect: Vec<ReachOut>,
    pub nudges: Vec<Nudge>,
}

/// Target touches per week behind the "few touches" nudge (the default habit goal).
pub const WEEKLY_TOUCH_TARGET: u32 = 5;

/// Suggests a channel: the kind used most among recent interactions (newest wins ties); without
/// history, a call for close circles and an e-mail for the rest. Events and social-media likes are
/// not ways to reach out to one person, so they are never suggested.
pub fn suggest_channel(history: &History, circle: Circle) -> InteractionKind {
    let reachable = |k: &InteractionKind| !matches!(k, InteractionKind::Event | InteractionKind::Social);
    let mut best: Option<(InteractionKind, usize)> = None;
    for &k in history.recent_kinds.iter().filter(|k| reachable(k)) {
        let n = history.recent_kinds.iter().filter(|&&x| x == k).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((k, n));
        }
    }
    match best {
        Some((k, _)) => k,
        None if circle <= Circle::Close => InteractionKind::Call,
        None => InteractionKind::Email,
    }
}

/// Builds the plan for the week holding `today`.
///
/// `due` is the ranked due list up to the end of the week; `history(id)` gives each contact's
/// history; `reconnect_pool` the lost and dormant contacts with history, best first.
pub fn weekly_plan(
    today: NaiveDate,
    size: usize,
    due: &[DueItem],
    history: &dyn Fn(ContactId) -> History,
    reconnect_pool: &[ReconnectCandidate],
    week: WeekSoFar,
    open_followups_due: usize,
) -> Plan {
    let reach_out = due
        .iter()
        .take(size)
        .map(|item| {
            let h = history(item.id);
            let give_first = h.reciprocity.only_asks();
            let mut reason = item.reason.clone();
            if give_first {
                reason.push_str("; you have only asked of them so far, so offer something first");
            }
            ReachOut {
                id: item.id,
                name: item.name.clone(),
                org: item.org.clone(),
                status: item.status,
                warmth: item.warmth,
                due_on: item.due_on,
                circle: item.circle,
                reason,
                channel: suggest_channel(&h, item.circle),
                give_first,
                followup_id: item.followup_id,
            }
        })
        .collect();

    // Rotate through the best few candidates week by week, so an ignored suggestion is not repeated
    // forever, yet the plan stays the same all week.
    let week_of = week_start(today);
    let reconnect = pick_for_week(reconnect_pool, week_of)
        .map(|cand| {
            let c = &cand.contact;
            let r = c.reading(today);
            let since = c.warmth.map(|w| (today - w.last_touch).num_days()).unwrap_or_default();
            ReachOut {
                id: c.id,
                name: c.name.clone(),
                org: c.org.clone(),
                status: r.status,
                warmth: r.warmth,
                due_on: c.warmth.map(|w| w.due_on(c.half_life())).unwrap_or(c.added_on),
                circle: c.circle,
                reason: format!(
                    "{} past touches, the last {} ago: even after a long silence, a call is welcome",
                    cand.touches,
                    human_days(since)
                ),
                channel: suggest_channel(&cand.history, c.circle),
                give_first: cand.history.reciprocity.only_asks(),
                followup_id: None,
            }
        })
        .into_iter()
        .collect();

    Plan { week_of, reach_out, reconnect, nudges: nudges(week, open_followups_due) }
}

fn pick_for_week(pool: &[ReconnectCandidate], week_of: NaiveDate) -> Option<&ReconnectCandidate> {
    let top = &pool[..pool.len().min(8)];
    if top.is_empty() {
        return None;
    }
    let week_index = crate::date::day_number(week_of).div_euclid(7);
    top.get(week_index.rem_euclid(top.len() as i64) as usize)
}

fn nudges(week: WeekSoFar, open_followups_due: usize) -> Vec<Nudge> {
    let mut out = Vec::new();
    if week.face_to_face == 0 {
        out.push(Nudge {
            kind: "no_face_to_face".into(),
            message: "No lunch or coffee logged this week: book one, an hour a week keeps a network warm".into(),
        });
    }
    if week.touches < WEEKLY_TOUCH_TARGET {
        out.push(Nudge {
            kind: "few_touches".into(),
            message: format!("{} of {WEEKLY_TOUCH_TARGET} touches this week", week.touches),
        });
    }
    if open_followups_due > 0 {
        out.push(Nudge {
            kind: "followups_waiting".into(),
            message: format!("{open_followups_due} follow-up(s) you promised are due"),
        });
    }
    out
}

/// "3 days", "5 weeks", "7 months", "2 years".
pub fn human_days(days: i64) -> String {
    match days {
        d if d < 14 => format!("{d} days"),
        d if d < 61 => format!("{} weeks", d / 7),
        d if d < 730 => format!("{} months", d / 30),
        d => format!("{} years", d / 365),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Warmth;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn item(id: ContactId) -> DueItem {
        DueItem {
            id,
            name: format!("P{id}"),
            org: None,
            status: Status::Cooling,
            warmth: 0.3,
            due_on: d("2026-11-01"),
            overdue_days: 21,
            circle: Circle::Close,
            important: false,
            reason: "cooling".into(),
            followup_id: None,
            overdue_fraction: 0.7,
        }
    }

    #[test]
    fn plan_takes_the_top_of_the_due_list_with_channel_and_give_first() {
        let due: Vec<DueItem> = (1..=8).map(item).collect();
        let history = |id: ContactId| History {
            recent_kinds: if id == 1 {
                vec![InteractionKind::Coffee, InteractionKind::Call, InteractionKind::Coffee]
            } else {
                vec![]
            },
            reciprocity: Reciprocity { gave: 0, got: u32::from(id == 2) },
        };
        let plan = weekly_plan(d("2026-11-22"), 5, &due, &history, &[], WeekSoFar::default(), 0);
        assert_eq!(plan.reach_out.len(), 5);
        assert_eq!(plan.reach_out[0].channel, InteractionKind::Coffee);
        assert_eq!(plan.reach_out[1].channel, InteractionKind::Call);
        // Events and likes are not channels: the next most used kind wins, else the default.
        let events = History {
            recent_kinds: vec![InteractionKind::Event, InteractionKind::Event, InteractionKind::Email],
            ..History::default()
        };
        assert_eq!(suggest_channel(&events, Circle::Inner), InteractionKind::Email);
        let likes = History { recent_kinds: vec![InteractionKind::Social], ..History::default() };
        assert_eq!(suggest_channel(&likes, Circle::Wide), InteractionKind::Email);
        assert!(plan.reach_out[1].give_first);
        assert!(plan.reach_out[1].reason.contains("offer something first"));
        assert_eq!(plan.week_of, d("2026-11-16"));
        assert!(plan.nudges.iter().any(|n| n.kind == "no_face_to_face"));
        assert!(plan.reconnect.is_empty());
    }

    #[test]
    fn reconnect_rotates_weekly_but_is_stable_within_a_week() {
        let pool: Vec<ReconnectCandidate> = (1..=3)
            .map(|id| ReconnectCandidate {
                contact: ContactBrief {
                    id,
                    name: format!("Old {id}"),
                    org: None,
                    circle: Circle::Dormant,
                    custom_cadence_days: None,
                    important: false,
                    archived: false,
                    added_on: d("2019-01-01"),
                    snoozed_until: None,
                    warmth: Some(Warmth { last_touch: d("2021-05-01"), mass: 2.0 }),
                },
                touches: 10,
                history: History::default(),
            })
            .collect();
        let pick = |day: &str| {
            weekly_plan(d(day), 5, &[], &|_| History::default(), &pool, WeekSoFar::default(), 0).reconnect[0].id
        };
        assert_eq!(pick("2026-11-16"), pick("2026-11-22"));
        assert_ne!(pick("2026-11-16"), pick("2026-11-23"));
    }
}
