//! `triage`: sort imported contacts into circles, warmest and most touched first.

use clap::Args;
use kith_app::triage::{self, SortReport, TriageList};
use kith_core::Circle;
use kith_store::StoreError;

use crate::{
    context::Ctx,
    error::{CliError, CliResult},
    output::{percent, print_json, print_table},
};

#[derive(Debug, Args)]
pub struct TriageArgs {
    /// Contacts to sort (id, e-mail, exact name or unique prefix); without any, list who waits
    #[arg(value_name = "WHO")]
    pub who: Vec<String>,
    /// Put them in this circle: inner, close, active, wide or dormant
    #[arg(long, value_name = "CIRCLE", conflicts_with_all = ["keep", "accept"])]
    pub circle: Option<String>,
    /// Keep them dormant (never nagged) and take them off the list
    #[arg(long, conflicts_with = "accept")]
    pub keep: bool,
    /// Put each listed contact (the first --limit, or those named) in its suggested circle
    #[arg(long)]
    pub accept: bool,
    /// How many to list (or accept)
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
}

pub async fn triage(ctx: &Ctx, args: TriageArgs) -> CliResult<()> {
    let decided = args.circle.is_some() || args.keep || args.accept;
    if !args.who.is_empty() && !decided {
        return Err(CliError::user(format!(
            "'{}': say where they go: --circle inner|close|active|wide|dormant, --keep (stay dormant) or \
             --accept (the suggested circle)",
            args.who.join("', '")
        )));
    }
    if !decided {
        let list = triage::list(ctx.store.as_ref(), ctx.today, args.limit).await?;
        return if ctx.json { print_json(&list) } else { print_list(ctx, &list) };
    }
    let mut ids = Vec::with_capacity(args.who.len());
    for who in &args.who {
        ids.push(ctx.who(who).await?);
    }
    let report = if args.accept {
        triage::accept(ctx.store.as_ref(), ctx.today, &ids, args.limit)
            .await
            .map_err(|e| as_typed(e, &args.who, &ids))?
    } else {
        if ids.is_empty() {
            return Err(CliError::user("name the contacts to sort: kith triage WHO… --circle CIRCLE (or --keep)"));
        }
        let circle: Circle = match &args.circle {
            Some(c) => c.parse()?,
            None => Circle::Dormant,
        };
        let sorted: Vec<(i64, Circle)> = ids.iter().map(|id| (*id, circle)).collect();
        triage::sort(ctx.store.as_ref(), &sorted).await.map_err(|e| as_typed(e, &args.who, &ids))?
    };
    if report.sorted.is_empty() {
        say!("Nobody waits to be sorted: every imported contact has a circle.");
        return Ok(());
    }
    if ctx.json {
        return print_json(&report);
    }
    print_report(&report);
    Ok(())
}

/// The store names a contact it refuses by its id; the user named it as they typed it, so the
/// message says that (not a flag they never used).
fn as_typed(e: StoreError, who: &[String], ids: &[i64]) -> CliError {
    if let StoreError::Invalid(v) = &e
        && v.field == "contact"
        && let Some(i) = ids.iter().position(|id| format!("#{id}") == v.value)
    {
        return CliError::user(format!("'{}' (#{}): {}", who[i], ids[i], v.message));
    }
    e.into()
}

fn print_list(ctx: &Ctx, list: &TriageList) -> CliResult<()> {
    let st = &ctx.style;
    if list.total > 0 {
        say!(
            "{} waiting to be sorted{}:",
            plural(list.total),
            if list.total > list.contacts.len() { ", the warmest first" } else { "" }
        );
    }
    let mut table = st.table(&["ID", "NAME", "ORGANIZATION", "STATUS", "WARMTH", "TOUCHES", "LAST TOUCH", "SUGGESTED"]);
    for c in &list.contacts {
        table.add_row(vec![
            st.dim(comfy_table::Cell::new(c.id)),
            comfy_table::Cell::new(&c.name),
            comfy_table::Cell::new(c.org.as_deref().unwrap_or("")),
            st.status(c.status),
            comfy_table::Cell::new(percent(c.warmth)),
            comfy_table::Cell::new(c.touches),
            comfy_table::Cell::new(c.last_touch_on.map(|d| d.to_string()).unwrap_or_default()),
            comfy_table::Cell::new(c.suggested),
        ]);
    }
    print_table(&table, "Nobody waits to be sorted: every imported contact has a circle.")?;
    if !list.contacts.is_empty() {
        say!();
        say!("Sort with: kith triage WHO… --circle close (or --keep to leave them dormant);");
        say!(
            "take the suggestions for these {} with: kith triage --accept --limit {}",
            list.contacts.len(),
            list.contacts.len()
        );
    }
    Ok(())
}

fn print_report(report: &SortReport) {
    for s in &report.sorted {
        say!("{} (#{}) → {}", s.name, s.id, s.circle);
    }
    say!("{} left to sort.", plural(report.left as usize));
}

fn plural(n: usize) -> String {
    if n == 1 { "1 contact".into() } else { format!("{n} contacts") }
}
