//! `followup add|list|done` and `snooze`.

use kith_app::{followup::FollowUpAsk, snooze::SnoozeAsk, views::FollowUpView};

use crate::{
    cli::{FollowupCommand, SnoozeArgs},
    context::Ctx,
    error::CliResult,
    output::{print_json, print_table, relative_days},
};

pub async fn followup(ctx: &Ctx, cmd: FollowupCommand) -> CliResult<()> {
    match cmd {
        FollowupCommand::Add { who, in_, on, note } => {
            let ask = FollowUpAsk { on, span: in_, note };
            let (due_on, note) = (ask.due_on(ctx.today)?, ask.note()?);
            let contact = ctx.who(&who).await?;
            let id = ctx.store.add_followup(contact, due_on, note, ctx.today).await?;
            if ctx.json {
                return print_json(&serde_json::json!({ "id": id, "contact_id": contact, "due_on": due_on }));
            }
            let c = ctx.store.contact(contact).await?;
            say!("Follow-up #{id}: {} on {due_on} ({})", c.name, relative_days((due_on - ctx.today).num_days()));
            Ok(())
        }
        FollowupCommand::List { all } => {
            let list = ctx.store.followups(all).await?;
            if ctx.json {
                let views: Vec<FollowUpView> = list.iter().map(FollowUpView::from).collect();
                return print_json(&views);
            }
            let st = &ctx.style;
            let mut table = st.table(&["ID", "DUE", "WHEN", "WHO", "NOTE", "DONE"]);
            for f in &list {
                table.add_row(vec![
                    st.dim(comfy_table::Cell::new(f.id)),
                    comfy_table::Cell::new(f.due_on),
                    comfy_table::Cell::new(relative_days((f.due_on - ctx.today).num_days())),
                    comfy_table::Cell::new(&f.contact_name),
                    comfy_table::Cell::new(f.note.as_deref().unwrap_or("")),
                    comfy_table::Cell::new(f.done_on.map(|d| d.to_string()).unwrap_or_default()),
                ]);
            }
            print_table(&table, "No open follow-ups.")
        }
        FollowupCommand::Done { id } => {
            ctx.store.complete_followup(id, ctx.today).await?;
            if ctx.json {
                return print_json(&serde_json::json!({ "id": id, "done_on": ctx.today }));
            }
            say!("Follow-up #{id} done.");
            Ok(())
        }
    }
}

pub async fn snooze(ctx: &Ctx, args: SnoozeArgs) -> CliResult<()> {
    let until = SnoozeAsk { until: args.until, span: args.for_, clear: args.clear }.until(ctx.today)?;
    let id = ctx.who(&args.who).await?;
    ctx.store.snooze(id, until).await?;
    if ctx.json {
        return print_json(&serde_json::json!({ "id": id, "snoozed_until": until }));
    }
    let c = ctx.store.contact(id).await?;
    match until {
        Some(u) => say!("Snoozed {} until {u}.", c.name),
        None => say!("{} is no longer snoozed.", c.name),
    }
    Ok(())
}
