//! `career [set|add|list|remove|brag]`: career readiness and the brag document.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use kith_app::career::{CareerView, status};
use kith_core::{
    brag::brag_document,
    career::{CareerPatch, NewAccomplishment},
    date::parse_date,
};

use crate::{
    context::Ctx,
    error::{CliError, CliResult},
    output::{print_json, print_table},
};

#[derive(Debug, Args)]
pub struct CareerArgs {
    #[command(subcommand)]
    pub command: Option<CareerCommand>,
}

#[derive(Debug, Subcommand)]
pub enum CareerCommand {
    /// Readiness: resume and LinkedIn profile last updated, connections, accomplishments, the score
    /// and what would raise it (the default)
    Status,
    /// Record when you updated your resume or LinkedIn profile, your connection count or target
    #[command(group(clap::ArgGroup::new("what").required(true).multiple(true)
        .args(["resume_updated", "linkedin_updated", "connections", "target"])))]
    Set {
        /// The day you last updated your resume (YYYY-MM-DD or today)
        #[arg(long, value_name = "DATE")]
        resume_updated: Option<String>,
        /// The day you last updated your LinkedIn profile (YYYY-MM-DD or today)
        #[arg(long, value_name = "DATE")]
        linkedin_updated: Option<String>,
        /// Your connection count (a later LinkedIn import replaces it, and it replaces the import's)
        #[arg(long, value_name = "N")]
        connections: Option<u32>,
        /// The connection count to aim for [default: 500]
        #[arg(long, value_name = "N")]
        target: Option<u32>,
    },
    /// Log an accomplishment: `kith career add "Shipped search" --outcome "p99 down 40%"`
    Add {
        /// What you did, in one line
        title: String,
        /// When (YYYY-MM-DD or today) [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// What came of it
        #[arg(long, value_name = "TEXT")]
        outcome: Option<String>,
        /// A link to show for it (http or https)
        #[arg(long, value_name = "URL")]
        link: Option<String>,
    },
    /// Every accomplishment, newest first
    List,
    /// Remove an accomplishment
    Remove {
        /// Accomplishment id (shown by `kith career list`)
        id: i64,
    },
    /// The brag document: accomplishments as Markdown by quarter and month, newest first
    Brag {
        /// Only accomplishments on or after this day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Write to this file instead of standard output
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// A date typed for `field`: `YYYY-MM-DD` or `today`.
fn day(ctx: &Ctx, field: &str, value: &str) -> CliResult<NaiveDate> {
    if value.trim().eq_ignore_ascii_case("today") {
        return Ok(ctx.today);
    }
    Ok(parse_date(field, value)?)
}

fn opt_day(ctx: &Ctx, field: &str, value: &Option<String>) -> CliResult<Option<NaiveDate>> {
    value.as_deref().map(|v| day(ctx, field, v)).transpose()
}

pub async fn career(ctx: &Ctx, args: CareerArgs) -> CliResult<()> {
    match args.command.unwrap_or(CareerCommand::Status) {
        CareerCommand::Status => show(ctx, &status(ctx.store.as_ref(), ctx.today).await?),
        CareerCommand::Set { resume_updated, linkedin_updated, connections, target } => {
            let patch = CareerPatch {
                resume_updated_on: opt_day(ctx, "resume-updated", &resume_updated)?,
                linkedin_updated_on: opt_day(ctx, "linkedin-updated", &linkedin_updated)?,
                connections,
                connections_target: target,
            };
            ctx.store.set_career(patch, ctx.today).await?;
            show(ctx, &status(ctx.store.as_ref(), ctx.today).await?)
        }
        CareerCommand::Add { title, on, outcome, link } => {
            let on = opt_day(ctx, "on", &on)?.unwrap_or(ctx.today);
            // The title is the positional TITLE on the command line.
            let new = NewAccomplishment { title, on, outcome, link }.validate(ctx.today).map_err(|e| {
                if e.field == "title" { kith_core::ValidationError { field: "TITLE".into(), ..e } } else { e }
            })?;
            let id = ctx.store.add_accomplishment(new.clone(), ctx.today).await?;
            if ctx.json {
                let a = kith_core::career::Accomplishment {
                    id,
                    title: new.title,
                    on: new.on,
                    outcome: new.outcome,
                    link: new.link,
                };
                return print_json(&a);
            }
            say!("Accomplishment #{id} logged for {}: {}", new.on, new.title);
            Ok(())
        }
        CareerCommand::List => {
            let items = ctx.store.accomplishments(None).await?;
            if ctx.json {
                return print_json(&items);
            }
            let st = &ctx.style;
            let mut table = st.table(&["ID", "ON", "ACCOMPLISHMENT", "OUTCOME"]);
            for a in &items {
                table.add_row(vec![
                    st.dim(comfy_table::Cell::new(a.id)),
                    comfy_table::Cell::new(a.on),
                    comfy_table::Cell::new(&a.title),
                    comfy_table::Cell::new(a.outcome.as_deref().unwrap_or("")),
                ]);
            }
            print_table(&table, "No accomplishments yet. Log one with: kith career add \"Shipped X\"")
        }
        CareerCommand::Remove { id } => {
            ctx.store.remove_accomplishment(id).await?;
            if ctx.json {
                return print_json(&serde_json::json!({ "id": id, "removed": true }));
            }
            say!("Accomplishment #{id} removed.");
            Ok(())
        }
        CareerCommand::Brag { since, output } => {
            let since = since.as_deref().map(|s| parse_date("since", s)).transpose()?;
            let items = ctx.store.accomplishments(since).await?;
            let doc = brag_document(&items, since);
            match output {
                Some(path) => {
                    std::fs::write(&path, &doc)
                        .map_err(|e| CliError::user(format!("--output '{}': cannot write: {e}", path.display())))?;
                    if !ctx.json {
                        say!("Brag document with {} accomplishments written to {}", items.len(), path.display());
                    } else {
                        print_json(&serde_json::json!({ "path": path, "accomplishments": items.len() }))?;
                    }
                    Ok(())
                }
                None => {
                    say!("{}", doc.trim_end_matches('\n'));
                    Ok(())
                }
            }
        }
    }
}

fn show(ctx: &Ctx, v: &CareerView) -> CliResult<()> {
    if ctx.json {
        return print_json(v);
    }
    let never = |d: Option<NaiveDate>| d.map_or("never".to_string(), |d| d.to_string());
    say!("{}", ctx.style.heading(&format!("Career readiness: {} / 100", v.score)));
    say!("  Resume updated        {} ({} / 25)", never(v.resume_updated_on), v.parts.resume);
    say!("  LinkedIn updated      {} ({} / 25)", never(v.linkedin_updated_on), v.parts.linkedin);
    let count = v.connections.map_or("unknown".to_string(), |n| n.to_string());
    say!("  Connections           {count} of {} ({} / 25)", v.connections_target, v.parts.connections);
    say!("  Accomplishments       {} this month ({} / 25)", v.accomplishments_this_month, v.parts.accomplishments);
    if v.next_actions.is_empty() {
        say!("Nothing to do: full marks.");
    } else {
        say!("{}", ctx.style.heading("Next"));
        for a in &v.next_actions {
            say!("  +{:>2}  {}", a.points, a.text);
        }
    }
    Ok(())
}
