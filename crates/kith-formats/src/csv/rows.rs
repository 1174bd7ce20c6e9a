//! The loop every CSV reader shares: each data row after the header becomes a contact record or a
//! rejected row with its problems; blank rows are skipped.

use csv::StringRecord;

use super::{
    draft::Draft,
    reader::{Row, Table},
};
use crate::{ContactFile, ContactRecord, FormatError, Problem, Rejected};

/// The field a row with more values than the header has columns is reported under.
const COLUMNS: &str = "columns";

/// What one CSV format knows: which column holds what.
pub(crate) trait RowReader {
    /// Adds the values of one data row to `draft`, each with its column.
    fn read<'c, 'r>(&'c self, fields: &'r StringRecord, draft: &mut Draft<'c, 'r>);
}

/// The header row a reader settled on.
#[derive(Debug)]
pub(crate) struct Header {
    /// The header row as in the file, which rejected rows are written under.
    pub raw: String,
    /// Its columns, trimmed, to list a row's problems in the order of the columns.
    pub names: Vec<String>,
}

impl Header {
    pub fn of(row: &Row) -> Header {
        Header { raw: row.raw.to_string(), names: row.fields.iter().map(|f| f.trim().to_string()).collect() }
    }

    fn width(&self) -> usize {
        self.names.len()
    }
}

/// What the data rows held.
#[derive(Debug, Default)]
pub(crate) struct Rows {
    pub file: ContactFile,
    /// Data rows in the file, blank ones included.
    pub count: usize,
    /// Rows with every value blank, skipped.
    pub blank: usize,
}

/// Reads every data row left in `table`, with `reader`, under `header`.
pub(crate) fn read_rows(table: &mut Table, header: Header, reader: &impl RowReader) -> Result<Rows, FormatError> {
    let mut out = Rows::default();
    while let Some(row) = table.next_row()? {
        out.count += 1;
        let record = out.count;
        if row.is_blank() {
            out.blank += 1;
            continue;
        }
        if row.unterminated && row.fields.len() < header.width() {
            return Err(FormatError::new(
                row.line,
                COLUMNS,
                format!(
                    "the file ends in the middle of this row ({} of {} values, and no line ending): it looks \
                     cut off; download or export it again",
                    row.fields.len(),
                    header.width()
                ),
            ));
        }
        out.file.check_room(row.line)?;
        let mut draft = Draft::with_capacity(header.width());
        reader.read(row.fields, &mut draft);
        if row.fields.len() > header.width() && row.fields.iter().skip(header.width()).any(|f| !f.trim().is_empty()) {
            draft.problem(
                COLUMNS,
                format!(
                    "this row has {} values but the header names {} columns; \
                     a value that contains a comma must be in double quotes",
                    row.fields.len(),
                    header.width()
                ),
            );
        }
        match draft.finish() {
            Ok(parsed) => out.file.records.push(ContactRecord {
                line: row.line,
                record,
                contact: parsed.contact,
                extra: Vec::new(),
                connected_on: parsed.connected_on,
                raw: row.raw.to_string(),
            }),
            Err(mut problems) => {
                // Left to right, as the user reads the row; problems of the row as a whole first.
                problems.sort_by_key(|(column, _)| header.names.iter().position(|n| n == column));
                out.file.rejected.push(Rejected {
                    line: row.line,
                    record,
                    problems: problems
                        .into_iter()
                        .map(|(column, message)| Problem::new(row.line, Some(record), column, message))
                        .collect(),
                    raw: row.raw.to_string(),
                })
            }
        }
    }
    out.file.preamble = header.raw + "\r\n";
    Ok(out)
}
