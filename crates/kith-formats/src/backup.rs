//! kith's own JSON backup format, versioned and lossless.
//!
//! A backup is a kith-core [`Snapshot`] with a header naming the format and its version:
//!
//! ```json
//! { "format": "kith-backup", "version": 1, "exported_on": "2026-11-23",
//!   "organizations": [...], "contacts": [...], "interactions": [...], "followups": [...], "career": {...},
//!   "goals": [...], "signals": [...], "events": [...], "own_memberships": [...] }
//! ```
//!
//! Writing is deterministic (the snapshot's order, pretty-printed), so exporting, restoring into an
//! empty database and exporting again gives the same bytes. Reading refuses a file from a newer
//! kith instead of guessing, and names the line and the JSON path of anything it cannot read.

use chrono::NaiveDate;
use kith_core::snapshot::Snapshot;
use serde::{Deserialize, Serialize};

use crate::FormatError;

/// The value of the `format` key.
pub const FORMAT: &str = "kith-backup";
/// The newest version this kith writes and reads.
pub const VERSION: u32 = 1;

/// A backup as read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Backup {
    pub exported_on: NaiveDate,
    pub snapshot: Snapshot,
}

#[derive(Serialize)]
struct Out<'a> {
    format: &'static str,
    version: u32,
    exported_on: NaiveDate,
    #[serde(flatten)]
    snapshot: &'a Snapshot,
}

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct In {
    #[allow(dead_code)]
    format: String,
    #[allow(dead_code)]
    version: u32,
    exported_on: NaiveDate,
    organizations: Vec<kith_core::snapshot::SnapshotOrg>,
    contacts: Vec<kith_core::snapshot::SnapshotContact>,
    interactions: Vec<kith_core::snapshot::SnapshotInteraction>,
    followups: Vec<kith_core::snapshot::SnapshotFollowUp>,
    #[serde(default)]
    career: kith_core::snapshot::SnapshotCareer,
    #[serde(default)]
    goals: Option<Vec<kith_core::goal::Goal>>,
    #[serde(default)]
    signals: Vec<kith_core::snapshot::SnapshotSignal>,
    #[serde(default)]
    events: Vec<kith_core::snapshot::SnapshotEvent>,
    #[serde(default)]
    own_memberships: Vec<kith_core::snapshot::SnapshotOwnMembership>,
}

/// The backup of `snapshot`, taken on `exported_on`, as pretty-printed JSON ending in a newline.
pub fn write(snapshot: &Snapshot, exported_on: NaiveDate) -> String {
    let out = Out { format: FORMAT, version: VERSION, exported_on, snapshot };
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}

