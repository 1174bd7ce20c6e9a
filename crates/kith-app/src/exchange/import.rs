//! Reading an import file and handing its records to the store.

use std::path::Path;

use chrono::NaiveDate;
use kith_formats::{ContactFile, FormatError, Problem, TouchFile, TouchRecord, backup, csv, ics, mail, vcard};
use kith_store::{ImportBatch, ImportContact, ImportOptions, ImportReport, ImportTouch, Store, StoreResult};

/// The formats kith imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ImportFormat {
    Linkedin,
    Vcard,
    Google,
    Csv,
    Json,
    Mbox,
    Maildir,
    Ics,
}

impl ImportFormat {
    pub const ALL: [ImportFormat; 8] = [
        ImportFormat::Linkedin,
        ImportFormat::Vcard,
        ImportFormat::Google,
        ImportFormat::Csv,
        ImportFormat::Json,
        ImportFormat::Mbox,
        ImportFormat::Maildir,
        ImportFormat::Ics,
    ];

    /// Reads a format name as a user types it (`vcf` and `ical` are accepted too); the error lists
    /// the formats there are.
    pub fn parse(field: &str, s: &str) -> Result<ImportFormat, kith_core::ValidationError> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "linkedin" => ImportFormat::Linkedin,
            "vcard" | "vcf" => ImportFormat::Vcard,
            "google" => ImportFormat::Google,
            "csv" => ImportFormat::Csv,
            "json" => ImportFormat::Json,
            "mbox" => ImportFormat::Mbox,
            "maildir" => ImportFormat::Maildir,
            "ics" | "ical" | "icalendar" => ImportFormat::Ics,
            _ => {
                let names: Vec<&str> = ImportFormat::ALL.iter().map(|f| f.name()).collect();
                return Err(kith_core::ValidationError::new(
                    field,
                    s,
                    format!("unknown format; use one of {}", names.join(", ")),
                ));
            }
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            ImportFormat::Linkedin => "linkedin",
            ImportFormat::Vcard => "vcard",
            ImportFormat::Google => "google",
            ImportFormat::Csv => "csv",
            ImportFormat::Json => "json",
            ImportFormat::Mbox => "mbox",
            ImportFormat::Maildir => "maildir",
            ImportFormat::Ics => "ics",
        }
    }

    /// What the format is, for a person choosing one.
    pub fn label(self) -> &'static str {
        match self {
            ImportFormat::Linkedin => "LinkedIn Connections.csv",
            ImportFormat::Vcard => "vCard (.vcf) address book",
            ImportFormat::Google => "Google Contacts CSV",
            ImportFormat::Csv => "Any CSV, with a column mapping",
            ImportFormat::Json => "kith JSON backup",
            ImportFormat::Mbox => "Mail (mbox): touches with known contacts",
            ImportFormat::Maildir => "Mail (Maildir folder)",
            ImportFormat::Ics => "Calendar (.ics): meetings with known contacts",
        }
    }

    /// Whether the format brings touches (mail, calendar) rather than contacts.
    pub fn finds_touches(self) -> bool {
        matches!(self, ImportFormat::Mbox | ImportFormat::Maildir | ImportFormat::Ics)
    }
}

/// What a file held, read and checked, before anything is written.
#[derive(Debug, Clone)]
pub enum Parsed {
    /// `current_jobs`: the file says where each person works now (a LinkedIn export).
    Contacts {
        file: ContactFile,
        connections: Option<u32>,
        current_jobs: bool,
    },
    Touches(TouchFile),
    Backup(Box<backup::Backup>),
}

impl Parsed {
    /// Every record that could not be used, each located.
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            Parsed::Contacts { file, .. } => file.problems().cloned().collect(),
            Parsed::Touches(t) => t.problems.clone(),
            Parsed::Backup(_) => Vec::new(),
        }
    }

    /// Things read only in part: imported, worth a look.
    pub fn warnings(&self) -> &[Problem] {
        match self {
            Parsed::Touches(t) => &t.warnings,
            _ => &[],
        }
    }

    /// How many records an import that skips invalid ones leaves out.
    pub fn skipped(&self) -> u64 {
        match self {
            Parsed::Contacts { file, .. } => file.rejected.len() as u64,
            Parsed::Touches(t) => t.problems.len() as u64,
            Parsed::Backup(_) => 0,
        }
    }

    /// The rejected records as a file of the same format, to fix and import again (contact
    /// formats only; `None` when nothing was rejected).
    pub fn rejects_file(&self) -> Option<String> {
        match self {
            Parsed::Contacts { file, .. } if !file.rejected.is_empty() => Some(file.rejects_file()),
            _ => None,
        }
    }

    /// The LinkedIn connection count the file gives.
    pub fn connections(&self) -> Option<u32> {
        match self {
            Parsed::Contacts { connections, .. } => *connections,
            _ => None,
        }
    }
}

