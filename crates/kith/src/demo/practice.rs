//! The practice around the demo network, as a user a year into kith would have it: the events of
//! the last year at a few associations (monthly meetings, seminars, a workshop, conferences), with
//! members of those associations there and a few people met at each; the user's own roles in two
//! of them; market signals about employers in the network, some told by someone who works there;
//! and a career record with a handful of accomplishments.
//!
//! It has a random stream of its own (the seed's second ChaCha stream), so the contacts and their
//! history stay what they were for a seed. Its size hardly grows with the network: one person
//! attends about as many events at 100 contacts as at 100,000; what grows is who is there.

use chrono::{Duration, NaiveDate};
use kith_core::{
    InteractionKind, OrgKind, Role, Weights,
    career::NewAccomplishment,
    event::{EventKind, NewEvent},
    org::Tenure,
    signal::{NewSignal, SignalKind},
    snapshot::SnapshotCareer,
};
use kith_store::{BulkContact, BulkEvent, BulkOwnMembership, BulkSignal};
use rand::{Rng, SeedableRng, seq::IndexedRandom};
use rand_chacha::ChaCha8Rng;

use super::names::ASSOCIATIONS;

/// How far back events are recorded (before that, association meetings are plain `event`
/// touches, as if logged before kith recorded events).
pub const RECORDED_DAYS: i64 = 364;

const MEETINGS: &[&str] = &[
    "Monthly meeting",
    "Members' evening",
    "Lightning talks night",
    "Panel: hiring this year",
    "Show and tell",
    "Annual general meeting",
    "Mentoring circle",
    "Book club: The Manager's Path",
];

const SEMINARS: &[&str] = &[
    "Seminar: negotiating an offer",
    "Seminar: writing a design document",
    "Seminar: salary benchmarks",
    "Seminar: building a personal brand",
    "Seminar: from engineer to manager",
];

const MEETING_NOTES: &[&str] = &[
    "Minutes: budget approved, new venue from next quarter.",
    "Minutes: volunteers needed for the spring conference.",
    "Good turnout; talked about who is hiring.",
    "Minutes: board elections in two months.",
    "Small group, long conversations.",
];

const SIGNAL_NOTES: &[(SignalKind, &str)] = &[
    (SignalKind::Hiring, "opening a platform team; several senior roles"),
    (SignalKind::Hiring, "hiring engineering managers this quarter"),
    (SignalKind::Hiring, "new office, hiring across the board"),
    (SignalKind::Layoffs, "about 10% cut, mostly sales and recruiting"),
    (SignalKind::Layoffs, "closing the Berlin office"),
    (SignalKind::Funding, "Series B announced"),
    (SignalKind::Funding, "raised a growth round; expanding the product team"),
    (SignalKind::Reorganization, "merging the data and platform groups"),
];

const ACCOMPLISHMENTS: &[(&str, Option<&str>, Option<&str>)] = &[
    ("Led the migration to the new billing system", Some("cut invoice errors by 80%"), None),
    (
        "Spoke at the regional developer conference",
        Some("talk on incident reviews"),
        Some("https://example.org/talks/incidents"),
    ),
    ("Mentored two junior engineers to promotion", None, None),
    ("Shipped the self-serve onboarding flow", Some("activation up 12%"), None),
    ("Published an open-source load-testing tool", Some("400 stars"), Some("https://example.org/loadtest")),
    ("Ran the hiring loop for the platform team", Some("five hires in a quarter"), None),
    ("Wrote the on-call handbook", Some("pages per week halved"), None),
    ("Organized the team's first hackathon", None, None),
];

/// Breaks from the practice — holidays, a busy launch — when the user saw nobody: touches, new
/// contacts and events that would fall in one move to the day after it. They are what makes the
/// weekly goals' streaks end now and then, as a real user's do. Drawn from the seed's third
/// stream, so they do not change the rest of the network.
pub struct Breaks(Vec<(NaiveDate, NaiveDate)>);

impl Breaks {
    pub fn new(seed: u64, today: NaiveDate) -> Breaks {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(2);
        let spans = [(100, 160, 14), (400, 460, 14), (700, 800, 21)]
            .into_iter()
            .map(|(from, to, days)| {
                let first = today - Duration::days(rng.random_range(from..to));
                (first, first + Duration::days(days - 1))
            })
            .collect();
        Breaks(spans)
    }

