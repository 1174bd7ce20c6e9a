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
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_string(),
        _ => default.to_string(),
    }
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
    }

    #[test]
    fn encoding_round_trips() {
        let s = "Logged lunch with Zoë & Ada; warm 100%";
        assert_eq!(decode(&encode(s)), s);
    }
}
