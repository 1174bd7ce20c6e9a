//! `import FORMAT FILE`: read a file with kith-formats, hand the records to the store in one
//! transaction, and say what happened. Invalid records stop the import (nothing written) unless
//! `--skip-invalid`, which imports the rest and writes the rejected records to a file to fix.

use std::path::{Path, PathBuf};

use kith_core::Circle;
use kith_formats::{ContactFile, FormatError, Problem, TouchFile, backup, csv, ics, mail, vcard};
use kith_store::{ImportBatch, ImportContact, ImportOptions, ImportReport, ImportTouch};
use serde::Serialize;

use crate::{
    cli::ImportArgs,
    context::Ctx,
    error::{CliError, CliResult},
    output::print_json,
    progress::Progress,
};

/// The formats `kith import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Linkedin,
    Vcard,
    Google,
    Csv,
    Json,
    Mbox,
    Maildir,
    Ics,
}

const FORMATS: &str = "linkedin, vcard, google, csv, json, mbox, maildir, ics";

impl Format {
    fn parse(s: &str) -> CliResult<Format> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "linkedin" => Format::Linkedin,
            "vcard" | "vcf" => Format::Vcard,
            "google" => Format::Google,
            "csv" => Format::Csv,
            "json" => Format::Json,
            "mbox" => Format::Mbox,
            "maildir" => Format::Maildir,
            "ics" | "ical" | "icalendar" => Format::Ics,
            _ => return Err(CliError::user(format!("FORMAT '{s}': unknown format; use one of {FORMATS}"))),
        })
    }

    fn name(self) -> &'static str {
        match self {
            Format::Linkedin => "linkedin",
            Format::Vcard => "vcard",
            Format::Google => "google",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Mbox => "mbox",
            Format::Maildir => "maildir",
            Format::Ics => "ics",
        }
    }
}

/// What a file held.
enum Parsed {
    Contacts { file: ContactFile, connections: Option<u32> },
    Touches(TouchFile),
    Backup(backup::Backup),
}

/// One problem, as the JSON report lists it.
#[derive(Debug, Serialize)]
struct ErrorView<'a> {
    line: usize,
    record: Option<usize>,
    field: &'a str,
    message: &'a str,
}

/// The import report of the CLI contract, with what kith adds.
#[derive(Debug, Serialize)]
struct ReportView<'a> {
    created: u64,
    merged: u64,
    skipped: u64,
    errors: Vec<ErrorView<'a>>,
    /// Read only in part (a recurrence kith cannot follow): imported, worth a look.
    warnings: Vec<ErrorView<'a>>,
    dry_run: bool,
    interactions: u64,
    duplicates: u64,
    unmatched: u64,
    future: u64,
    linkedin_connections: Option<u32>,
    rejects_file: Option<String>,
    created_ids: &'a [i64],
    merges: &'a [kith_store::MergeNote],
    unknown_correspondents: &'a [kith_store::Correspondent],
}

