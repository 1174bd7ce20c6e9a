//! The introduction finder: the people the user can reach at an organization (or one person),
//! directly or through one person they know, ranked and explained in plain words.
//!
//! A path through an intermediary M to a target T scores `closeness(M) × bridge(M, T)`:
//! - `closeness` is how well the user can ask M: half M's warmth (0–1), half M's tie strength as a
//!   share of a strong tie (`min(1, T / 4)`);
//! - `bridge` is how well M knows T, on the same scale: the strength of the tie kith inferred
//!   between them (touches, mail threads, events), plus the years they spent at the same
//!   organization, plus a relationship the user entered, as a share of a strong tie.
//!
//! A target the user knows is a direct path scoring their own closeness.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    ContactId, OrgId,
    contact::{Cadenced, ContactBrief},
    ties::{InferredTie, Overlap, join_and, relationship_weight},
    warmth::{STRONG_TIE, Status, Tie},
};

/// Paths kept per target: the best few, so one well-connected target does not fill the list.
pub const PATHS_PER_TARGET: usize = 3;

/// Time someone spent at an organization: a current role (`until` unset) or a past job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stint {
    pub contact: ContactId,
    pub org_id: OrgId,
    pub org: String,
    pub title: Option<String>,
    pub since: Option<NaiveDate>,
    /// `None`: there now.
    pub until: Option<NaiveDate>,
}

/// Someone the user wants to reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub id: ContactId,
    pub name: String,
    /// "Staff Engineer at Globex", "member of the Rust Guild".
    pub role: String,
}

/// A relationship the user entered, read from the intermediary's side: "a is WORD b" (each
/// relationship of a target is given from its other person's side).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub a: ContactId,
    pub word: String,
    pub b: ContactId,
    /// The pair's kind as kith keeps it (for its weight): "manager of", "friend of"…
    pub kind: String,
}

/// What the finder reads: the people involved as the user knows them, where each worked, the
/// inferred ties and the relationships of the targets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Network {
    pub people: HashMap<ContactId, ContactBrief>,
    pub stints: Vec<Stint>,
    pub ties: Vec<InferredTie>,
    pub links: Vec<Link>,
}

/// The user's side of a path: someone they would ask (or reach directly).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Known {
    pub id: ContactId,
    pub name: String,
    pub status: Status,
    pub warmth: f64,
    pub strength: f64,
    pub tie: Tie,
}

/// One way to reach a target.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntroPath {
    pub target: ContactId,
    pub target_name: String,
    pub target_role: String,
    /// The person to ask; `None` when the user knows the target well enough to reach out.
    pub via: Option<Known>,
    /// The target as the user knows them (for a direct path).
    pub direct: Option<Known>,
    /// 0–1: closeness × bridge (see the module).
    pub score: f64,
    /// What the path rests on, in words: "worked with Alan at Globex 2019–2023 and was at 4
    /// events with Alan".
    pub why: String,
}

impl IntroPath {
    /// The path in one line: "Grace Hopper — warm, strong tie; worked with Alan Turing at Globex
    /// 2019–2023 → Alan Turing, Staff Engineer at Globex".
    pub fn sentence(&self) -> String {
        match (&self.via, &self.direct) {
            (Some(m), _) => format!(
                "{} — {}, {} tie; {} → {}, {}",
                m.name, m.status, m.tie, self.why, self.target_name, self.target_role
            ),
            (None, Some(t)) => {
                format!("{}, {} — you know them: {}, {} tie", self.target_name, self.target_role, t.status, t.tie)
            }
            (None, None) => format!("{}, {}", self.target_name, self.target_role),
        }
    }
}

fn known(c: &ContactBrief, today: NaiveDate) -> Known {
    let r = c.reading(today);
    Known { id: c.id, name: c.name.clone(), status: r.status, warmth: r.warmth, strength: r.strength, tie: r.tie }
}

/// How well the user can ask someone: 0–1.
pub fn closeness(k: &Known) -> f64 {
    0.5 * k.warmth + 0.5 * (k.strength / STRONG_TIE).min(1.0)
}

