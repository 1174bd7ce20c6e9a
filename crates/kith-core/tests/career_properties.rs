//! Properties of the career readiness score: it stays within 0–100, and doing more never lowers it
//! (a more recent update, more connections, one more accomplishment). Each next action adds exactly
//! the points it says.

use chrono::{Duration, NaiveDate};
use kith_core::career::{ActionKind, CareerRecord, next_actions, score};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

fn ago(days: Option<i64>) -> Option<NaiveDate> {
    days.map(|d| today() - Duration::days(d))
}

fn record() -> impl Strategy<Value = CareerRecord> {
    (prop::option::of(0i64..400), prop::option::of(0i64..400), prop::option::of(0u32..2_000), 1u32..2_000).prop_map(
        |(resume, linkedin, connections, target)| CareerRecord {
            resume_updated_on: ago(resume),
            linkedin_updated_on: ago(linkedin),
            connections,
            connections_on: None,
            connections_target: target,
        },
    )
}

fn dates() -> impl Strategy<Value = Vec<NaiveDate>> {
    prop::collection::vec((0i64..200).prop_map(|d| today() - Duration::days(d)), 0..8)
}

proptest! {
    #[test]
    fn score_is_within_0_to_100(r in record(), d in dates()) {
        let total = score(&r, &d, today()).total();
        prop_assert!(total <= 100);
    }

    #[test]
    fn a_more_recent_update_never_lowers_it(r in record(), d in dates(), newer in 0i64..400) {
        let before = score(&r, &d, today()).total();
        let fresher = |on: Option<NaiveDate>| {
            let n = today() - Duration::days(newer);
            Some(on.map_or(n, |o| o.max(n)))
        };
        let resume = CareerRecord { resume_updated_on: fresher(r.resume_updated_on), ..r.clone() };
        let linkedin = CareerRecord { linkedin_updated_on: fresher(r.linkedin_updated_on), ..r.clone() };
        prop_assert!(score(&resume, &d, today()).total() >= before);
        prop_assert!(score(&linkedin, &d, today()).total() >= before);
    }

    #[test]
    fn more_connections_never_lower_it(r in record(), d in dates(), more in 0u32..1_000) {
        let before = score(&r, &d, today()).total();
        let grown = CareerRecord { connections: Some(r.connections.unwrap_or(0) + more), ..r.clone() };
        prop_assert!(score(&grown, &d, today()).total() >= before);
    }

    #[test]
    fn one_more_accomplishment_never_lowers_it(r in record(), d in dates(), on in 0i64..200) {
        let before = score(&r, &d, today()).total();
        let mut more = d.clone();
        more.push(today() - Duration::days(on));
        prop_assert!(score(&r, &more, today()).total() >= before);
    }

    #[test]
    fn each_next_action_adds_what_it_says(r in record(), d in dates()) {
        let before = score(&r, &d, today()).total();
        for a in next_actions(&r, &d, today()) {
            prop_assert!(a.points > 0);
            let (after_r, after_d) = match a.action {
                ActionKind::UpdateResume => (CareerRecord { resume_updated_on: Some(today()), ..r.clone() }, d.clone()),
                ActionKind::UpdateLinkedin => (CareerRecord { linkedin_updated_on: Some(today()), ..r.clone() }, d.clone()),
                ActionKind::GrowConnections => {
                    (CareerRecord { connections: Some(r.connections_target), ..r.clone() }, d.clone())
                }
                ActionKind::LogAccomplishment => {
                    let mut more = d.clone();
                    more.push(today());
                    (r.clone(), more)
                }
            };
            prop_assert_eq!(score(&after_r, &after_d, today()).total(), before + a.points);
        }
    }
}
