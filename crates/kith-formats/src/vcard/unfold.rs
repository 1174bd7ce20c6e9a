//! From physical lines to content lines: folded lines are joined, and each content line remembers
//! the line number and byte range it came from, so problems and rejected cards point at the file.

/// One unfolded content line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unfolded {
    /// 1-based number of its first physical line.
    pub line: usize,
    pub text: String,
    /// Byte offset of its first physical line in the file.
    pub start: usize,
    /// Byte offset just past its last physical line, line ending included.
    pub end: usize,
}

/// Joins folded lines: a line starting with a space or tab continues the previous one (RFC 6350 3.2:
/// the line break and that one whitespace character are removed). For a quoted-printable value,
/// a trailing `=` is a soft line break, and the next line continues the value as it stands.
///
/// The RFC 6350 rule is used for 2.1 files too (2.1 says only the line break goes), as other readers
/// do: a 2.1 producer that folds between words loses the space at the fold, nothing else.
/// Blank lines are dropped; they carry nothing (2.1 ends base64 values with one).
pub(crate) fn unfold(text: &str) -> Vec<Unfolded> {
    let mut out: Vec<Unfolded> = Vec::new();
    let mut quoted_printable = false;
    let mut soft_break = false;
    let mut offset = 0;
    for (index, physical) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += physical.len();
        let content = physical.strip_suffix('\n').unwrap_or(physical);
        let content = content.strip_suffix('\r').unwrap_or(content);
        if let Some(last) = out.last_mut() {
            let continues = if soft_break && !is_end_vcard(content) {
                Some(content)
            } else if !soft_break && content.starts_with([' ', '\t']) {
                Some(&content[1..])
            } else {
                None
            };
            if let Some(rest) = continues {
                last.text.push_str(rest);
                last.end = offset;
                soft_break = quoted_printable && strip_soft_break(&mut last.text);
                continue;
            }
        }
        if content.trim().is_empty() {
            soft_break = false;
            continue;
        }
        let mut line = Unfolded { line: index + 1, text: content.to_string(), start, end: offset };
        quoted_printable = is_quoted_printable(&line.text);
        soft_break = quoted_printable && strip_soft_break(&mut line.text);
        out.push(line);
    }
    out
}

/// Whether the part before the value names the quoted-printable encoding (`ENCODING=QUOTED-PRINTABLE`
/// or 2.1's bare `;QUOTED-PRINTABLE`).
fn is_quoted_printable(line: &str) -> bool {
    let head = line.split_once(':').map_or(line, |(head, _)| head);
    head.to_ascii_uppercase().contains("QUOTED-PRINTABLE")
}

fn strip_soft_break(text: &mut String) -> bool {
    if text.ends_with('=') {
        text.pop();
        true
    } else {
        false
    }
}

/// A soft line break never swallows the end of the card (a broken producer may leave a stray `=`).
fn is_end_vcard(line: &str) -> bool {
    line.trim().eq_ignore_ascii_case("END:VCARD")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<(usize, String)> {
        unfold(s).into_iter().map(|u| (u.line, u.text)).collect()
    }

    #[test]
    fn folded_lines_join_with_crlf_or_lf_and_space_or_tab() {
        let got = texts("NOTE:a\r\n b\r\n\tc\nFN:x\n");
        assert_eq!(got, [(1, "NOTE:abc".to_string()), (4, "FN:x".to_string())]);
    }

    #[test]
    fn quoted_printable_soft_breaks_join_without_removing_whitespace() {
        let got = texts("NOTE;ENCODING=QUOTED-PRINTABLE:a=\r\n b=\r\nc\r\nEND:VCARD\r\n");
        assert_eq!(got, [(1, "NOTE;ENCODING=QUOTED-PRINTABLE:a bc".to_string()), (4, "END:VCARD".to_string())]);
        let stray = texts("NOTE;QUOTED-PRINTABLE:a=\nEND:VCARD\n");
        assert_eq!(stray[1].1, "END:VCARD");
    }

    #[test]
    fn ranges_cover_the_physical_lines() {
        let text = "A:1\r\n 2\r\n\r\nB:3";
        let lines = unfold(text);
        assert_eq!(&text[lines[0].start..lines[0].end], "A:1\r\n 2\r\n");
        assert_eq!((lines[1].line, &text[lines[1].start..lines[1].end]), (4, "B:3"));
    }
}
