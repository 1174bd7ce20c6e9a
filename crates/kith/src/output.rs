//! Terminal output: colour only on a terminal and never with NO_COLOR, plain tables otherwise, and
//! JSON for scripts.

use std::io::{IsTerminal, Write};

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};
use kith_core::Status;
use serde::Serialize;

use crate::error::CliResult;

/// Whether to colour output.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub colour: bool,
    pub tty: bool,
}

impl Style {
    pub fn detect() -> Style {
        let tty = std::io::stdout().is_terminal();
        let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        Style { colour: tty && !no_colour && !dumb, tty }
    }

    /// A table with a header row; wraps to the terminal width on a terminal only.
    pub fn table(&self, header: &[&str]) -> Table {
        let mut t = Table::new();
        t.load_preset(presets::NOTHING);
        if self.tty {
            t.set_content_arrangement(ContentArrangement::Dynamic);
        } else {
            t.force_no_tty();
        }
        t.set_header(header.iter().map(|h| self.bold(Cell::new(h))));
        t
    }

    pub fn bold(&self, c: Cell) -> Cell {
        if self.colour { c.add_attribute(Attribute::Bold) } else { c }
    }

    pub fn dim(&self, c: Cell) -> Cell {
        if self.colour { c.fg(Color::DarkGrey) } else { c }
    }

    pub fn status(&self, s: Status) -> Cell {
        let c = Cell::new(s.as_str());
        if !self.colour {
            return c;
        }
        c.fg(match s {
            Status::Warm => Color::Green,
            Status::Cooling => Color::Yellow,
            Status::Cold => Color::Cyan,
            Status::New => Color::Magenta,
        })
    }

    /// A heading line, bold on a terminal.
    pub fn heading(&self, text: &str) -> String {
        if self.colour { format!("\x1b[1m{text}\x1b[0m") } else { text.to_string() }
    }

    /// A status word, coloured on a terminal.
    pub fn status_word(&self, s: Status) -> String {
        if !self.colour {
            return s.as_str().to_string();
        }
        let code = match s {
            Status::Warm => 32,
            Status::Cooling => 33,
            Status::Cold => 36,
            Status::New => 35,
        };
        format!("\x1b[{code}m{}\x1b[0m", s.as_str())
    }
}

/// Prints a value as JSON followed by a newline: indented on a terminal, for a person to read;
/// compact otherwise, for the program reading it (a 17,000-line due list is 40% fewer bytes). Either
/// way it is serialized straight into a buffered standard output, never built whole in memory first.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> CliResult<()> {
    let stdout = std::io::stdout();
    let pretty = stdout.is_terminal();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let serialized =
        if pretty { serde_json::to_writer_pretty(&mut out, value) } else { serde_json::to_writer(&mut out, value) };
    let written =
        serialized.map_err(std::io::Error::from).and_then(|()| out.write_all(b"\n")).and_then(|()| out.flush());
    if let Err(e) = written {
        quit_on_closed_pipe(&e);
        return Err(e.into());
    }
    Ok(())
}

/// Prints a table (or nothing but a note when it is empty).
pub fn print_table(table: &Table, empty_note: &str) -> CliResult<()> {
    if table.row_count() == 0 {
        say(format_args!("{empty_note}"));
    } else {
        say(format_args!("{}", table.to_string().trim_end()));
    }
    Ok(())
}

/// "today", "in 3 days", "5 days ago".
pub fn relative_days(days_from_today: i64) -> String {
    match days_from_today {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        d if d > 0 => format!("in {d} days"),
        d => format!("{} days ago", -d),
    }
}

/// Warmth as a percentage, the way tables show it.
pub fn percent(w: f64) -> String {
    format!("{:.0}%", w * 100.0)
}

/// Writes one line to standard output. A closed pipe (`kith list | head`) ends kith quietly, as
/// Unix tools do, instead of panicking.
pub fn say(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.write_all(b"\n")) {
        quit_on_closed_pipe(&e);
    }
}

/// Exits successfully when the reader of standard output has gone away.
pub fn quit_on_closed_pipe(e: &std::io::Error) {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
}

/// `println!` for command output; see [`say`].
macro_rules! say {
    () => { $crate::output::say(format_args!("")) };
    ($($arg:tt)*) => { $crate::output::say(format_args!($($arg)*)) };
}
