//! A batch of rows for one multi-row `INSERT` on SQLite.
//!
//! The rows travel as one JSON array of arrays, bound as a single parameter and unpacked by
//! `jsonb_each(jsonb(…))`, each field read back with `value ->> n`. Those reads are most of what such
//! an insert costs beyond SQLite's own B-tree work — each one copies the row's JSON and walks it — so
//! a column that holds the same value in every row (an import's circle and `added_on`, the fields a
//! LinkedIn export never fills) is bound once as a parameter of its own, and only the columns that
//! differ between rows travel in the array.

use std::fmt::Write as _;

use chrono::{Datelike as _, NaiveDate};

use crate::{StoreError, StoreResult};

/// One value of a row on its way into a bulk insert.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    /// Stored as `YYYY-MM-DD` text, as sqlx writes a `NaiveDate`.
    Date(NaiveDate),
}

impl From<i64> for Cell<'_> {
    fn from(v: i64) -> Self {
        Cell::Int(v)
    }
}

/// SQLite has no boolean type: `true` is stored as 1, as sqlx binds it.
impl From<bool> for Cell<'_> {
    fn from(v: bool) -> Self {
        Cell::Int(i64::from(v))
    }
}

impl From<f64> for Cell<'_> {
    fn from(v: f64) -> Self {
        Cell::Real(v)
    }
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(v: &'a str) -> Self {
        Cell::Text(v)
    }
}

impl<'a> From<&'a String> for Cell<'a> {
    fn from(v: &'a String) -> Self {
        Cell::Text(v)
    }
}

impl From<NaiveDate> for Cell<'_> {
    fn from(v: NaiveDate) -> Self {
        Cell::Date(v)
    }
}

impl<'a, T: Into<Cell<'a>>> From<Option<T>> for Cell<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Null, Into::into)
    }
}

/// One `INSERT … SELECT … FROM jsonb_each(jsonb($2))` and what it binds: `$1` is the owner, `$2`
/// the JSON array of the columns that differ between rows, `$3…` the values the rows share, in
/// the order of `shared`.
#[derive(Debug)]
pub(crate) struct Batch<'a> {
    pub(crate) sql: String,
    pub(crate) rows_json: String,
    pub(crate) shared: Vec<Cell<'a>>,
}

/// The insert of `rows` into `table`'s `columns` (after `owner_id`), each row's values given by
/// `cells` in the order of `columns`. `None` when there are no rows.
pub(crate) fn batch<'a, T, const N: usize>(
    table: &str,
    columns: [&str; N],
    rows: &'a [T],
    cells: impl Fn(&'a T) -> [Cell<'a>; N],
) -> StoreResult<Option<Batch<'a>>> {
    let Some(first) = rows.first().map(&cells) else {
        return Ok(None);
    };
    let varies = varying_columns(&first, rows[1..].iter().map(&cells));
    let mut sql = format!("INSERT INTO {table} (owner_id");
    for column in columns {
        sql.push_str(", ");
        sql.push_str(column);
    }
    sql.push_str(") SELECT $1");
    let mut shared = Vec::new();
    let mut sent = 0;
    for (cell, varies) in first.iter().zip(varies) {
        if varies {
            let _ = write!(sql, ", value ->> {sent}");
            sent += 1;
        } else {
            shared.push(*cell);
            let _ = write!(sql, ", ${}", shared.len() + 2);
        }
    }
    sql.push_str(" FROM jsonb_each(jsonb($2))");
    let mut json = Vec::with_capacity(rows.len() * (2 + sent * 12));
    json.push(b'[');
    for (k, row) in rows.iter().enumerate() {
        if k > 0 {
            json.push(b',');
        }
        json.push(b'[');
        let sent_cells = cells(row).into_iter().zip(varies).filter(|(_, varies)| *varies);
        for (n, (cell, _)) in sent_cells.enumerate() {
            if n > 0 {
                json.push(b',');
            }
            write_cell(&mut json, cell).map_err(encode_error)?;
        }
        json.push(b']');
    }
    json.push(b']');
    let rows_json = String::from_utf8(json).map_err(encode_error)?;
    Ok(Some(Batch { sql, rows_json, shared }))
}

