//! Shell completions and the man page, generated from the command definitions.

use clap::CommandFactory;

use crate::{cli::Cli, error::CliResult};

pub fn completions(shell: clap_complete::Shell) -> CliResult<()> {
    clap_complete::generate(shell, &mut Cli::command(), "kith", &mut std::io::stdout());
    Ok(())
}

pub fn man() -> CliResult<()> {
    clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
    Ok(())
}
