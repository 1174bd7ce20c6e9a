//! Shell completions and the man page, generated from the command definitions.

use std::io::Write as _;

use clap::CommandFactory;

use crate::{cli::Cli, error::CliResult, output::quit_on_closed_pipe};

pub fn completions(shell: clap_complete::Shell) -> CliResult<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "kith", &mut script);
    write_out(&script)
}

pub fn man() -> CliResult<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    write_out(&page)
}

/// Writes generated text to standard output; a reader that stops early (`| head`) ends kith
/// quietly, as for every other command.
fn write_out(bytes: &[u8]) -> CliResult<()> {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(bytes).and_then(|()| out.flush()) {
        quit_on_closed_pipe(&e);
        return Err(e.into());
    }
    Ok(())
}
