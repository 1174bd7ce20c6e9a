//! Follow-ups: dated promises ("reach out in six months", "send the article on Friday").

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ContactId;

pub type FollowUpId = i64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: FollowUpId,
    pub contact_id: ContactId,
    pub contact_name: String,
    pub due_on: NaiveDate,
    pub note: Option<String>,
    pub created_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

/// The open follow-ups promised to any of `contacts` whose day has come by `today`, oldest first: what
/// a touch with them can keep (the log form's checkbox, `kith log --done-followup`).
pub fn due_for<'a>(followups: &'a [FollowUp], contacts: &[ContactId], today: NaiveDate) -> Vec<&'a FollowUp> {
    let mut due: Vec<&FollowUp> = followups
        .iter()
        .filter(|f| f.done_on.is_none() && f.due_on <= today && contacts.contains(&f.contact_id))
        .collect();
    due.sort_by_key(|f| (f.due_on, f.id));
    due
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_for_keeps_the_open_promises_of_the_people_whose_day_has_come() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let f = |id, contact_id, due: &str, done: Option<&str>| FollowUp {
            id,
            contact_id,
            contact_name: format!("P{contact_id}"),
            due_on: d(due),
            note: None,
            created_on: d("2026-01-01"),
            done_on: done.map(d),
        };
        let all = [
            f(1, 1, "2026-11-20", None),
            f(2, 1, "2026-11-30", None),
            f(3, 2, "2026-11-01", None),
            f(4, 1, "2026-11-02", Some("2026-11-03")),
            f(5, 3, "2026-11-01", None),
        ];
        let ids: Vec<FollowUpId> = due_for(&all, &[1, 2], d("2026-11-22")).iter().map(|f| f.id).collect();
        assert_eq!(ids, vec![3, 1]);
    }
}
