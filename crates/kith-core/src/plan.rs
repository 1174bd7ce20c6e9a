//! The weekly plan: a short list of people to reach out to, one old tie to revive, this week's dates,
//! and nudges.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    Circle, ContactId, InteractionKind, Status,
    contact::{Cadenced, ContactBrief},
    date::week_start,
    dates::DateItem,
    due::{DueItem, LastTouch, a_touch, human_days},
    job::JobChange,
    reciprocity::Reciprocity,
    reconnect::ReconnectCandidate,
    warmth::Tie,
};

/// Default number of reach-outs in a plan.
pub const DEFAULT_PLAN_SIZE: usize = 5;

/// The ways a contact can be reached, from what is on file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reach {
    pub email: bool,
    pub phone: bool,
    pub linkedin: bool,
}

impl Reach {
    /// Whether a touch of `kind` can be set up with what is on file: an e-mail needs an address, a
    /// call a phone number, a message a phone or a LinkedIn profile, a video call an address or a
    /// number, a lunch, coffee or meeting any way to invite them. Events and likes are not ways to
    /// reach out to one person.
    pub fn allows(self, kind: InteractionKind) -> bool {
        use InteractionKind::*;
        match kind {
            Email => self.email,
            Call => self.phone,
            Message => self.phone || self.linkedin,
            Video => self.email || self.phone,
            Lunch | Coffee | Meeting => self.email || self.phone || self.linkedin,
            Event | Social => false,
        }
    }
}

/// What the plan knows about one contact's history.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// Kinds of the most recent interactions, newest first.
    pub recent_kinds: Vec<InteractionKind>,
    pub reciprocity: Reciprocity,
    /// The latest touch, for the words of a reason.
    pub last: Option<LastTouch>,
    pub reach: Reach,
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
    pub strength: f64,
    pub tie: Tie,
    pub reason: String,
    /// How to get in touch, from how the two of you usually do and what is on file; null when no
    /// e-mail, phone or LinkedIn profile is on file.
    pub channel: Option<InteractionKind>,
    /// Set when the user has only asked of this contact: offer something first.
    pub give_first: bool,
    pub followup_id: Option<i64>,
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
    /// People who moved to a new job lately, not contacted since: a reason to congratulate, in
    /// any circle.
    #[serde(default)]
    pub congratulate: Vec<ReachOut>,
    /// Birthdays this week of the people closest to the user.
    pub dates: Vec<DateItem>,
    pub nudges: Vec<Nudge>,
}

/// Target touches per week behind the "few touches" nudge (the default habit goal).
pub const WEEKLY_TOUCH_TARGET: u32 = 5;

/// Suggests a channel the contact can be reached by: the kind used most among recent interactions
/// (newest wins ties) that what is on file allows; without such history, a call for the closer
/// circles and an e-mail for the rest, else whatever is on file allows; `None` when nothing is.
pub fn suggest_channel(history: &History, circle: Circle) -> Option<InteractionKind> {
    use InteractionKind::*;
    let reach = history.reach;
    let mut best: Option<(InteractionKind, usize)> = None;
    for &k in history.recent_kinds.iter().filter(|k| reach.allows(**k)) {
        let n = history.recent_kinds.iter().filter(|&&x| x == k).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((k, n));
        }
    }
    if let Some((k, _)) = best {
        return Some(k);
    }
    let defaults: [InteractionKind; 3] =
        if circle <= Circle::Close { [Call, Email, Message] } else { [Email, Message, Call] };
    defaults.into_iter().find(|k| reach.allows(*k))
}

/// The words added to a reason about how to reach someone: nothing when a channel was found.
fn reach_note(channel: Option<InteractionKind>) -> &'static str {
    match channel {
        Some(_) => "",
        None => "; no e-mail, phone or LinkedIn profile on file: add one to reach them",
    }
}

/// What a plan is built from, besides the day and its size.
pub struct PlanParts<'a> {
    /// The top of the ranked due list up to the end of the week, its lines already worded with each
    /// contact's latest touch.
    pub due: &'a [DueItem],
    /// Each contact's history.
    pub history: &'a dyn Fn(ContactId) -> History,
    /// The week's pick from the reconnect pool, with its history.
    pub reconnect: Option<(&'a ReconnectCandidate, &'a History)>,
    /// Moves to congratulate on (see [`congratulation`]); nobody here is listed again among the
    /// reach-outs, unless for a promise.
    pub congratulate: Vec<ReachOut>,
    /// This week's dates.
    pub dates: Vec<DateItem>,
    pub week: WeekSoFar,
    /// Promises whose day has come.
    pub open_followups_due: usize,
}