/// What two stints at one organization say about the two people: the words and the strength.
fn together(m: &Stint, t: &Stint, target_name: &str, today: NaiveDate) -> Option<(String, f64)> {
    if m.org_id != t.org_id {
        return None;
    }
    let end = |s: &Stint| s.until.unwrap_or(today);
    match (m.until, t.until) {
        // Both there now.
        (None, None) => {
            let from = m.since.max(t.since).unwrap_or(today);
            let o = Overlap { from: from.min(today), until: today };
            Some((format!("works with {target_name} at {}", m.org), o.strength_on(today)))
        }
        // One of them is there now and kith does not know since when: they may have overlapped,
        // or not; it counts as one year together at most, as of the day the other left.
        (Some(_), None) if t.since.is_none() => {
            let o = Overlap { from: m.since.unwrap_or(end(m)), until: end(m) };
            Some((format!("was at {} {}, where {target_name} is now", m.org, o.years()), maybe_together(o, today)))
        }
        (None, Some(_)) if m.since.is_none() => {
            let o = Overlap { from: t.since.unwrap_or(end(t)), until: end(t) };
            Some((format!("is at {}, where {target_name} was {}", m.org, o.years()), maybe_together(o, today)))
        }
        _ => {
            let o = Overlap::of((m.since, end(m)), (t.since, end(t)))?;
            Some((format!("worked with {target_name} at {} {}", m.org, o.years()), o.strength_on(today)))
        }
    }
}

/// A stretch two people may have shared: a single year's weight, as of its end.
fn maybe_together(o: Overlap, today: NaiveDate) -> f64 {
    Overlap { from: o.until, until: o.until }.strength_on(today)
}

/// What ties one intermediary to one target, before it is put in words.
#[derive(Default)]
struct Evidence<'a> {
    links: Vec<&'a Link>,
    ties: Vec<&'a InferredTie>,
    together: Vec<(&'a Stint, &'a Stint)>,
    strength: f64,
}

impl Evidence<'_> {
    fn words(&self, target: &str, today: NaiveDate) -> String {
        let mut words: Vec<String> = self.links.iter().map(|l| format!("{} {target}", l.word)).collect();
        words.extend(self.ties.iter().map(|t| t.phrase(target)));
        words.extend(self.together.iter().filter_map(|(m, t)| together(m, t, target, today).map(|(w, _)| w)));
        join_and(&words)
    }
}

/// What the finder found: the targets the user knows (the closest first) and the paths through
/// someone else (the best first).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub direct: Vec<IntroPath>,
    pub through: Vec<IntroPath>,
}

