//! mbox files: messages one after another, each introduced by a `From ` separator line.
//!
//! A separator is a line starting with `From ` that begins the file or follows a blank line, and is
//! itself followed by a header field. Writers quote body lines that start with `From ` as `>From `
//! (mboxo, mboxrd), which therefore never split a message; the header check also keeps an unquoted
//! `From the desk of…` paragraph (as mboxcl writers leave them) from being taken for a separator.

use std::collections::HashSet;

use super::read_message;
use crate::{FormatError, Problem, TouchFile};

/// Reads every message of an mbox file. An empty file is an empty mailbox; a file that does not
/// start with a `From ` line is not an mbox at all.
pub fn read_mbox(bytes: &[u8]) -> Result<TouchFile, FormatError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(TouchFile::default());
    }
    if !bytes.starts_with(b"From ") {
        return Err(FormatError::new(
            1,
            "mbox",
            format!(
                "not an mbox file: it should start with a 'From ' separator line, but starts with {:?}",
                preview(bytes)
            ),
        ));
    }
    let mut file = TouchFile::default();
    let mut seen = HashSet::new();
    for (index, (line, message)) in messages(bytes).enumerate() {
        match read_message(message, line) {
            Ok(touch) => {
                if seen.insert(touch.key.clone()) {
                    file.touches.push(touch);
                }
            }
            Err(problem) => file.problems.push(Problem { record: Some(index + 1), ..problem }),
        }
    }
    Ok(file)
}

/// Each message with the line its separator is on.
fn messages(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut starts = vec![0];
    starts.extend(memchr::memmem::find_iter(bytes, b"\nFrom ").map(|i| i + 1).filter(|&s| is_separator(bytes, s)));
    let mut line = 1;
    let mut counted_to = 0;
    (0..starts.len()).map(move |i| {
        let (start, end) = (starts[i], starts.get(i + 1).copied().unwrap_or(bytes.len()));
        line += memchr::memchr_iter(b'\n', &bytes[counted_to..start]).count();
        counted_to = start;
        (line, &bytes[start..end])
    })
}

/// Whether the `From ` line at `start` separates messages: after a blank line, before a header.
fn is_separator(bytes: &[u8], start: usize) -> bool {
    let before = &bytes[..start - 1];
    let after_blank = before.ends_with(b"\n") || before.ends_with(b"\n\r") || before.is_empty();
    if !after_blank {
        return false;
    }
    let Some(eol) = memchr::memchr(b'\n', &bytes[start..]) else { return false };
    let rest = &bytes[start + eol + 1..];
    let next_line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
    match next_line.iter().position(|&b| b == b':') {
        Some(name_len) => name_len > 0 && next_line[..name_len].iter().all(u8::is_ascii_graphic),
        None => false,
    }
}

/// The first line of the file, cut short, for an error message.
fn preview(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(40)];
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    String::from_utf8_lossy(line).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_need_a_blank_line_before_and_a_header_after() {
        let mbox = b"From a@x Mon Mar  2 10:00:00 2026\nFrom: a@x\n\nbody\nFrom here on\n\nFrom the desk of Ann\n\n>From quoted\n\nFrom b@x Tue Mar  3 10:00:00 2026\r\nFrom: b@x\r\n\r\n";
        let got: Vec<(usize, usize)> = messages(mbox).map(|(line, m)| (line, m.len())).collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, 1);
        assert_eq!(got[1].0, 11);
    }

    #[test]
    fn binary_junk_is_not_an_mbox() {
        let err = read_mbox(b"\x89PNG\r\n\x1a\n\0\0\0").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("not an mbox"), "{err}");
        assert_eq!(read_mbox(b" \n\r\n").unwrap(), TouchFile::default());
    }
}
