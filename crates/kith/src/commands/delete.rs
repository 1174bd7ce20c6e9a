//! `delete WHO… [--yes]`: contacts deleted for good, after a question on a terminal.

use std::io::{BufRead as _, IsTerminal as _, Write as _};

use crate::{
    cli::DeleteArgs,
    context::Ctx,
    error::{CliError, CliResult},
    output::print_json,
};

pub async fn delete(ctx: &Ctx, args: DeleteArgs) -> CliResult<()> {
    // Every name must resolve before anything is deleted.
    let mut ids = Vec::with_capacity(args.who.len());
    let mut names = Vec::with_capacity(args.who.len());
    for who in &args.who {
        let c = ctx.store.contact(ctx.who(who).await?).await?;
        ids.push(c.id);
        names.push(c.name);
    }
    if !args.yes {
        let stdin = std::io::stdin();
        if !stdin.is_terminal() {
            return Err(CliError::user(format!(
                "delete {}: deleting cannot be undone; add --yes to confirm (or archive: kith edit WHO --archive)",
                names.join(", ")
            )));
        }
        eprint!(
            "Delete {} for good, with their touches that had nobody else, their follow-ups and favors? \
             This cannot be undone (kith edit WHO --archive keeps them without nagging). [y/N] ",
            names.join(", ")
        );
        std::io::stderr().flush().ok();
        let mut answer = String::new();
        stdin.lock().read_line(&mut answer).ok();
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "Yes") {
            return Err(CliError::user("delete: nothing was deleted"));
        }
    }
    let report = ctx.store.delete_contacts(&ids).await?;
    if ctx.json {
        return print_json(&serde_json::json!({
            "deleted": ids,
            "touches_deleted": report.touches_deleted,
            "touches_kept": report.touches_kept,
        }));
    }
    say!(
        "Deleted {} ({} touches with nobody else went with them; {} shared touches keep the others).",
        names.join(", "),
        report.touches_deleted,
        report.touches_kept
    );
    Ok(())
}
