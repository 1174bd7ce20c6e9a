//! `event add|list|show|remove`.

use kith_app::events::{EventInput, read_event};
use kith_core::{Event, InteractionKind, date::parse_date, event::EventPatch};
use kith_store::EventFilter;

use crate::{
    cli::{EventAddArgs, EventCommand},
    commands::orgs::org_named,
    context::Ctx,
    error::{CliError, CliResult},
    output::{print_json, print_table},
};

pub async fn event(ctx: &Ctx, cmd: EventCommand) -> CliResult<()> {
    match cmd {
        EventCommand::Add(args) => add(ctx, args).await,
        EventCommand::List { org, since } => {
            let org = match &org {
                Some(o) => Some(org_named(ctx, o).await?.id),
                None => None,
            };
            let since = since.as_deref().map(|d| parse_date("since", d)).transpose()?;
            let events = ctx.store.events(&EventFilter { org, since, limit: None }).await?;
            if ctx.json {
                return print_json(&events);
            }
            let st = &ctx.style;
            let mut table = st.table(&["ID", "DATE", "KIND", "TITLE", "ORGANIZATION", "PEOPLE", "MET"]);
            for e in &events {
                table.add_row(vec![
                    st.dim(comfy_table::Cell::new(e.id)),
                    comfy_table::Cell::new(e.on),
                    comfy_table::Cell::new(e.kind),
                    comfy_table::Cell::new(&e.title),
                    comfy_table::Cell::new(e.org.as_deref().unwrap_or("")),
                    comfy_table::Cell::new(e.people.len()),
                    comfy_table::Cell::new(e.people.iter().filter(|p| p.new).count()),
                ]);
            }
            print_table(&table, "No events yet. Record one with: kith event add TITLE --kind meeting --org ORG")
        }
        EventCommand::Show { id } => {
            let e = ctx.store.event(id).await?;
            if ctx.json {
                return print_json(&e);
            }
            show(ctx, &e);
            Ok(())
        }
        EventCommand::Edit { id, title, kind, on, org, minutes, note } => {
            let emptied = |t: Option<String>| t.map(|t| Some(t.trim().to_string()).filter(|t| !t.is_empty()));
            let patch = EventPatch {
                title,
                kind: kind.as_deref().map(str::parse).transpose()?,
                on: on.as_deref().map(|d| parse_date("on", d)).transpose()?,
                org: emptied(org),
                minutes: minutes.map(Some),
                note: emptied(note),
            };
            if patch.is_empty() {
                return Err(CliError::user(
                    "event edit: nothing to change; give --title, --kind, --on, --org, --minutes or --note",
                ));
            }
            ctx.store.edit_event(id, patch, ctx.today).await?;
            let e = ctx.store.event(id).await?;
            if ctx.json {
                return print_json(&e);
            }
            say!("Changed event #{id}: {} on {}; its touch follows.", e.title, e.on);
            Ok(())
        }
        EventCommand::Remove { id } => {
            ctx.store.remove_event(id).await?;
            if ctx.json {
                return print_json(&serde_json::json!({ "id": id, "removed": true }));
            }
            say!("Event #{id} removed, with the touch it logged.");
            Ok(())
        }
    }
}

async fn add(ctx: &Ctx, args: EventAddArgs) -> CliResult<()> {
    // Everything is read and every name resolved before the one write.
    let input = EventInput {
        title: args.title,
        kind: args.kind,
        on: args.on,
        org: args.org,
        minutes: args.minutes,
        note: args.note,
        with: args.with,
        met: args.met,
    };
    let event = read_event(ctx.store.as_ref(), &input, ctx.today).await?;
    let id = ctx.store.add_event(event, ctx.today, ctx.config.weights.of(InteractionKind::Event)).await?;
    let e = ctx.store.event(id).await?;
    if ctx.json {
        return print_json(&e);
    }
    say!("Recorded event #{id}.");
    show(ctx, &e);
    Ok(())
}

fn show(ctx: &Ctx, e: &Event) {
    let at = e.org.as_deref().map(|o| format!(" at {o}")).unwrap_or_default();
    let time = e.minutes.map(|m| format!(", {m} min")).unwrap_or_default();
    say!("{} — {}{at}, {}{time}", ctx.style.heading(&e.title), e.kind, e.on);
    if let Some(n) = &e.note {
        say!("  {n}");
    }
    let known: Vec<String> =
        e.people.iter().filter(|p| !p.new).map(|p| format!("{} (#{})", p.name, p.contact_id)).collect();
    let met: Vec<String> =
        e.people.iter().filter(|p| p.new).map(|p| format!("{} (#{})", p.name, p.contact_id)).collect();
    if known.is_empty() && met.is_empty() {
        say!("  Nobody recorded.");
    }
    if !known.is_empty() {
        say!("  With: {}", known.join(", "));
    }
    if !met.is_empty() {
        say!("  Met: {}", met.join(", "));
    }
}
