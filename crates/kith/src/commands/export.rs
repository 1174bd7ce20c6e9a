//! `export FORMAT`: the whole network as vCard 4.0, CSV or kith's JSON backup, or reminders
//! (follow-ups, this week's plan, birthdays) as an iCalendar file.

use std::{io::Write, path::Path};

use kith_app::exchange::{self, ExportFormat};
use kith_formats::vcard::{self, VcardContact};

use crate::{
    cli::ExportArgs,
    context::Ctx,
    error::{CliError, CliResult},
    output::quit_on_closed_pipe,
};

pub async fn export(ctx: &Ctx, args: ExportArgs) -> CliResult<()> {
    let format = ExportFormat::parse("FORMAT", &args.format)?;
    if args.dir.is_some() && format != ExportFormat::Vcard {
        return Err(CliError::user(format!(
            "--dir: only the vcard format writes one file per contact, not {}",
            format.name()
        )));
    }
    if let Some(dir) = &args.dir {
        let (contacts, parts) = exchange::vcard_cards(ctx.store.as_ref(), ctx.today).await?;
        return write_cards(dir, &exchange::cards(&contacts, &parts));
    }
    let text = exchange::export(ctx.store.as_ref(), format, ctx.today, ctx.config.plan_size).await?;
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
