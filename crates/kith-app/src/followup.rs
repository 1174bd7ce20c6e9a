//! What a new follow-up asks for, read the same from `kith followup add`, the API and the pages:
//! a day (a date, or a span from today) and an optional note.

use chrono::NaiveDate;
use kith_core::{ValidationError, date::Span};

/// The longest note a follow-up keeps, in characters.
pub const MAX_NOTE_CHARS: usize = 10_000;

/// A follow-up as the user gave it; empty text counts as not given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FollowUpAsk {
    /// On a date (`YYYY-MM-DD`).
    pub on: Option<String>,
    /// In a span from today: `3d`, `2w`, `6m`, `1y`.
    pub span: Option<String>,
    pub note: Option<String>,
}

impl FollowUpAsk {
    /// The day the follow-up is due: exactly one of on and in must be given.
    pub fn due_on(&self, today: NaiveDate) -> Result<NaiveDate, ValidationError> {
        match (given(&self.on), given(&self.span)) {
            (Some(day), None) => kith_core::date::parse_date("on", day),
            (None, Some(span)) => Ok(Span::parse("in", span)?.after(today)),
            (None, None) => Err(ValidationError::new("in", "", "say when: in a span such as 6m, or on a date")),
            (Some(_), Some(_)) => Err(ValidationError::new("on", "", "give exactly one of on or in")),
        }
    }

    /// The note, trimmed (`None` when empty), at most [`MAX_NOTE_CHARS`].
    pub fn note(&self) -> Result<Option<String>, ValidationError> {
        let note = given(&self.note).map(str::to_string);
        if note.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
            return Err(ValidationError::new("note", "…", format!("too long; at most {MAX_NOTE_CHARS} characters")));
        }
        Ok(note)
    }
}

/// Text that holds something, trimmed: what a field typed in a form or a flag means when given
/// (empty text counts as not given).
pub(crate) fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        "2026-11-22".parse().unwrap()
    }

    fn ask(on: Option<&str>, span: Option<&str>) -> FollowUpAsk {
        FollowUpAsk { on: on.map(Into::into), span: span.map(Into::into), note: None }
    }

    #[test]
    fn a_date_or_a_span_but_exactly_one() {
        assert_eq!(ask(Some("2027-01-05"), None).due_on(today()), Ok("2027-01-05".parse().unwrap()));
        assert_eq!(ask(None, Some("2w")).due_on(today()), Ok("2026-12-06".parse().unwrap()));
        assert_eq!(ask(Some(""), Some("1w")).due_on(today()), Ok("2026-11-29".parse().unwrap()));
        assert_eq!(ask(Some("2027-01-05"), Some("2w")).due_on(today()).unwrap_err().field, "on");
        assert_eq!(ask(None, None).due_on(today()).unwrap_err().field, "in");
        assert_eq!(ask(None, Some("later")).due_on(today()).unwrap_err().value, "later");
    }

    #[test]
    fn notes_are_trimmed_and_bounded() {
        let with = |n: &str| FollowUpAsk { note: Some(n.into()), ..FollowUpAsk::default() };
        assert_eq!(with("  send the deck ").note(), Ok(Some("send the deck".into())));
        assert_eq!(with("   ").note(), Ok(None));
        assert!(with(&"x".repeat(MAX_NOTE_CHARS + 1)).note().is_err());
    }
}
