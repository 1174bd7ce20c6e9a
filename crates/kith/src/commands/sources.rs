//! `source` adds, lists, pauses and removes the mailboxes and calendars kith follows, and lists
//! the people seen on them who are not contacts; `sync` runs every (or the named) source once.

use std::io::Read;

use clap::{Args, Subcommand};
use kith_app::sources::{self, NewSourceRequest, SyncContext, SyncReport, suggestions};

use crate::{
    context::Ctx,
    error::{CliError, CliResult},
    output::print_json,
    table::TableOut,
};

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Follow a mailbox (imap) or a calendar (ics)
    #[command(subcommand)]
    Add(AddSource),
    /// The sources, how their last sync went, and when the next is due
    List,
    /// Stop following a source (the touches it recorded stay)
    Remove {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Leave a source alone until it is resumed
    Pause {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Sync a paused source again (at once, without its back-off)
    Resume {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// People you wrote to at least twice, or met, who are not contacts: most often and most
    /// recently first
    Suggestions(SuggestionsArgs),
}

#[derive(Debug, Subcommand)]
pub enum AddSource {
    /// A mailbox on an IMAP server: INBOX and the sent folder unless --folder names others
    Imap {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(long, value_name = "H")]
        host: String,
        /// [default: 993 with tls, 143 otherwise]
        #[arg(long, value_name = "P")]
        port: Option<u16>,
        /// tls, starttls or none (none only for a server on this machine)
        #[arg(long, value_name = "MODE", default_value = "tls")]
        tls: String,
        #[arg(long, value_name = "U")]
        user: String,
        /// The environment variable holding the password (kept nowhere by kith)
        #[arg(long, value_name = "VAR", conflicts_with = "password_stdin", required_unless_present = "password_stdin")]
        password_env: Option<String>,
        /// Read the password from standard input; kept encrypted with a key outside the database
        #[arg(long)]
        password_stdin: bool,
        /// A folder to follow (repeatable)
        #[arg(long = "folder", value_name = "F")]
        folders: Vec<String>,
        /// Trust this one certificate (its SHA-256 fingerprint): a server with a self-signed one
        #[arg(long, value_name = "SHA256")]
        trust_cert: Option<String>,
    },
    /// A calendar: an http(s) or webcal address (Google's or Outlook's secret address in
    /// iCalendar format, kept encrypted) or a file's path
    Ics {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(long, value_name = "URL", conflicts_with = "url_stdin", required_unless_present = "url_stdin")]
        url: Option<String>,
        /// Read the address from standard input, so a secret address stays out of the shell's history
        #[arg(long)]
        url_stdin: bool,
    },
}

#[derive(Debug, Args)]
pub struct SuggestionsArgs {
    /// Add this person (by address) as a contact waiting in the triage
    #[arg(long, value_name = "ADDRESS", conflicts_with = "dismiss")]
    pub add: Option<String>,
    /// Never suggest this address again
    #[arg(long, value_name = "ADDRESS")]
    pub dismiss: Option<String>,
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The sources to sync [default: every one not paused]
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
}

pub async fn source(ctx: &Ctx, cmd: SourceCommand) -> CliResult<()> {
    let store = ctx.store.as_ref();
    match cmd {
        SourceCommand::Add(add) => {
            let request = request(add)?;
            let view = sources::view::add(store, &ctx.key_file(), &request, chrono::Utc::now()).await?;
            if ctx.json {
                return print_json(&view);
            }
            say!("Following '{}': {}. Sync it now with: kith sync {}", view.name, view.target, view.name);
            Ok(())
        }
        SourceCommand::List => list(ctx).await,
        SourceCommand::Remove { name } => {
            let view = sources::view::remove(store, &name).await?;
            if ctx.json {
                return print_json(&view);
            }
            say!("No longer following '{}'; the touches it recorded stay.", view.name);
            Ok(())
        }
        SourceCommand::Pause { name } => paused(ctx, &name, true).await,
        SourceCommand::Resume { name } => paused(ctx, &name, false).await,
        SourceCommand::Suggestions(args) => suggested(ctx, args).await,
    }
}

fn request(add: AddSource) -> CliResult<NewSourceRequest> {
    Ok(match add {
        AddSource::Imap { name, host, port, tls, user, password_env, password_stdin, folders, trust_cert } => {
            let password = if password_stdin { Some(stdin_line("--password-stdin", "password")?) } else { None };
            NewSourceRequest {
                kind: "imap".into(),
                name,
                host,
                port,
                tls: Some(tls),
                user,
                password,
                password_env,
                folders,
                trust_cert,
                ..NewSourceRequest::default()
            }
        }
        AddSource::Ics { name, url, url_stdin } => {
            let url = match url {
                Some(url) => url,
                None if url_stdin => stdin_line("--url-stdin", "calendar address")?.trim().to_string(),
                None => unreachable!("clap requires --url or --url-stdin"),
            };
            NewSourceRequest { kind: "ics".into(), name, url, ..NewSourceRequest::default() }
        }
    })
}

/// The first line of standard input (the line break a shell's `echo` adds is not part of it),
/// for a secret that must not be typed on the command line.
fn stdin_line(flag: &str, what: &str) -> CliResult<String> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    // Not trimmed: a password may begin or end with a space.
    let line = text.lines().next().unwrap_or("").to_string();
    if line.is_empty() {
        return Err(CliError::user(format!("{flag}: standard input held no {what}")));
    }
    Ok(line)
}