impl std::fmt::Debug for PlanParts<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlanParts")
            .field("due", &self.due)
            .field("reconnect", &self.reconnect)
            .field("congratulate", &self.congratulate)
            .field("dates", &self.dates)
            .field("week", &self.week)
            .field("open_followups_due", &self.open_followups_due)
            .finish_non_exhaustive()
    }
}

/// Builds the plan for the week holding `today`, with at most `size` reach-outs.
pub fn weekly_plan(today: NaiveDate, size: usize, parts: PlanParts<'_>) -> Plan {
    let PlanParts { due, history, reconnect, dates, week, open_followups_due, congratulate } = parts;
    let reach_out: Vec<ReachOut> = due
        .iter()
        .filter(|item| item.followup_id.is_some() || !congratulate.iter().any(|c| c.id == item.id))
        .take(size)
        .map(|item| {
            let h = history(item.id);
            let give_first = h.reciprocity.only_asks();
            let channel = suggest_channel(&h, item.circle);
            let mut reason = item.reason.clone();
            if give_first {
                reason.push_str("; you have only asked of them so far, so offer something first");
            }
            reason.push_str(reach_note(channel));
            ReachOut {
                id: item.id,
                name: item.name.clone(),
                org: item.org.clone(),
                status: item.status,
                warmth: item.warmth,
                due_on: item.due_on,
                circle: item.circle,
                strength: item.strength,
                tie: item.tie,
                reason,
                channel,
                give_first,
                followup_id: item.followup_id,
            }
        })
        .collect();
    let reconnect = reconnect.map(|(cand, h)| reconnect_item(cand, h, today)).into_iter().collect::<Vec<_>>();
    // Promises the plan lists are not counted again in a nudge: an item shows once.
    let listed = reach_out.iter().filter(|r: &&ReachOut| r.followup_id.is_some()).count();
    let nudges = nudges(week, open_followups_due.saturating_sub(listed), listed > 0);
    Plan { week_of: week_start(today), reach_out, reconnect, congratulate, dates, nudges }
}

/// The plan's line for someone who moved to a new job: the move, and a word of congratulation.
pub fn congratulation(change: &JobChange, c: &ContactBrief, h: &History, today: NaiveDate) -> ReachOut {
    let r = c.reading(today);
    let channel = suggest_channel(h, c.circle);
    ReachOut {
        id: c.id,
        name: c.name.clone(),
        org: c.org.clone(),
        status: r.status,
        warmth: r.warmth,
        due_on: change.noticed_on,
        circle: c.circle,
        strength: r.strength,
        tie: r.tie,
        reason: format!("{}{}", change.reason(), reach_note(channel)),
        channel,
        give_first: false,
        followup_id: None,
    }
}

/// The plan's line for the week's pick from the reconnect pool.
fn reconnect_item(cand: &ReconnectCandidate, h: &History, today: NaiveDate) -> ReachOut {
    let c = &cand.contact;
    let r = c.reading(today);
    let since = c.warmth.map(|w| (today - w.last_touch).num_days()).unwrap_or_default();
    let last = match h.last {
        Some(l) if l.connection => "the LinkedIn connection".to_string(),
        Some(l) => a_touch(l.kind),
        None => "a touch".to_string(),
    };
    let touches = match cand.touches {
        1 => "1 touch".to_string(),
        n => format!("{n} touches"),
    };
    let why = match (cand.unsorted, r.tie) {
        (true, _) => "imported and never sorted, with real history: worth a word, and a circle".to_string(),
        (false, Tie::Strong) => "lost touch, but a strong tie: after a long silence you are still welcome".to_string(),
        (false, tie) => format!("lost touch, a {tie} tie: a word now keeps it from fading for good"),
    };
    let channel = suggest_channel(h, c.circle);
    ReachOut {
        id: c.id,
        name: c.name.clone(),
        org: c.org.clone(),
        status: r.status,
        warmth: r.warmth,
        due_on: c.warmth.map(|w| w.due_on(c.half_life())).unwrap_or(c.added_on),
        circle: c.circle,
        strength: r.strength,
        tie: r.tie,
        reason: format!("{touches}, the last {last} {}; {why}{}", ago(since), reach_note(channel)),
        channel,
        give_first: h.reciprocity.only_asks(),
        followup_id: None,
    }
}

/// The nudges: habits behind this week, and promises due that the plan does not list (`more`: the
/// plan lists some already).
/// "today", "3 days ago", "2 years ago".
fn ago(days: i64) -> String {
    if days <= 0 { "today".to_string() } else { format!("{} ago", human_days(days)) }
}

