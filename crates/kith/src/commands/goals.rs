//! `goal list|add|edit|remove`.

use kith_app::goals::{GoalProgressView, progress, progress_of};
use kith_core::{
    ValidationError,
    goal::{Goal, MAX_TARGET, Measure, Period},
};

use crate::{
    cli::GoalCommand,
    context::Ctx,
    error::CliResult,
    output::{print_json, print_table},
};

/// Reads `--at-least`: a whole number from 1 to 100000.
fn target(value: &str) -> Result<u32, ValidationError> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_TARGET).contains(n))
        .ok_or_else(|| ValidationError::new("at-least", value, format!("give a whole number from 1 to {MAX_TARGET}")))
}

pub async fn goal(ctx: &Ctx, cmd: GoalCommand) -> CliResult<()> {
    match cmd {
        GoalCommand::List => {
            let goals = progress(ctx.store.as_ref(), ctx.today, ctx.config.week_start_day()).await?;
            if ctx.json {
                return print_json(&goals);
            }
            let st = &ctx.style;
            let mut table = st.table(&["ID", "GOAL", "THIS PERIOD", "DONE", "STREAK", "BEST"]);
            for g in &goals {
                table.add_row(vec![
                    st.dim(comfy_table::Cell::new(g.id)),
                    comfy_table::Cell::new(&g.description),
                    comfy_table::Cell::new(&g.period_label),
                    comfy_table::Cell::new(done(g)),
                    comfy_table::Cell::new(g.current_streak),
                    comfy_table::Cell::new(g.best_streak),
                ]);
            }
            print_table(&table, "No goals. Add one with: kith goal add --kind lunch,coffee --at-least 1 --per week")
        }
        GoalCommand::Add { kind, at_least, per } => {
            let measure = Measure::parse("kind", &kind)?;
            let period: Period = per.parse()?;
            let target = target(&at_least)?;
            let id = ctx.store.add_goal(Goal { measure, period, target }).await?;
            show(ctx, id, "Added").await
        }
        GoalCommand::Edit { id, at_least } => {
            let target = target(&at_least)?;
            ctx.store.set_goal_target(id, target).await?;
            show(ctx, id, "Changed").await
        }
        GoalCommand::Remove { id } => {
            ctx.store.remove_goal(id).await?;
            if ctx.json {
                return print_json(&serde_json::json!({ "id": id, "removed": true }));
            }
            say!("Goal #{id} removed.");
            Ok(())
        }
    }
}

/// "1 / 1 ✓", "0 / 60".
fn done(g: &GoalProgressView) -> String {
    format!("{} / {}{}", g.done, g.target, if g.met { " ✓" } else { "" })
}

async fn show(ctx: &Ctx, id: i64, verb: &str) -> CliResult<()> {
    let g = progress_of(ctx.store.as_ref(), id, ctx.today, ctx.config.week_start_day()).await?;
    if ctx.json {
        return print_json(&g);
    }
    say!(
        "{verb} goal #{id}: {} — {} so far this {}; streak {}, best {}.",
        g.description,
        done(&g),
        g.period,
        g.current_streak,
        g.best_streak
    );
    Ok(())
}
