//! `log` and `interaction edit|delete`.

use kith_app::views::{LoggedView, TouchedView};
use kith_core::{InteractionKind, NewInteraction, date::parse_date, interaction::InteractionPatch};

use crate::{
    cli::{InteractionCommand, LogArgs},
    context::Ctx,
    error::{CliError, CliResult},
    output::{percent, print_json},
};

pub async fn log(ctx: &Ctx, args: LogArgs) -> CliResult<()> {
    // Everything is checked before anything is written: every name must resolve.
    let kind: InteractionKind = args.kind.parse()?;
    let on = match &args.on {
        Some(d) => parse_date("on", d)?,
        None => ctx.today,
    };
    let mut contacts = Vec::with_capacity(args.who.len());
    for who in &args.who {
        contacts.push(ctx.who(who).await?);
    }
    let interaction = NewInteraction {
        contacts,
        kind,
        on,
        minutes: args.minutes,
        note: args.note,
        gave: args.gave,
        got: args.got,
        they_initiated: args.they_initiated,
    }
    .validate(ctx.today)?;
    let ids = interaction.contacts.clone();
    let id = ctx.store.log_interaction(interaction, ctx.config.weights.of(kind)).await?;
    let logged = LoggedView { id, kind, on, contacts: touched(ctx, &ids).await? };
    if ctx.json {
        return print_json(&logged);
    }
    say!("Logged {kind} on {on} (#{id}):");
    for t in &logged.contacts {
        let due = t.due_on.map(|d| format!(", due {d}")).unwrap_or_default();
        say!("  {} — {} {}{due}", t.name, ctx.style.status_word(t.status), percent(t.warmth));
    }
    Ok(())
}

async fn touched(ctx: &Ctx, ids: &[i64]) -> CliResult<Vec<TouchedView>> {
    let mut out = Vec::with_capacity(ids.len());
    for &cid in ids {
        out.push(TouchedView::new(&ctx.store.contact(cid).await?, ctx.today));
    }
    Ok(out)
}

pub async fn change(ctx: &Ctx, cmd: InteractionCommand) -> CliResult<()> {
    match cmd {
        InteractionCommand::Edit { id, kind, on, minutes, note } => {
            let kind: Option<InteractionKind> = kind.as_deref().map(str::parse).transpose()?;
            let on = on.as_deref().map(|d| parse_date("on", d)).transpose()?;
            if let Some(d) = on.filter(|d| *d > ctx.today) {
                return Err(CliError::user(format!(
                    "--on '{d}': is after today ({}); log a touch once it happened",
                    ctx.today
                )));
            }
            if let Some(m) = minutes.filter(|m| *m == 0 || *m > kith_core::interaction::MAX_MINUTES) {
                return Err(CliError::user(format!("--minutes '{m}': must be from 1 to 1440")));
            }
            let patch = InteractionPatch {
                kind,
                on,
                minutes: minutes.map(Some),
                note: note.map(|n| Some(n.trim().to_string()).filter(|n| !n.is_empty())),
            };
            if patch == InteractionPatch::default() {
                return Err(CliError::user(
                    "interaction edit: nothing to change; give --kind, --on, --minutes or --note",
                ));
            }
            let weight = kind.map(|k| ctx.config.weights.of(k));
            ctx.store.edit_interaction(id, patch, weight).await?;
            let i = ctx.store.interaction(id).await?;
            let ids: Vec<i64> = i.with.iter().map(|p| p.id).collect();
            let contacts = touched(ctx, &ids).await?;
            if ctx.json {
                return print_json(&LoggedView { id, kind: i.kind, on: i.on, contacts });
            }
            say!("Changed interaction #{id}: {} on {}", i.kind, i.on);
            Ok(())
        }
        InteractionCommand::Delete { id } => {
            let i = ctx.store.interaction(id).await?;
            ctx.store.delete_interaction(id).await?;
            let ids: Vec<i64> = i.with.iter().map(|p| p.id).collect();
            let contacts = touched(ctx, &ids).await?;
            if ctx.json {
                return print_json(&LoggedView { id, kind: i.kind, on: i.on, contacts });
            }
            let names: Vec<&str> = i.with.iter().map(|p| p.name.as_str()).collect();
            say!("Deleted interaction #{id} ({} on {} with {})", i.kind, i.on, names.join(", "));
            Ok(())
        }
    }
}
