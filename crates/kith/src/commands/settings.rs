//! `settings`: what is in force and where it comes from; `settings set` and `settings unset`
//! change what the app keeps in the database (the configuration file still wins where it sets a
//! value). A running `kith serve` uses a change at its next request.

use clap::Subcommand;
use kith_app::app_settings::{self, SETTABLE};

use crate::{
    context::{Ctx, stored_settings},
    error::{CliError, CliResult},
    output::print_json,
    table::TableOut,
};

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Change a setting: me (addresses, comma-separated), plan_size, week_starts, digest.enabled,
    /// digest.weekday, digest.time, digest.to, smtp.host, smtp.port, smtp.tls, smtp.username,
    /// smtp.from (the SMTP password stays in KITH_SMTP_PASSWORD), phone_deletions (archive or
    /// delete: what a card deleted in a phone's address book does to its contact)
    Set {
        #[arg(value_name = "KEY")]
        key: String,
        #[arg(value_name = "VALUE")]
        value: String,
    },
    /// Forget what the app set for a setting (digest.* and smtp.* go as a group)
    Unset {
        #[arg(value_name = "KEY")]
        key: String,
    },
}

pub async fn settings(ctx: &Ctx, cmd: Option<SettingsCommand>) -> CliResult<()> {
    let mut app = stored_settings(ctx.store.as_ref()).await?;
    match cmd {
        None => {}
        Some(SettingsCommand::Set { key, value }) => {
            // Named as typed: `settings set plan_size 0`, not a flag.
            app.set(&ctx.file, &key, &value).map_err(|e| {
                CliError::user(format!("settings set {key} '{value}': {} '{}': {}", e.field, e.value, e.message))
            })?;
            ctx.store.set_app_settings(&app.to_json()).await?;
        }
        Some(SettingsCommand::Unset { key }) => {
            app.unset(&key).map_err(|e| CliError::user(format!("settings unset {key}: {}", e.message)))?;
            ctx.store.set_app_settings(&app.to_json()).await?;
        }
    }
    let rows = app_settings::shown(&ctx.file, &app);
    if ctx.json {
        return print_json(&rows);
    }
    let mut table = TableOut::new(ctx.style, &["SETTING", "VALUE", "FROM"]);
    for r in &rows {
        table.row().cell(r.key).cell(&r.value).cell(r.from.as_str());
    }
    table.print("")?;
    if rows.iter().any(|r| r.from == app_settings::Source::File) {
        say!("Settings from the configuration file (or a KITH_ variable) win; change those there.");
    }
    say!("Change one with: kith settings set KEY VALUE ({}).", SETTABLE.join(", "));
    Ok(())
}