/// The ranked paths to `targets`: at most `limit` through someone, the best first, at most
/// [`PATHS_PER_TARGET`] to each, each better than reaching its target directly; and at most
/// `limit` targets the user knows, the closest first. The targets themselves are never the person
/// in between (each is a direct path of its own). Intermediaries are weighed from the closest
/// down, and the search stops once the next one's closeness cannot beat the paths already found
/// (a bridge is at most 1), so a big organization costs what its best paths cost.
pub fn paths(targets: &[Target], net: &Network, today: NaiveDate, limit: usize) -> Found {
    let by_id: HashMap<ContactId, &Target> = targets.iter().map(|t| (t.id, t)).collect();
    let mut direct: Vec<IntroPath> = Vec::new();
    for t in targets {
        if let Some(c) = net.people.get(&t.id).filter(|c| !c.archived) {
            let k = known(c, today);
            direct.push(IntroPath {
                target: t.id,
                target_name: t.name.clone(),
                target_role: t.role.clone(),
                via: None,
                score: closeness(&k),
                direct: Some(k),
                why: "you know them".to_string(),
            });
        }
    }
    let on_your_own: HashMap<ContactId, f64> = direct.iter().map(|p| (p.target, p.score)).collect();
    let mut found: Vec<IntroPath> = Vec::new();
    // Everything each possible intermediary shares with any target.
    let mut shared: HashMap<ContactId, HashMap<ContactId, Evidence<'_>>> = HashMap::new();
    for tie in &net.ties {
        for (m, t) in [(tie.a, tie.b), (tie.b, tie.a)] {
            if by_id.contains_key(&t) && !by_id.contains_key(&m) {
                let e = shared.entry(m).or_default().entry(t).or_default();
                e.ties.push(tie);
                e.strength += tie.strength_on(today);
            }
        }
    }
    for l in net.links.iter().filter(|l| by_id.contains_key(&l.b) && !by_id.contains_key(&l.a)) {
        let e = shared.entry(l.a).or_default().entry(l.b).or_default();
        e.links.push(l);
        e.strength += relationship_weight(&l.kind);
    }
    let mut at_org: HashMap<OrgId, Vec<&Stint>> = HashMap::new();
    for s in net.stints.iter().filter(|s| by_id.contains_key(&s.contact)) {
        at_org.entry(s.org_id).or_default().push(s);
    }
    // Everyone else's stints: evidence is weighed lazily, per intermediary, below.
    let mut stints_of: HashMap<ContactId, Vec<&Stint>> = HashMap::new();
    for s in net.stints.iter().filter(|s| !by_id.contains_key(&s.contact) && at_org.contains_key(&s.org_id)) {
        stints_of.entry(s.contact).or_default().push(s);
    }
    let mut candidates: Vec<Known> = shared
        .keys()
        .chain(stints_of.keys())
        .collect::<HashSet<_>>()
        .into_iter()
        .filter_map(|m| net.people.get(m).filter(|c| !c.archived).map(|c| known(c, today)))
        .collect();
    candidates.sort_by(|a, b| closeness(b).total_cmp(&closeness(a)).then(a.id.cmp(&b.id)));
    let mut floor = floor_of(&found, limit);
    for m in candidates {
        let reach = closeness(&m);
        if reach <= 0.0 || floor.is_some_and(|f| reach <= f) {
            break;
        }
        let mut evidence = shared.remove(&m.id).unwrap_or_default();
        for ms in stints_of.get(&m.id).unwrap_or(&Vec::new()) {
            for ts in at_org.get(&ms.org_id).unwrap_or(&Vec::new()) {
                if let Some((_, strength)) = together(ms, ts, "", today) {
                    let e = evidence.entry(ts.contact).or_default();
                    e.together.push((ms, ts));
                    e.strength += strength;
                }
            }
        }
        let mut best: Vec<(f64, ContactId, Evidence<'_>)> = evidence
            .into_iter()
            .map(|(t, e)| (reach * (e.strength / STRONG_TIE).min(1.0), t, e))
            // A way round that is no better than writing to them yourself is no way in.
            .filter(|(score, t, _)| *score > on_your_own.get(t).copied().unwrap_or(0.0))
            .collect();
        best.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let before = found.len();
        for (score, t, e) in best.into_iter().take(limit).filter(|(score, ..)| floor.is_none_or(|f| *score > f)) {
            let target = by_id[&t];
            found.push(IntroPath {
                target: t,
                target_name: target.name.clone(),
                target_role: target.role.clone(),
                why: e.words(&target.name, today),
                via: Some(m.clone()),
                direct: None,
                score,
            });
        }
        if found.len() > before {
            floor = floor_of(&found, limit);
        }
    }
    Found { direct: pick(direct, limit), through: pick(found, limit) }
}

/// The lowest score among the paths [`pick`] would keep now, once it keeps `limit` of them: a
/// path scoring no more cannot get in.
fn floor_of(found: &[IntroPath], limit: usize) -> Option<f64> {
    let mut scores: Vec<(f64, ContactId)> = found.iter().map(|p| (p.score, p.target)).collect();
    scores.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut per_target: HashMap<ContactId, usize> = HashMap::new();
    let kept: Vec<f64> = scores
        .into_iter()
        .filter(|(_, t)| {
            let n = per_target.entry(*t).or_default();
            *n += 1;
            *n <= PATHS_PER_TARGET
        })
        .map(|(s, _)| s)
        .take(limit)
        .collect();
    (kept.len() == limit).then(|| kept[limit - 1])
}

/// The best `limit` paths, at most [`PATHS_PER_TARGET`] to each target.
fn pick(mut found: Vec<IntroPath>, limit: usize) -> Vec<IntroPath> {
    found.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| strength_of(b).total_cmp(&strength_of(a)))
            .then_with(|| a.target_name.cmp(&b.target_name))
            .then_with(|| via_id(a).cmp(&via_id(b)))
    });
    let mut per_target: HashMap<ContactId, usize> = HashMap::new();
    found.retain(|p| {
        let n = per_target.entry(p.target).or_default();
        *n += 1;
        *n <= PATHS_PER_TARGET
    });
    found.truncate(limit);
    found
}

