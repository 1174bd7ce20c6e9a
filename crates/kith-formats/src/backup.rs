//! kith's own JSON backup format, versioned and lossless.
//!
//! A backup is a kith-core [`Snapshot`] with a header naming the format and its version:
//!
//! ```json
//! { "format": "kith-backup", "version": 2, "exported_on": "2026-11-23",
//!   "organizations": [...], "contacts": [...], "interactions": [...], "followups": [...], "career": {...},
//!   "goals": [...], "signals": [...], "events": [...], "own_memberships": [...], "campaigns": [...],
//!   "digest_last_week": {...} }
//! ```
//!
//! Writing is deterministic (the snapshot's order, pretty-printed), so exporting, restoring into an
//! empty database and exporting again gives the same bytes. Reading refuses a file from a newer
//! kith instead of guessing — before anything else in the file is read, so a newer part is never
//! reported as an unknown field — and names the line and the JSON path of anything it cannot read.
//! An older version reads with the parts it did not have yet empty.
//!
//! Versions: 1 (contacts, organizations, interactions, follow-ups, career; goals, signals, events
//! and own roles were added to it later as optional parts); 2 adds campaigns and the digest's last
//! week; 3 says whose each favor on a touch is (`favor_with` on interactions; read from an older
//! file, a favor belongs to the first of `with`); 4 adds relationships between contacts and the
//! name a phone gave each contact's card; 5 adds each contact's past jobs and the moves kith
//! noticed (`past_jobs`, `job_changes`).
//!
//! A backup remembers where each element of its lists starts ([`Backup::line_of`]), so a problem
//! found later (a note too long for kith, a contact named twice) can name the file's line too.

use chrono::NaiveDate;
use kith_core::snapshot::Snapshot;
use serde::{Deserialize, Serialize};

use crate::FormatError;

mod header;

use header::Header;

/// The value of the `format` key.
pub const FORMAT: &str = "kith-backup";
/// The newest version this kith writes and reads.
pub const VERSION: u32 = 5;

/// A backup as read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Backup {
    pub exported_on: NaiveDate,
    pub snapshot: Snapshot,
    /// Where each element of the file's lists starts.
    pub lines: ElementLines,
}

/// The 1-based line on which each element of each top-level list of a backup starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ElementLines(std::collections::HashMap<String, Vec<usize>>);

impl ElementLines {
    /// The line of the file a problem at `path` points to: `contacts[3].note` → the line on which
    /// the fourth contact starts. `None` for a path that names no element of a list.
    pub fn line_of(&self, path: &str) -> Option<usize> {
        let (list, rest) = path.split_once('[')?;
        let index: usize = rest.split(']').next()?.parse().ok()?;
        self.0.get(list)?.get(index).copied()
    }
}

/// Where each element of each top-level list of a backup starts, as 1-based lines: found by
/// reading the lists again as raw JSON, whose slices point into the file; the lines of all of them
/// are counted in one pass over the file.
fn element_lines(bytes: &[u8]) -> ElementLines {
    use serde_json::value::RawValue;
    let mut out: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
    let Ok(top) = serde_json::from_slice::<std::collections::HashMap<String, &RawValue>>(bytes) else {
        return ElementLines(out);
    };
    let base = bytes.as_ptr() as usize;
    // (offset, list, index) of every element, then lines counted in order of offset.
    let mut starts: Vec<(usize, String, usize)> = Vec::new();
    for (name, value) in top {
        if let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(value.get()) {
            out.insert(name.clone(), vec![0; items.len()]);
            let offset = |item: &&RawValue| (item.get().as_ptr() as usize).saturating_sub(base);
            starts.extend(items.iter().enumerate().map(|(k, item)| (offset(item), name.clone(), k)));
        }
    }
    starts.sort_unstable();
    let (mut line, mut counted) = (1, 0);
    for (at, name, k) in starts {
        let at = at.min(bytes.len());
        line += bytes[counted..at].iter().filter(|&&b| b == b'\n').count();
        counted = at;
        if let Some(slot) = out.get_mut(&name).and_then(|lines| lines.get_mut(k)) {
            *slot = line;
        }
    }
    ElementLines(out)
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
    #[serde(default)]
    campaigns: Vec<kith_core::snapshot::SnapshotCampaign>,
    #[serde(default)]
    digest_last_week: Option<kith_core::schedule::IsoWeek>,
    #[serde(default)]
    relationships: Vec<kith_core::relationship::SnapshotRelationship>,
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
    check_header(bytes)?;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let parsed: In = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let line = e.inner().line();
        FormatError::new(line, e.path().to_string(), e.inner().to_string())
    })?;
    Ok(Backup {
        exported_on: parsed.exported_on,
        lines: element_lines(bytes),
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
            campaigns: parsed.campaigns,
            digest_last_week: parsed.digest_last_week,
            relationships: parsed.relationships,
        },
    })
}

