//! `dav password add|list|revoke`: the passwords address-book apps (the phone's Contacts, DAVx5,
//! Thunderbird) sign in to kith's CardDAV server with, one per device.

use clap::Subcommand;
use kith_app::app_passwords;

use crate::{context::Ctx, error::CliResult, output::print_json, table::TableOut};

#[derive(Debug, Subcommand)]
pub enum DavCommand {
    /// The passwords address-book apps sign in with
    #[command(subcommand)]
    Password(PasswordCommand),
}

#[derive(Debug, Subcommand)]
pub enum PasswordCommand {
    /// Make a password for one device or app; it is shown once, with the user name and address
    Add {
        /// The device or app it is for, e.g. iPhone
        #[arg(value_name = "NAME")]
        name: String,
        /// Where kith serve is reached, e.g. https://kith.example.org [default: http://ADDR]
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// The address kith serve listens on
        #[arg(long, env = "KITH_ADDR", value_name = "HOST:PORT", default_value = "127.0.0.1:7878")]
        addr: String,
    },
    /// The passwords by name, when each was made and last used
    List,
    /// Revoke a password: the app using it is refused from its next request
    Revoke {
        #[arg(value_name = "NAME")]
        name: String,
    },
}

pub async fn dav(ctx: &Ctx, cmd: DavCommand) -> CliResult<()> {
    let DavCommand::Password(cmd) = cmd;
    let store = ctx.store.as_ref();
    match cmd {
        PasswordCommand::Add { name, base_url, addr } => {
            let made = app_passwords::add(store, &name, chrono::Utc::now()).await?;
            let base = base_url.unwrap_or_else(|| format!("http://{addr}"));
            let url = format!("{}/dav/", base.trim_end_matches('/'));
            if ctx.json {
                return print_json(&serde_json::json!({ "user": made.user, "password": made.password, "url": url }));
            }
            say!("Server:    {url}");
            say!("User name: {}", made.user);
            say!("Password:  {}", made.password);
            eprintln!(
                "This password is shown only now. Add the account in your address book app \
                 (the web app's Address book page says how on iOS, macOS, Android and Thunderbird); \
                 revoke it with: kith dav password revoke {}",
                made.name
            );
            Ok(())
        }
        PasswordCommand::List => {
            let list = app_passwords::list(store).await?;
            if ctx.json {
                return print_json(&list);
            }
            let mut table = TableOut::new(ctx.style, &["NAME", "MADE", "LAST USED"]);
            for p in &list {
                let used =
                    p.last_used_at.map_or_else(|| "never".to_string(), |at| at.format("%Y-%m-%d %H:%M").to_string());
                table.row().cell(&p.name).cell(p.created_at.format("%Y-%m-%d").to_string()).cell(used);
            }
            table.print("No app passwords yet: kith dav password add NAME (one per device)")
        }
        PasswordCommand::Revoke { name } => {
            app_passwords::revoke(store, &name).await?;
            if ctx.json {
                return print_json(&serde_json::json!({ "revoked": name.trim() }));
            }
            say!("Revoked '{}': the app using it is refused from its next request.", name.trim());
            Ok(())
        }
    }
}
