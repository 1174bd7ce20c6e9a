//! Organizations: employers, associations, groups, schools, classes; and the roles people hold there.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ValidationError;

pub type OrgId = i64;

macro_rules! word_enum {
    ($(#[$m:meta])* $name:ident, $field:literal, { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$m])*
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = ValidationError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL.iter().copied().find(|v| v.as_str().eq_ignore_ascii_case(s.trim())).ok_or_else(|| {
                    let all: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                    ValidationError::new($field, s, format!("unknown {}; use one of {}", $field, all.join(", ")))
                })
            }
        }
    };
}
pub(crate) use word_enum;

word_enum!(
    /// What sort of organization.
    OrgKind, "kind", {
        Employer => "employer",
        Association => "association",
        Group => "group",
        School => "school",
        Class => "class",
        Other => "other",
    }
);

word_enum!(
    /// A person's role at an organization.
    Role, "role", {
        Employee => "employee",
        Member => "member",
        Board => "board",
        Volunteer => "volunteer",
        Committee => "committee",
        Instructor => "instructor",
        Classmate => "classmate",
        Other => "other",
    }
);

/// A stored organization with the number of contacts linked to it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub id: OrgId,
    pub name: String,
    pub kind: OrgKind,
    pub members: i64,
}

/// A contact's role at an organization.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub org_id: OrgId,
    pub org: String,
    pub role: Role,
}

/// Someone at an organization, as the organization's page lists them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub contact_id: crate::ContactId,
    pub name: String,
    pub title: Option<String>,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

/// When a role began and ended (`--since`, `--until`); either may be unknown.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenure {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Tenure {
    /// Checks the dates: a role cannot end before it begins.
    pub fn validate(self) -> Result<Tenure, ValidationError> {
        match (self.since, self.until) {
            (Some(s), Some(u)) if u < s => Err(ValidationError::new(
                "until",
                u.to_string(),
                format!("is before --since ({s}); a role ends after it begins"),
            )),
            _ => Ok(self),
        }
    }
}

/// The user's own role at an organization, with when it began and ended.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnMembership {
    pub org_id: OrgId,
    pub org: String,
    pub role: Role,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

/// Checks an organization name: one non-empty line of sensible length.
pub fn validate_org_name(name: &str) -> Result<String, ValidationError> {
    let n = name.trim();
    if n.is_empty() || n.chars().count() > 300 || n.chars().any(char::is_control) {
        return Err(ValidationError::new("org", name, "an organization name is one line of 1 to 300 characters"));
    }
    Ok(n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn a_role_cannot_end_before_it_begins() {
        assert!(Tenure { since: d("2026-01-01"), until: d("2026-01-01") }.validate().is_ok());
        assert!(Tenure { since: None, until: d("2020-01-01") }.validate().is_ok());
        let e = Tenure { since: d("2026-01-02"), until: d("2026-01-01") }.validate().unwrap_err();
        assert_eq!((e.field.as_str(), e.value.as_str()), ("until", "2026-01-01"));
    }

    #[test]
    fn committee_work_is_a_role_of_its_own() {
        assert_eq!("Committee".parse::<Role>().unwrap(), Role::Committee);
        assert_eq!(Role::Committee.as_str(), "committee");
        let e = "chair".parse::<Role>().unwrap_err();
        assert!(e.message.contains("committee"), "{}", e.message);
    }
}
