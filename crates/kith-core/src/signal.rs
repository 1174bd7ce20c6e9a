//! Market signals: news heard from the network about an organization or a field ("Acme is hiring",
//! "layoffs in fintech"), dated and attributed, so the user sees the market from inside their
//! network. A recent `hiring` signal at an organization lifts its people in a campaign's ranking.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{ContactId, OrgId, ValidationError, org::word_enum};

/// How far back a `hiring` signal counts for a campaign's ranking and the dashboard shows signals.
pub const RECENT_DAYS: i64 = 90;

pub type SignalId = i64;

word_enum!(
    /// What the news is about.
    SignalKind, "kind", {
        Hiring => "hiring",
        Layoffs => "layoffs",
        Reorganization => "reorganization",
        Funding => "funding",
        Other => "other",
    }
);

/// A signal as the user enters it: about an organization (by name) or a field, not both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSignal {
    pub org: Option<String>,
    pub field: Option<String>,
    pub kind: SignalKind,
    pub on: NaiveDate,
    /// The contact who told the user.
    pub from: Option<ContactId>,
    pub note: Option<String>,
}

impl NewSignal {
    /// Checks it against `today`: exactly one of organization and field, not in the future, a
    /// sensible note.
    pub fn validate(mut self, today: NaiveDate) -> Result<NewSignal, ValidationError> {
        let trim = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        self.org = trim(&self.org);
        self.field = trim(&self.field);
        match (&self.org, &self.field) {
            (Some(_), Some(f)) => {
                return Err(ValidationError::new("field", f.clone(), "give --org or --field, not both"));
            }
            (None, None) => {
                return Err(ValidationError::new(
                    "org",
                    "",
                    "name what the news is about: --org ORGANIZATION or --field TEXT",
                ));
            }
            (Some(o), None) => {
                self.org = Some(crate::org::validate_org_name(o)?);
            }
            (None, Some(f)) => {
                if f.chars().count() > 200 || f.chars().any(char::is_control) {
                    return Err(ValidationError::new("field", f.clone(), "a field is one line of 1 to 200 characters"));
                }
            }
        }
        if self.on > today {
            return Err(ValidationError::new(
                "on",
                self.on.to_string(),
                format!("is after today ({today}); record news once you heard it"),
            ));
        }
        self.note = trim(&self.note);
        if let Some(n) = &self.note
            && n.chars().count() > 2_000
        {
            return Err(ValidationError::new("note", "…", "too long; at most 2000 characters"));
        }
        Ok(self)
    }
}

/// A stored signal, with the names of its organization and of who told the user.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signal {
    pub id: SignalId,
    pub org_id: Option<OrgId>,
    pub org: Option<String>,
    pub field: Option<String>,
    pub kind: SignalKind,
    pub on: NaiveDate,
    pub from_id: Option<ContactId>,
    pub from: Option<String>,
    pub note: Option<String>,
}

impl Signal {
    /// What the signal is about: the organization's name or the field.
    pub fn subject(&self) -> &str {
        self.org.as_deref().or(self.field.as_deref()).unwrap_or_default()
    }
}

/// Which signals to list; all optional, combined with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignalFilter {
    pub org: Option<OrgId>,
    /// An organization by name (case-insensitive); an unknown name is an error naming it.
    pub org_name: Option<String>,
    pub kind: Option<SignalKind>,
    pub since: Option<NaiveDate>,
    pub limit: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal(org: Option<&str>, field: Option<&str>) -> NewSignal {
        NewSignal {
            org: org.map(Into::into),
            field: field.map(Into::into),
            kind: SignalKind::Hiring,
            on: "2026-12-01".parse().unwrap(),
            from: None,
            note: Some("  ".into()),
        }
    }

    #[test]
    fn a_signal_is_about_an_organization_or_a_field_not_both() {
        let today = "2026-12-01".parse().unwrap();
        let ok = signal(Some(" Acme "), None).validate(today).unwrap();
        assert_eq!((ok.org.as_deref(), ok.note), (Some("Acme"), None));
        assert_eq!(signal(Some("Acme"), Some("fintech")).validate(today).unwrap_err().field, "field");
        assert_eq!(signal(None, Some(" ")).validate(today).unwrap_err().field, "org");
        let late = NewSignal { on: "2026-12-02".parse().unwrap(), ..signal(None, Some("fintech")) };
        assert_eq!(late.validate(today).unwrap_err().field, "on");
    }

    #[test]
    fn kinds_parse_case_insensitively_and_name_the_choices() {
        assert_eq!("Hiring".parse::<SignalKind>().unwrap(), SignalKind::Hiring);
        let e = "hired".parse::<SignalKind>().unwrap_err();
        assert!(e.message.contains("hiring, layoffs, reorganization, funding, other"), "{e}");
    }
}