/// Reads a file's bytes. `map` is the column mapping of the `csv` format; `today` bounds the
/// expansion of recurring calendar events.
pub fn read_bytes(
    format: ImportFormat,
    bytes: &[u8],
    map: Option<&str>,
    today: NaiveDate,
) -> Result<Parsed, FormatError> {
    let contacts = |file: ContactFile| Parsed::Contacts { file, connections: None, current_jobs: false };
    if map.is_some() && format != ImportFormat::Csv {
        return Err(FormatError::new(
            0,
            "--map",
            format!("only the csv format takes a column mapping, not {}", format.name()),
        ));
    }
    Ok(match format {
        ImportFormat::Linkedin => {
            let l = csv::linkedin::read_with_count(bytes)?;
            Parsed::Contacts { file: l.file, connections: u32::try_from(l.connections).ok(), current_jobs: true }
        }
        ImportFormat::Vcard => contacts(vcard::read_bytes(bytes)?),
        ImportFormat::Google => contacts(csv::google::read(bytes)?),
        ImportFormat::Csv => {
            let map = map.ok_or_else(|| {
                FormatError::new(
                    0,
                    "--map",
                    "the csv format needs a column mapping, e.g. --map \"Full name=name,Mail=email\"",
                )
            })?;
            contacts(csv::mapped::read(bytes, map)?)
        }
        ImportFormat::Json => Parsed::Backup(Box::new(backup::read(bytes)?)),
        ImportFormat::Mbox => Parsed::Touches(mail::read_mbox(bytes)?),
        ImportFormat::Ics => Parsed::Touches(ics::read_touches(bytes, today)?),
        ImportFormat::Maildir => {
            return Err(FormatError::new(0, "FORMAT", "a Maildir is a folder: import it from the command line"));
        }
    })
}

/// Reads a Maildir folder (`cur/`, `new/`).
pub fn read_maildir(dir: &Path) -> Result<Parsed, FormatError> {
    Ok(Parsed::Touches(mail::read_maildir(dir)?))
}

/// Leaves out the touches no person wrote to people — mailing lists, automatic replies, no-reply
/// senders, more than `max_recipients` people, only the user's own addresses (`me`, lower-cased) —
/// by the rule the mailbox sync follows (`kith_formats::mail::skip_reason`); returns how many.
pub fn drop_automated(parsed: &mut Parsed, max_recipients: usize, me: &[String]) -> u64 {
    let Parsed::Touches(file) = parsed else { return 0 };
    let before = file.touches.len();
    file.touches.retain(|t| mail::skip_reason(t, max_recipients, me).is_none());
    (before - file.touches.len()) as u64
}

/// Hands what was read to the store in one transaction (rolled back on a dry run). Records with
/// problems are left out: callers refuse the import first unless the user chose to skip them. A
/// backup the store finds wrong (a note too long, a uid used twice) is a [`FormatError`] naming
/// the line of the file where the element at fault starts.
pub async fn apply(store: &dyn Store, parsed: Parsed, options: &ImportOptions) -> Result<ImportReport, ImportFailure> {
    if let Parsed::Backup(b) = parsed {
        let backup::Backup { snapshot, lines, .. } = *b;
        return store.restore(snapshot, options).await.map_err(|e| match e {
            kith_store::StoreError::Invalid(v) => {
                let line = lines.line_of(&v.field).unwrap_or(0);
                ImportFailure::Format(FormatError::new(line, v.field, format!("'{}': {}", v.value, v.message)))
            }
            other => ImportFailure::Store(other),
        });
    }
    Ok(apply_store(store, parsed, options).await?)
}

async fn apply_store(store: &dyn Store, parsed: Parsed, options: &ImportOptions) -> StoreResult<ImportReport> {
    match parsed {
        Parsed::Contacts { file, connections, current_jobs } => {
            // The cards that name related people, by UID (or name): once everyone in the file is
            // a contact, their related names become relationships.
            let related: Vec<(Option<String>, String)> = file
                .records
                .iter()
                .filter(|r| r.extra.iter().any(|l| crate::relationships::names_related(l)))
                .map(|r| (vcard::uid_of(&r.extra), r.contact.name.clone()))
                .collect();
            let contacts = file
                .records
                .into_iter()
                .map(|r| ImportContact {
                    line: r.line,
                    contact: r.contact,
                    extra: r.extra,
                    connected_on: r.connected_on,
                })
                .collect();
            let batch = ImportBatch { contacts, touches: Vec::new(), linkedin_connections: connections, current_jobs };
            let report = store.import(batch, options).await?;
            if !options.dry_run && !related.is_empty() {
                let mut ids = Vec::with_capacity(related.len());
                for (uid, name) in &related {
                    let by_uid = match uid {
                        Some(u) => store.contact_with_uid(u).await?,
                        None => None,
                    };
                    ids.extend(by_uid.or(store.resolve(name).await.ok()));
                }
                crate::relationships::absorb_related(store, &ids).await?;
            }
            Ok(report)
        }
        Parsed::Touches(file) => {
            let touches = file.touches.into_iter().map(touch).collect();
            store.import(ImportBatch { touches, ..Default::default() }, options).await
        }
        Parsed::Backup(b) => store.restore(b.snapshot, options).await,
    }
}