/// Reads a backup. Not JSON, not a kith backup, a newer version, or a value of the wrong type:
/// a [`FormatError`] with the line and the JSON path.
pub fn read(bytes: &[u8]) -> Result<Backup, FormatError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let header: Header = serde_json::from_slice(bytes).map_err(|e| {
        FormatError::new(
            e.line(),
            "json",
            format!("not a kith backup: {e} (a backup is the JSON `kith export json` writes)"),
        )
    })?;
    if header.format.as_deref() != Some(FORMAT) {
        let found = header.format.map_or("no \"format\" key".to_string(), |f| format!("\"format\": \"{f}\""));
        return Err(FormatError::new(1, "format", format!("not a kith backup ({found}; expected \"{FORMAT}\")")));
    }
    match header.version {
        Some(v) if v > VERSION => {
            return Err(FormatError::new(
                1,
                "version",
                format!("written by a newer kith (backup version {v}; this kith reads up to {VERSION}): upgrade kith"),
            ));
        }
        Some(0) | None => return Err(FormatError::new(1, "version", "missing or 0: not a backup kith wrote")),
        Some(_) => {}
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let parsed: In = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let line = e.inner().line();
        FormatError::new(line, e.path().to_string(), e.inner().to_string())
    })?;
    Ok(Backup {
        exported_on: parsed.exported_on,
        snapshot: Snapshot {
            organizations: parsed.organizations,
            contacts: parsed.contacts,
            interactions: parsed.interactions,
            followups: parsed.followups,
            career: parsed.career,
            goals: parsed.goals,
            signals: parsed.signals,
            events: parsed.events,
            own_memberships: parsed.own_memberships,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kith_core::{
        Circle, InteractionKind,
        snapshot::{SnapshotContact, SnapshotInteraction},
    };

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn sample() -> Snapshot {
        let ada = SnapshotContact {
            uid: "u-ada".into(),
            name: "Ada \"Countess\" Lovelace".into(),
            emails: vec!["ada@example.org".into()],
            phones: vec![],
            org: None,
            title: None,
            location: None,
            circle: Circle::Close,
            cadence_days: None,
            tags: vec!["math".into()],
            met_at: None,
            met_on: None,
            linkedin: None,
            website: None,
            birthday: Some("--12-10".into()),
            notes: Some("line one\nline two ✓".into()),
            important: true,
            archived: false,
            added_on: day("2026-01-02"),
            snoozed_until: None,
            memberships: vec![],
            vcard_extra: vec!["X-ABLABEL:friend".into()],
        };
        let lunch = SnapshotInteraction {
            kind: InteractionKind::Lunch,
            on: day("2026-11-01"),
            with: vec!["u-ada".into()],
            minutes: Some(60),
            note: None,
            gave: None,
            got: None,
            they_initiated: false,
            weight: 0.1 + 0.2,
            source: Some("mid:x@y".into()),
        };
        Snapshot { contacts: vec![ada], interactions: vec![lunch], ..Default::default() }
    }

    #[test]
    fn a_backup_reads_back_exactly() {
        let text = write(&sample(), day("2026-11-23"));
        assert!(text.starts_with("{\n  \"format\": \"kith-backup\",\n  \"version\": 1,"));
        let back = read(text.as_bytes()).unwrap();
        assert_eq!(back.snapshot, sample());
        assert_eq!(back.exported_on, day("2026-11-23"));
        assert_eq!(write(&back.snapshot, back.exported_on), text, "writing is deterministic");
    }

    #[test]
    fn career_and_signals_read_back_and_an_older_backup_without_them_still_reads() {
        let mut snapshot = sample();
        snapshot.career.resume_updated_on = Some(day("2026-11-01"));
        snapshot.career.connections_target = Some(800);
        snapshot.career.accomplishments = vec![kith_core::career::NewAccomplishment {
            title: "Shipped *search*".into(),
            on: day("2026-11-02"),
            outcome: Some("p99 down".into()),
            link: Some("https://example.org/post".into()),
        }];
        snapshot.signals = vec![kith_core::snapshot::SnapshotSignal {
            org: Some("Acme".into()),
            field: None,
            kind: kith_core::signal::SignalKind::Hiring,
            on: day("2026-11-03"),
            from: Some(snapshot.contacts[0].uid.clone()),
            note: None,
        }];
        let text = write(&snapshot, day("2026-11-23"));
        assert!(text.contains("\"accomplishments\"") && text.contains("\"signals\""));
        assert_eq!(read(text.as_bytes()).unwrap().snapshot, snapshot);
        // Without them (an older kith), the backup reads with none.
        let older = read(write(&sample(), day("2026-11-23")).as_bytes()).unwrap().snapshot;
        assert!(older.signals.is_empty() && older.career.accomplishments.is_empty());
    }

    #[test]
    fn events_and_memberships_read_back_and_older_backups_have_none() {
        use kith_core::{
            Role,
            event::EventKind,
            snapshot::{SnapshotEvent, SnapshotOrg, SnapshotOwnMembership},
        };
        let older = write(&sample(), day("2026-11-23"));
        assert!(
            !older.contains("\"events\"") && !older.contains("own_memberships"),
            "nothing written when there are none"
        );
        assert!(read(older.as_bytes()).unwrap().snapshot.events.is_empty());
        let mut s = sample();
        s.organizations = vec![SnapshotOrg { name: "Product Guild".into(), kind: kith_core::OrgKind::Association }];
        s.events = vec![SnapshotEvent {
            title: "Spring mixer".into(),
            kind: EventKind::Meeting,
            on: day("2026-11-20"),
            org: Some("Product Guild".into()),
            minutes: Some(90),
            note: None,
            with: vec![],
            met: vec!["u-ada".into()],
            weight: 1.0,
        }];
        s.own_memberships = vec![SnapshotOwnMembership {
            org: "Product Guild".into(),
            role: Role::Board,
            since: Some(day("2025-01-01")),
            until: None,
        }];
        let text = write(&s, day("2026-11-23"));
        assert_eq!(read(text.as_bytes()).unwrap().snapshot, s);
        let bad = text.replace("\"meeting\"", "\"party\"");
        assert_eq!(read(bad.as_bytes()).unwrap_err().field, "events[0].kind");
    }

    #[test]
    fn other_files_are_refused_with_line_and_reason() {
        let err = read(b"\x89PNG\r\n\x1a\n").unwrap_err();
        assert_eq!((err.line, err.field.as_str()), (1, "json"));
        let err = read(br#"{"contacts": []}"#).unwrap_err();
        assert!(err.message.contains("not a kith backup"), "{err}");
        let err = read(br#"{"format": "kith-backup", "version": 7}"#).unwrap_err();
        assert!(err.message.contains("newer kith"), "{err}");
        let text = write(&sample(), day("2026-11-23")).replace("\"lunch\"", "\"brunch\"");
        let err = read(text.as_bytes()).unwrap_err();
        assert_eq!(err.field, "interactions[0].kind");
        assert!(err.line > 30 && err.message.contains("brunch"), "{err}");
        let truncated = &write(&sample(), day("2026-11-23"))[..200];
        assert!(read(truncated.as_bytes()).is_err());
    }
}
