//! RFC 2047 encoded-words (`=?UTF-8?B?…?=`, `=?ISO-8859-1?Q?…?=`), as found in subjects and
//! display names.
//!
//! Real mail breaks the rules in predictable ways, and this decoder accepts them: encoded-words
//! glued to ordinary text, a multi-byte character split across two adjacent words, unpadded base64,
//! lower-case encodings, a `*language` suffix on the charset. Whitespace between adjacent
//! encoded-words is dropped, as the RFC says. Anything that does not decode is kept as written.

use std::borrow::Cow;

use encoding_rs::Encoding;

/// Decodes every encoded-word in `text`; the rest is kept as it is. Text without one (most of
/// it) is returned as it is, not copied.
pub fn decode(text: &str) -> Cow<'_, str> {
    if memchr::memmem::find(text.as_bytes(), b"=?").is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    // Bytes of adjacent encoded-words in one charset are decoded together, so a character split
    // between two words comes out whole.
    let mut pending: Option<(&str, Vec<u8>)> = None;
    let mut literal_start = 0;
    let mut search = 0;
    let finder = memchr::memmem::Finder::new(b"=?");
    while let Some(offset) = finder.find(&text.as_bytes()[search..]) {
        let at = search + offset;
        let Some(word) = parse(&text[at..]) else {
            search = at + 2;
            continue;
        };
        let between = &text[literal_start..at];
        let adjacent = pending.is_some() && between.chars().all(char::is_whitespace);
        if !adjacent {
            flush(&mut out, pending.take());
            out.push_str(between);
        }
        match &mut pending {
            Some((charset, bytes)) if charset.eq_ignore_ascii_case(word.charset) => word.decode_into(bytes),
            _ => {
                flush(&mut out, pending.take());
                let mut bytes = Vec::with_capacity(word.payload.len());
                word.decode_into(&mut bytes);
                pending = Some((word.charset, bytes));
            }
        }
        search = at + word.len;
        literal_start = search;
    }
    flush(&mut out, pending);
    out.push_str(&text[literal_start..]);
    Cow::Owned(out)
}

/// The length of the run of encoded-words (separated by whitespace only) at the start of `text`,
/// or `None` if `text` does not start with one.
pub(crate) fn run_len(text: &str) -> Option<usize> {
    let mut len = parse(text)?.len;
    loop {
        let rest = &text[len..];
        let gap = rest.len() - rest.trim_start().len();
        match parse(&rest[gap..]) {
            Some(word) if gap > 0 => len += gap + word.len,
            _ => return Some(len),
        }
    }
}

/// One well-formed encoded-word, not yet decoded (measuring a run of them costs no copy).
struct Word<'a> {
    charset: &'a str,
    base64: bool,
    payload: &'a str,
    /// Length of the encoded-word in the text, `=?` to `?=`.
    len: usize,
}

impl Word<'_> {
    fn decode_into(&self, out: &mut Vec<u8>) {
        if self.base64 { base64(self.payload, out) } else { quoted_printable(self.payload, out) }
    }
}

fn parse(text: &str) -> Option<Word<'_>> {
    let body = text.strip_prefix("=?")?;
    let (charset, rest) = body.split_once('?')?;
    let (encoding, rest) = rest.split_once('?')?;
    let (payload, _) = rest.split_once("?=")?;
    let charset_ok = !charset.is_empty() && charset.bytes().all(|b| b.is_ascii_graphic());
    if !charset_ok || payload.contains('?') {
        return None;
    }
    // RFC 2231 allows a language after the charset: `UTF-8*en`.
    let charset = charset.split_once('*').map_or(charset, |(c, _)| c);
    let base64 = match encoding {
        "B" | "b" if is_base64(payload) => true,
        "Q" | "q" => false,
        _ => return None,
    };
    let len = 2 + body.len() - rest.len() + payload.len() + 2;
    Some(Word { charset, base64, payload, len })
}

fn flush(out: &mut String, pending: Option<(&str, Vec<u8>)>) {
    if let Some((charset, bytes)) = pending {
        push_decoded(out, charset, &bytes);
    }
}

