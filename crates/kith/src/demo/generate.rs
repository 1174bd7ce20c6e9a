//! A realistic generated network: names, employers and associations, circles in Dunbar-like
//! proportions, and about three years of touches with realistic gaps — some relationships kept warm,
//! many cooling, some lost — plus favors, group events and follow-ups, and the practice around it
//! (`practice`: the last year's events, the user's roles, market signals, the career record).
//! Deterministic for a seed and a "today".

use std::collections::HashSet;

use chrono::NaiveDate;
use kith_core::{
    Circle, InteractionKind, NewContact, NewInteraction, OrgKind, Role, Warmth, Weights, circle::half_life_days,
    contact::Birthday,
};
use kith_store::{Bulk, BulkContact, BulkFollowUp, BulkInteraction};
use rand::{Rng, SeedableRng, seq::IndexedRandom};
use rand_chacha::ChaCha8Rng;

use super::{
    names::*,
    practice::{self, Breaks, Practice},
};

/// Days of history the demo covers.
const SPAN_DAYS: i64 = 3 * 365;

/// Share of contacts per circle, closest first (the rest are dormant). Each layer is about three
/// times the one inside it, as in Dunbar's layers.
const CIRCLE_SHARES: [(Circle, f64); 4] =
    [(Circle::Inner, 0.015), (Circle::Close, 0.045), (Circle::Active, 0.135), (Circle::Wide, 0.30)];

/// How a relationship has gone over the demo's history.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Course {
    /// Touched at about its cadence, up to now.
    Kept,
    /// Touched regularly until a few cadences ago.
    Cooling,
    /// Touched long ago, then silence.
    Lost,
}

struct Gen {
    rng: ChaCha8Rng,
    today: NaiveDate,
    start: NaiveDate,
    weights: Weights,
    breaks: Breaks,
    /// The chance that a lost relationship was revived lately: a handful over the network,
    /// whatever its size, so the reconnections goal is met some months and not others.
    revive: f64,
}

pub fn generate(contacts: usize, seed: u64, today: NaiveDate, weights: &Weights) -> Bulk {
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(seed),
        today,
        start: today - chrono::Duration::days(SPAN_DAYS),
        weights: *weights,
        breaks: Breaks::new(seed, today),
        revive: (150.0 / contacts as f64).min(0.3),
    };
    let companies = g.companies(contacts);
    let mut practice = Practice::plan(seed, today, &companies, &g.breaks);
    let mut bulk = Bulk::default();
    let mut emails = HashSet::new();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); ASSOCIATIONS.len()];
    let mut in_circle = [0usize; 5];
    // The last places go to people entered twice (see `entered_twice`).
    let twins = TWINS.iter().filter(|&&i| i + TWINS.len() < contacts).count();
    for index in 0..contacts - twins {
        let circle = circle_of(index);
        let mut contact = g.contact(index, circle, &companies, &mut emails, &mut members);
        practice.place(index, &mut contact);
        // Whatever the seed, the plan has someone from the inner and the close circle to call: the
        // second inner and the first close relationship have been let slip lately.
        let course = match (circle, in_circle[circle.rank() as usize]) {
            (Circle::Inner, 1) | (Circle::Close, 0) => Course::Cooling,
            _ => g.course(circle),
        };
        in_circle[circle.rank() as usize] += 1;
        let first_touch = bulk.interactions.len();
        g.touches(index, &contact, circle, course, &mut bulk.interactions);
        if course == Course::Lost && circle != Circle::Dormant && g.rng.random_bool(g.revive) {
            g.revive(index, &contact, circle, &mut bulk.interactions, first_touch);
        }
        if circle != Circle::Dormant && course != Course::Lost && g.rng.random_bool(0.04) {
            let due_on = today + chrono::Duration::days(g.rng.random_range(-10..60));
            bulk.followups.push(BulkFollowUp {
                contact: index,
                due_on,
                note: Some(FOLLOWUPS.choose(&mut g.rng).copied().unwrap_or_default().to_string()),
                created_on: (due_on - chrono::Duration::days(g.rng.random_range(14..180))).min(today),
                done_on: None,
            });
        }
        bulk.contacts.push(contact);
    }
    g.birthdays_this_week(&mut bulk.contacts);
    entered_twice(&mut bulk.contacts, &mut emails, today, twins);
    g.association_events(&members, &bulk.contacts, &mut bulk.interactions);
    let done = practice.finish(&members, &bulk.contacts, weights);
    bulk.events = done.events;
    bulk.own_memberships = done.own_memberships;
    bulk.signals = done.signals;
    bulk.career = Some(done.career);
    bulk.relationships = super::relationships::relationships(&bulk.contacts, seed);
    bulk.jobs = super::jobs::jobs(&bulk.contacts, seed, today);
    let shared = super::jobs::shared_touches(&bulk.contacts, &bulk.jobs, seed, today, weights);
    bulk.interactions.extend(shared);
    bulk
}