pub async fn import(ctx: &Ctx, args: ImportArgs) -> CliResult<()> {
    let format = Format::parse(&args.format)?;
    let circle = match &args.circle {
        Some(c) => c.parse::<Circle>()?,
        None => Circle::Dormant,
    };
    if args.map.is_some() && format != Format::Csv {
        return Err(CliError::user(format!(
            "--map: only the csv format takes a column mapping, not {}",
            format.name()
        )));
    }
    let shown = args.file.display().to_string();
    let progress = Progress::for_file(&args.file);
    progress.say(&format!("Reading {shown}"));
    let parsed = read(format, &args, ctx).map_err(|e| match e.line {
        0 => CliError::user(format!("{} '{shown}': {}", e.field, e.message)),
        line => CliError::user(format!("{shown}:{line}: {}: {}", e.field, e.message)),
    })?;
    let mut me = ctx.config.me.clone();
    me.extend(args.me.iter().map(|a| a.trim().to_lowercase()));
    let options = ImportOptions { today: ctx.today, dry_run: args.dry_run, circle, me, weights: ctx.config.weights };

    let (problems, rejects_text, connections) = match &parsed {
        Parsed::Contacts { file, connections } => {
            (file.problems().cloned().collect::<Vec<_>>(), Some(file.rejects_file()), *connections)
        }
        Parsed::Touches(t) => (t.problems.clone(), None, None),
        Parsed::Backup(_) => (Vec::new(), None, None),
    };
    let warnings = match &parsed {
        Parsed::Touches(t) => t.warnings.clone(),
        _ => Vec::new(),
    };
    if !problems.is_empty() && !args.skip_invalid {
        progress.done();
        if ctx.json {
            let empty = ImportReport::default();
            print_report(&empty, &problems, &warnings, args.dry_run, connections, None, 0)?;
        }
        for p in &problems {
            eprintln!("{shown}:{}: {}", p.line, located(p));
        }
        let what = if problems.len() == 1 { "1 problem" } else { &format!("{} problems", problems.len()) };
        return Err(CliError::user(format!(
            "{shown}: {what}; nothing was imported (fix the file, or pass --skip-invalid to import the rest)"
        )));
    }
    let skipped = match &parsed {
        Parsed::Contacts { file, .. } => file.rejected.len() as u64,
        Parsed::Touches(t) => t.problems.len() as u64,
        Parsed::Backup(_) => 0,
    };
    let rejects_path = match rejects_text.filter(|_| skipped > 0 && !args.dry_run) {
        Some(text) => {
            let path = args.rejects.clone().unwrap_or_else(|| rejects_beside(&args.file));
            std::fs::write(&path, text)
                .map_err(|e| CliError::user(format!("--rejects '{}': cannot write: {e}", path.display())))?;
            Some(path.display().to_string())
        }
        None => None,
    };

    progress.say(&format!("Importing {shown}"));
    let report = match parsed {
        Parsed::Contacts { file, connections } => {
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
            let batch = ImportBatch { contacts, touches: Vec::new(), linkedin_connections: connections };
            ctx.store.import(batch, &options).await?
        }
        Parsed::Touches(file) => {
            let touches = file.touches.into_iter().map(touch).collect();
            ctx.store.import(ImportBatch { touches, ..Default::default() }, &options).await?
        }
        Parsed::Backup(b) => ctx.store.restore(b.snapshot, &options).await?,
    };
    progress.done();
    if ctx.json {
        return print_report(&report, &problems, &warnings, args.dry_run, connections, rejects_path, skipped);
    }
    print_human(
        &report,
        &problems,
        &warnings,
        &Summary { shown: &shown, format, dry_run: args.dry_run, connections, rejects_path, skipped },
    );
    Ok(())
}

fn read(format: Format, args: &ImportArgs, ctx: &Ctx) -> Result<Parsed, FormatError> {
    if format == Format::Maildir {
        return Ok(Parsed::Touches(mail::read_maildir(&args.file)?));
    }
    let bytes = std::fs::read(&args.file).map_err(|e| FormatError::new(0, "FILE", cannot_read(&args.file, &e)))?;
    let contacts = |file: ContactFile| Parsed::Contacts { file, connections: None };
    Ok(match format {
        Format::Linkedin => {
            let l = csv::linkedin::read_with_count(&bytes)?;
            Parsed::Contacts { file: l.file, connections: u32::try_from(l.connections).ok() }
        }
        Format::Vcard => contacts(vcard::read_bytes(&bytes)?),
        Format::Google => contacts(csv::google::read(&bytes)?),
        Format::Csv => {
            let map = args.map.as_deref().ok_or_else(|| {
                FormatError::new(
                    0,
                    "--map",
                    "the csv format needs a column mapping, e.g. --map \"Full name=name,Mail=email\"",
                )
            })?;
            contacts(csv::mapped::read(&bytes, map)?)
        }
        Format::Json => Parsed::Backup(backup::read(&bytes)?),
        Format::Mbox => Parsed::Touches(mail::read_mbox(&bytes)?),
        Format::Ics => Parsed::Touches(ics::read_touches(&bytes, ctx.today)?),
        Format::Maildir => unreachable!("read above"),
    })
}

fn cannot_read(path: &Path, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::IsADirectory => format!("{} is a folder; only maildir imports a folder", path.display()),
        _ => format!("cannot read it: {e}"),
    }
}

fn touch(t: kith_formats::TouchRecord) -> ImportTouch {
    ImportTouch {
        line: t.line,
        key: t.key,
        kind: t.kind,
        on: t.on,
        minutes: t.minutes,
        note: t.subject,
        from: t.from,
        to: t.to,
    }
}

/// `Connections.csv` → `Connections.rejected.csv`, beside the input.
fn rejects_beside(file: &Path) -> PathBuf {
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "import".into());
    let name = match file.extension() {
        Some(ext) => format!("{stem}.rejected.{}", ext.to_string_lossy()),
        None => format!("{stem}.rejected"),
    };
    file.with_file_name(name)
}