    /// `day`, or the day after the break it falls in.
    pub fn shift(&self, day: NaiveDate) -> NaiveDate {
        self.0
            .iter()
            .find(|(first, last)| (*first..=*last).contains(&day))
            .map_or(day, |(_, last)| *last + Duration::days(1))
    }
}

/// An event planned before the contacts exist; the people met there are picked as the contacts
/// are made, the people who came once they all exist.
struct Planned {
    event: NewEvent,
    /// The association holding it (index into `ASSOCIATIONS`).
    association: usize,
    /// How many people are met there at most.
    room: usize,
    met: Vec<usize>,
}

struct PlannedSignal {
    signal: NewSignal,
    /// Contacts working at its organization who knew of it then.
    insiders: Vec<usize>,
    /// The association it is about, whose members may have told it.
    association: Option<usize>,
}

/// The practice being generated alongside the network.
pub struct Practice {
    rng: ChaCha8Rng,
    today: NaiveDate,
    /// Two associations the user belongs to, and one that holds the conferences.
    associations: [usize; 3],
    events: Vec<Planned>,
    /// Where the search for an event with room for one more new person starts (round robin).
    next: usize,
    signals: Vec<PlannedSignal>,
}

/// What [`Practice::finish`] adds to the load.
pub struct Finished {
    pub events: Vec<BulkEvent>,
    pub own_memberships: Vec<BulkOwnMembership>,
    pub signals: Vec<BulkSignal>,
    pub career: SnapshotCareer,
}

impl Practice {
    /// Plans the year's events and the signals for a network employed by `companies`.
    pub fn plan(seed: u64, today: NaiveDate, companies: &[String], breaks: &Breaks) -> Practice {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(1);
        let picked: Vec<usize> =
            (0..ASSOCIATIONS.len()).collect::<Vec<_>>().choose_multiple(&mut rng, 3).copied().collect();
        let associations = [picked[0], picked[1], picked[2]];
        let mut p = Practice { rng, today, associations, events: Vec::new(), next: 0, signals: Vec::new() };
        p.plan_events(breaks);
        p.plan_signals(companies);
        p
    }

    fn plan_events(&mut self, breaks: &Breaks) {
        let [first, second, host] = self.associations;
        let start = self.today - Duration::days(RECORDED_DAYS);
        for month in 0..12 {
            let from = start + Duration::days(30 * month);
            // The first association meets monthly and the user rarely misses it; the second, less.
            for (association, attends) in [(first, 0.85), (second, 0.5)] {
                if self.rng.random_bool(attends) {
                    let on = self.day_in(from, 28);
                    let title = MEETINGS.choose(&mut self.rng).copied().unwrap_or("Monthly meeting");
                    let minutes = self.rng.random_range(6..=10) * 15;
                    let note =
                        self.rng.random_bool(0.5).then(|| MEETING_NOTES.choose(&mut self.rng).copied()).flatten();
                    let room = self.rng.random_range(0..=2);
                    self.push(association, EventKind::Meeting, title.to_string(), on, minutes, note, room);
                }
            }
            if month % 3 == 1 {
                let association = if month % 2 == 0 { first } else { second };
                let on = self.day_in(from, 28);
                let title = SEMINARS.choose(&mut self.rng).copied().unwrap_or("Seminar");
                let minutes = self.rng.random_range(4..=8) * 30;
                let room = self.rng.random_range(1..=3);
                self.push(association, EventKind::Seminar, title.to_string(), on, minutes, None, room);
            }
        }
        let on = self.day_in(start + Duration::days(150), 60);
        let room = self.rng.random_range(1..=2);
        self.push(second, EventKind::Class, "Workshop: giving feedback".into(), on, 240, None, room);
        for (offset, name) in [(60, "annual conference"), (240, "summit")] {
            let on = self.day_in(start + Duration::days(offset), 60);
            let title = format!("{} {name}", ASSOCIATIONS[host]);
            let room = self.rng.random_range(3..=6);
            self.push(
                host,
                EventKind::Conference,
                title,
                on,
                480,
                Some("Two days of talks and the hallway track."),
                room,
            );
        }
        for e in &mut self.events {
            e.event.on = breaks.shift(e.event.on).min(self.today);
        }
        self.events.sort_by_key(|e| e.event.on);
    }

