//! What a snooze asks for, read the same from `kith snooze`, the API and the contact page's forms:
//! exactly one of a date, a span from today, or lifting the snooze.

use chrono::NaiveDate;
use kith_core::{ValidationError, date::Span};

use crate::followup::given;

/// A snooze as the user gave it; empty text counts as not given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SnoozeAsk {
    /// Until a date (`YYYY-MM-DD`).
    pub until: Option<String>,
    /// For a span from today: `3d`, `2w`, `6m`, `1y`.
    pub span: Option<String>,
    /// Lift the snooze.
    pub clear: bool,
}

impl SnoozeAsk {
    /// The day the contact is snoozed until (`None`: the snooze is lifted). Exactly one of until,
    /// for and clear must be given; a day must be after `today`.
    pub fn until(&self, today: NaiveDate) -> Result<Option<NaiveDate>, ValidationError> {
        let until = match (given(&self.until), given(&self.span), self.clear) {
            (None, None, true) => return Ok(None),
            (Some(day), None, false) => kith_core::date::parse_date("until", day)?,
            (None, Some(span), false) => Span::parse("for", span)?.after(today),
            (None, None, false) => {
                return Err(ValidationError::new("for", "", "say how long to snooze: a span such as 2w, or a date"));
            }
            _ => return Err(ValidationError::new("until", "", "give exactly one of until, for or clear")),
        };
        if until <= today {
            return Err(ValidationError::new("until", until.to_string(), format!("must be after today ({today})")));
        }
        Ok(Some(until))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        "2026-11-22".parse().unwrap()
    }

    fn ask(until: Option<&str>, span: Option<&str>, clear: bool) -> SnoozeAsk {
        SnoozeAsk { until: until.map(Into::into), span: span.map(Into::into), clear }
    }

    #[test]
    fn one_of_a_date_a_span_or_clear() {
        assert_eq!(ask(Some("2026-12-01"), None, false).until(today()), Ok(Some("2026-12-01".parse().unwrap())));
        assert_eq!(ask(None, Some("2w"), false).until(today()), Ok(Some("2026-12-06".parse().unwrap())));
        assert_eq!(ask(None, None, true).until(today()), Ok(None));
        // Empty text is not given: a form's blank date field beside a chosen span.
        assert_eq!(ask(Some(" "), Some("1w"), false).until(today()), Ok(Some("2026-11-29".parse().unwrap())));
    }

    #[test]
    fn two_at_once_or_none_is_refused_whichever_front_end() {
        for a in [
            ask(Some("2026-12-01"), Some("2w"), false),
            ask(Some("2026-12-01"), None, true),
            ask(None, Some("2w"), true),
            ask(None, None, false),
        ] {
            assert!(a.until(today()).is_err(), "{a:?} was accepted");
        }
    }

    #[test]
    fn a_day_must_be_after_today_and_named_when_wrong() {
        let e = ask(Some("2026-11-22"), None, false).until(today()).unwrap_err();
        assert_eq!((e.field.as_str(), e.value.as_str()), ("until", "2026-11-22"));
        let e = ask(None, Some("soon"), false).until(today()).unwrap_err();
        assert_eq!((e.field.as_str(), e.value.as_str()), ("for", "soon"));
    }
}