/// Which columns hold a value other than `first`'s in some row.
fn varying_columns<'a, const N: usize>(first: &[Cell<'a>; N], rest: impl Iterator<Item = [Cell<'a>; N]>) -> [bool; N] {
    let mut varies = [false; N];
    let mut left = N;
    for row in rest {
        for ((cell, first), varies) in row.iter().zip(first).zip(&mut varies) {
            if !*varies && cell != first {
                *varies = true;
                left -= 1;
            }
        }
        if left == 0 {
            break;
        }
    }
    varies
}

fn write_cell(out: &mut Vec<u8>, cell: Cell<'_>) -> serde_json::Result<()> {
    match cell {
        Cell::Null => out.extend_from_slice(b"null"),
        Cell::Int(v) => serde_json::to_writer(out, &v)?,
        Cell::Real(v) => serde_json::to_writer(out, &v)?,
        Cell::Text(v) => serde_json::to_writer(out, v)?,
        Cell::Date(d) => write_date(out, d),
    }
    Ok(())
}

/// A date as `"YYYY-MM-DD"`, written digit by digit: chrono's formatter costs more than the rest
/// of a row. Years outside 0–9999 take chrono's own (signed, wider) form.
fn write_date(out: &mut Vec<u8>, d: NaiveDate) {
    let year = d.year();
    if !(0..=9999).contains(&year) {
        out.extend_from_slice(format!("\"{d}\"").as_bytes());
        return;
    }
    let digit = |v: u32| b'0' + (v % 10) as u8;
    let y = year as u32;
    let (m, day) = (d.month(), d.day());
    out.extend_from_slice(&[
        b'"',
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(day / 10),
        digit(day),
        b'"',
    ]);
}

/// A value that could not be turned into what a statement binds.
pub(crate) fn encode_error(e: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::Database(sqlx::Error::Encode(Box::new(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    type Row = (i64, &'static str, Option<&'static str>, bool, NaiveDate);

    fn cells(r: &Row) -> [Cell<'_>; 5] {
        [r.0.into(), r.1.into(), r.2.into(), r.3.into(), r.4.into()]
    }

    #[test]
    fn columns_every_row_shares_are_bound_once_and_the_rest_travel_as_json() {
        let rows: Vec<Row> = vec![
            (1, "Ada \"the\" Lee", None, false, date("2026-03-01")),
            (2, "Ben\nKhan", None, false, date("0987-12-31")),
        ];
        let b = batch("t", ["id", "name", "note", "flag", "on_date"], &rows, cells).unwrap().unwrap();
        assert_eq!(
            b.sql,
            "INSERT INTO t (owner_id, id, name, note, flag, on_date) SELECT $1, value ->> 0, value ->> 1, $3, $4, \
             value ->> 2 FROM jsonb_each(jsonb($2))"
        );
        assert_eq!(b.shared, vec![Cell::Null, Cell::Int(0)]);
        let parsed: serde_json::Value = serde_json::from_str(&b.rows_json).unwrap();
        assert_eq!(parsed, serde_json::json!([[1, "Ada \"the\" Lee", "2026-03-01"], [2, "Ben\nKhan", "0987-12-31"]]));
    }

    #[test]
    fn a_single_row_binds_every_value_and_no_rows_make_no_statement() {
        let rows: Vec<Row> = vec![(7, "Ada", Some("n"), true, date("2026-03-01"))];
        let b = batch("t", ["id", "name", "note", "flag", "on_date"], &rows, cells).unwrap().unwrap();
        assert_eq!(b.rows_json, "[[]]");
        assert_eq!(b.shared.len(), 5);
        assert!(batch("t", ["id", "name", "note", "flag", "on_date"], &rows[..0], cells).unwrap().is_none());
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        for (y, m, d) in [(2026, 1, 9), (1, 1, 1), (9999, 12, 31), (-44, 3, 15), (12345, 6, 7)] {
            let d = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut out = Vec::new();
            write_date(&mut out, d);
            assert_eq!(String::from_utf8(out).unwrap(), format!("\"{d}\""));
        }
    }
}
