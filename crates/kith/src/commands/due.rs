//! `due` and `plan`.

use kith_app::{views::DueView, wording::Percent};
use kith_core::plan::{Plan, ReachOut};
use kith_store::reports;

use crate::{
    cli::{DueArgs, PlanArgs},
    context::Ctx,
    error::{CliError, CliResult},
    output::{percent, print_json},
    table::TableOut,
};

pub async fn due(ctx: &Ctx, args: DueArgs) -> CliResult<()> {
    if args.within > 3650 {
        return Err(CliError::user(format!("--within '{}': at most 3650 days", args.within)));
    }
    // With a limit the store reads only the top of the ranking: the limit stops the work.
    let inputs = reports::due_inputs_limited(ctx.store.as_ref(), ctx.today, args.within, args.limit).await?;
    crate::timing::mark("read");
    let mut list = inputs.rank();
    if let Some(n) = args.limit {
        list.truncate(n);
    }
    crate::timing::mark("rank");
    if ctx.json {
        let views: Vec<DueView> = list.into_iter().map(DueView::from).collect();
        print_json(&views)?;
        crate::timing::mark("write json");
        return Ok(());
    }
    let mut table = TableOut::new(ctx.style, &["ID", "NAME", "CIRCLE", "STATUS", "WARMTH", "DUE", "OVERDUE", "WHY"]);
    for i in &list {
        table
            .row()
            .dim(i.id)
            .cell(&i.name)
            .cell(i.circle)
            .status(i.status)
            .cell(Percent(i.warmth))
            .cell(i.due_on)
            .cell(format_args!("{}d", i.overdue_days))
            .cell(&i.reason);
    }
    // An empty network is not a well-kept one.
    let empty = if list.is_empty() && ctx.store.count_contacts().await? == 0 {
        "Nobody is due: nobody is here yet. Add the people you keep up with (kith add, kith import)."
    } else {
        "Nobody is due. Well kept!"
    };
    table.print(empty)
}

pub async fn plan(ctx: &Ctx, args: PlanArgs) -> CliResult<()> {
    let size = kith_app::settings::check_plan_size("size", args.size.unwrap_or(ctx.config.plan_size))?;
    let plan = reports::weekly_plan(ctx.store.as_ref(), ctx.today, size).await?;
    if ctx.json {
        return print_json(&plan);
    }
    print_plan(ctx, &plan)
}

fn print_plan(ctx: &Ctx, plan: &Plan) -> CliResult<()> {
    let st = &ctx.style;
    say!("{}", st.heading(&format!("Your plan for the week of {}", plan.week_of)));
    say!();
    say!("{}", st.heading("Reach out"));
    if plan.reach_out.is_empty() {
        say!("  Nobody is due this week.");
    }
    for (n, r) in plan.reach_out.iter().enumerate() {
        print_reach_out(ctx, n + 1, r);
    }
    say!();
    say!("{}", st.heading("Reconnect"));
    if plan.reconnect.is_empty() {
        say!("  No lost ties with history to revive.");
    }
    for (n, r) in plan.reconnect.iter().enumerate() {
        print_reach_out(ctx, n + 1, r);
    }
    if !plan.congratulate.is_empty() {
        say!();
        say!("{}", st.heading("Congratulate"));
        for (n, r) in plan.congratulate.iter().enumerate() {
            print_reach_out(ctx, n + 1, r);
        }
    }
    if !plan.dates.is_empty() {
        say!();
        say!("{}", st.heading("Dates"));
        for d in &plan.dates {
            say!("  {} {} — {} (#{}): {}", d.on.format("%a"), d.on, d.name, d.id, d.reason);
        }
    }
    if !plan.nudges.is_empty() {
        say!();
        say!("{}", st.heading("Nudges"));
        for nudge in &plan.nudges {
            say!("  • {}", nudge.message);
        }
    }
    Ok(())
}

fn print_reach_out(ctx: &Ctx, n: usize, r: &ReachOut) {
    let org = r.org.as_deref().map(|o| format!(", {o}")).unwrap_or_default();
    let hint = r.channel.map(|c| format!(" · suggest: {c}")).unwrap_or_default();
    say!(
        "  {n}. {} (#{}{org}) — {} {} · {} tie{hint}",
        r.name,
        r.id,
        ctx.style.status_word(r.status),
        percent(r.warmth),
        r.tie
    );
    say!("     {}", r.reason);
}
