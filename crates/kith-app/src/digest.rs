//! The weekly digest: this week's plan, the goals with their progress and streaks, and the open
//! follow-ups that matter this week (overdue, due today, due later this week). Built once here and
//! rendered as plain text (the terminal and the e-mail), JSON, HTML (`digest_html`, the e-mail's
//! other alternative), or an e-mail message holding both.

use std::fmt::Write as _;

use chrono::{Duration, NaiveDate, Weekday};
use kith_core::{
    ValidationError,
    date::week_start,
    plan::{Plan, ReachOut},
    schedule::IsoWeek,
};
use kith_store::{Store, StoreResult, reports};
use lettre::message::{Mailbox, Message, MultiPart};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    goals::{GoalProgressView, progress},
    views::FollowUpView,
};

/// The open follow-ups of the week, split by urgency.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DigestFollowUps {
    /// Due before today, oldest first.
    pub overdue: Vec<FollowUpView>,
    pub due_today: Vec<FollowUpView>,
    /// Due after today and by Sunday.
    pub this_week: Vec<FollowUpView>,
}

/// Everything the digest says, for one day.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Digest {
    pub today: NaiveDate,
    /// The ISO week, e.g. "2026-W50".
    pub week: String,
    /// Monday and Sunday of the week.
    pub week_of: NaiveDate,
    pub week_end: NaiveDate,
    pub plan: Plan,
    pub goals: Vec<GoalProgressView>,
    pub followups: DigestFollowUps,
    /// Mailboxes and calendars that stopped syncing: their touches are missing from the plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failing_sources: Vec<crate::sources::SourceView>,
}

/// Builds the digest for `today` with a plan of `plan_size` people; goals count weeks from
/// `week_starts`.
pub async fn build(store: &dyn Store, today: NaiveDate, plan_size: usize, week_starts: Weekday) -> StoreResult<Digest> {
    let plan = reports::weekly_plan(store, today, plan_size).await?;
    let goals = progress(store, today, week_starts).await?;
    let week_of = week_start(today);
    let week_end = week_of + Duration::days(6);
    // Open follow-ups are few (they are closed as they are done), so reading them all is cheap.
    let open = store.followups(false).await?;
    let mut followups = DigestFollowUps { overdue: Vec::new(), due_today: Vec::new(), this_week: Vec::new() };
    for f in open.iter().filter(|f| f.done_on.is_none() && f.due_on <= week_end) {
        let list = match f.due_on.cmp(&today) {
            std::cmp::Ordering::Less => &mut followups.overdue,
            std::cmp::Ordering::Equal => &mut followups.due_today,
            std::cmp::Ordering::Greater => &mut followups.this_week,
        };
        list.push(FollowUpView::from(f));
    }
    let failing_sources = crate::sources::view::failing(store).await?;
    Ok(Digest {
        today,
        week: IsoWeek::of(today).to_string(),
        week_of,
        week_end,
        plan,
        goals,
        followups,
        failing_sources,
    })
}

/// A failing source in one line: what it is, since when, and the server's words.
pub fn failing_line(s: &crate::sources::SourceView) -> String {
    let since = match s.last_ok_at {
        Some(at) => format!("last good sync {}", at.format("%Y-%m-%d")),
        None => "never synced".to_string(),
    };
    format!("{} '{}' is not syncing ({since}): {}", s.kind_words(), s.name, s.last_error.as_deref().unwrap_or(""))
}

/// The subject line of the digest's e-mail.
pub fn subject(d: &Digest) -> String {
    format!("Your kith week of {} ({})", d.week_of, d.week)
}

