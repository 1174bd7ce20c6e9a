//! Search text and search queries, the same for both backends.
//!
//! The store keeps one `search_text` per contact, already folded here: lower-cased, common accents
//! removed, every run of characters that are not letters or digits turned into one space. Both full
//! text engines (SQLite FTS5 `unicode61`, PostgreSQL `to_tsvector('simple', …)`) then split it into
//! the same words, so a search finds the same contacts on either backend. User input is folded the
//! same way and each word is quoted as a prefix term, so no query syntax ever reaches the engine.

/// Folds text for search: lower case, accents removed, words separated by single spaces.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = strip_accent(c);
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The search words of a query: folded, each a prefix to match.
pub(crate) fn search_words(query: &str) -> Vec<String> {
    fold(query).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// An FTS5 MATCH expression: every word as a quoted prefix, all required.
pub(crate) fn fts5_query(words: &[String]) -> String {
    words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" ")
}

/// A PostgreSQL tsquery: every word as a quoted prefix, all required.
pub(crate) fn tsquery(words: &[String]) -> String {
    words.iter().map(|w| format!("'{w}':*")).collect::<Vec<_>>().join(" & ")
}

/// The exclusive upper bound of keys that start with `prefix`, for an index range scan.
pub(crate) fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// The text a contact is found by.
pub(crate) fn search_text<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts {
        let f = fold(p);
        if !f.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&f);
        }
    }
    out
}

/// The text a touch, an event or a follow-up is found by: its optional parts (note, favors, title)
/// folded into one, empty when there are none.
pub(crate) fn typed_text<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    search_text(parts.into_iter().flatten())
}

fn strip_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => 's',
        'ţ' | 'ť' | 'ŧ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_makes_plain_words() {
        assert_eq!(fold("  Élodie O'Brien-Smith <eo@x.org> "), "elodie o brien smith eo x org");
        assert_eq!(search_words("ann@exa \"OR\" *"), vec!["ann", "exa", "or"]);
        assert_eq!(fts5_query(&search_words("Ann Le")), "\"ann\"* \"le\"*");
        assert_eq!(tsquery(&search_words("Ann Le")), "'ann':* & 'le':*");
        assert_eq!(search_text(["Ann", "", "Acme Corp"]), "ann acme corp");
    }
}
