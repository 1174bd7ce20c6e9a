//! The header section of an RFC 5322 message: its fields, unfolded, each with the line it starts on.
//!
//! Only the header section is ever looked at: iteration stops at the first empty line, so the body
//! of a message (attachments and all) costs nothing.

use std::borrow::Cow;

/// One header field as it stands in the message: name, raw value (still folded), first line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawField<'a> {
    pub name: &'a [u8],
    pub value: &'a [u8],
    pub line: usize,
}

impl<'a> RawField<'a> {
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name.as_bytes())
    }

    /// The value unfolded (line breaks of continuation lines removed) and decoded as text: UTF-8,
    /// or Windows-1252 for the 8-bit headers some old mailers still write. Most fields are UTF-8
    /// on one line: those are borrowed from the message, not copied.
    pub fn text(&self) -> Cow<'a, str> {
        let value = self.value.trim_ascii();
        let folded = memchr::memchr2(b'\r', b'\n', value).is_some();
        match bytes_to_text(value) {
            Cow::Borrowed(text) if !folded => Cow::Borrowed(text.trim()),
            text => {
                let unfolded: String = text.chars().filter(|&c| c != '\r' && c != '\n').collect();
                Cow::Owned(unfolded.trim().to_string())
            }
        }
    }
}

pub(crate) fn bytes_to_text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// The header fields of `message`, whose first byte is on line `first_line`. A leading mbox
/// `From ` separator line is skipped; lines that are neither a field nor a continuation are ignored.
pub(crate) fn fields(message: &[u8], first_line: usize) -> Fields<'_> {
    let mut fields = Fields { bytes: message, pos: 0, line: first_line };
    if message.starts_with(b"From ") {
        fields.next_line();
    }
    fields
}

#[derive(Debug)]
pub(crate) struct Fields<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
}

impl<'a> Fields<'a> {
    /// The current line without its line ending, or `None` at the end of the header section.
    fn peek_line(&self) -> Option<(&'a [u8], usize)> {
        let rest = self.bytes.get(self.pos..).filter(|r| !r.is_empty())?;
        let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        let line = rest[..end].strip_suffix(b"\r").unwrap_or(&rest[..end]);
        let next = (self.pos + end + 1).min(self.bytes.len());
        (!line.is_empty()).then_some((line, next))
    }

    fn next_line(&mut self) -> Option<&'a [u8]> {
        let (line, next) = self.peek_line()?;
        self.pos = next;
        self.line += 1;
        Some(line)
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = RawField<'a>;

    fn next(&mut self) -> Option<RawField<'a>> {
        loop {
            let line_no = self.line;
            let start = self.pos;
            let first = self.next_line()?;
            if is_continuation(first) {
                continue; // a stray continuation after an ignored line
            }
            let Some(colon) = first.iter().position(|&b| b == b':') else { continue };
            let name = first[..colon].trim_ascii_end();
            if name.is_empty() || !name.iter().all(|&b| b.is_ascii_graphic()) {
                continue;
            }
            let mut end = start + first.len();
            // A continuation line starts with a space or tab (so it is never the empty line that
            // ends the section): one look at the next byte, not a search for its end.
            while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t')) {
                let line_start = self.pos;
                let Some(line) = self.next_line() else { break };
                end = line_start + line.len();
            }
            let value = &self.bytes[start + colon + 1..end];
            return Some(RawField { name, value, line: line_no });
        }
    }
}

fn is_continuation(line: &[u8]) -> bool {
    matches!(line.first(), Some(b' ' | b'\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_unfold_and_stop_at_the_body() {
        let msg = b"From ann@x Mon Mar  2 10:00:00 2026\r\nSubject: a long\r\n  subject\r\nX-Empty:\r\nnot a header\r\nTo: b@x\r\n\r\nFrom: body@x\r\n";
        let got: Vec<(String, String, usize)> = fields(msg, 10)
            .map(|f| (String::from_utf8_lossy(f.name).into_owned(), f.text().into_owned(), f.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Subject".into(), "a long  subject".into(), 11),
                ("X-Empty".into(), String::new(), 13),
                ("To".into(), "b@x".into(), 15),
            ]
        );
    }

    #[test]
    fn eight_bit_headers_fall_back_to_windows_1252() {
        let msg = b"Subject: caf\xe9\n\n";
        assert_eq!(fields(msg, 1).next().unwrap().text(), "café");
    }
}
