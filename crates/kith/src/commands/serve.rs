//! `serve` and `feed`: the web app on an address, and the calendar feed's URL.

use std::{
    net::{SocketAddr, ToSocketAddrs},
    sync::Arc,
};

use chrono::NaiveDateTime;
use kith_app::app_settings::FileSettings;
use kith_store::{BulkStore, Store, Workload, sqlite::SqliteStore};
use kith_web::{AppState, Clock, Guard};

use crate::{
    cli::{Cli, FeedCommand, ServeArgs},
    config,
    context::{self, Ctx},
    demo::generate,
    error::{CliError, CliResult},
    logging::LogFormat,
    output::print_json,
};

use super::scheduler::Scheduler;

/// The largest demo network `serve --demo` generates.
const MAX_DEMO_CONTACTS: usize = 200_000;

/// `serve` on the user's own database.
pub async fn serve(ctx: Ctx, args: &ServeArgs) -> CliResult<()> {
    let clock = if ctx.today_fixed { Clock::Fixed(ctx.today) } else { Clock::Local };
    let what = ctx.db.to_string();
    // Only the user's own database sends a digest; the demo network never mails anyone.
    let digest = Some((Scheduler::prepare(&ctx.config, &ctx.file)?, ctx.now));
    let key_file = ctx.key_file();
    run(ctx.store, ctx.file, clock, args, &what, digest, Some(key_file)).await
}

/// `serve --demo`: a generated network in a temporary file, deleted on exit. The user's own
/// database is never opened.
pub async fn demo(cli: &Cli, args: &ServeArgs) -> CliResult<()> {
    if args.contacts == 0 || args.contacts > MAX_DEMO_CONTACTS {
        return Err(CliError::user(format!("--contacts '{}': must be from 1 to {MAX_DEMO_CONTACTS}", args.contacts)));
    }
    let today = context::today(cli)?;
    let settings = config::load(cli.config.as_deref())?;
    let dir = tempfile::Builder::new()
        .prefix("kith-demo-")
        .tempdir()
        .map_err(|e| CliError::user(format!("cannot create a folder for the demo database: {e}")))?;
    let store = SqliteStore::open_for(&dir.path().join("demo.db"), Workload::Server).await?;
    let bulk = generate(args.contacts, 7, today, &settings.settings.weights);
    store.bulk_load(&bulk).await?;
    let clock = if cli.today.is_some() { Clock::Fixed(today) } else { Clock::Local };
    let what = format!("a throwaway demo network of {} people", args.contacts);
    let result = run(Arc::new(store), settings, clock, args, &what, None, None).await;
    drop(dir);
    result
}

