//! `import FORMAT FILE`: read a file with kith-formats, hand the records to the store in one
//! transaction, and say what happened. Invalid records stop the import (nothing written) unless
//! `--skip-invalid`, which imports the rest and writes the rejected records to a file to fix.

use std::path::{Path, PathBuf};

use kith_app::{
    exchange::{self, ImportFormat, Parsed},
    views::{ImportReportView, PROBLEMS_LISTED},
    wording::count,
};

/// Problems and warnings the summary after an import lists (a refused import lists more).
const SUMMARY_LISTED: usize = 20;
use kith_core::Circle;
use kith_formats::{FormatError, Problem};
use kith_store::{ImportOptions, ImportReport};

use crate::{
    cli::ImportArgs,
    context::Ctx,
    error::{CliError, CliResult},
    output::print_json,
    progress::Progress,
};

pub async fn import(ctx: &Ctx, args: ImportArgs) -> CliResult<()> {
    let format = ImportFormat::parse("FORMAT", &args.format)?;
    let circle = match &args.circle {
        Some(c) => c.parse::<Circle>()?,
        None => Circle::Dormant,
    };
    if args.map.is_some() && format != ImportFormat::Csv {
        return Err(CliError::user(format!(
            "--map: only the csv format takes a column mapping, not {}",
            format.name()
        )));
    }
    let shown = args.file.display().to_string();
    let progress = Progress::for_file(&args.file);
    progress.say(&format!("Reading {shown}"));
    let file_error = |e: FormatError| match e.line {
        0 => CliError::user(format!("{} '{shown}': {}", e.field, e.message)),
        line => CliError::user(format!("{shown}:{line}: {}: {}", e.field, e.message)),
    };
    let mut parsed = read(format, &args, ctx).map_err(file_error)?;
    crate::timing::mark("parse");
    let mut me: Vec<String> = ctx.config.me.iter().map(|a| a.trim().to_lowercase()).collect();
    me.extend(args.me.iter().map(|a| a.trim().to_lowercase()));
    let by_rule = exchange::drop_automated(&mut parsed, ctx.config.sync.max_recipients, &me);
    let options = ImportOptions { today: ctx.today, dry_run: args.dry_run, circle, me, weights: ctx.config.weights };

    let problems = parsed.problems();
    let warnings = parsed.warnings().to_vec();
    let connections = parsed.connections();
    if !problems.is_empty() && !args.skip_invalid {
        progress.done();
        if ctx.json {
            let view =
                ImportReportView::new(&ImportReport::default(), &problems, &warnings, args.dry_run, connections, 0);
            print_json(&view)?;
        }
        for p in problems.iter().take(PROBLEMS_LISTED) {
            eprintln!("{shown}:{}: {}", p.line, located(p));
        }
        // The records at fault, all of them, where the user asked for them.
        let written = match (&args.rejects, parsed.rejects_file()) {
            (Some(path), Some(text)) => {
                std::fs::write(path, text)
                    .map_err(|e| CliError::user(format!("--rejects '{}': cannot write: {e}", path.display())))?;
                Some(path.display().to_string())
            }
            _ => None,
        };
        if problems.len() > PROBLEMS_LISTED {
            let more = problems.len() - PROBLEMS_LISTED;
            match &written {
                Some(path) => eprintln!("{shown}: … and {more} more problems; every record at fault is in {path}"),
                None => eprintln!("{shown}: … and {more} more problems (every record at fault with --rejects FILE)"),
            }
        }
        let what = if problems.len() == 1 { "1 problem" } else { &format!("{} problems", problems.len()) };
        return Err(CliError::user(format!(
            "{shown}: {what}; nothing was imported (fix the file, or pass --skip-invalid to import the rest)"
        )));
    }
    let skipped = parsed.skipped();
    let rejects_path = match parsed.rejects_file().filter(|_| !args.dry_run) {
        Some(text) => {
            let path = args.rejects.clone().unwrap_or_else(|| rejects_beside(&args.file));
            std::fs::write(&path, text)
                .map_err(|e| CliError::user(format!("--rejects '{}': cannot write: {e}", path.display())))?;
            Some(path.display().to_string())
        }
        None => None,
    };

    progress.say(&format!("Importing {shown}"));
    let report = exchange::apply(ctx.store.as_ref(), parsed, &options).await.map_err(|e| match e {
        exchange::ImportFailure::Format(e) => file_error(e),
        exchange::ImportFailure::Store(e) => e.into(),
    })?;
    crate::timing::mark("store");
    progress.done();
    if ctx.json {
        let mut view = ImportReportView::new(&report, &problems, &warnings, args.dry_run, connections, skipped);
        view.rejects_file = rejects_path;
        view.skipped_by_rule = by_rule;
        return print_json(&view);
    }
    // Contacts whose circle nobody chose wait in the triage: the report points there.
    let unsorted = if args.dry_run || report.created == 0 { 0 } else { ctx.store.count_unsorted().await? };
    print_human(
        &report,
        &problems,
        &warnings,
        &Summary {
            shown: &shown,
            format,
            dry_run: args.dry_run,
            connections,
            rejects_path,
            skipped,
            unsorted,
            by_rule,
        },
    );
    Ok(())
}