/// The digest as plain text: what `kith digest` prints and the e-mail's body. What is due today
/// comes first and is marked.
pub fn text(d: &Digest) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", subject(d));
    let _ = writeln!(out);
    for s in &d.failing_sources {
        let _ = writeln!(out, "!! {}", failing_line(s));
    }
    if !d.failing_sources.is_empty() {
        let _ = writeln!(out, "   Touches from them are missing until they sync again: see `kith source list`.");
        let _ = writeln!(out);
    }
    let f = &d.followups;
    if !f.due_today.is_empty() || !f.overdue.is_empty() {
        let _ = writeln!(out, "!! Today ({})", d.today);
        for x in &f.due_today {
            let _ = writeln!(out, "  !! {} — follow-up due today{}", x.name, note(x));
        }
        for x in &f.overdue {
            let late = (d.today - x.due_on).num_days();
            let _ = writeln!(out, "  !  {} — follow-up overdue since {} ({late}d){}", x.name, x.due_on, note(x));
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "Reach out");
    let people = people(&d.plan);
    if people.is_empty() {
        let _ = writeln!(out, "  {}", nobody_line(&d.plan));
    }
    for (n, r) in people.iter().enumerate() {
        let org = r.org.as_deref().map(|o| format!(", {o}")).unwrap_or_default();
        let hint = r.channel.map(|c| format!(" · suggest: {c}")).unwrap_or_default();
        let _ = writeln!(out, "  {}. {}{org} — {}{hint}", n + 1, r.name, r.reason);
    }
    if !d.plan.dates.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Dates this week");
        for x in &d.plan.dates {
            let _ = writeln!(out, "  {} {} — {}: {}", x.on.format("%a"), x.on, x.name, x.reason);
        }
    }
    if !f.this_week.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Follow-ups later this week");
        for x in &f.this_week {
            let _ = writeln!(out, "  {} {} — {}{}", x.due_on.format("%a"), x.due_on, x.name, note(x));
        }
    }
    if !d.goals.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Goals");
        for g in &d.goals {
            let tick = if g.met { " ✓" } else { "" };
            let _ = writeln!(
                out,
                "  {} — {} / {}{tick} this {}; streak {}, best {}",
                g.description, g.done, g.target, g.period, g.current_streak, g.best_streak
            );
        }
    }
    let nudges = nudges(&d.plan);
    if !nudges.is_empty() {
        let _ = writeln!(out);
        for nudge in nudges {
            let _ = writeln!(out, "• {nudge}");
        }
    }
    out
}

/// The people the digest lists under "Reach out": the plan's reach-outs, its reconnect and the
/// moves to congratulate on, without the promises, which the digest lists with the other
/// follow-ups (an item shows once).
pub fn people(plan: &Plan) -> Vec<&ReachOut> {
    plan.reach_out.iter().filter(|r| r.followup_id.is_none()).chain(&plan.reconnect).chain(&plan.congratulate).collect()
}

/// The plan's nudges the digest shows: not the count of promises due, which it lists one by one.
pub fn nudges(plan: &Plan) -> Vec<&str> {
    plan.nudges.iter().filter(|n| n.kind != "followups_waiting").map(|n| n.message.as_str()).collect()
}

/// What the digest says when nobody is left to list under "Reach out".
pub fn nobody_line(plan: &Plan) -> &'static str {
    if plan.reach_out.is_empty() {
        "Nobody is due this week."
    } else {
        "Nobody else is due this week: keep your promises above."
    }
}

fn note(f: &FollowUpView) -> String {
    f.note.as_deref().map(|n| format!(": {n}")).unwrap_or_default()
}

/// The recipient: `[digest] to`, else the first of `me`.
pub fn recipient(to: Option<&str>, me: &[String]) -> Result<Mailbox, ValidationError> {
    let (field, value) = match (to, me.first()) {
        (Some(to), _) => ("digest.to", to),
        (None, Some(me)) => ("me", me.as_str()),
        (None, None) => {
            return Err(ValidationError::new(
                "digest.to",
                "",
                "nobody to send the digest to: set to = \"you@example.org\" under [digest], or me = [\"you@example.org\"]",
            ));
        }
    };
    value.trim().parse().map_err(|e| ValidationError::new(field, value, format!("not an e-mail address ({e})")))
}

/// The digest as an e-mail with a Message-ID on the sender's domain: multipart/alternative, the
/// plain text first (what text-only clients show) and the HTML second (what the others prefer).
pub fn email(d: &Digest, from: &Mailbox, to: Mailbox) -> Result<Message, ValidationError> {
    Message::builder()
        .from(from.clone())
        .to(to.clone())
        .subject(subject(d))
        .message_id(Some(crate::mail::message_id(from)))
        .multipart(MultiPart::alternative_plain_html(text(d), crate::digest_html::html(d)))
        .map_err(|e| ValidationError::new("digest.to", to.to_string(), format!("cannot build the message: {e}")))
}
