//! `user add|list|disable|enable|delete`: the accounts of a shared server, run on the server's own
//! database. The first `kith user add` turns accounts on: from then on `kith serve` asks every
//! browser and script to sign in as one of them (see docs/accounts.md).

use std::io::{BufRead, IsTerminal};

use clap::Subcommand;
use kith_app::accounts;
use kith_core::ValidationError;

use crate::{context::Ctx, error::CliResult, output::print_json, table::TableOut};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Make an account; the first one takes the contacts kith holds now
    Add {
        /// The address the person signs in with
        #[arg(value_name = "EMAIL")]
        email: String,
        /// May manage the other accounts
        #[arg(long)]
        admin: bool,
        /// Read the password from the first line of standard input instead of asking for it
        #[arg(long)]
        password_stdin: bool,
    },
    /// Every account: address, role, whether disabled, when made
    List,
    /// Sign an account out everywhere and refuse its sign-ins until it is enabled again
    Disable {
        #[arg(value_name = "EMAIL")]
        email: String,
    },
    /// Let a disabled account sign in again
    Enable {
        #[arg(value_name = "EMAIL")]
        email: String,
    },
    /// Delete an account and every contact, touch and setting it owns, for good
    Delete {
        #[arg(value_name = "EMAIL")]
        email: String,
        /// Confirm: nothing is deleted without it
        #[arg(long)]
        yes: bool,
    },
}

pub async fn user(ctx: &Ctx, cmd: UserCommand) -> CliResult<()> {
    let store = ctx.store.as_ref();
    let now = chrono::Utc::now();
    match cmd {
        UserCommand::Add { email, admin, password_stdin } => {
            // The address is checked before a password is asked for.
            let address = accounts::email("EMAIL", &email)?;
            let password = read_password(password_stdin)?;
            let made = accounts::add(store, &address, Some(&password), admin, now).await?;
            if ctx.json {
                return print_json(&made);
            }
            let role = if made.admin { "an admin" } else { "a user" };
            say!("Added {} as {role}: they sign in at kith serve's address with this password.", made.email);
            if made.owner == kith_store::LOCAL_OWNER {
                say!(
                    "This first account holds the contacts kith held until now; kith serve now asks everyone to sign in."
                );
            }
            Ok(())
        }
        UserCommand::List => {
            let list = accounts::list(store).await?;
            if ctx.json {
                return print_json(&list);
            }
            let mut table = TableOut::new(ctx.style, &["EMAIL", "ROLE", "STATE", "MADE"]);
            for a in &list {
                let role = if a.admin { "admin" } else { "user" };
                let state = a
                    .disabled_at
                    .map_or_else(|| "active".to_string(), |at| format!("disabled {}", at.format("%Y-%m-%d")));
                table.row().cell(&a.email).cell(role).cell(state).cell(a.created_at.format("%Y-%m-%d").to_string());
            }
            table.print("No accounts: kith serves one person. Add the first with: kith user add EMAIL --admin")
        }
        UserCommand::Disable { email } => {
            let a = accounts::set_disabled(store, &email, true, now).await?;
            if ctx.json {
                return print_json(&a);
            }
            say!("Disabled {}: signed out everywhere; enable again with: kith user enable {}", a.email, a.email);
            Ok(())
        }
        UserCommand::Enable { email } => {
            let a = accounts::set_disabled(store, &email, false, now).await?;
            if ctx.json {
                return print_json(&a);
            }
            say!("Enabled {}: they can sign in again.", a.email);
            Ok(())
        }
        UserCommand::Delete { email, yes } => {
            if !yes {
                return Err(ValidationError::new(
                    "EMAIL",
                    &email,
                    "deleting an account removes every contact and touch it owns, for good: \
                     add --yes to confirm (the person can first download their backup from the settings page)",
                )
                .into());
            }
            let gone = accounts::delete(store, &email, now).await?;
            if ctx.json {
                return print_json(&gone);
            }
            say!("Deleted {} and everything it owned ({} rows).", gone.email, gone.rows);
            Ok(())
        }
    }
}

/// The new password: the first line of standard input with `--password-stdin`, else asked for
/// twice at the terminal without echo.
fn read_password(from_stdin: bool) -> CliResult<String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        let password = line.trim_end_matches(['\r', '\n']).to_string();
        accounts::check_password("the password", &password)?;
        return Ok(password);
    }
    if !std::io::stdin().is_terminal() {
        return Err(ValidationError::new(
            "password-stdin",
            "(not given)",
            "standard input is not a terminal to ask at: pipe the password in with --password-stdin",
        )
        .into());
    }
    let first = rpassword::prompt_password("Password (at least 12 characters): ")?;
    accounts::check_password("the password", &first)?;
    let again = rpassword::prompt_password("The same password again: ")?;
    if again != first {
        return Err(ValidationError::new(
            "the password",
            "(typed twice)",
            "the two passwords differ; nothing was made",
        )
        .into());
    }
    Ok(first)
}