/// Appends text in a named charset; an unknown charset is read as UTF-8 if it is valid UTF-8,
/// else as Windows-1252 (a superset of the Latin-1 that mislabelled mail almost always is).
fn push_decoded(out: &mut String, charset: &str, bytes: &[u8]) {
    let charset = charset.trim();
    let utf8 = std::str::from_utf8(bytes).ok();
    // UTF-8, by far the most common, without a lookup among every label encoding_rs knows.
    if let Some(text) = utf8.filter(|_| charset.eq_ignore_ascii_case("utf-8")) {
        out.push_str(text);
        return;
    }
    let fallback = if utf8.is_some() { encoding_rs::UTF_8 } else { encoding_rs::WINDOWS_1252 };
    let encoding = Encoding::for_label_no_replacement(charset.as_bytes()).unwrap_or(fallback);
    out.push_str(&encoding.decode_without_bom_handling(bytes).0);
}

fn quoted_printable(payload: &str, out: &mut Vec<u8>) {
    let bytes = payload.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'_' => out.push(b' '),
            b'=' => match bytes.get(i + 1..i + 3).and_then(|hex| hex_pair(hex[0], hex[1])) {
                Some(byte) => {
                    out.push(byte);
                    i += 2;
                }
                None => out.push(b'='),
            },
            b => out.push(b),
        }
        i += 1;
    }
}

fn hex_pair(hi: u8, lo: u8) -> Option<u8> {
    let digit = |b: u8| (b as char).to_digit(16);
    Some((digit(hi)? * 16 + digit(lo)?) as u8)
}

/// Whether `payload` is base64 as [`base64`] reads it (whitespace allowed, anything after `=`
/// ignored); a `B` word with anything else in it is not an encoded-word at all.
fn is_base64(payload: &str) -> bool {
    payload
        .bytes()
        .take_while(|&b| b != b'=')
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b' ' | b'\t'))
}

/// Base64 without padding requirements; whitespace is skipped, decoding stops at `=`. The
/// payload has passed [`is_base64`].
fn base64(payload: &str, out: &mut Vec<u8>) {
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in payload.bytes() {
        let value = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_and_q_words_in_their_charsets() {
        assert_eq!(decode("=?UTF-8?B?Q2Fmw6kgbmV4dCB3ZWVrPw==?="), "Café next week?");
        assert_eq!(decode("=?ISO-8859-1?Q?Caf=E9_next_week=3F?="), "Café next week?");
        assert_eq!(decode("=?utf-8?q?Gr=C3=BC=C3=9Fe?= aus Berlin"), "Grüße aus Berlin");
        assert_eq!(decode("=?windows-1252?Q?=93quoted=94?="), "\u{201c}quoted\u{201d}");
        assert_eq!(decode("=?UTF-8*en?B?aGk?="), "hi", "language suffix and no padding");
    }

    #[test]
    fn adjacent_words_join_and_split_characters_survive() {
        assert_eq!(decode("=?UTF-8?Q?a?= =?UTF-8?Q?b?=  c"), "ab  c");
        // "é" is C3 A9, split across two words.
        assert_eq!(decode("=?UTF-8?Q?caf=C3?=\r\n =?UTF-8?Q?=A9?="), "café");
        assert_eq!(decode("Re:=?UTF-8?Q?_Lunch?="), "Re: Lunch");
    }

    #[test]
    fn broken_words_stay_as_written() {
        for text in ["=?UTF-8?X?abc?=", "=?UTF-8?B?not base64!?=", "=??Q?x?=", "price =? 10", "=?UTF-8?Q?unterminated"]
        {
            assert_eq!(decode(text), text);
        }
        assert_eq!(decode("=?x-unknown?Q?caf=C3=A9?="), "café", "unknown charset, valid UTF-8");
    }

    #[test]
    fn runs_of_words_are_measured() {
        assert_eq!(run_len("=?UTF-8?Q?a?= =?UTF-8?Q?b?= <x@y>"), Some(27));
        assert_eq!(run_len("plain"), None);
    }
}
