//! Dates worth a word this week: the birthdays of the people closest to the user.
//!
//! The plan lists the birthdays that fall in its week (Monday to Sunday) of contacts in the inner,
//! close and active circles and of important contacts, whatever their circle. A birthday on 29
//! February is kept on 28 February in the years without one.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{
    Circle, ContactId,
    contact::Birthday,
    date::week_start,
    due::{day_phrase, weekday_name},
};

/// What kind of date an item is.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateKind {
    Birthday,
}

/// A date in the plan's week.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateItem {
    pub id: ContactId,
    pub name: String,
    pub kind: DateKind,
    /// The day this week.
    pub on: NaiveDate,
    /// The age they turn, when the year of birth is known.
    pub turns: Option<i32>,
    /// In words: "birthday on Wednesday (turns 40)", "birthday today".
    pub reason: String,
}

/// Someone with a birthday, as the store finds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BirthdayOf {
    pub id: ContactId,
    pub name: String,
    pub circle: Circle,
    pub important: bool,
    pub archived: bool,
    pub birthday: Birthday,
}

/// Whether a contact's birthday belongs in the plan: inner, close or active, or important; never
/// archived.
pub fn worth_a_date(circle: Circle, important: bool, archived: bool) -> bool {
    !archived && (important || circle <= Circle::Active)
}

/// The day of `b` in the year `year`: 29 February falls on the 28th when the year has no 29th.
pub fn in_year(b: Birthday, year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, b.month, b.day)
        .or_else(|| (b.month == 2 && b.day == 29).then(|| NaiveDate::from_ymd_opt(year, 2, 28)).flatten())
}

/// The day of `b` within the week that starts on `monday`, if it falls in it.
pub fn in_week(b: Birthday, monday: NaiveDate) -> Option<NaiveDate> {
    let sunday = monday + chrono::Duration::days(6);
    [monday.year(), sunday.year()].into_iter().filter_map(|y| in_year(b, y)).find(|d| *d >= monday && *d <= sunday)
}

/// The month-day keys (`MM-DD`) a store matches to find the birthdays in the week of `monday`,
/// including 29 February when the week holds a 28 February of a year without one.
pub fn month_days_of_week(monday: NaiveDate) -> Vec<String> {
    let mut out = Vec::with_capacity(8);
    for k in 0..7 {
        let d = monday + chrono::Duration::days(k);
        out.push(format!("{:02}-{:02}", d.month(), d.day()));
        if d.month() == 2 && d.day() == 28 && NaiveDate::from_ymd_opt(d.year(), 2, 29).is_none() {
            out.push("02-29".to_string());
        }
    }
    out
}

/// The birthdays in the week holding `today`, worth a date, by day then name then id.
pub fn birthdays_this_week(people: &[BirthdayOf], today: NaiveDate) -> Vec<DateItem> {
    let monday = week_start(today);
    let mut out: Vec<DateItem> = people
        .iter()
        .filter(|p| worth_a_date(p.circle, p.important, p.archived))
        .filter_map(|p| {
            let on = in_week(p.birthday, monday)?;
            let turns = p.birthday.year.map(|y| on.year() - y).filter(|age| *age > 0);
            let when = if on < today { format!("was on {}", weekday_name(on)) } else { day_phrase(on, today) };
            let reason = match turns {
                Some(age) => format!("birthday {when} (turns {age})"),
                None => format!("birthday {when}"),
            };
            Some(DateItem { id: p.id, name: p.name.clone(), kind: DateKind::Birthday, on, turns, reason })
        })
        .collect();
    out.sort_by(|a, b| a.on.cmp(&b.on).then_with(|| a.name.cmp(&b.name)).then(a.id.cmp(&b.id)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn person(id: ContactId, circle: Circle, birthday: &str) -> BirthdayOf {
        BirthdayOf {
            id,
            name: format!("P{id}"),
            circle,
            important: false,
            archived: false,
            birthday: Birthday::parse("birthday", birthday).unwrap(),
        }
    }

    #[test]
    fn this_weeks_birthdays_of_the_closer_circles_with_the_day() {
        // Sunday 2026-12-06 is in the week of Monday 2026-11-30; Grace's birthday is on Wednesday the 9th
        // of the next week; Ada's is Thursday 3 December.
        let today = d("2026-12-01");
        let mut wide = person(3, Circle::Wide, "12-02");
        let people = vec![person(1, Circle::Close, "1815-12-03"), wide.clone(), person(2, Circle::Inner, "1906-12-09")];
        let dates = birthdays_this_week(&people, today);
        assert_eq!(dates.len(), 1);
        assert_eq!(dates[0].on, d("2026-12-03"));
        assert_eq!(dates[0].reason, "birthday on Thursday (turns 211)");
        wide.important = true;
        let dates = birthdays_this_week(&[wide], today);
        assert_eq!(dates[0].reason, "birthday tomorrow");
        assert_eq!(dates[0].turns, None);
    }

    #[test]
    fn weeks_across_new_year_and_leap_days() {
        // Monday 2026-12-28 to Sunday 2027-01-03.
        let people = vec![person(1, Circle::Inner, "--01-02"), person(2, Circle::Inner, "--12-29")];
        let dates = birthdays_this_week(&people, d("2026-12-31"));
        assert_eq!(dates.iter().map(|x| x.on).collect::<Vec<_>>(), vec![d("2026-12-29"), d("2027-01-02")]);
        assert_eq!(dates[0].reason, "birthday was on Tuesday");
        // 2027 has no 29 February: the birthday is on the 28th (a Sunday).
        let leap = person(3, Circle::Close, "2000-02-29");
        let dates = birthdays_this_week(std::slice::from_ref(&leap), d("2027-02-24"));
        assert_eq!(dates[0].on, d("2027-02-28"));
        assert!(month_days_of_week(d("2027-02-22")).contains(&"02-29".to_string()));
        // In a leap year it is on the 29th, and the keys hold it once.
        assert_eq!(in_week(leap.birthday, week_start(d("2028-02-29"))), Some(d("2028-02-29")));
        let keys = month_days_of_week(week_start(d("2028-02-29")));
        assert_eq!(keys.iter().filter(|k| *k == "02-29").count(), 1);
    }

    #[test]
    fn archived_and_distant_contacts_are_left_out() {
        let mut archived = person(1, Circle::Inner, "12-02");
        archived.archived = true;
        let dormant = person(2, Circle::Dormant, "12-02");
        assert!(birthdays_this_week(&[archived, dormant], d("2026-12-01")).is_empty());
    }
}
