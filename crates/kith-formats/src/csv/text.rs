//! Small text helpers: matching words whatever their case and accents, and keeping quoted values
//! short in messages.

use std::borrow::Cow;

/// A letter lower-cased and stripped of its accent (`É` → `e`, `ß` stays), for matching headers and
/// month names the way a person reads them. Covers the Latin letters of the languages kith reads
/// headers in; other characters are only lower-cased.
pub(crate) fn fold_char(c: char) -> char {
    let c = if c.is_ascii() { c.to_ascii_lowercase() } else { c.to_lowercase().next().unwrap_or(c) };
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

/// The key a header is matched by: folded letters and digits only, so `E-Mail-Adresse`,
/// `e-mail adresse` and `E-mailadresse` all read `emailadresse`.
pub(crate) fn key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).map(fold_char).collect()
}

/// Whether `word` reads as `ascii` (which must be folded already), without allocating.
pub(crate) fn folded_eq(word: &str, ascii: &str) -> bool {
    let mut want = ascii.chars();
    word.chars().all(|c| want.next() == Some(fold_char(c))) && want.next().is_none()
}

/// At most `max` characters of `s`, with `…` when cut, for quoting a value in a message.
pub(crate) fn shorten(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        Some((cut, _)) => Cow::Owned(format!("{}…", &s[..cut])),
        None => Cow::Borrowed(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_whatever_their_case_accents_and_dashes() {
        assert_eq!(key("E-Mail-Adresse"), "emailadresse");
        assert_eq!(key(" Connecté le "), "connectele");
        assert_eq!(key("Dirección de correo electrónico"), "direcciondecorreoelectronico");
        assert!(folded_eq("Févr", "fevr"));
        assert!(folded_eq("MÄR", "mar"));
        assert!(!folded_eq("Ma", "mar"));
        assert!(!folded_eq("Marx", "mar"));
    }

    #[test]
    fn long_values_are_cut_for_messages() {
        assert_eq!(shorten("abc", 5), "abc");
        assert_eq!(shorten("äbcdef", 3), "äbc…");
    }
}
