//! One module per group of commands. Each parses and validates its input into kith-core types,
//! makes one store call per user action, and renders text or JSON.

pub mod campaign;
pub mod career;
mod contacts;
pub mod dav;
mod delete;
mod digest;
mod due;
mod events;
mod export;
mod followups;
mod goals;
mod health;
mod import;
mod interactions;
pub mod intro;
pub mod merge;
mod meta;
pub mod orgs;
pub mod relationships;
mod scheduler;
mod serve;
pub mod settings;
pub mod signals;
mod source_scheduler;
pub mod sources;
pub mod token;
pub mod triage;
pub mod user;

use crate::{
    cli::{Cli, Command},
    context::Ctx,
    error::CliResult,
};

pub async fn run(cli: Cli) -> CliResult<()> {
    // Commands that need no database.
    match &cli.command {
        Command::Completions(args) => return meta::completions(args.shell),
        Command::Man => return meta::man(),
        Command::Serve(args) if args.demo => return serve::demo(&cli, args).await,
        _ => {}
    }
    let ctx = Ctx::open(&cli).await?;
    crate::timing::mark("open");
    match cli.command {
        Command::Add(args) => contacts::add(&ctx, args).await,
        Command::Edit(args) => contacts::edit(&ctx, args).await,
        Command::Show(args) => contacts::show(&ctx, args).await,
        Command::Relate(args) => relationships::relate(&ctx, args).await,
        Command::Unrelate(args) => relationships::unrelate(&ctx, args).await,
        Command::Intro(args) => intro::intro(&ctx, args).await,
        Command::Delete(args) => delete::delete(&ctx, args).await,
        Command::List(args) => contacts::list(&ctx, args).await,
        Command::Duplicates(args) => merge::list(&ctx, args).await,
        Command::Merge(args) => merge::merge(&ctx, args).await,
        Command::Log(args) => interactions::log(&ctx, args).await,
        Command::Interaction(cmd) => interactions::change(&ctx, cmd).await,
        Command::Due(args) => due::due(&ctx, args).await,
        Command::Plan(args) => due::plan(&ctx, args).await,
        Command::Followup(cmd) => followups::followup(&ctx, cmd).await,
        Command::Snooze(args) => followups::snooze(&ctx, args).await,
        Command::Health => health::health(&ctx).await,
        Command::Org(cmd) => orgs::org(&ctx, cmd).await,
        Command::Event(cmd) => events::event(&ctx, cmd).await,
        Command::Goal(cmd) => goals::goal(&ctx, cmd).await,
        Command::Campaign(cmd) => campaign::campaign(&ctx, cmd).await,
        Command::Digest(args) => digest::digest(&ctx, args).await,
        Command::Career(args) => career::career(&ctx, args).await,
        Command::Signal(cmd) => signals::signal(&ctx, cmd).await,
        Command::Triage(args) => triage::triage(&ctx, args).await,
        Command::Source(cmd) => sources::source(&ctx, cmd).await,
        Command::Sync(args) => sources::sync(&ctx, args).await,
        Command::Import(args) => import::import(&ctx, args).await,
        Command::Export(args) => export::export(&ctx, args).await,
        Command::Settings { cmd } => settings::settings(&ctx, cmd).await,
        Command::Demo(args) => crate::demo::run(&ctx, args).await,
        Command::Serve(args) => serve::serve(ctx, &args).await,
        Command::Feed(cmd) => serve::feed(&ctx, cmd).await,
        Command::Dav(cmd) => dav::dav(&ctx, cmd).await,
        Command::User(cmd) => user::user(&ctx, cmd).await,
        Command::Token(cmd) => token::token(&ctx, cmd).await,
        Command::Completions(_) | Command::Man => unreachable!("handled above"),
    }
}