async fn paused(ctx: &Ctx, name: &str, pause: bool) -> CliResult<()> {
    let view = sources::view::set_paused(ctx.store.as_ref(), name, pause).await?;
    if ctx.json {
        return print_json(&view);
    }
    if pause {
        say!("'{}' is paused; resume it with: kith source resume {}", view.name, view.name);
    } else {
        say!("'{}' is followed again; the next sync runs at once.", view.name);
    }
    Ok(())
}

async fn list(ctx: &Ctx) -> CliResult<()> {
    let views = sources::view::list(ctx.store.as_ref()).await?;
    if ctx.json {
        return print_json(&views);
    }
    let mut table = TableOut::new(ctx.style, &["NAME", "KIND", "READS", "STATUS", "LAST GOOD SYNC", "NEXT"]);
    for v in &views {
        let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
            t.map(|t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_else(|| "—".into())
        };
        table
            .row()
            .cell(&v.name)
            .cell(&v.kind)
            .cell(&v.target)
            .cell(&v.status)
            .cell(when(v.last_ok_at))
            .cell(when(v.next_at));
    }
    table.print("No sources yet: kith source add imap NAME --host H --user U --password-stdin, or kith source add ics NAME --url URL")?;
    for v in views.iter().filter(|v| v.failing()) {
        say!();
        say!("'{}' is failing ({} in a row): {}", v.name, v.failures, v.last_error.as_deref().unwrap_or(""));
        say!("kith tries again by itself; once fixed, run: kith sync {}", v.name);
    }
    Ok(())
}

async fn suggested(ctx: &Ctx, args: SuggestionsArgs) -> CliResult<()> {
    let store = ctx.store.as_ref();
    if let Some(address) = &args.add {
        let id = suggestions::add(store, address, ctx.today, ctx.config.weights).await?;
        if ctx.json {
            return print_json(&serde_json::json!({ "added": address.trim().to_lowercase(), "id": id }));
        }
        say!("Added {address} as #{id}; sort them with: kith triage");
        return Ok(());
    }
    if let Some(address) = &args.dismiss {
        suggestions::dismiss(store, address).await?;
        if ctx.json {
            return print_json(&serde_json::json!({ "dismissed": address.trim().to_lowercase() }));
        }
        say!("{address} will not be suggested again.");
        return Ok(());
    }
    let list = suggestions::list(store, ctx.today, args.limit).await?;
    if ctx.json {
        return print_json(&list);
    }
    let mut table = TableOut::new(ctx.style, &["ADDRESS", "NAME", "WRITTEN", "MET", "LAST"]);
    for s in &list {
        table.row().cell(&s.address).cell(suggestions::name_for(s)).cell(s.written).cell(s.met).cell(s.last_on);
    }
    table.print("No suggestions: everyone you write to or meet is a contact (or dismissed).")?;
    if !list.is_empty() {
        say!("Add one with: kith source suggestions --add ADDRESS (or --dismiss ADDRESS)");
    }
    Ok(())
}

pub async fn sync(ctx: &Ctx, args: SyncArgs) -> CliResult<()> {
    let holder = sources::holder("kith-sync");
    let key_file = ctx.key_file();
    let sync = SyncContext {
        store: ctx.store.as_ref(),
        settings: &ctx.config,
        key_file: &key_file,
        today: ctx.today,
        now: chrono::Utc::now(),
        holder: &holder,
    };
    // Ctrl-C stops the sync where it is (the batch being written is rolled back, those before it
    // stay) and gives its leases back, so the next `kith sync` or server need not wait 30 minutes.
    let interrupted = crate::stop_signal::stop_signal(false)?;
    let reports = tokio::select! {
        reports = sources::sync_sources(sync, &args.names, false) => reports?,
        () = interrupted => {
            ctx.store.release_sources(&holder).await?;
            return Err(CliError::user(
                "stopped by Ctrl-C: what each source recorded before stays recorded, and `kith sync` goes on from there",
            ));
        }
    };
    let failed = reports.iter().any(|r| r.error.is_some());
    if ctx.json {
        print_json(&reports)?;
    } else {
        print_reports(ctx, &reports)?;
    }
    if failed {
        let n = reports.iter().filter(|r| r.error.is_some()).count();
        return Err(CliError::user(format!(
            "{n} of {} sources did not sync; what each recorded before stopping stays recorded",
            reports.len()
        )));
    }
    Ok(())
}

fn print_reports(ctx: &Ctx, reports: &[SyncReport]) -> CliResult<()> {
    let mut table = TableOut::new(
        ctx.style,
        &["SOURCE", "SEEN", "TOUCHES", "ALREADY", "SKIPPED BY RULE", "UNREADABLE", "NOBODY KNOWN", "UNKNOWN PEOPLE"],
    );
    for r in reports {
        table
            .row()
            .cell(&r.source)
            .cell(r.seen)
            .cell(r.recorded)
            .cell(r.duplicates)
            .cell(r.skipped_by_rule)
            .cell(r.unreadable)
            .cell(r.unmatched)
            .cell(r.unknown_correspondents);
    }
    table.print("No sources to sync: add one with kith source add")?;
    for r in reports {
        for s in &r.skipped {
            say!("{}: skipped {}: {}", r.source, s.place, s.reason);
        }
        if r.unchanged {
            say!("{}: the calendar has not changed since the last sync.", r.source);
        }
        if let Some(error) = &r.error {
            say!("{}: {error}", r.source);
        }
    }
    Ok(())
}