fn strength_of(p: &IntroPath) -> f64 {
    p.via.as_ref().or(p.direct.as_ref()).map_or(0.0, |k| k.strength)
}

fn via_id(p: &IntroPath) -> ContactId {
    p.via.as_ref().map_or(0, |k| k.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Circle, warmth::Warmth};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn brief(id: ContactId, name: &str, warmth: Option<Warmth>) -> ContactBrief {
        ContactBrief {
            id,
            name: name.into(),
            org: None,
            circle: Circle::Active,
            custom_cadence_days: None,
            important: false,
            archived: false,
            added_on: d("2020-01-01"),
            snoozed_until: None,
            warmth,
        }
    }

    fn stint(contact: ContactId, org: &str, since: Option<&str>, until: Option<&str>) -> Stint {
        Stint {
            contact,
            org_id: org.len() as i64,
            org: org.into(),
            title: None,
            since: since.map(d),
            until: until.map(d),
        }
    }

    #[test]
    fn a_warm_strong_friend_who_worked_with_the_target_comes_first_and_says_why() {
        let today = d("2026-12-07");
        let warm = Some(Warmth { last_touch: d("2026-12-01"), mass: 1.0, strength: 6.0 });
        let cool = Some(Warmth { last_touch: d("2026-06-01"), mass: 0.5, strength: 1.0 });
        let mut net = Network::default();
        net.people.insert(1, brief(1, "Grace Hopper", warm));
        net.people.insert(2, brief(2, "Ada Lovelace", cool));
        net.people.insert(3, brief(3, "Alan Turing", None));
        net.stints = vec![
            stint(3, "Globex", Some("2018-01-01"), None),
            stint(1, "Globex", Some("2019-03-01"), Some("2023-06-30")),
        ];
        net.ties =
            vec![InferredTie { a: 1, b: 3, touches: 0, mails: 0, events: 4, last_on: d("2026-10-01"), strength: 4.0 }];
        net.links = vec![Link { a: 2, word: "friend of".into(), b: 3, kind: "friend of".into() }];
        let targets = [Target { id: 3, name: "Alan Turing".into(), role: "Engineer at Globex".into() }];
        let all = paths(&targets, &net, today, 10);
        // Alan is a contact with no history: known, but not well.
        assert_eq!(all.direct.len(), 1);
        assert_eq!(all.direct[0].score, 0.0);
        let found = all.through;
        assert_eq!(found.len(), 2, "{found:#?}");
        let first = &found[0];
        assert_eq!(first.via.as_ref().unwrap().name, "Grace Hopper");
        assert_eq!(first.why, "was at 4 events with Alan Turing and worked with Alan Turing at Globex 2019–2023");
        assert!(
            first.sentence().starts_with("Grace Hopper — warm, strong tie; was at 4 events"),
            "{}",
            first.sentence()
        );
        assert_eq!(found[1].via.as_ref().unwrap().name, "Ada Lovelace");
        assert_eq!(found[1].why, "friend of Alan Turing");
        // Known well, Alan is reached directly: no way round is better.
        net.people.insert(3, brief(3, "Alan Turing", warm));
        let all = paths(&targets, &net, today, 10);
        assert!(all.through.is_empty(), "{:#?}", all.through);
    }

    #[test]
    fn stints_at_one_place_at_different_times_are_no_tie() {
        let today = d("2026-12-07");
        let m = stint(1, "Initech", Some("2010-01-01"), Some("2012-01-01"));
        let t = stint(2, "Initech", Some("2015-01-01"), Some("2018-01-01"));
        assert!(together(&m, &t, "Alan", today).is_none());
        let now = stint(2, "Initech", None, None);
        let (words, _) = together(&m, &now, "Alan", today).unwrap();
        assert_eq!(words, "was at Initech 2010–2012, where Alan is now");
    }
}
