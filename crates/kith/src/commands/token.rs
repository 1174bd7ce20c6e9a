//! `token add|list|revoke`: API tokens for scripts and the command line against a server
//! (`Authorization: Bearer …`), each named, read-only or read-write, shown once, revocable. Run on
//! the server's own database; with accounts, `--user` says whose (see docs/accounts.md).

use clap::Subcommand;
use kith_app::{accounts, api_tokens};

use crate::{context::Ctx, error::CliResult, output::print_json, table::TableOut};

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Make a token; it is shown once
    Add {
        /// What uses it, e.g. "backup job" or "laptop"
        #[arg(value_name = "NAME")]
        name: String,
        /// Whose token, on a server with accounts
        #[arg(long, value_name = "EMAIL")]
        user: Option<String>,
        /// read (GET requests only) or write (read and write)
        #[arg(long, value_name = "SCOPE", default_value = "read")]
        scope: String,
    },
    /// The tokens by name, with their scope, when each was made and last used
    List {
        #[arg(long, value_name = "EMAIL")]
        user: Option<String>,
    },
    /// Revoke a token: a request it signs is refused from then on
    Revoke {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(long, value_name = "EMAIL")]
        user: Option<String>,
    },
}

pub async fn token(ctx: &Ctx, cmd: TokenCommand) -> CliResult<()> {
    let now = chrono::Utc::now();
    match cmd {
        TokenCommand::Add { name, user, scope } => {
            let scope = api_tokens::scope("--scope", &scope)?;
            let store = accounts::network_of(ctx.store.as_ref(), user.as_deref()).await?;
            let made = api_tokens::add(store.as_ref(), &name, scope, now).await?;
            if ctx.json {
                return print_json(&made);
            }
            say!("Token \"{}\" ({}): {}", made.name, made.scope.as_str(), made.token);
            say!("It is shown only this once. Send it as: Authorization: Bearer {}", made.token);
            Ok(())
        }
        TokenCommand::List { user } => {
            let store = accounts::network_of(ctx.store.as_ref(), user.as_deref()).await?;
            let list = api_tokens::list(store.as_ref()).await?;
            if ctx.json {
                return print_json(&list);
            }
            let mut table = TableOut::new(ctx.style, &["NAME", "SCOPE", "MADE", "LAST USED"]);
            for t in &list {
                let used =
                    t.last_used_at.map_or_else(|| "never".to_string(), |at| at.format("%Y-%m-%d %H:%M").to_string());
                table
                    .row()
                    .cell(&t.name)
                    .cell(t.scope.as_str())
                    .cell(t.created_at.format("%Y-%m-%d").to_string())
                    .cell(used);
            }
            table.print("No API tokens. Make one with: kith token add NAME [--scope write]")
        }
        TokenCommand::Revoke { name, user } => {
            let store = accounts::network_of(ctx.store.as_ref(), user.as_deref()).await?;
            api_tokens::revoke(store.as_ref(), &name).await?;
            if ctx.json {
                return print_json(&serde_json::json!({ "revoked": name }));
            }
            say!("Revoked \"{name}\": a request it signs is refused from now on.");
            Ok(())
        }
    }
}
