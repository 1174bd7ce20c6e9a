//! `log` and `interaction edit|delete`.

use kith_app::{
    touch_edit::edit_touch,
    views::{LoggedView, TouchedView},
};
use kith_core::{InteractionKind, NewInteraction, date::parse_date, followup, interaction::InteractionPatch};

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
    let favor_with = match &args.favor_with {
        Some(who) => Some(favor_of(ctx, who, &contacts, args.gave.is_some() || args.got.is_some()).await?),
        None => None,
    };
    let open = ctx.store.followups_due_by(ctx.today).await?;
    // What a touch can keep is what was due by the day it happened (a back-dated touch keeps only
    // promises made before it); the hint is about what is due now.
    let due = followup::due_for(&open, &contacts, if args.done_followup { on } else { ctx.today });
    let due: Vec<_> = due.into_iter().filter(|f| !args.done_followup || f.created_on <= on).collect();
    if args.done_followup && due.is_empty() {
        let names = names_of(ctx, &contacts).await?;
        return Err(CliError::user(format!(
            "--done-followup: no follow-up is due for {names} by {on}; see `kith followup list`, or log without it"
        )));
    }
    let fulfills = if args.done_followup { due.iter().map(|f| f.id).collect() } else { Vec::new() };
    let interaction = NewInteraction {
        contacts,
        kind,
        on,
        minutes: args.minutes,
        note: args.note,
        gave: args.gave,
        got: args.got,
        they_initiated: args.they_initiated,
        favor_with,
        fulfills,
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
    for f in &due {
        let what = f.note.as_deref().map(|n| format!(" “{n}”")).unwrap_or_default();
        if args.done_followup {
            say!("Follow-up #{} for {}{what} (due {}) is done.", f.id, f.contact_name, f.due_on);
        } else {
            say!(
                "hint: {} has a follow-up due {}{what}: if this touch kept it, `kith followup done {}` \
                 (or log with --done-followup)",
                f.contact_name,
                f.due_on,
                f.id
            );
        }
    }
    Ok(())
}

/// Resolves `--favor-with`: one of the people in the touch, and only with something given or got.
async fn favor_of(ctx: &Ctx, who: &str, contacts: &[i64], favor: bool) -> CliResult<i64> {
    let id = ctx.who(who).await?;
    if !contacts.contains(&id) {
        let names = names_of(ctx, contacts).await?;
        return Err(CliError::user(format!(
            "--favor-with '{who}': not one of the people in this touch ({names}); name one of them"
        )));
    }
    if !favor {
        return Err(CliError::user(format!(
            "--favor-with '{who}': says whom a favor belongs to, but nothing was given or received; add --gave or --got"
        )));
    }
    Ok(id)
}

/// "Ada Lovelace, Grace Hopper": the people of a touch, for a message.
async fn names_of(ctx: &Ctx, contacts: &[i64]) -> CliResult<String> {
    let mut names = Vec::with_capacity(contacts.len());
    for &id in contacts {
        names.push(ctx.store.contact(id).await?.name);
    }
    Ok(names.join(", "))
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
        InteractionCommand::Edit { id, kind, on, minutes, note, with, gave, got, favor_with } => {
            let kind: Option<InteractionKind> = kind.as_deref().map(str::parse).transpose()?;
            let on = on.as_deref().map(|d| parse_date("on", d)).transpose()?;
            let mut people = Vec::with_capacity(with.len());
            for who in &with {
                people.push(ctx.who(who).await?);
            }
            let favor_with = match favor_with {
                Some(who) => Some(Some(ctx.who(&who).await?)),
                None => None,
            };
            // Empty text removes a note or a favor.
            let text = |t: Option<String>| t.map(|t| Some(t.trim().to_string()).filter(|t| !t.is_empty()));
            let patch = InteractionPatch {
                kind,
                on,
                minutes: minutes.map(Some),
                note: text(note),
                contacts: (!people.is_empty()).then_some(people),
                gave: text(gave),
                got: text(got),
                favor_with,
            };
            if patch.is_empty() {
                return Err(CliError::user(
                    "interaction edit: nothing to change; give --kind, --on, --minutes, --note, --with, --gave, \
                     --got or --favor-with",
                ));
            }
            let i = edit_touch(ctx.store.as_ref(), &ctx.config.weights, id, patch, ctx.today).await?;
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