    fn day_in(&mut self, from: NaiveDate, days: i64) -> NaiveDate {
        (from + Duration::days(self.rng.random_range(0..days.max(1)))).min(self.today)
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        association: usize,
        kind: EventKind,
        title: String,
        on: NaiveDate,
        minutes: u32,
        note: Option<&str>,
        room: usize,
    ) {
        let event = NewEvent {
            title,
            kind,
            on,
            org: Some(ASSOCIATIONS[association].to_string()),
            minutes: Some(minutes),
            note: note.map(str::to_string),
            with: Vec::new(),
            met: Vec::new(),
        };
        self.events.push(Planned { event, association, room, met: Vec::new() });
    }

    /// A few signals about the network's employers (the large ones most), and one about a field.
    fn plan_signals(&mut self, companies: &[String]) {
        let count = (4 + companies.len() / 50).min(12);
        for _ in 0..count {
            let org = &companies[(self.rng.random::<f64>().powi(2) * companies.len() as f64) as usize];
            let (kind, note) = *SIGNAL_NOTES.choose(&mut self.rng).expect("signal notes");
            let on = self.today - Duration::days(self.rng.random_range(0..180));
            let signal =
                NewSignal { org: Some(org.clone()), field: None, kind, on, from: None, note: Some(note.to_string()) };
            self.signals.push(PlannedSignal { signal, insiders: Vec::new(), association: None });
        }
        // News about the user's own association, heard from a fellow member.
        let first = self.associations[0];
        let signal = NewSignal {
            org: Some(ASSOCIATIONS[first].to_string()),
            field: None,
            kind: SignalKind::Reorganization,
            on: self.today - Duration::days(self.rng.random_range(0..90)),
            from: None,
            note: Some("merging with the regional chapter next year".into()),
        };
        self.signals.push(PlannedSignal { signal, insiders: Vec::new(), association: Some(first) });
        let on = self.today - Duration::days(self.rng.random_range(0..60));
        let signal = NewSignal {
            org: None,
            field: Some("platform engineering".into()),
            kind: SignalKind::Hiring,
            on,
            from: None,
            note: Some("every other team is hiring for it".into()),
        };
        self.signals.push(PlannedSignal { signal, insiders: Vec::new(), association: None });
    }

    /// Sees each contact as it is made: someone met during the last year may have been met at one
    /// of the events (then met there, on its day, a member of its association, as `kith event
    /// add --met` records them), and someone at an organization with a signal may have told it.
    pub fn place(&mut self, index: usize, contact: &mut BulkContact) {
        let recorded_from = self.today - Duration::days(RECORDED_DAYS);
        if contact.contact.met_on.is_some_and(|on| on >= recorded_from) && !self.events.is_empty() {
            let n = self.events.len();
            if let Some(k) =
                (0..n).map(|k| (self.next + k) % n).find(|&k| self.events[k].met.len() < self.events[k].room)
            {
                let planned = &mut self.events[k];
                let on = planned.event.on;
                contact.added_on = on;
                contact.contact.met_on = Some(on);
                contact.contact.met_at = Some(planned.event.met_at());
                let org = ASSOCIATIONS[planned.association];
                if !contact.memberships.iter().any(|(name, _, _)| name == org) {
                    contact.memberships.push((org.to_string(), OrgKind::Association, Role::Member));
                }
                planned.met.push(index);
                self.next = (k + 1) % n;
            }
        }
        for s in &mut self.signals {
            if s.insiders.len() < 3 && s.signal.org == contact.contact.org && contact.added_on <= s.signal.on {
                s.insiders.push(index);
            }
        }
    }

