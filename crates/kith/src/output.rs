//! Terminal output: colour only on a terminal and never with NO_COLOR, plain tables otherwise, and
//! JSON for scripts.

pub use kith_app::wording::{percent, relative_days};
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
        let text = plain_text(table).unwrap_or_else(|| table.to_string());
        say(format_args!("{}", text.trim_end()));
    }
    Ok(())
}

/// A table off a terminal (no colours, no wrapping, no borders: [`Style::table`]) written as
/// comfy-table writes it, each cell padded to its column's width with one space either side. A
/// list of 20,000 contacts takes comfy-table 75–105 ms to lay out and this 8 ms (its general
/// layout splits and re-measures every cell). `None` when comfy-table must do it: on a terminal,
/// or with a cell of several lines.
fn plain_text(table: &Table) -> Option<String> {
    use unicode_width::UnicodeWidthStr;
    if table.is_tty() || !matches!(table.content_arrangement(), ContentArrangement::Disabled) {
        return None;
    }
    let rows: Vec<Vec<String>> = table
        .header()
        .into_iter()
        .chain(table.row_iter())
        .map(|r| r.cell_iter().map(Cell::content).collect())
        .collect();
    if rows.iter().flatten().any(|c| c.contains('\n')) {
        return None;
    }
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; columns];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::with_capacity(rows.len() * (widths.iter().sum::<usize>() + 2 * columns + 1));
    for row in &rows {
        for (i, w) in widths.iter().enumerate() {
            let cell = row.get(i).map_or("", String::as_str);
            out.push(' ');
            out.push_str(cell);
            out.extend(std::iter::repeat_n(' ', w - cell.width() + 1));
        }
        out.push('\n');
    }
    out.pop();
    Some(out)
}

/// What a command that creates something prints: on a terminal, `sentence` (which names the new
/// id); for a script (`id=$(kith add …)`), the id alone.
pub fn created(style: Style, id: i64, sentence: &str) {
    if style.tty {
        say(format_args!("{sentence}"));
    } else {
        say(format_args!("{id}"));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn plain_table(rows: &[&[&str]]) -> Table {
        let style = Style { colour: false, tty: false };
        let mut t = style.table(rows[0]);
        for r in &rows[1..] {
            t.add_row(r.to_vec());
        }
        t
    }

    #[test]
    fn plain_tables_are_written_as_comfy_table_writes_them() {
        let cases: &[&[&[&str]]] = &[
            &[&["ID", "NAME", "ORG"], &["1", "Ada", "Initech"], &["22", "Zoë Øster", ""]],
            &[&["A", "B"], &["美咲 佐藤", "x"], &["e\u{301}", "🙂 wide"], &["", ""]],
            &[&["ONE", "TWO", "THREE"], &["only one"], &["a", "b", "c"]],
            &[&["X"], &["  padded  "], &["tab\there"]],
        ];
        for rows in cases {
            let t = plain_table(rows);
            assert_eq!(plain_text(&t).as_deref(), Some(t.to_string().as_str()), "{rows:?}");
        }
    }

    #[test]
    fn cells_of_several_lines_are_left_to_comfy_table() {
        assert_eq!(plain_text(&plain_table(&[&["A"], &["one\ntwo"]])), None);
    }
}
