//! Reading CSV text: turning the bytes into text, then walking the records, each with the line it
//! starts on and its original text.

use csv::StringRecord;

use super::text::shorten;
use crate::FormatError;

/// The field that problems with the file as a whole are reported under.
pub(crate) const FILE: &str = "file";

/// The text of a CSV file: UTF-8, a leading BOM dropped. Anything else (UTF-16, a spreadsheet,
/// binary junk, nothing at all) is refused with the line where it goes wrong and what to do.
pub(crate) fn decode(bytes: &[u8]) -> Result<&str, FormatError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(FormatError::new(
            1,
            FILE,
            "the file is UTF-16 text; save it as UTF-8 (\"CSV UTF-8\" in a spreadsheet) and import it again",
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(FormatError::new(
            1,
            FILE,
            "this is a ZIP archive (an .xlsx workbook, or a whole data export?), not CSV text; \
             unzip it, or save the sheet as CSV UTF-8",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        FormatError::new(
            1 + count_newlines(&bytes[..at]),
            FILE,
            format!("not UTF-8 text (byte 0x{:02X}); save the file as CSV UTF-8 and import it again", bytes[at]),
        )
    })?;
    if let Some(at) = text.find('\0') {
        return Err(FormatError::new(1 + count_newlines(&bytes[..at]), FILE, "binary data (a NUL byte), not CSV text"));
    }
    if text.trim().is_empty() {
        return Err(FormatError::new(0, FILE, "the file is empty"));
    }
    Ok(text)
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// One record of the file, borrowed from the [`Table`] that read it.
#[derive(Debug)]
pub(crate) struct Row<'a, 't> {
    /// 1-based line the record starts on.
    pub line: usize,
    /// The record's text as in the file, without its line ending.
    pub raw: &'t str,
    pub fields: &'a StringRecord,
    /// The record is the file's last and the file does not end with a line ending: a file cut off
    /// (an interrupted download or copy) ends like this.
    pub unterminated: bool,
}

impl Row<'_, '_> {
    /// Whether every field is empty or white space (`,,,,` rows, which some exports are padded with).
    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }
}

/// The records of a CSV text, in order. Rows may have any number of fields; blank lines are skipped.
///
/// One [`StringRecord`] is reused for every row, so walking a file allocates only when a row is
/// wider or longer than every row before it.
#[derive(Debug)]
pub(crate) struct Table<'t> {
    text: &'t str,
    csv: csv::Reader<&'t [u8]>,
    record: StringRecord,
    /// The line number at byte `counted_to`: lines are counted once, as the reader moves on.
    line: usize,
    counted_to: usize,
}

impl<'t> Table<'t> {
    pub fn new(text: &'t str) -> Table<'t> {
        let csv = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        Table { text, csv, record: StringRecord::new(), line: 1, counted_to: 0 }
    }

    /// The next record, or `None` at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<Row<'_, 't>>, FormatError> {
        let more = self
            .csv
            .read_record(&mut self.record)
            .map_err(|e| FormatError::new(self.line, FILE, format!("not readable as CSV: {e}")))?;
        if !more {
            return Ok(None);
        }
        // The reader's positions bracket the record together with the blank lines and line endings
        // around it; trim those off to find the line the record starts on and its own text.
        let start = self.record.position().map_or(0, |p| p.byte() as usize);
        let end = (self.csv.position().byte() as usize).min(self.text.len());
        let chunk = self.text.get(start..end).unwrap_or_default();
        let body = chunk.trim_start_matches(['\r', '\n']);
        let body_start = end - body.len();
        self.line += count_newlines(&self.text.as_bytes()[self.counted_to.min(body_start)..body_start]);
        self.counted_to = body_start;
        let raw = body.trim_end_matches(['\r', '\n']);
        let last = end == self.text.len();
        if last && ends_inside_quotes(raw) {
            return Err(FormatError::new(
                self.line,
                FILE,
                "a quoted value that starts in this row is never closed: the file may be cut off; add the \
                 missing '\"', or export the file again",
            ));
        }
        let unterminated = last && raw.len() == body.len();
        Ok(Some(Row { line: self.line, raw, fields: &self.record, unterminated }))
    }
}