fn read(format: ImportFormat, args: &ImportArgs, ctx: &Ctx) -> Result<Parsed, FormatError> {
    if format == ImportFormat::Maildir {
        return exchange::read_maildir(&args.file);
    }
    let bytes = std::fs::read(&args.file).map_err(|e| FormatError::new(0, "FILE", cannot_read(&args.file, &e)))?;
    exchange::read_bytes(format, &bytes, args.map.as_deref(), ctx.today)
}

fn cannot_read(path: &Path, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::IsADirectory => format!("{} is a folder; only maildir imports a folder", path.display()),
        _ => format!("cannot read it: {e}"),
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

struct Summary<'a> {
    shown: &'a str,
    format: ImportFormat,
    dry_run: bool,
    connections: Option<u32>,
    rejects_path: Option<String>,
    skipped: u64,
    /// Contacts waiting in the triage after the import.
    unsorted: u64,
    /// Messages or meetings left out by rule (lists, automatic replies, announcements…).
    by_rule: u64,
}

fn print_human(r: &ImportReport, problems: &[Problem], warnings: &[Problem], s: &Summary<'_>) {
    let verb = if s.dry_run { "Would import" } else { "Imported" };
    match s.format {
        ImportFormat::Mbox | ImportFormat::Maildir | ImportFormat::Ics => {
            let what = if s.format == ImportFormat::Ics { "meetings" } else { "messages" };
            say!(
                "{verb} {} ({}): {} touches recorded; {} {what} already imported; {} with nobody you know; {} dated after today.",
                s.shown,
                s.format.name(),
                r.interactions,
                r.duplicates,
                r.unmatched,
                r.future
            );
            if s.by_rule > 0 {
                say!(
                    "{} {what} left out by rule: mailing lists, automatic replies, no-reply senders, announcements, your own addresses.",
                    s.by_rule
                );
            }
            if r.campaign.sent + r.campaign.replied > 0 {
                say!(
                    "Campaigns: {} found sent, {} replied (see kith campaign list).",
                    count(r.campaign.sent as usize, "message", "messages"),
                    count(r.campaign.replied as usize, "contact", "contacts")
                );
            }
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
            if s.unsorted > 0 {
                say!(
                    "  {} to be sorted into circles, the warmest first: kith triage",
                    count(s.unsorted as usize, "contact waits", "contacts wait")
                );
            }
            if let Some(n) = s.connections {
                say!("  LinkedIn connections: {n}");
            }
            for moved in &r.job_changes {
                say!("  {moved}: in this week's plan, to congratulate");
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
        for p in problems.iter().take(SUMMARY_LISTED) {
            say!("  line {}: {}", p.line, located(p));
        }
        if problems.len() > SUMMARY_LISTED {
            say!("  … and {} more", problems.len() - SUMMARY_LISTED);
        }
    }
    if !warnings.is_empty() {
        say!("Read in part:");
        for p in warnings.iter().take(SUMMARY_LISTED) {
            say!("  line {}: {}", p.line, located(p));
        }
        if warnings.len() > SUMMARY_LISTED {
            say!("  … and {} more (all of them with --json)", warnings.len() - SUMMARY_LISTED);
        }
    }
    if s.dry_run {
        say!("Dry run: nothing was written.");
    }
}
