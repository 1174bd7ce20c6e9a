//! Small helpers for HTML forms: what an empty field means, checkboxes, URL encoding, and where to
//! go back to after a post.

use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Percent-encodes text for a URL query or a cookie.
pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, NON_ALPHANUMERIC).to_string()
}

/// Decodes what [`encode`] wrote; invalid UTF-8 is replaced, never an error.
pub fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// A text field: `None` when empty or only spaces.
pub fn text(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// A number of minutes typed in a field: `None` when empty; the range (1 to 1440) is checked
/// with the rest of what it belongs to.
pub fn minutes(v: &Option<String>) -> Result<Option<u32>, kith_core::ValidationError> {
    text(v)
        .map(|m| {
            m.parse::<u32>().map_err(|_| {
                kith_core::ValidationError::new("minutes", &m, "a whole number of minutes, from 1 to 1440")
            })
        })
        .transpose()
}

/// A list typed in one field, separated by commas or new lines.
pub fn list(v: &Option<String>) -> Vec<String> {
    v.as_deref()
        .unwrap_or("")
        .split([',', '\n', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A checkbox: browsers send the field only when it is ticked.
pub fn checked(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| !s.is_empty() && s != "0" && s != "false")
}

/// A local path to return to after a post: only paths on this site, never another host.
pub fn back_to(v: &Option<String>, default: &str) -> String {
    match v.as_deref() {
        Some(p) if is_local_path(p) => p.to_string(),
        _ => default.to_string(),
    }
}

/// A path on this site, and nothing a browser could read as another one: it starts with one `/`,
/// and holds no backslash, control character or white space (browsers drop tabs and line breaks
/// from addresses, so `/\t/evil.example` would become `//evil.example`; a line break in a
/// `Location` header is an error, or worse).
fn is_local_path(p: &str) -> bool {
    let mut chars = p.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !p.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_on_commas_and_lines_and_drop_blanks() {
        assert_eq!(list(&Some("Ada, Bob\n\n  Cy ;".into())), vec!["Ada", "Bob", "Cy"]);
        assert!(list(&None).is_empty());
    }

    #[test]
    fn back_to_never_leaves_the_site() {
        assert_eq!(back_to(&Some("/contacts/3".into()), "/"), "/contacts/3");
        assert_eq!(back_to(&Some("//evil.example/x".into()), "/"), "/");
        assert_eq!(back_to(&Some("https://evil.example".into()), "/"), "/");
        assert_eq!(back_to(&None, "/contacts"), "/contacts");
        // Decoded from `next=/%09/evil.example` and `next=/%0d%0aSet-Cookie:…`: browsers drop the tab
        // and follow `//evil.example`; a line break would end up in the Location header.
        for hostile in
            ["/\t/evil.example", "/\n/evil.example", "/\r\nSet-Cookie: x=1", "/\\evil.example", "/ /x", "/\u{2028}/x"]
        {
            assert_eq!(back_to(&Some(hostile.into()), "/"), "/", "{hostile:?}");
        }
        assert_eq!(back_to(&Some("/contacts?q=Zoë&page=2".into()), "/"), "/contacts?q=Zoë&page=2");
    }

    #[test]
    fn encoding_round_trips() {
        let s = "Logged lunch with Zoë & Ada; warm 100%";
        assert_eq!(decode(&encode(s)), s);
    }
}
