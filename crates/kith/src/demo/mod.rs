//! `kith demo`: fill an empty database with a realistic generated network.

mod generate;
mod jobs;
mod names;
mod practice;
mod relationships;

use std::time::Instant;

pub use generate::generate;

use crate::{
    cli::DemoArgs,
    context::Ctx,
    error::{CliError, CliResult},
    output::print_json,
};

/// The largest network `kith demo` generates.
const MAX_CONTACTS: usize = 1_000_000;

pub async fn run(ctx: &Ctx, args: DemoArgs) -> CliResult<()> {
    if args.contacts == 0 || args.contacts > MAX_CONTACTS {
        return Err(CliError::user(format!("--contacts '{}': must be from 1 to {MAX_CONTACTS}", args.contacts)));
    }
    let existing = ctx.store.count_contacts().await?;
    if existing > 0 {
        return Err(CliError::user(format!(
            "{}: already holds {existing} contacts; kith demo only fills an empty database (pass --db demo.db to try it on a new file)",
            ctx.db
        )));
    }
    let started = Instant::now();
    let bulk = generate(args.contacts, args.seed, ctx.today, &ctx.config.weights);
    ctx.store.bulk_load(&bulk).await?;
    let seconds = started.elapsed().as_secs_f64();
    if ctx.json {
        return print_json(&serde_json::json!({
            "contacts": bulk.contacts.len(),
            "interactions": bulk.interactions.len(),
            "followups": bulk.followups.len(),
            "events": bulk.events.len(),
            "signals": bulk.signals.len(),
            "accomplishments": bulk.career.as_ref().map_or(0, |c| c.accomplishments.len()),
            "relationships": bulk.relationships.len(),
            "past_jobs": bulk.jobs.iter().map(|j| j.past_jobs.len()).sum::<usize>(),
            "job_changes": bulk.jobs.iter().map(|j| j.job_changes.len()).sum::<usize>(),
        }));
    }
    say!(
        "Generated {} contacts, {} interactions, {} follow-ups, {} events and {} market signals in {seconds:.1} s into {}.",
        bulk.contacts.len(),
        bulk.interactions.len(),
        bulk.followups.len(),
        bulk.events.len(),
        bulk.signals.len(),
        ctx.db
    );
    say!("Try: kith plan, kith due, kith health, kith show 1, kith goal list, kith event list, kith career");
    Ok(())
}
