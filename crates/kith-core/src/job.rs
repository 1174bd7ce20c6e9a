//! Employment history: where a contact worked before, and the moves kith noticed.
//!
//! The current employer is the contact's organization. When it changes because the person moved
//! (an edit, a LinkedIn export, the phone), the old one becomes a [`PastJob`] ending on the day kith
//! learned of it, and the move is a [`JobChange`]: network news, and a reason to congratulate.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{ContactId, OrgId};

/// How long a noticed move stays a reason in the weekly plan, unless the user got in touch.
pub const CONGRATULATE_WITHIN_DAYS: i64 = 30;

/// How long a noticed move stays in the dashboard's network news.
pub const NEWS_WITHIN_DAYS: i64 = 90;

/// A job a contact held before the current one.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastJob {
    pub org_id: OrgId,
    pub org: String,
    pub title: Option<String>,
    pub since: Option<NaiveDate>,
    /// The day it ended, or the day kith learned it had.
    pub until: NaiveDate,
}

impl PastJob {
    /// "Staff Engineer at Initech, 2019-03-01 to 2023-06-30" / "Initech, until 2023-06-30".
    pub fn phrase(&self) -> String {
        let what = match &self.title {
            Some(t) => format!("{t} at {}", self.org),
            None => self.org.clone(),
        };
        match self.since {
            Some(s) => format!("{what}, {s} to {}", self.until),
            None => format!("{what}, until {}", self.until),
        }
    }

    /// The years the job spans, for a path's explanation: "2019–2023", "until 2023".
    pub fn years(&self) -> String {
        use chrono::Datelike;
        match self.since {
            Some(s) if s.year() == self.until.year() => s.year().to_string(),
            Some(s) => format!("{}–{}", s.year(), self.until.year()),
            None => format!("until {}", self.until.year()),
        }
    }
}

/// A move kith noticed: the contact left one organization for another.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobChange {
    pub id: i64,
    pub contact_id: ContactId,
    pub name: String,
    pub from_org: String,
    pub to_org: String,
    /// The title at the new organization, when known.
    pub title: Option<String>,
    pub noticed_on: NaiveDate,
}

impl JobChange {
    /// "Ada Lovelace moved from Initech to Globex as Staff Engineer".
    pub fn sentence(&self) -> String {
        let mut s = format!("{} moved from {} to {}", self.name, self.from_org, self.to_org);
        if let Some(t) = &self.title {
            s.push_str(" as ");
            s.push_str(t);
        }
        s
    }

    /// The plan's reason: the move, then what to do about it.
    pub fn reason(&self) -> String {
        let first = self.name.split_whitespace().next().unwrap_or(&self.name);
        format!(
            "moved from {} to {}{}: congratulate {first} on the new role",
            self.from_org,
            self.to_org,
            self.title.as_deref().map(|t| format!(" as {t}")).unwrap_or_default()
        )
    }
}

/// A past job as a backup holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotPastJob {
    pub org: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    pub until: NaiveDate,
}

/// A noticed move as a backup holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotJobChange {
    pub from_org: String,
    pub to_org: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub noticed_on: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_move_reads_as_news_and_as_a_reason() {
        let c = JobChange {
            id: 1,
            contact_id: 2,
            name: "Ada Lovelace".into(),
            from_org: "Initech".into(),
            to_org: "Globex".into(),
            title: Some("Staff Engineer".into()),
            noticed_on: d("2026-12-07"),
        };
        assert_eq!(c.sentence(), "Ada Lovelace moved from Initech to Globex as Staff Engineer");
        assert_eq!(c.reason(), "moved from Initech to Globex as Staff Engineer: congratulate Ada on the new role");
        let untitled = JobChange { title: None, ..c };
        assert_eq!(untitled.sentence(), "Ada Lovelace moved from Initech to Globex");
    }

    #[test]
    fn a_past_job_says_when() {
        let j = PastJob { org_id: 1, org: "Initech".into(), title: None, since: None, until: d("2023-06-30") };
        assert_eq!(j.phrase(), "Initech, until 2023-06-30");
        assert_eq!(j.years(), "until 2023");
        let j = PastJob { title: Some("Engineer".into()), since: Some(d("2019-03-01")), ..j };
        assert_eq!(j.phrase(), "Engineer at Initech, 2019-03-01 to 2023-06-30");
        assert_eq!(j.years(), "2019–2023");
    }
}
