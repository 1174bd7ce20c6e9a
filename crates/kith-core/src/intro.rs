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

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    Circle, ContactId, OrgId,
    circle::half_life_days,
    contact::ContactBrief,
    ties::{InferredTie, Overlap, join_and, relationship_weight},
    warmth::{self, STRONG_TIE, Status, Tie, Warmth},
};

/// Paths kept per target: the best few, so one well-connected target does not fill the list.
pub const PATHS_PER_TARGET: usize = 3;

/// Time someone spent at an organization: a current role (`until` unset) or a past job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stint {
    pub contact: ContactId,
    pub org_id: OrgId,
    pub org: String,
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

/// What the finder reads: how the user knows each person involved (archived people are left
/// out), the time everyone spent at the targets' organizations, and the targets' inferred ties
/// and relationships.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Network {
    pub people: HashMap<ContactId, Reach>,
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

/// How the user knows someone, as closeness is read from it. The finder weighs many people and
/// names only those it keeps, so a name is not part of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reach {
    pub id: ContactId,
    pub circle: Circle,
    pub custom_cadence_days: Option<u32>,
    pub warmth: Option<Warmth>,
}

impl Reach {
    pub fn of(c: &ContactBrief) -> Reach {
        Reach { id: c.id, circle: c.circle, custom_cadence_days: c.custom_cadence_days, warmth: c.warmth }
    }

    /// As [`Known`], named `name` (the same reading as the contact's page).
    fn known(&self, name: String, today: NaiveDate) -> Known {
        let r = warmth::read(self.warmth.as_ref(), today, half_life_days(self.circle, self.custom_cadence_days));
        Known { id: self.id, name, status: r.status, warmth: r.warmth, strength: r.strength, tie: r.tie }
    }
}

/// How well the user can ask someone: 0–1.
pub fn closeness(k: &Known) -> f64 {
    0.5 * k.warmth + 0.5 * (k.strength / STRONG_TIE).min(1.0)
}

/// What two stints at one organization say about the two people.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Together {
    /// Both there now, since the later start.
    Now(Overlap),
    /// The intermediary was there then; the target is there now, since a day kith does not know.
    WasWhereNow(Overlap),
    /// The intermediary is there now, since a day kith does not know; the target was there then.
    IsWhereWas(Overlap),
    /// Both were there, at the same time.
    Worked(Overlap),
}

impl Together {
    fn of(m: &Stint, t: &Stint, today: NaiveDate) -> Option<Together> {
        if m.org_id != t.org_id {
            return None;
        }
        let end = |s: &Stint| s.until.unwrap_or(today);
        Some(match (m.until, t.until) {
            (None, None) => {
                let from = m.since.max(t.since).unwrap_or(today);
                Together::Now(Overlap { from: from.min(today), until: today })
            }
            // One of them is there now and kith does not know since when: they may have overlapped,
            // or not; it counts as one year together at most, as of the day the other left.
            (Some(_), None) if t.since.is_none() => {
                Together::WasWhereNow(Overlap { from: m.since.unwrap_or(end(m)), until: end(m) })
            }
            (None, Some(_)) if m.since.is_none() => {
                Together::IsWhereWas(Overlap { from: t.since.unwrap_or(end(t)), until: end(t) })
            }
            _ => Together::Worked(Overlap::of((m.since, end(m)), (t.since, end(t)))?),
        })
    }

    fn strength_on(&self, today: NaiveDate) -> f64 {
        match self {
            Together::Now(o) | Together::Worked(o) => o.strength_on(today),
            // A stretch the two may have shared: a single year's weight, as of its end.
            Together::WasWhereNow(o) | Together::IsWhereWas(o) => {
                Overlap { from: o.until, until: o.until }.strength_on(today)
            }
        }
    }

    fn words(&self, org: &str, target: &str) -> String {
        match self {
            Together::Now(_) => format!("works with {target} at {org}"),
            Together::WasWhereNow(o) => format!("was at {org} {}, where {target} is now", o.years()),
            Together::IsWhereWas(o) => format!("is at {org}, where {target} was {}", o.years()),
            Together::Worked(o) => format!("worked with {target} at {org} {}", o.years()),
        }
    }
}

/// What ties one intermediary to one target, before it is put in words.
#[derive(Default)]
struct Shared<'a> {
    links: Vec<&'a Link>,
    ties: Vec<&'a InferredTie>,
    together: Vec<(&'a str, Together)>,
    strength: f64,
}

