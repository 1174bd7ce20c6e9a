//! Property values: backslash escapes, structured components, lists, and the quoted-printable and
//! CHARSET encodings of vCard 2.1.

/// Undoes vCard text escapes: `\n` (or `\N`) is a newline; `\,` `\;` `\:` and `\\` are the character
/// itself. An unknown escape is kept as written, since 2.1 files use backslashes literally.
pub(crate) fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(e @ (',' | ';' | ':' | '\\')) => out.push(e),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Splits at every `sep` that is not escaped by a backslash, leaving the escapes in place.
pub(crate) fn split_unescaped(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            parts.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&s[start..]);
    parts
}

/// The components of a structured value (N, ADR, ORG), each unescaped.
pub(crate) fn components(s: &str) -> Vec<String> {
    split_unescaped(s, ';').into_iter().map(unescape).collect()
}

/// The items of a comma-separated list such as CATEGORIES, trimmed, empty ones dropped.
///
/// An escaped comma separates items too: kith's tags cannot hold a comma, and splitting keeps the
/// words the user wrote instead of rejecting the whole card.
pub(crate) fn list_items(s: &str) -> Vec<String> {
    s.replace("\\,", ",").split(',').map(|item| unescape(item).trim().to_string()).filter(|i| !i.is_empty()).collect()
}

/// Escapes text for a vCard 4.0 value: backslash, comma, semicolon, and any line break as `\n`.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                // CRLF and a lone CR are both one line break.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            other => out.push(other),
        }
    }
    out
}

/// Decodes quoted-printable (`=C3=A9`) into bytes. Soft line breaks were already joined when the
/// lines were unfolded; an `=` not followed by two hex digits is kept as it is.
pub(crate) fn decode_quoted_printable(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && let (Some(hi), Some(lo)) = (bytes.get(i + 1).and_then(hex), bytes.get(i + 2).and_then(hex))
        {
            out.push((hi << 4) | lo);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

fn hex(b: &u8) -> Option<u8> {
    (*b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// Turns decoded bytes into text using the property's CHARSET (UTF-8 when absent or unknown). Bytes
/// that are not valid UTF-8 are read as Windows-1252, what 2.1 files without a CHARSET mostly hold.
pub(crate) fn decode_charset(bytes: &[u8], charset: Option<&str>) -> String {
    let named = charset.and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes()));
    let text = match named {
        Some(encoding) if encoding != encoding_rs::UTF_8 => encoding.decode_without_bom_handling(bytes).0.into_owned(),
        _ => match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
        },
    };
    // Quoted-printable carries line breaks as =0D=0A; kith keeps plain newlines.
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_round_trip() {
        let text = "a,b;c\\d\ne";
        assert_eq!(escape(text), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(unescape(&escape(text)), text);
        assert_eq!(escape("x\r\ny\rz"), "x\\ny\\nz");
    }

    #[test]
    fn structured_values_split_on_unescaped_semicolons() {
        assert_eq!(components("Coyote;Wile;E.;;"), ["Coyote", "Wile", "E.", "", ""]);
        assert_eq!(components("A\\;B;C"), ["A;B", "C"]);
        assert_eq!(components("back\\\\;slash"), ["back\\", "slash"]);
    }

    #[test]
    fn lists_split_on_every_comma() {
        assert_eq!(list_items("rust, go ,,a\\,b"), ["rust", "go", "a", "b"]);
    }

    #[test]
    fn quoted_printable_with_charsets() {
        assert_eq!(decode_charset(&decode_quoted_printable("J=C3=B6rg=0D=0Ax"), Some("UTF-8")), "Jörg\nx");
        assert_eq!(decode_charset(&decode_quoted_printable("J=F6rg"), Some("ISO-8859-1")), "Jörg");
        assert_eq!(decode_charset(&decode_quoted_printable("J=F6rg"), None), "Jörg");
        assert_eq!(decode_charset(&decode_quoted_printable("=83e=83X=83g"), Some("SHIFT_JIS")), "テスト");
        assert_eq!(decode_quoted_printable("a=zz=4"), b"a=zz=4");
    }
}