/// The people entered twice, by index.
const TWINS: [usize; 2] = [3, 11];

/// Two people entered twice, as a phone's address book next to a LinkedIn export leaves them: the
/// same name at the same company, a private address, no history, waiting in the triage. The
/// duplicates page has a pair to merge in every demo.
fn entered_twice(contacts: &mut Vec<BulkContact>, emails: &mut HashSet<String>, today: NaiveDate, twins: usize) {
    for &index in &TWINS[..twins] {
        let original = &contacts[index];
        let email = format!("{}.{}@gmail.com", ascii_slug(&original.contact.name), index);
        if !emails.insert(email.clone()) {
            continue;
        }
        let twin = NewContact {
            name: original.contact.name.clone(),
            emails: vec![email],
            org: original.contact.org.clone(),
            circle: Some(Circle::Dormant),
            ..NewContact::default()
        };
        contacts.push(BulkContact::new(twin, today - chrono::Duration::days(20)));
    }
}

/// Circles are dealt in a fixed pattern over the index, so any prefix of the network has the same
/// proportions.
fn circle_of(index: usize) -> Circle {
    let x = ((index as f64 + 0.5) * 0.618_033_988_749_895).fract();
    let mut acc = 0.0;
    for (circle, share) in CIRCLE_SHARES {
        acc += share;
        if x < acc {
            return circle;
        }
    }
    Circle::Dormant
}