    /// The events with the people who came, the user's roles, the signals and the career record.
    /// `members` lists each association's members (contacts of the load).
    pub fn finish(mut self, members: &[Vec<usize>], contacts: &[BulkContact], weights: &Weights) -> Finished {
        let weight = weights.of(InteractionKind::Event);
        let mut events = Vec::with_capacity(self.events.len());
        // The associations the load makes: the contacts' and the user's own.
        let known: std::collections::HashSet<&str> = contacts
            .iter()
            .flat_map(|c| c.memberships.iter().map(|(name, _, _)| name.as_str()))
            .chain(self.associations[..2].iter().map(|&a| ASSOCIATIONS[a]))
            .collect();
        for mut planned in std::mem::take(&mut self.events) {
            // A small network may hold no member of the association hosting the conferences:
            // then they are events of their own, held by nobody the user knows.
            if !known.contains(ASSOCIATIONS[planned.association]) {
                planned.event.org = None;
            }
            let on = planned.event.on;
            let there = |&&i: &&usize| contacts[i].added_on <= on && !planned.met.contains(&i);
            let mut with: Vec<usize> = if planned.event.kind == EventKind::Conference {
                // Conferences draw people from all over the network, not just the members.
                let size = self.rng.random_range(5..=15);
                let mut picked = Vec::new();
                for _ in 0..size * 3 {
                    let i = self.rng.random_range(0..contacts.len());
                    if picked.len() < size && there(&&i) && !picked.contains(&i) {
                        picked.push(i);
                    }
                }
                picked
            } else {
                let size = self.rng.random_range(3..=10);
                let eligible: Vec<&usize> = members[planned.association].iter().filter(there).collect();
                eligible.choose_multiple(&mut self.rng, size).map(|&&i| i).collect()
            };
            with.sort_unstable();
            events.push(BulkEvent { event: planned.event, with, met: planned.met, weight });
        }
        let signals = std::mem::take(&mut self.signals)
            .into_iter()
            .map(|s| {
                let on = s.signal.on;
                let told: Vec<usize> = match s.association {
                    Some(a) => members[a].iter().copied().filter(|&i| contacts[i].added_on <= on).take(20).collect(),
                    None => s.insiders,
                };
                let from = if self.rng.random_bool(0.75) { told.choose(&mut self.rng).copied() } else { None };
                BulkSignal { signal: s.signal, from }
            })
            .collect();
        Finished { events, own_memberships: self.own_memberships(), signals, career: self.career(contacts.len()) }
    }

    /// A member of the first association for years and on its board lately; a member of the
    /// second, where the user volunteered for a while.
    fn own_memberships(&mut self) -> Vec<BulkOwnMembership> {
        let [first, second, _] = self.associations;
        let ago =
            |rng: &mut ChaCha8Rng, from: i64, to: i64| Some(self.today - Duration::days(rng.random_range(from..to)));
        let role = |a: usize, role: Role, since, until| BulkOwnMembership {
            org: ASSOCIATIONS[a].to_string(),
            role,
            tenure: Tenure { since, until },
        };
        let rng = &mut self.rng;
        vec![
            role(first, Role::Member, ago(rng, 900, 1400), None),
            role(first, Role::Board, ago(rng, 150, 400), None),
            role(second, Role::Member, ago(rng, 500, 800), None),
            role(second, Role::Volunteer, ago(rng, 400, 480), ago(rng, 100, 300)),
        ]
    }

    /// A resume a few months old, a fresher LinkedIn profile, connections in proportion to the
    /// network (LinkedIn stops at 30,000), and a handful of accomplishments over two years.
    fn career(&mut self, contacts: usize) -> SnapshotCareer {
        let rng = &mut self.rng;
        let linkedin = self.today - Duration::days(rng.random_range(3..90));
        let count = rng.random_range(5..=7);
        let mut accomplishments: Vec<NewAccomplishment> = ACCOMPLISHMENTS
            .choose_multiple(rng, count)
            .map(|&(title, outcome, link)| NewAccomplishment {
                title: title.to_string(),
                on: self.today - Duration::days(rng.random_range(10..730)),
                outcome: outcome.map(str::to_string),
                link: link.map(str::to_string),
            })
            .collect();
        accomplishments.sort_by_key(|a| a.on);
        SnapshotCareer {
            linkedin_connections: Some(((contacts as f64 * 0.7) as u32).clamp(1, 30_000)),
            linkedin_connections_on: Some(linkedin),
            resume_updated_on: Some(self.today - Duration::days(rng.random_range(30..240))),
            linkedin_updated_on: Some(linkedin),
            connections_target: None,
            accomplishments,
        }
    }
}
