//! `kith`: keep your professional network warm.

#[macro_use]
mod output;
mod allocator;
mod cli;
mod commands;
mod config;
mod context;
mod demo;
mod error;
mod logging;
mod progress;
mod stop_signal;
mod table;
mod timing;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    timing::start();
    // Usage errors exit with 2 (clap's convention, and the CLI contract's).
    let cli = cli::Cli::parse();
    if let cli::Command::Serve(args) = &cli.command {
        allocator::settle_for_serving();
        logging::for_server(args.log_format);
    } else {
        logging::for_command();
    }
    // The server uses every core; a command does one thing at a time.
    let mut builder = match cli.command {
        cli::Command::Serve(_) => tokio::runtime::Builder::new_multi_thread(),
        _ => tokio::runtime::Builder::new_current_thread(),
    };
    let runtime = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("kith: cannot start: {e}");
            return ExitCode::from(error::EXIT_INTERNAL);
        }
    };
    timing::mark("start");
    let done = runtime.block_on(commands::run(cli));
    timing::mark("done");
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kith: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