fn located(p: &Problem) -> String {
    match p.record {
        Some(r) if r > 0 => format!("record {r}, {}: {}", p.field, p.message),
        _ => format!("{}: {}", p.field, p.message),
    }
}

fn print_report(
    r: &ImportReport,
    problems: &[Problem],
    warnings: &[Problem],
    dry_run: bool,
    connections: Option<u32>,
    rejects_file: Option<String>,
    skipped: u64,
) -> CliResult<()> {
    let errors = problems
        .iter()
        .map(|p| ErrorView { line: p.line, record: p.record, field: &p.field, message: &p.message })
        .collect();
    let warnings = warnings
        .iter()
        .map(|p| ErrorView { line: p.line, record: p.record, field: &p.field, message: &p.message })
        .collect();
    print_json(&ReportView {
        created: r.created,
        merged: r.merged,
        skipped,
        errors,
        warnings,
        dry_run,
        interactions: r.interactions,
        duplicates: r.duplicates,
        unmatched: r.unmatched,
        future: r.future,
        linkedin_connections: connections,
        rejects_file,
        created_ids: &r.created_ids,
        merges: &r.merges,
        unknown_correspondents: &r.unknown_correspondents,
    })
}

struct Summary<'a> {
    shown: &'a str,
    format: Format,
    dry_run: bool,
    connections: Option<u32>,
    rejects_path: Option<String>,
    skipped: u64,
}

fn print_human(r: &ImportReport, problems: &[Problem], warnings: &[Problem], s: &Summary<'_>) {
    let verb = if s.dry_run { "Would import" } else { "Imported" };
    match s.format {
        Format::Mbox | Format::Maildir | Format::Ics => {
            let what = if s.format == Format::Ics { "meetings" } else { "messages" };
            say!(
                "{verb} {} ({}): {} touches recorded; {} {what} already imported; {} with nobody you know; {} dated after today.",
                s.shown,
                s.format.name(),
                r.interactions,
                r.duplicates,
                r.unmatched,
                r.future
            );
            if !r.unknown_correspondents.is_empty() {
                say!("People you correspond with who are not contacts (add them with kith add NAME --email ADDR):");
                for c in r.unknown_correspondents.iter().take(10) {
                    say!("  {:>5}  {}  (last {})", c.messages, c.address, c.last_on);
                }
                if r.unknown_correspondents.len() > 10 {
                    say!("  … and {} more (all of them with --json)", r.unknown_correspondents.len() - 10);
                }
            }
        }
        _ => {
            say!(
                "{verb} {} ({}): {} created, {} merged, {} skipped, {} touches recorded.",
                s.shown,
                s.format.name(),
                r.created,
                r.merged,
                s.skipped,
                r.interactions
            );
            if r.created > 0 && s.format != Format::Json {
                say!(
                    "  New contacts start in the dormant circle, never nagged: sort them with kith edit WHO --circle C"
                );
                say!("  (kith list --circle dormant lists them).");
            }
            if let Some(n) = s.connections {
                say!("  LinkedIn connections: {n}");
            }
            for m in r.merges.iter().filter(|m| !m.kept.is_empty() || !m.added.is_empty()).take(20) {
                let who = m.id.map(|id| format!("#{id}")).unwrap_or_else(|| "an earlier line".into());
                let mut parts = Vec::new();
                if !m.added.is_empty() {
                    parts.push(format!("added {}", m.added.join(", ")));
                }
                for k in &m.kept {
                    parts.push(format!("kept {} '{}' (file: '{}')", k.field, k.kept, k.offered));
                }
                say!(
                    "  line {}: {} merged into {who} by {}: {}",
                    m.line,
                    m.name,
                    m.matched_by.as_str(),
                    parts.join("; ")
                );
            }
        }
    }
    if s.skipped > 0 {
        match &s.rejects_path {
            Some(path) => say!("Skipped {} invalid records; fix them in {path} and import it again:", s.skipped),
            None => say!("Skipped {} unreadable records:", s.skipped),
        }
        for p in problems.iter().take(20) {
            say!("  line {}: {}", p.line, located(p));
        }
    }
    if !warnings.is_empty() {
        say!("Read in part:");
        for p in warnings.iter().take(20) {
            say!("  line {}: {}", p.line, located(p));
        }
    }
    if s.dry_run {
        say!("Dry run: nothing was written.");
    }
}
