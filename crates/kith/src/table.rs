//! Tables that can be long (`kith list`, `kith due`): filled a row at a time, laid out by
//! comfy-table on a terminal and written straight from one text buffer off it.
//!
//! Off a terminal there are no colours and no wrapping, so a table is only cells padded to their
//! column's width: building a comfy-table `Cell` per value (three allocations each, freed again at
//! exit) cost a 30,000-contact list more than reading it from the database. Here every cell is
//! written into one `String` and remembered by where it ends.

use std::fmt::{Display, Write as _};

use comfy_table::{Cell, Table};
use kith_core::Status;
use unicode_width::UnicodeWidthStr;

use crate::{
    error::CliResult,
    output::{Style, print_table, say},
};

/// A table being filled.
#[derive(Debug)]
pub enum TableOut {
    /// On a terminal: comfy-table lays it out (colours, wrapping to the terminal's width).
    Terminal { table: Table, style: Style },
    /// Off a terminal: plain cells in one buffer.
    Plain(PlainCells),
}

/// Cells written one after another into `text`, each ending at its entry of `ends`; `columns`
/// cells make a row, the header first.
#[derive(Debug)]
pub struct PlainCells {
    text: String,
    ends: Vec<usize>,
    columns: usize,
    widths: Vec<usize>,
}

impl TableOut {
    /// An empty table with a header row, for `style`'s output.
    pub fn new(style: Style, header: &[&str]) -> TableOut {
        if style.tty {
            return TableOut::Terminal { table: style.table(header), style };
        }
        let mut plain =
            PlainCells { text: String::new(), ends: Vec::new(), columns: header.len(), widths: vec![0; header.len()] };
        for h in header {
            plain.push(h);
        }
        TableOut::Plain(plain)
    }

    /// Starts a row; its cells are given in column order.
    pub fn row(&mut self) -> RowOut<'_> {
        RowOut { out: self, cells: Vec::new() }
    }

    /// Prints the table, or `empty_note` when it has no rows.
    pub fn print(self, empty_note: &str) -> CliResult<()> {
        match self {
            TableOut::Terminal { table, .. } => print_table(&table, empty_note),
            TableOut::Plain(plain) if plain.ends.len() <= plain.columns => {
                say(format_args!("{empty_note}"));
                Ok(())
            }
            TableOut::Plain(plain) => {
                say(format_args!("{}", plain.render().trim_end()));
                Ok(())
            }
        }
    }
}

impl PlainCells {
    fn push(&mut self, value: impl Display) {
        let start = self.text.len();
        let _ = write!(self.text, "{value}");
        // A cell of several lines would need comfy-table's layout; kith's long tables hold one
        // line per cell, and a stray line break is shown as a space rather than breaking the row.
        if self.text[start..].contains(['\n', '\r']) {
            let flat = self.text[start..].replace(['\n', '\r'], " ");
            self.text.truncate(start);
            self.text.push_str(&flat);
        }
        let cell = &self.text[start..];
        let width = if cell.is_ascii() { cell.len() } else { cell.width() };
        let column = self.ends.len() % self.columns;
        self.widths[column] = self.widths[column].max(width);
        self.ends.push(self.text.len());
    }

    /// Pads each cell to its column's width with one space either side, as comfy-table writes a
    /// borderless table.
    fn render(&self) -> String {
        let line: usize = self.widths.iter().map(|w| w + 2).sum::<usize>() + 1;
        let mut out = String::with_capacity(self.ends.len() / self.columns.max(1) * line + self.text.len());
        let mut start = 0;
        for (i, &end) in self.ends.iter().enumerate() {
            let cell = &self.text[start..end];
            start = end;
            let width = if cell.is_ascii() { cell.len() } else { cell.width() };
            out.push(' ');
            out.push_str(cell);
            out.extend(std::iter::repeat_n(' ', self.widths[i % self.columns] - width + 1));
            if i % self.columns == self.columns - 1 {
                out.push('\n');
            }
        }
        out.pop();
        out
    }
}

/// An optional value shown as nothing when absent.
#[derive(Debug, Clone, Copy)]
pub struct OrEmpty<T>(pub Option<T>);

impl<T: Display> Display for OrEmpty<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(v) => v.fmt(f),
            None => Ok(()),
        }
    }
}

/// One row being filled; it joins the table when dropped.
#[derive(Debug)]
pub struct RowOut<'a> {
    out: &'a mut TableOut,
    cells: Vec<Cell>,
}

impl RowOut<'_> {
    /// A cell as it is.
    pub fn cell(mut self, value: impl Display) -> Self {
        match &mut self.out {
            TableOut::Terminal { .. } => self.cells.push(Cell::new(value)),
            TableOut::Plain(plain) => plain.push(value),
        }
        self
    }

    /// A cell shown dimmed on a colour terminal (ids).
    pub fn dim(mut self, value: impl Display) -> Self {
        match &mut self.out {
            TableOut::Terminal { style, .. } => {
                let cell = style.dim(Cell::new(value));
                self.cells.push(cell);
            }
            TableOut::Plain(plain) => plain.push(value),
        }
        self
    }

    /// A status, in its colour on a colour terminal.
    pub fn status(mut self, status: Status) -> Self {
        match &mut self.out {
            TableOut::Terminal { style, .. } => {
                let cell = style.status(status);
                self.cells.push(cell);
            }
            TableOut::Plain(plain) => plain.push(status.as_str()),
        }
        self
    }
}

impl Drop for RowOut<'_> {
    fn drop(&mut self) {
        if let TableOut::Terminal { table, .. } = &mut self.out {
            table.add_row(std::mem::take(&mut self.cells));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Style = Style { colour: false, tty: false };

    fn filled(style: Style, rows: &[&[&str]]) -> TableOut {
        let mut t = TableOut::new(style, rows[0]);
        for r in &rows[1..] {
            let mut row = t.row();
            for c in *r {
                row = row.cell(c);
            }
        }
        t
    }

    #[test]
    fn plain_cells_are_written_as_comfy_table_writes_them() {
        let cases: &[&[&[&str]]] = &[
            &[&["ID", "NAME", "ORG"], &["1", "Ada", "Initech"], &["22", "Zoë Øster", ""]],
            &[&["A", "B"], &["美咲 佐藤", "x"], &["e\u{301}", "🙂 wide"], &["", ""]],
            &[&["ONLY"], &["a"], &["much longer"]],
        ];
        for rows in cases {
            let TableOut::Plain(plain) = filled(PLAIN, rows) else { unreachable!() };
            let mut comfy = PLAIN.table(rows[0]);
            for r in &rows[1..] {
                comfy.add_row(r.to_vec());
            }
            assert_eq!(plain.render(), comfy.to_string(), "{rows:?}");
        }
    }

    #[test]
    fn a_line_break_inside_a_cell_keeps_the_row_on_one_line() {
        let TableOut::Plain(plain) = filled(PLAIN, &[&["A", "B"], &["one\ntwo", "x"]]) else { unreachable!() };
        assert_eq!(plain.render().lines().count(), 2);
        assert!(plain.render().contains("one two"));
    }

    #[test]
    fn a_terminal_table_is_comfy_tables_with_the_same_cells() {
        let TableOut::Terminal { table, .. } = filled(Style { colour: false, tty: true }, &[&["A"], &["x"], &["y"]])
        else {
            unreachable!()
        };
        assert_eq!(table.row_count(), 2);
    }
}