/// A touch read from a file or a mailbox, as the store records it.
pub(crate) fn touch(t: TouchRecord) -> ImportTouch {
    ImportTouch {
        line: t.line,
        key: t.key,
        kind: t.kind,
        on: t.on,
        minutes: t.minutes,
        note: t.subject,
        from: t.from,
        to: t.to,
        replies_to: t.replies_to,
    }
}

/// How to import a file, as a form or an API call asks for it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ImportRequest {
    pub format: ImportFormat,
    /// The circle of contacts the import creates.
    pub circle: kith_core::Circle,
    /// The user's own addresses, beside the configured ones (mail and calendar imports).
    pub me: Vec<String>,
    /// Import the valid records and leave the others out, instead of refusing the file.
    pub skip_invalid: bool,
    /// The `csv` format's column mapping.
    pub map: Option<String>,
}

/// What an import did, would do, or why it was refused.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    pub report: crate::views::ImportReportView,
    /// The records left out, as a file of the same format to fix and import again.
    pub rejects: Option<String>,
    /// Invalid records were found and skipping them was not asked for: nothing was written.
    pub refused: bool,
}

/// Reads `bytes` and imports them in one transaction (or only reports, on a dry run). A file that
/// cannot be read at all is a [`FormatError`]; invalid records refuse the whole file unless
/// `skip_invalid`.
pub async fn import_bytes(
    store: &dyn Store,
    request: &ImportRequest,
    bytes: &[u8],
    settings: &crate::Settings,
    today: NaiveDate,
    dry_run: bool,
) -> Result<ImportOutcome, ImportFailure> {
    let mut parsed = read_bytes(request.format, bytes, request.map.as_deref(), today)?;
    let problems = parsed.problems();
    let warnings = parsed.warnings().to_vec();
    let connections = parsed.connections();
    let rejects = parsed.rejects_file();
    if !problems.is_empty() && !request.skip_invalid {
        let report = crate::views::ImportReportView::new(
            &ImportReport::default(),
            &problems,
            &warnings,
            dry_run,
            connections,
            0,
        );
        return Ok(ImportOutcome { report, rejects, refused: true });
    }
    let skipped = parsed.skipped();
    let mut me: Vec<String> = settings.me.iter().map(|a| a.trim().to_lowercase()).collect();
    me.extend(request.me.iter().map(|a| a.trim().to_lowercase()).filter(|a| !a.is_empty()));
    let by_rule = drop_automated(&mut parsed, settings.sync.max_recipients, &me);
    let options = ImportOptions { today, dry_run, circle: request.circle, me, weights: settings.weights };
    let report = apply(store, parsed, &options).await?;
    let mut view = crate::views::ImportReportView::new(&report, &problems, &warnings, dry_run, connections, skipped);
    view.skipped_by_rule = by_rule;
    Ok(ImportOutcome { report: view, rejects, refused: false })
}

/// Why an import could not run.
#[derive(Debug)]
pub enum ImportFailure {
    /// The file cannot be read as the format at all.
    Format(FormatError),
    Store(kith_store::StoreError),
}

impl From<FormatError> for ImportFailure {
    fn from(e: FormatError) -> Self {
        ImportFailure::Format(e)
    }
}

impl From<kith_store::StoreError> for ImportFailure {
    fn from(e: kith_store::StoreError) -> Self {
        ImportFailure::Store(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mailbox_import_leaves_out_what_no_person_wrote_as_the_sync_does() {
        let mbox = "From a Mon Mar  2 10:00:00 2026\nFrom: ada@example.org\nTo: me@home.org\nDate: Mon, 2 Mar 2026 10:00:00 +0000\nMessage-ID: <1@x>\n\nhi\n\n\
                    From b Mon Mar  2 11:00:00 2026\nFrom: news@lists.example\nTo: me@home.org\nList-Id: <n.lists.example>\nDate: Mon, 2 Mar 2026 11:00:00 +0000\n\nnews\n\n\
                    From c Mon Mar  2 12:00:00 2026\nFrom: me@home.org\nTo: me@home.org\nDate: Mon, 2 Mar 2026 12:00:00 +0000\n\nnote to self\n";
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let mut parsed = read_bytes(ImportFormat::Mbox, mbox.as_bytes(), None, today).unwrap();
        let Parsed::Touches(read) = &parsed else { panic!("touches") };
        assert_eq!(read.touches.len(), 3, "{read:?}");
        assert_eq!(drop_automated(&mut parsed, 20, &["me@home.org".to_string()]), 2);
        let Parsed::Touches(file) = parsed else { panic!("touches") };
        assert_eq!(file.touches.len(), 1);
        assert_eq!(file.touches[0].from.as_deref(), Some("ada@example.org"));
    }
}