fn ascii_slug(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'ü' => Some('u'),
            'á' => Some('a'),
            'é' => Some('e'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

impl Gen {
    fn date_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0);
        from + chrono::Duration::days(self.rng.random_range(0..=span))
    }

    fn companies(&mut self, contacts: usize) -> Vec<String> {
        let mut all: Vec<String> =
            COMPANY_STEMS.iter().flat_map(|s| COMPANY_SUFFIXES.iter().map(move |x| format!("{s} {x}"))).collect();
        // Deterministic shuffle.
        for i in (1..all.len()).rev() {
            let j = self.rng.random_range(0..=i);
            all.swap(i, j);
        }
        all.truncate((contacts / 12).clamp(5, all.len()));
        all
    }

    fn contact(
        &mut self,
        index: usize,
        circle: Circle,
        companies: &[String],
        emails: &mut HashSet<String>,
        members: &mut [Vec<usize>],
    ) -> BulkContact {
        let rng = &mut self.rng;
        let given = *GIVEN.choose(rng).expect("names");
        let family = *FAMILY.choose(rng).expect("names");
        // A few employers are large: skew the pick towards the front of the list.
        let company = &companies[((rng.random::<f64>().powi(2)) * companies.len() as f64) as usize];
        let domain = format!("{}.example", ascii_slug(company));
        let mut email = format!("{}.{}@{domain}", ascii_slug(given), ascii_slug(family));
        if !emails.insert(email.clone()) {
            email = format!("{}.{}{index}@{domain}", ascii_slug(given), ascii_slug(family));
            emails.insert(email.clone());
        }
        let close = circle <= Circle::Close;
        let title = TITLES.choose(rng).copied().unwrap_or_default();
        let mut tags: Vec<String> = Vec::new();
        for _ in 0..rng.random_range(0..3) {
            tags.push(TAGS.choose(rng).copied().unwrap_or_default().to_string());
        }
        if title.contains("Recruit") || title.contains("Talent") {
            tags.push("recruiter".into());
        }
        let mut memberships = vec![(company.clone(), OrgKind::Employer, Role::Employee)];
        if rng.random_bool(0.25) {
            let a = rng.random_range(0..ASSOCIATIONS.len());
            let role = match rng.random_range(0..20) {
                0 => Role::Board,
                1 => Role::Volunteer,
                _ => Role::Member,
            };
            memberships.push((ASSOCIATIONS[a].to_string(), OrgKind::Association, role));
            members[a].push(index);
        }
        // A little over half were known before the history starts; the rest were met during it.
        let met_during = rng.random_bool(0.45);
        let added_on = if met_during {
            let day = self.date_between(self.start, self.today - chrono::Duration::days(7));
            self.breaks.shift(day)
        } else {
            self.start
        };
        let rng = &mut self.rng;
        let met_at = met_during.then(|| match rng.random_range(0..3) {
            0 => format!("{} meeting", ASSOCIATIONS.choose(rng).copied().unwrap_or_default()),
            1 => "a conference".to_string(),
            _ => format!("introduced by a colleague at {company}"),
        });
        let contact = NewContact {
            name: format!("{given} {family}"),
            emails: vec![email],
            phones: if close || rng.random_bool(0.2) {
                vec![format!("+1 555 {:03} {:04}", rng.random_range(100..1000), rng.random_range(0..10000))]
            } else {
                vec![]
            },
            org: Some(company.clone()),
            title: Some(title.to_string()),
            location: Some(CITIES.choose(rng).copied().unwrap_or_default().to_string()),
            circle: Some(circle),
            cadence_days: rng.random_bool(0.03).then(|| [21, 45, 60, 120][rng.random_range(0..4)]),
            tags,
            met_at,
            met_on: met_during.then_some(added_on),
            linkedin: rng
                .random_bool(0.7)
                .then(|| format!("https://www.linkedin.com/in/{}-{}-{index}", ascii_slug(given), ascii_slug(family))),
            website: None,
            birthday: (close && rng.random_bool(0.6)).then(|| Birthday {
                year: rng.random_bool(0.5).then(|| rng.random_range(1960..2001)),
                month: rng.random_range(1..13),
                day: rng.random_range(1..29),
            }),
            notes: (close || rng.random_bool(0.1)).then(|| NOTES.choose(rng).copied().unwrap_or_default().to_string()),
            important: rng.random_bool(if close { 0.2 } else { 0.03 }),
        };
        BulkContact { memberships, ..BulkContact::new(contact, added_on) }
    }

    fn course(&mut self, circle: Circle) -> Course {
        let (kept, cooling) = match circle {
            Circle::Inner => (0.6, 0.3),
            Circle::Close => (0.5, 0.3),
            Circle::Active => (0.4, 0.3),
            Circle::Wide => (0.3, 0.3),
            Circle::Dormant => (0.1, 0.2),
        };
        let x: f64 = self.rng.random();
        if x < kept {
            Course::Kept
        } else if x < kept + cooling {
            Course::Cooling
        } else {
            Course::Lost
        }
    }

    fn touches(
        &mut self,
        index: usize,
        contact: &BulkContact,
        circle: Circle,
        course: Course,
        out: &mut Vec<BulkInteraction>,
    ) {
        let cadence = i64::from(contact.contact.cadence_days.or(circle.cadence_days()).unwrap_or(365));
        // Touches per year while the relationship is active.
        // About twenty touches per contact over the three years, as in the networks the due-list
        // figures are measured on (100,000 contacts, ~2,000,000 interactions).
        let per_year: f64 = match circle {
            Circle::Inner => 100.0,
            Circle::Close => 50.0,
            Circle::Active => 24.0,
            Circle::Wide => 14.0,
            // Imported connections: the day you connected, now and then an e-mail or an event.
            Circle::Dormant => 1.2,
        };
        let begin = contact.added_on;
        let end = match course {
            Course::Kept => self.today,
            Course::Cooling => self.today - chrono::Duration::days(self.rng.random_range(cadence..=cadence * 3)),
            Course::Lost => {
                let latest = self.today - chrono::Duration::days(cadence * 10);
                if latest <= begin { begin } else { self.date_between(begin, latest) }
            }
        };
        // Imported LinkedIn connections begin with a weak "connected" touch.
        if circle == Circle::Dormant || self.rng.random_bool(0.3) {
            out.push(self.touch(index, InteractionKind::Social, begin, circle));
        }
        let mean_gap = 365.0 / per_year;
        let before = out.len();
        let mut day = begin;
        loop {
            // Exponential gaps: bursts and silences, as real contact has.
            let gap = (-mean_gap * (1.0 - self.rng.random::<f64>()).ln()).ceil() as i64;
            day = self.breaks.shift(day + chrono::Duration::days(gap.max(1)));
            if day > end {
                break;
            }
            let kind = self.kind(circle);
            out.push(self.touch(index, kind, day, circle));
        }
        // A relationship that cooled or was lost still had a start: the meeting where it began.
        if course != Course::Kept && out[before..].iter().all(|i| i.interaction.kind == InteractionKind::Social) {
            let kind = if self.rng.random_bool(0.5) { InteractionKind::Meeting } else { InteractionKind::Coffee };
            out.push(self.touch(index, kind, begin, circle));
        }
    }

    /// Two of the closest people have their birthday in the week of `today`, one of them later this
    /// week, so the plan, dashboard and digest have a date to show on any day the demo is made.
    fn birthdays_this_week(&mut self, contacts: &mut [BulkContact]) {
        let monday = kith_core::date::week_start(self.today);
        let sunday = monday + chrono::Duration::days(6);
        let later = (self.today + chrono::Duration::days(2)).min(sunday);
        let other = if self.today > monday { self.today - chrono::Duration::days(1) } else { later.min(sunday) };
        let year = Some(self.rng.random_range(1965..1995));
        for (circle, day, year) in [(Circle::Inner, later, year), (Circle::Close, other, None)] {
            if let Some(c) = contacts.iter_mut().find(|c| c.contact.circle == Some(circle)) {
                use chrono::Datelike;
                c.contact.birthday = Some(Birthday { year, month: day.month(), day: day.day() });
            }
        }
    }

    /// A lost relationship picked up again: one touch, some day after it counted as lost (its
    /// warmth, replayed from its touches from `first` on, says when) and within the last 18 months.
    fn revive(
        &mut self,
        index: usize,
        contact: &BulkContact,
        circle: Circle,
        out: &mut Vec<BulkInteraction>,
        first: usize,
    ) {
        let h = half_life_days(circle, contact.contact.cadence_days);
        let mut touches: Vec<(NaiveDate, f64)> = out[first..].iter().map(|t| (t.interaction.on, t.weight)).collect();
        touches.sort_by_key(|t| t.0);
        let Some(warmth) = touches.into_iter().fold(None, |w, (on, weight)| Some(Warmth::add(w, on, weight, h))) else {
            return;
        };
        let from = warmth.lost_on(h).max(self.today - chrono::Duration::days(540));
        if from > self.today - chrono::Duration::days(7) {
            return;
        }
        let day = self.date_between(from, self.today);
        let day = self.breaks.shift(day);
        if day <= self.today {
            let kind =
                [InteractionKind::Coffee, InteractionKind::Call, InteractionKind::Email][self.rng.random_range(0..3)];
            out.push(self.touch(index, kind, day, circle));
        }
    }

    fn kind(&mut self, circle: Circle) -> InteractionKind {
        use InteractionKind::*;
        let table: &[(InteractionKind, u32)] = match circle {
            Circle::Inner => {
                &[(Lunch, 15), (Coffee, 15), (Call, 20), (Video, 5), (Message, 30), (Email, 10), (Meeting, 5)]
            }
            Circle::Close => &[
                (Lunch, 10),
                (Coffee, 12),
                (Call, 13),
                (Video, 8),
                (Message, 20),
                (Email, 25),
                (Meeting, 7),
                (Event, 5),
            ],
            Circle::Active => &[
                (Coffee, 8),
                (Lunch, 5),
                (Meeting, 10),
                (Event, 7),
                (Call, 8),
                (Video, 7),
                (Email, 35),
                (Message, 10),
                (Social, 10),
            ],
            Circle::Wide => {
                &[(Email, 30), (Social, 35), (Message, 10), (Event, 10), (Meeting, 5), (Coffee, 5), (Call, 5)]
            }
            Circle::Dormant => &[(Social, 55), (Email, 30), (Event, 10), (Message, 5)],
        };
        let total: u32 = table.iter().map(|(_, w)| w).sum();
        let mut x = self.rng.random_range(0..total);
        for &(k, w) in table {
            if x < w {
                return k;
            }
            x -= w;
        }
        Email
    }

    fn touch(&mut self, index: usize, kind: InteractionKind, on: NaiveDate, circle: Circle) -> BulkInteraction {
        let rng = &mut self.rng;
        let f2f = kind.is_face_to_face();
        let minutes = match kind {
            _ if f2f => Some(rng.random_range(3..13) * 10),
            InteractionKind::Call | InteractionKind::Video => Some(rng.random_range(1..7) * 10),
            _ => None,
        };
        let note = (f2f && rng.random_bool(0.3)).then(|| NOTES.choose(rng).copied().unwrap_or_default().to_string());
        let giving = circle != Circle::Dormant && kind != InteractionKind::Social;
        let gave = (giving && rng.random_bool(0.03)).then(|| GAVE.choose(rng).copied().unwrap_or_default().to_string());
        let got = (giving && rng.random_bool(0.025)).then(|| GOT.choose(rng).copied().unwrap_or_default().to_string());
        BulkInteraction {
            interaction: NewInteraction {
                contacts: vec![index as i64],
                kind,
                on,
                minutes,
                note,
                gave,
                got,
                they_initiated: rng.random_bool(0.4),
                favor_with: None,
                fulfills: Vec::new(),
            },
            weight: self.weights.of(kind),
            source_key: None,
        }
    }

    /// Association meetings before events were recorded: monthly, each attended by a few of its
    /// members together, logged as one `event` touch with everyone there. The last year's are
    /// recorded events (`practice`).
    fn association_events(&mut self, members: &[Vec<usize>], contacts: &[BulkContact], out: &mut Vec<BulkInteraction>) {
        let recorded_from = self.today - chrono::Duration::days(practice::RECORDED_DAYS);
        for group in members.iter().filter(|m| m.len() >= 2) {
            let mut month = self.start;
            while month < recorded_from {
                if self.rng.random_bool(0.5) {
                    let last = (month + chrono::Duration::days(27)).min(recorded_from - chrono::Duration::days(1));
                    let on = self.date_between(month, last);
                    let on = self.breaks.shift(on);
                    let size = group.len().min(self.rng.random_range(2..7));
                    let mut people: Vec<i64> = group
                        .choose_multiple(&mut self.rng, size)
                        .filter(|&&i| contacts[i].added_on <= on)
                        .map(|&i| i as i64)
                        .collect();
                    people.sort_unstable();
                    if !people.is_empty() {
                        let mut event = self.touch(people[0] as usize, InteractionKind::Event, on, Circle::Active);
                        event.interaction.contacts = people;
                        event.interaction.minutes = Some(120);
                        out.push(event);
                    }
                }
                month += chrono::Duration::days(30);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_network_and_nothing_in_the_future() {
        let today: NaiveDate = "2026-11-22".parse().unwrap();
        let a = generate(300, 7, today, &Weights::default());
        let b = generate(300, 7, today, &Weights::default());
        assert_eq!(a, b);
        assert_eq!(a.contacts.len(), 300);
        assert!(a.interactions.iter().all(|i| i.interaction.on <= today));
        assert!(a.contacts.iter().all(|c| c.contact.clone().validate().is_ok()));
        let inner = a.contacts.iter().filter(|c| c.contact.circle == Some(Circle::Inner)).count();
        let dormant = a.contacts.iter().filter(|c| c.contact.circle == Some(Circle::Dormant)).count();
        assert!((3..=7).contains(&inner), "{inner} inner");
        assert!(dormant > 120, "{dormant} dormant");
        assert!(a.interactions.iter().any(|i| i.interaction.contacts.len() > 1));
        assert_ne!(a, generate(300, 8, today, &Weights::default()));
    }
}