fn nudges(week: WeekSoFar, open_followups_due: usize, more: bool) -> Vec<Nudge> {
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
    let more = if more { " more" } else { "" };
    let message = match open_followups_due {
        0 => return out,
        1 => format!("1{more} follow-up you promised is due"),
        n => format!("{n}{more} follow-ups you promised are due"),
    };
    out.push(Nudge { kind: "followups_waiting".into(), message });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Warmth, contact::ContactBrief};

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
            strength: 1.2,
            tie: Tie::Medium,
            reason: "cooling".into(),
            followup_id: None,
        }
    }

    const EVERYWHERE: Reach = Reach { email: true, phone: true, linkedin: true };

    fn parts<'a>(
        due: &'a [DueItem],
        history: &'a dyn Fn(ContactId) -> History,
        reconnect: Option<(&'a ReconnectCandidate, &'a History)>,
        open_followups_due: usize,
    ) -> PlanParts<'a> {
        PlanParts {
            due,
            history,
            reconnect,
            dates: vec![],
            week: WeekSoFar::default(),
            open_followups_due,
            congratulate: Vec::new(),
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
            last: None,
            reach: if id == 3 { Reach::default() } else { EVERYWHERE },
        };
        let plan = weekly_plan(d("2026-11-22"), 5, parts(&due, &history, None, 0));
        assert_eq!(plan.reach_out.len(), 5);
        assert_eq!(plan.reach_out[0].channel, Some(InteractionKind::Coffee));
        assert_eq!(plan.reach_out[1].channel, Some(InteractionKind::Call));
        assert!(plan.reach_out[1].give_first);
        assert!(plan.reach_out[1].reason.contains("offer something first"));
        // Nothing on file: no channel, and the reason says what to add.
        assert_eq!(plan.reach_out[2].channel, None);
        assert!(plan.reach_out[2].reason.ends_with("add one to reach them"), "{}", plan.reach_out[2].reason);
        assert_eq!(plan.week_of, d("2026-11-16"));
        assert!(plan.nudges.iter().any(|n| n.kind == "no_face_to_face"));
        assert!(plan.reconnect.is_empty());
    }

    #[test]
    fn a_channel_is_one_the_contact_can_be_reached_by() {
        let h = |kinds: Vec<InteractionKind>, reach| History { recent_kinds: kinds, reach, ..History::default() };
        // Events and likes are not channels: the next most used kind wins, else the default.
        let events = h(vec![InteractionKind::Event, InteractionKind::Event, InteractionKind::Email], EVERYWHERE);
        assert_eq!(suggest_channel(&events, Circle::Inner), Some(InteractionKind::Email));
        let likes = h(vec![InteractionKind::Social], EVERYWHERE);
        assert_eq!(suggest_channel(&likes, Circle::Wide), Some(InteractionKind::Email));
        // Mostly e-mail, but no address on file: the phone.
        let phone_only = Reach { phone: true, ..Reach::default() };
        let emails = h(vec![InteractionKind::Email, InteractionKind::Email], phone_only);
        assert_eq!(suggest_channel(&emails, Circle::Wide), Some(InteractionKind::Message));
        let linkedin_only = Reach { linkedin: true, ..Reach::default() };
        assert_eq!(suggest_channel(&h(vec![], linkedin_only), Circle::Inner), Some(InteractionKind::Message));
        assert_eq!(suggest_channel(&h(vec![InteractionKind::Lunch], Reach::default()), Circle::Inner), None);
    }

    #[test]
    fn the_reconnect_line_says_why() {
        let cand = ReconnectCandidate {
            contact: ContactBrief {
                id: 7,
                name: "Old friend".into(),
                org: None,
                circle: Circle::Close,
                custom_cadence_days: None,
                important: false,
                archived: false,
                added_on: d("2019-01-01"),
                snoozed_until: None,
                warmth: Some(Warmth { last_touch: d("2024-11-01"), mass: 1.0, strength: 20.0 }),
            },
            touches: 24,
            unsorted: false,
        };
        let h = History {
            last: Some(LastTouch { kind: InteractionKind::Lunch, connection: false }),
            reach: EVERYWHERE,
            ..History::default()
        };
        let plan = weekly_plan(d("2026-11-22"), 5, parts(&[], &|_| History::default(), Some((&cand, &h)), 2));
        assert_eq!(
            plan.reconnect[0].reason,
            "24 touches, the last a lunch 2 years ago; lost touch, but a strong tie: after a long silence you are still welcome"
        );
        assert_eq!(plan.reconnect[0].channel, Some(InteractionKind::Call));
        assert!(plan.nudges.iter().any(|n| n.message == "2 follow-ups you promised are due"));
    }
}