impl Shared<'_> {
    fn words(&self, target: &str) -> String {
        let mut words: Vec<String> = self.links.iter().map(|l| format!("{} {target}", l.word)).collect();
        words.extend(self.ties.iter().map(|t| t.phrase(target)));
        words.extend(self.together.iter().map(|(org, w)| w.words(org, target)));
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

impl Found {
    /// The people in between, whom the search weighed without their names.
    pub fn unnamed(&self) -> Vec<ContactId> {
        let mut ids: Vec<ContactId> =
            self.through.iter().filter_map(|p| p.via.as_ref()).filter(|k| k.name.is_empty()).map(|k| k.id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Names the people in between.
    pub fn name(&mut self, name_of: impl Fn(ContactId) -> Option<String>) {
        for k in self.through.iter_mut().filter_map(|p| p.via.as_mut()).filter(|k| k.name.is_empty()) {
            k.name = name_of(k.id).unwrap_or_default();
        }
    }
}

/// The search for paths to some targets, fed the people around them closest first: once the next
/// person's closeness cannot beat the paths found (a bridge is at most 1), nobody after them can,
/// and the search is done — a big organization costs what its best paths cost.
#[derive(Debug)]
struct Search<'t> {
    targets: HashMap<ContactId, &'t Target>,
    /// The targets' stints, by organization.
    at_org: HashMap<OrgId, Vec<Stint>>,
    today: NaiveDate,
    limit: usize,
    direct: Vec<IntroPath>,
    /// The score of writing to each target the user knows themselves.
    on_your_own: HashMap<ContactId, f64>,
    found: Vec<IntroPath>,
    floor: Option<f64>,
}

impl<'t> Search<'t> {
    /// A search for at most `limit` paths to `targets`, who worked where `stints` say (the stints
    /// of anyone else are left out).
    fn new(targets: &'t [Target], stints: &[Stint], today: NaiveDate, limit: usize) -> Search<'t> {
        let targets: HashMap<ContactId, &Target> = targets.iter().map(|t| (t.id, t)).collect();
        let mut at_org: HashMap<OrgId, Vec<Stint>> = HashMap::new();
        for s in stints.iter().filter(|s| targets.contains_key(&s.contact)) {
            at_org.entry(s.org_id).or_default().push(s.clone());
        }
        Search {
            targets,
            at_org,
            today,
            limit,
            direct: Vec::new(),
            on_your_own: HashMap::new(),
            found: Vec::new(),
            floor: None,
        }
    }

    /// Takes the people around the targets: the targets among them the user can reach directly,
    /// the others returned as the people to weigh, the closest first.
    fn rank(&mut self, people: &[Reach]) -> Vec<Known> {
        let mut candidates: Vec<Known> = Vec::new();
        for p in people {
            match self.targets.get(&p.id) {
                Some(t) => {
                    let k = p.known(t.name.clone(), self.today);
                    let score = closeness(&k);
                    self.on_your_own.insert(t.id, score);
                    self.direct.push(IntroPath {
                        target: t.id,
                        target_name: t.name.clone(),
                        target_role: t.role.clone(),
                        via: None,
                        direct: Some(k),
                        score,
                        why: "you know them".to_string(),
                    });
                }
                None => candidates.push(p.known(String::new(), self.today)),
            }
        }
        candidates.retain(|k| closeness(k) > 0.0);
        candidates.sort_by(|a, b| closeness(b).total_cmp(&closeness(a)).then(a.id.cmp(&b.id)));
        candidates
    }

    /// Whether nobody as close as `next`, or less, can make the list any more.
    fn is_done(&self, next: &Known) -> bool {
        let reach = closeness(next);
        reach <= 0.0 || self.floor.is_some_and(|f| reach <= f)
    }

    /// Weighs `candidates` (closest first, as [`Search::rank`] gave them) on what `net` holds of
    /// them: their stints, and their ties and relationships with the targets.
    fn weigh(&mut self, candidates: &[Known], net: &Network) {
        let today = self.today;
        let mut shared: HashMap<ContactId, HashMap<ContactId, Shared<'_>>> = HashMap::new();
        for tie in &net.ties {
            for (m, t) in [(tie.a, tie.b), (tie.b, tie.a)] {
                if self.targets.contains_key(&t) && !self.targets.contains_key(&m) {
                    let e = shared.entry(m).or_default().entry(t).or_default();
                    e.ties.push(tie);
                    e.strength += tie.strength_on(today);
                }
            }
        }
        for l in net.links.iter().filter(|l| self.targets.contains_key(&l.b) && !self.targets.contains_key(&l.a)) {
            let e = shared.entry(l.a).or_default().entry(l.b).or_default();
            e.links.push(l);
            e.strength += relationship_weight(&l.kind);
        }
        let mut stints_of: HashMap<ContactId, Vec<&Stint>> = HashMap::new();
        for s in net.stints.iter().filter(|s| !self.targets.contains_key(&s.contact)) {
            stints_of.entry(s.contact).or_default().push(s);
        }
        for m in candidates {
            if self.is_done(m) {
                break;
            }
            let reach = closeness(m);
            let mut evidence = shared.remove(&m.id).unwrap_or_default();
            for ms in stints_of.get(&m.id).map_or(&[][..], |v| v.as_slice()) {
                for ts in self.at_org.get(&ms.org_id).map_or(&[][..], |v| v.as_slice()) {
                    if let Some(w) = Together::of(ms, ts, today) {
                        let e = evidence.entry(ts.contact).or_default();
                        e.together.push((ms.org.as_str(), w));
                        e.strength += w.strength_on(today);
                    }
                }
            }
            let mut best: Vec<(f64, ContactId, Shared<'_>)> = evidence
                .into_iter()
                .map(|(t, e)| (reach * (e.strength / STRONG_TIE).min(1.0), t, e))
                // A way round that is no better than writing to them yourself is no way in.
                .filter(|(score, t, _)| *score > self.on_your_own.get(t).copied().unwrap_or(0.0))
                .collect();
            best.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let before = self.found.len();
            let floor = self.floor;
            for (score, t, e) in
                best.into_iter().take(self.limit).filter(|(score, ..)| floor.is_none_or(|f| *score > f))
            {
                let target = self.targets[&t];
                self.found.push(IntroPath {
                    target: t,
                    target_name: target.name.clone(),
                    target_role: target.role.clone(),
                    why: e.words(&target.name),
                    via: Some(m.clone()),
                    direct: None,
                    score,
                });
            }
            if self.found.len() > before {
                self.floor = floor_of(&self.found, self.limit);
            }
        }
    }

    /// The best paths found: at most `limit` through someone, at most [`PATHS_PER_TARGET`] to
    /// each target; at most `limit` targets the user knows, the closest first.
    fn finish(self) -> Found {
        Found { direct: pick(self.direct, self.limit), through: pick(self.found, self.limit) }
    }
}

/// The ranked paths to `targets`, the people in between not named yet ([`Found::name`]): at most `limit` through someone, the best first, each better than
/// reaching its target directly; and at most `limit` targets the user knows. The targets
/// themselves are never the person in between (each is a direct path of its own).
pub fn paths(targets: &[Target], net: &Network, today: NaiveDate, limit: usize) -> Found {
    // A target the store did not read is archived: not someone to reach.
    let live: Vec<Target> = targets.iter().filter(|t| net.people.contains_key(&t.id)).cloned().collect();
    let mut search = Search::new(&live, &net.stints, today, limit);
    let people: Vec<Reach> = net.people.values().cloned().collect();
    let candidates = search.rank(&people);
    search.weigh(&candidates, net);
    search.finish()
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
        Stint { contact, org_id: org.len() as i64, org: org.into(), since: since.map(d), until: until.map(d) }
    }

    #[test]
    fn a_warm_strong_friend_who_worked_with_the_target_comes_first_and_says_why() {
        let today = d("2026-12-07");
        let warm = Some(Warmth { last_touch: d("2026-12-01"), mass: 1.0, strength: 6.0 });
        let cool = Some(Warmth { last_touch: d("2026-06-01"), mass: 0.5, strength: 1.0 });
        let mut net = Network::default();
        let names = |id: ContactId| Some(["", "Grace Hopper", "Ada Lovelace", "Alan Turing"][id as usize].to_string());
        net.people.insert(1, Reach::of(&brief(1, "Grace Hopper", warm)));
        net.people.insert(2, Reach::of(&brief(2, "Ada Lovelace", cool)));
        net.people.insert(3, Reach::of(&brief(3, "Alan Turing", None)));
        net.stints = vec![
            stint(3, "Globex", Some("2018-01-01"), None),
            stint(1, "Globex", Some("2019-03-01"), Some("2023-06-30")),
        ];
        net.ties =
            vec![InferredTie { a: 1, b: 3, touches: 0, mails: 0, events: 4, last_on: d("2026-10-01"), strength: 4.0 }];
        net.links = vec![Link { a: 2, word: "friend of".into(), b: 3, kind: "friend of".into() }];
        let targets = [Target { id: 3, name: "Alan Turing".into(), role: "Engineer at Globex".into() }];
        let mut all = paths(&targets, &net, today, 10);
        assert_eq!(all.unnamed(), [1, 2], "the people in between are named by the caller");
        all.name(names);
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
        net.people.insert(3, Reach::of(&brief(3, "Alan Turing", warm)));
        let all = paths(&targets, &net, today, 10);
        assert!(all.through.is_empty(), "{:#?}", all.through);
    }

    #[test]
    fn stints_at_one_place_at_different_times_are_no_tie() {
        let today = d("2026-12-07");
        let m = stint(1, "Initech", Some("2010-01-01"), Some("2012-01-01"));
        let t = stint(2, "Initech", Some("2015-01-01"), Some("2018-01-01"));
        assert!(Together::of(&m, &t, today).is_none());
        let now = stint(2, "Initech", None, None);
        let w = Together::of(&m, &now, today).unwrap();
        assert_eq!(w.words("Initech", "Alan"), "was at Initech 2010–2012, where Alan is now");
    }
}