/// Refuses what is not a kith backup, or one from a newer kith, from the header alone.
fn check_header(bytes: &[u8]) -> Result<(), FormatError> {
    let header = Header::read(bytes);
    match &header.format {
        Some(serde_json::Value::String(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(FormatError::new(
                1,
                "format",
                format!("not a kith backup (\"format\": {other}; expected \"{FORMAT}\")"),
            ));
        }
        None => {
            let why = header.error.as_ref().map_or("no \"format\" key".to_string(), ToString::to_string);
            let line = header.error.as_ref().map_or(1, serde_json::Error::line);
            return Err(FormatError::new(
                line,
                "json",
                format!("not a kith backup: {why} (a backup is the JSON `kith export json` writes)"),
            ));
        }
    }
    match header.version_number() {
        Some(v) if v > u64::from(VERSION) => Err(FormatError::new(
            header::version_line(bytes),
            "version",
            format!(
                "backup version {v} was written by a newer kith; this kith reads backup versions 1 to {VERSION}: \
                 upgrade kith to import it"
            ),
        )),
        Some(v) if v >= 1 => Ok(()),
        // The JSON broke before the version: the full reading names where.
        None if header.error.is_some() => Ok(()),
        _ => {
            let found = header.version.map_or("missing".to_string(), |v| format!("{v}"));
            Err(FormatError::new(
                header::version_line(bytes),
                "version",
                format!("{found}: not a backup kith wrote (versions are whole numbers from 1 to {VERSION})"),
            ))
        }
    }
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
            kept_dormant: false,
            memberships: vec![],
            vcard_extra: vec!["X-ABLABEL:friend".into()],
            card_name: None,
            past_jobs: vec![kith_core::job::SnapshotPastJob {
                org: "Analytical Society".into(),
                title: Some("Translator".into()),
                since: None,
                until: day("2026-06-30"),
            }],
            job_changes: vec![],
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
            favor_with: None,
        };
        Snapshot { contacts: vec![ada], interactions: vec![lunch], ..Default::default() }
    }

    #[test]
    fn a_backup_knows_where_each_element_starts() {
        let text = write(&sample(), day("2026-11-23"));
        let backup = read(text.as_bytes()).unwrap();
        let line = backup.lines.line_of("interactions[0].note").unwrap();
        assert!(text.lines().nth(line - 1).unwrap().trim_start().starts_with('{'), "line {line} of\n{text}");
        assert!(text.lines().nth(line).unwrap().contains("\"kind\": \"lunch\""), "line {line} of\n{text}");
        assert_eq!(backup.lines.line_of("contacts[7]"), None);
        assert_eq!(backup.lines.line_of("career"), None);
    }

    #[test]
    fn a_backup_reads_back_exactly() {
        let text = write(&sample(), day("2026-11-23"));
        assert!(text.starts_with("{\n  \"format\": \"kith-backup\",\n  \"version\": 5,"));
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
        for version in ["0", "\"2\"", "2.5"] {
            let text = format!(r#"{{"format": "kith-backup", "version": {version}, "exported_on": "2026-11-23"}}"#);
            assert_eq!(read(text.as_bytes()).unwrap_err().field, "version", "{version}");
        }
        let text = write(&sample(), day("2026-11-23")).replace("\"lunch\"", "\"brunch\"");
        let err = read(text.as_bytes()).unwrap_err();
        assert_eq!(err.field, "interactions[0].kind");
        assert!(err.line > 30 && err.message.contains("brunch"), "{err}");
        let truncated = &write(&sample(), day("2026-11-23"))[..200];
        assert!(read(truncated.as_bytes()).is_err());
    }

    #[test]
    fn campaigns_and_the_digest_week_read_back() {
        use kith_core::{
            campaign::Stage,
            schedule::IsoWeek,
            snapshot::{SnapshotCampaign, SnapshotCampaignMember},
        };
        let mut s = sample();
        s.campaigns = vec![SnapshotCampaign {
            name: "Spring search".into(),
            created_on: day("2026-11-02"),
            subject: "Coffee, {first_name}?".into(),
            body: "Hi {first_name},\n{custom}".into(),
            members: vec![SnapshotCampaignMember {
                contact: "u-ada".into(),
                stage: Stage::Replied,
                custom: Some("Loved your talk.".into()),
                message_id: Some("<k1@example.org>".into()),
                sent_on: Some(day("2026-11-03")),
            }],
        }];
        s.digest_last_week = Some(IsoWeek { year: 2026, week: 47 });
        let text = write(&s, day("2026-11-23"));
        assert!(text.contains("\"stage\": \"replied\"") && text.contains("\"digest_last_week\""), "{text}");
        let back = read(text.as_bytes()).unwrap();
        assert_eq!(back.snapshot, s);
        assert_eq!(write(&back.snapshot, back.exported_on), text);
        let bad = text.replace("\"replied\"", "\"waiting\"");
        assert_eq!(read(bad.as_bytes()).unwrap_err().field, "campaigns[0].members[0].stage");
    }

    /// A weight written by hand with more digits than a double holds reads as the nearest double,
    /// so it survives being written and read again (found by fuzzing: serde_json's default float
    /// parser can land one unit off, and the second read then differs from the first).
    #[test]
    fn a_weight_with_sixty_digits_reads_the_same_after_a_round_trip() {
        let long = "1.666666666666666666666666666666666666666666666666666666666666660";
        let text = VERSION_1.replace(
            r#""interactions": [],"#,
            &format!(
                r#""interactions": [{{"kind": "lunch", "on": "2026-11-01", "with": ["u-ada"], "minutes": null,
                "note": null, "gave": null, "got": null, "they_initiated": false, "weight": {long}}}],"#
            ),
        );
        let first = read(text.as_bytes()).unwrap().snapshot;
        assert_eq!(first.interactions[0].weight, 5.0 / 3.0);
        let again = write(&first, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        assert_eq!(read(again.as_bytes()).unwrap().snapshot, first);
    }

    /// A backup as kith wrote it before version 2 (no campaigns, no digest week).
    const VERSION_1: &str = r#"{
  "format": "kith-backup",
  "version": 1,
  "exported_on": "2026-11-23",
  "organizations": [],
  "contacts": [
    {
      "uid": "u-ada", "name": "Ada Lovelace", "emails": ["ada@example.org"], "phones": [],
      "org": null, "title": null, "location": null, "circle": "close", "cadence_days": null,
      "tags": [], "met_at": null, "met_on": null, "linkedin": null, "website": null,
      "birthday": null, "notes": null, "important": false, "archived": false,
      "added_on": "2026-01-02", "snoozed_until": null, "memberships": [], "vcard_extra": []
    }
  ],
  "interactions": [],
  "followups": [],
  "career": { "linkedin_connections": 12, "linkedin_connections_on": "2026-11-20" }
}
"#;

    #[test]
    fn a_version_1_backup_still_reads_with_the_newer_parts_empty() {
        let back = read(VERSION_1.as_bytes()).unwrap();
        assert_eq!(back.snapshot.contacts[0].name, "Ada Lovelace");
        assert_eq!(back.snapshot.career.linkedin_connections, Some(12));
        assert!(back.snapshot.campaigns.is_empty() && back.snapshot.digest_last_week.is_none());
        assert!(back.snapshot.goals.is_none() && back.snapshot.events.is_empty());
        // Written again, it is a backup of this version, of the same network.
        let again = write(&back.snapshot, back.exported_on);
        assert!(again.contains(&format!("\"version\": {VERSION},")));
        assert_eq!(read(again.as_bytes()).unwrap().snapshot, back.snapshot);
    }

    #[test]
    fn a_newer_backup_is_refused_by_its_version_before_anything_else() {
        // A version-6 file with a part this kith does not know, cut short in transfer: the
        // version is what the user needs to hear about, not the unknown field or the break.
        let newer = VERSION_1
            .replace("\"version\": 1", "\"version\": 6")
            .replace("\"followups\": [],", "\"followups\": [],\n  \"reading_list\": [{\"title\": \"x\"}],");
        for text in [newer.as_str(), &newer[..newer.len() / 2]] {
            let err = read(text.as_bytes()).unwrap_err();
            assert_eq!((err.line, err.field.as_str()), (3, "version"), "{err}");
            assert!(
                err.message.contains("backup version 6")
                    && err.message.contains(&format!("versions 1 to {VERSION}"))
                    && err.message.contains("upgrade kith"),
                "{err}"
            );
        }
        // The same unknown part in a backup of this version is named where it is.
        let unknown = newer.replace("\"version\": 6", &format!("\"version\": {VERSION}"));
        let err = read(unknown.as_bytes()).unwrap_err();
        assert!(err.message.contains("unknown field `reading_list`"), "{err}");
    }
}
