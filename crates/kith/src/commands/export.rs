//! `export FORMAT`: the whole network as vCard 4.0, CSV or kith's JSON backup, or reminders
//! (follow-ups, this week's plan, birthdays) as an iCalendar file.

use std::{io::Write, path::Path};

use kith_core::contact::Cadenced;
use kith_formats::{
    backup,
    csv::export::{self as csv_export, ExportRow},
    ics::{self, Feed, FeedBirthday},
    vcard::{self, VcardContact},
};
use kith_store::{ContactFilter, reports};

use crate::{
    cli::ExportArgs,
    context::Ctx,
    error::{CliError, CliResult},
    output::quit_on_closed_pipe,
};

pub async fn export(ctx: &Ctx, args: ExportArgs) -> CliResult<()> {
    let format = args.format.trim().to_ascii_lowercase();
    if args.dir.is_some() && format != "vcard" {
        return Err(CliError::user(format!("--dir: only the vcard format writes one file per contact, not {format}")));
    }
    let text = match format.as_str() {
        "vcard" | "vcf" => {
            let contacts = all_contacts(ctx).await?;
            let parts = ctx.store.card_parts().await?;
            let cards: Vec<VcardContact> = contacts
                .iter()
                .map(|c| VcardContact {
                    contact: c,
                    extra: parts.extras.get(&c.id).map(Vec::as_slice).unwrap_or_default(),
                    memberships: parts.memberships.get(&c.id).map(Vec::as_slice).unwrap_or_default(),
                })
                .collect();
            if let Some(dir) = &args.dir {
                return write_cards(dir, &cards);
            }
            vcard::write(&cards)
        }
        "csv" => {
            let contacts = all_contacts(ctx).await?;
            let rows: Vec<ExportRow> =
                contacts.iter().map(|c| ExportRow { contact: c, summary: c.summary(ctx.today) }).collect();
            csv_export::write(&rows)
        }
        "json" => backup::write(&ctx.store.snapshot().await?, ctx.today),
        "ics" | "ical" | "icalendar" => ics::write_feed(&feed(ctx).await?),
        _ => {
            return Err(CliError::user(format!(
                "FORMAT '{}': unknown format; use one of vcard, csv, json, ics",
                args.format
            )));
        }
    };
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| CliError::user(format!("--output '{}': cannot write: {e}", path.display()))),
        None => {
            let mut out = std::io::stdout().lock();
            if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                quit_on_closed_pipe(&e);
                return Err(e.into());
            }
            Ok(())
        }
    }
}

/// Every contact, archived ones included: an export leaves nobody out.
async fn all_contacts(ctx: &Ctx) -> CliResult<Vec<kith_core::Contact>> {
    let filter = ContactFilter { include_archived: true, ..Default::default() };
    let mut contacts = ctx.store.list_contacts(&filter, ctx.today).await?;
    contacts.sort_by_key(|c| c.id);
    Ok(contacts)
}

/// The reminders a calendar app shows: open follow-ups, this week's plan, birthdays.
pub async fn feed(ctx: &Ctx) -> CliResult<Feed> {
    let followups = ctx.store.followups(false).await?;
    let plan = reports::weekly_plan(ctx.store.as_ref(), ctx.today, ctx.config.plan_size).await?;
    let birthdays = all_contacts(ctx)
        .await?
        .into_iter()
        .filter(|c| !c.archived)
        .filter_map(|c| Some(FeedBirthday { contact_id: c.id, name: c.name, birthday: c.birthday? }))
        .collect();
    // Stamped with the start of "today" so that the same day gives the same file.
    let now = ctx.today.and_time(chrono::NaiveTime::MIN).and_utc();
    Ok(Feed { name: "kith".into(), now, followups, plan: Some(plan), birthdays })
}

/// One `.vcf` per contact, named after the contact and its id so names never collide.
fn write_cards(dir: &Path, cards: &[VcardContact<'_>]) -> CliResult<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::user(format!("--dir '{}': cannot create the folder: {e}", dir.display())))?;
    for card in cards {
        let path = dir.join(format!("{}-{}.vcf", slug(&card.contact.name), card.contact.id));
        std::fs::write(&path, vcard::write_one(card))
            .map_err(|e| CliError::user(format!("--dir '{}': cannot write {}: {e}", dir.display(), path.display())))?;
    }
    say!("Wrote {} vCards to {}", cards.len(), dir.display());
    Ok(())
}

/// A file-name-safe form of a name: letters and digits, words joined by `-`.
fn slug(name: &str) -> String {
    let words: Vec<String> =
        name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let s = words.join("-");
    if s.is_empty() { "contact".into() } else { s.chars().take(60).collect() }
}