/// Whether a record's text ends inside a quoted value: a quote opened at the start of a field and
/// never closed. (A quote inside an unquoted value, as in `5'11"`, is just a character.)
fn ends_inside_quotes(raw: &str) -> bool {
    let mut quoted = false;
    let mut field_start = true;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (false, '"') if field_start => quoted = true,
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
            }
            (true, '"') => quoted = false,
            _ => {}
        }
        field_start = !quoted && c == ',';
    }
    quoted
}

/// The fields of a record as the user would recognise them in an error message: `'A', 'B', 'C'`,
/// at most `limit` of them, each cut short.
pub(crate) fn quoted_fields(fields: &StringRecord, limit: usize) -> String {
    let shown: Vec<String> = fields.iter().take(limit).map(|f| format!("'{}'", shorten(f.trim(), 40))).collect();
    let more = if fields.len() > limit { ", …" } else { "" };
    format!("{}{more}", shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(usize, String, Vec<String>)> {
        let mut table = Table::new(text);
        let mut out = Vec::new();
        while let Some(row) = table.next_row().unwrap() {
            out.push((row.line, row.raw.to_string(), row.fields.iter().map(str::to_string).collect()));
        }
        out
    }

    #[test]
    fn rows_know_their_line_and_text() {
        let text = "a,b\r\n\r\n\"multi\nline\",c\r\nlast,\"x, y\"";
        let got = rows(text);
        assert_eq!(got[0], (1, "a,b".to_string(), vec!["a".to_string(), "b".to_string()]));
        assert_eq!(got[1].0, 3);
        assert_eq!(got[1].1, "\"multi\nline\",c");
        assert_eq!(got[1].2, vec!["multi\nline", "c"]);
        assert_eq!(got[2], (5, "last,\"x, y\"".to_string(), vec!["last".to_string(), "x, y".to_string()]));
    }

    #[test]
    fn lf_files_count_lines_too() {
        let got = rows("h\n\n\nx\ny\n");
        assert_eq!(got.iter().map(|r| r.0).collect::<Vec<_>>(), vec![1, 4, 5]);
    }

    #[test]
    fn text_that_is_not_utf8_is_refused_with_its_line() {
        let err = decode(b"a,b\nc,d\nna\xefve,x\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("UTF-8"), "{}", err.message);
        assert_eq!(decode(b"\xEF\xBB\xBFa,b").unwrap(), "a,b");
        assert_eq!(decode(b"\xEF\xBB\xBF \r\n").unwrap_err().message, "the file is empty");
        assert!(decode(b"\xFF\xFEa\0").unwrap_err().message.contains("UTF-16"));
        assert!(decode(b"PK\x03\x04....").unwrap_err().message.contains("ZIP"));
        assert_eq!(decode(b"a,b\n\0\0\0").unwrap_err().line, 2);
    }

    #[test]
    fn a_quote_left_open_at_the_end_of_the_file_is_named() {
        for text in ["a,b\nAda,\"Lovelace", "a,b\n\"Ada,x\ny,z", "a,b\nAda,\"Love \"\"the\"\" lace"] {
            let mut table = Table::new(text);
            table.next_row().unwrap();
            let err = loop {
                match table.next_row() {
                    Ok(Some(_)) => continue,
                    Ok(None) => panic!("{text:?} read to the end"),
                    Err(e) => break e,
                }
            };
            assert!(err.message.contains("never closed"), "{text:?}: {err}");
        }
        // A quote inside an unquoted value, and a closed one, are fine.
        assert_eq!(rows("h,w\nAda,5'11\"").len(), 2);
        assert_eq!(rows("h,w\nAda,\"x, \"\"y\"\"\"").len(), 2);
        assert!(!ends_inside_quotes("a,\"b,\"\"c\"\"\""));
    }

    #[test]
    fn an_unclosed_quote_is_named() {
        let mut table = Table::new("a,b\n\"open,c\nd,e\n");
        assert!(table.next_row().unwrap().is_some());
        let err = table.next_row().unwrap_err();
        assert_eq!(err.line, 2);
    }
}