async fn run(
    store: Arc<dyn Store>,
    settings: FileSettings,
    clock: Clock,
    args: &ServeArgs,
    what: &str,
    digest: Option<(Scheduler, Option<NaiveDateTime>)>,
    key_file: Option<std::path::PathBuf>,
) -> CliResult<()> {
    let addr = resolve(&args.addr)?;
    let token = args.token.clone().filter(|t| !t.trim().is_empty());
    // Accounts (`kith user add`) make everyone sign in as themselves.
    let accounts = !store.accounts().await?.is_empty();
    if accounts && token.is_some() {
        return Err(CliError::user(
            "--token: this database has accounts (kith user list), and each person signs in with their own; \
             leave out --token and KITH_TOKEN",
        ));
    }
    if !addr.ip().is_loopback() && token.is_none() && !accounts {
        return Err(CliError::user(format!(
            "--addr '{}': kith would serve your whole network to every machine that can reach this address; \
             set an access token first with --token TOKEN or KITH_TOKEN (e.g. KITH_TOKEN=$(openssl rand -hex 16)), \
             or listen on 127.0.0.1",
            args.addr
        )));
    }
    if let Some(t) = &token
        && t.trim().len() < 16
    {
        return Err(CliError::user("--token: use at least 16 characters (e.g. openssl rand -hex 16)"));
    }
    // Addresses and `localhost` are always accepted (no DNS answer can point them elsewhere); other
    // names only with --host.
    let guard = Guard::new(Some(args.hosts.clone()), token).with_trusted_proxies(args.trusted_proxies.clone());
    let guard = if accounts {
        kith_app::accounts::prepare();
        guard.with_accounts()
    } else {
        guard
    };
    // The demo has no sources' key: its settings page cannot add a source.
    let syncs = key_file.clone().map(|key| (settings.clone(), key));
    // One lease holder for every sync this server starts (schedule, watchers, Sync now), so
    // stopping it gives back the leases of syncs cut short.
    let holder = kith_app::sources::holder("kith-serve");
    // With accounts the server works for nobody until a request signs in (see NO_OWNER).
    let served_store = if accounts { store.as_owner(kith_store::NO_OWNER) } else { store.clone() };
    let state = AppState::with_file(served_store, settings, clock, guard)
        .with_key_file(key_file)
        .with_sync_holder(holder.clone());
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| CliError::user(format!("--addr '{}': cannot listen there: {e}", args.addr)))?;
    // Listening for Ctrl-C and SIGTERM before any sync starts: either stops the server cleanly.
    let stop = crate::stop_signal::stop_signal(true).map_err(|e| CliError::Internal(e.into()))?;
    // Started only once the server listens, so a server that cannot start never mails anyone.
    let sources = syncs.map(|(file, key)| super::source_scheduler::spawn(store.clone(), file, key, clock, holder));
    let scheduler = digest.map(|(s, fixed_now)| s.spawn(store, fixed_now));
    let what = if accounts { format!("{what} to its accounts (each person signs in)") } else { what.to_string() };
    let shown = if addr.ip().is_unspecified() { format!("port {}", addr.port()) } else { format!("http://{addr}") };
    match args.log_format {
        LogFormat::Text => eprintln!("kith is serving {what} at {shown} (Ctrl-C stops it)"),
        LogFormat::Json => tracing::info!(address = %shown, "kith is serving {what}"),
    }
    let app = kith_web::app(state).into_make_service_with_connect_info::<SocketAddr>();
    let served =
        axum::serve(listener, app).with_graceful_shutdown(stop).await.map_err(|e| CliError::Internal(e.into()));
    if let Some(s) = scheduler {
        s.abort();
    }
    if let Some(s) = sources {
        s.stop().await;
    }
    served
}

fn resolve(addr: &str) -> CliResult<SocketAddr> {
    let bad = |why: String| CliError::user(format!("--addr '{addr}': {why}; write HOST:PORT, e.g. 127.0.0.1:7878"));
    if let Ok(a) = addr.parse::<SocketAddr>() {
        return Ok(a);
    }
    let mut found = addr.to_socket_addrs().map_err(|e| bad(e.to_string()))?;
    found.next().ok_or_else(|| bad("no such address".into()))
}

/// `feed url` and `feed rotate`.
pub async fn feed(ctx: &Ctx, cmd: FeedCommand) -> CliResult<()> {
    let (base_url, addr, user, rotate) = match cmd {
        FeedCommand::Url { base_url, addr, user } => (base_url, addr, user, false),
        FeedCommand::Rotate { base_url, addr, user } => (base_url, addr, user, true),
    };
    let store = match user {
        Some(email) => kith_app::accounts::network_of(ctx.store.as_ref(), Some(&email)).await?,
        None => ctx.store.clone(),
    };
    let token = if rotate { store.rotate_feed_token().await? } else { store.feed_token().await? };
    let rotated = rotate;
    let base = base_url.unwrap_or_else(|| format!("http://{addr}"));
    let url = format!("{}/feed/{token}.ics", base.trim_end_matches('/'));
    if ctx.json {
        return print_json(&serde_json::json!({ "url": url, "rotated": rotated }));
    }
    if rotated {
        eprintln!("The feed has a new secret; the old address no longer works. Subscribe again with:");
    }
    say!("{url}");
    Ok(())
}
