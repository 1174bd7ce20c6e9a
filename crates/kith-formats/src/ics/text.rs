//! TEXT values (RFC 5545 §3.3.11): escaping what users typed, unescaping what calendars wrote.

/// Escapes `\`, `;`, `,` and line breaks, so any text (a name like `<b>Ann; Bo, "Jr"</b>`, a note
/// of several lines) stays one value and reads back exactly. Other control characters, which TEXT
/// may not hold, become U+FFFD rather than break the file.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Reverses [`escape`]; an unknown escape keeps the escaped character, as calendars expect.
pub(crate) fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            (c, false) => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trips_hostile_text() {
        for text in ["<script>alert(1)</script>", "Lee; Ann, \"Jr\" \\o/", "line one\nline two\r\nthree", "🎂 ok"] {
            let escaped = escape(text);
            assert!(!escaped.contains(['\n', '\r']), "{escaped}");
            assert_eq!(unescape(&escaped), text.replace("\r\n", "\n"));
        }
        assert_eq!(escape("a\u{7}b"), "a\u{FFFD}b");
        assert_eq!(unescape("a\\Nb\\:c\\"), "a\nb:c\\");
    }
}
