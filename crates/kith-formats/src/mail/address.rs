//! Address lists of To, Cc, Bcc and From (RFC 5322 §3.4), read the way real mail writes them.
//!
//! Handled: display names with commas inside quotes, groups (`undisclosed-recipients:;`,
//! `team: a@x, b@x;`), comments (`ann@x (Ann)`), RFC 2047 encoded display names, obsolete source
//! routes (`<@relay:ann@x>`), and two common breakages: a display name with an unquoted comma
//! (`Doe, John <john@x>`) and `;` used as a separator, as Outlook users type it.

use super::encoded_word;

/// The longest display name carried from one comma-separated piece to the next, in bytes.
const MAX_NAME: usize = 512;

/// One mailbox of an address list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// The display name, decoded, if there is one (or the comment of `ann@x (Ann)`).
    pub name: Option<String>,
    /// The address, lower-cased.
    pub address: String,
}

/// The mailboxes of an address list, in order. Entries without an `@` address are left out:
/// they can never match a contact.
pub fn parse_list(value: &str) -> Vec<Mailbox> {
    let mut parser = Parser { out: Vec::new(), entry: Entry::default() };
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        rest = match c {
            '"' => {
                let (text, after) = quoted(&rest[1..]);
                parser.entry.word(&encoded_word::decode(&text));
                // Kept in the raw text with its quotes, for a quoted local part: `"ann.lee"@x`.
                parser.entry.raw.push('"');
                parser.entry.raw.push_str(&text);
                parser.entry.raw.push('"');
                after
            }
            '(' => {
                let (text, after) = comment(&rest[1..]);
                parser.entry.comment.get_or_insert_with(|| encoded_word::decode(text.trim()).into_owned());
                parser.entry.space();
                after
            }
            '<' => {
                let end = angle_end(rest);
                parser.entry.angle = Some(route_stripped(&rest[1..end]).trim().to_string());
                rest.get(end + 1..).unwrap_or("")
            }
            ',' | ';' => {
                parser.finish();
                &rest[1..]
            }
            ':' if parser.entry.angle.is_none() => {
                // A group: its name is not a mailbox; its members follow.
                parser.entry = Entry::default();
                &rest[1..]
            }
            '=' if rest.starts_with("=?") && parser.entry.at_word_start() => match encoded_word::run_len(rest) {
                Some(len) => {
                    parser.entry.word(&encoded_word::decode(&rest[..len]));
                    parser.entry.space();
                    &rest[len..]
                }
                None => parser.entry.push_char(c, rest),
            },
            c if c.is_whitespace() => {
                parser.entry.space();
                &rest[c.len_utf8()..]
            }
            _ => {
                // A run of ordinary characters (a word of a name, an address) is taken at once.
                let len = word_len(rest);
                parser.entry.push_str(&rest[..len]);
                &rest[len..]
            }
        };
    }
    parser.finish();
    parser.out
}

struct Parser {
    out: Vec<Mailbox>,
    entry: Entry,
}

impl Parser {
    fn finish(&mut self) {
        // The raw text's buffer is kept for the next entry: most entries never need it.
        let mut raw = std::mem::take(&mut self.entry.raw);
        let mut entry = std::mem::take(&mut self.entry);
        let angled = entry.angle.is_some();
        let address = entry.angle.take().or_else(|| addr_spec(&raw));
        raw.clear();
        self.entry.raw = raw;
        match address.filter(|a| is_address(a)) {
            Some(address) => {
                // A bare `ann@x` has no display name; its words are the address itself.
                let phrase = if angled { entry.phrase.trim() } else { "" };
                let name = if phrase.is_empty() {
                    entry.comment.filter(|c| !c.is_empty())
                } else if phrase.len() == entry.phrase.len() {
                    Some(entry.phrase)
                } else {
                    Some(phrase.into())
                };
                self.out.push(Mailbox { name, address: lower_cased(address) });
            }
            // No address: most likely a display name cut by an unquoted comma ("Doe, John <j@x>"),
            // so its words start the next entry's name. Only a name's worth is carried: a list of
            // 100,000 words without an address must not be copied over and over.
            None if !angled && !entry.phrase.trim().is_empty() && entry.phrase.len() <= MAX_NAME => {
                self.entry.phrase = format!("{},", entry.phrase.trim());
                self.entry.pending_space = true;
            }
            None => {}
        }
    }
}

/// The entry being read: display-name words, the `<address>`, and the raw text for a bare addr-spec.
#[derive(Default)]
struct Entry {
    phrase: String,
    pending_space: bool,
    angle: Option<String>,
    raw: String,
    comment: Option<String>,
}

impl Entry {
    fn word(&mut self, word: &str) {
        if self.pending_space && !self.phrase.is_empty() {
            self.phrase.push(' ');
        }
        self.pending_space = false;
        self.phrase.push_str(word);
    }

    fn space(&mut self) {
        self.pending_space = true;
        self.raw.push(' ');
    }

    fn at_word_start(&self) -> bool {
        self.phrase.is_empty() || self.pending_space
    }

    fn push_char<'a>(&mut self, c: char, rest: &'a str) -> &'a str {
        let len = c.len_utf8();
        self.push_str(&rest[..len]);
        &rest[len..]
    }

    fn push_str(&mut self, text: &str) {
        if self.pending_space && !self.phrase.is_empty() {
            self.phrase.push(' ');
        }
        self.pending_space = false;
        self.phrase.push_str(text);
        self.raw.push_str(text);
    }
}

/// The length of the run of ordinary characters at the start of `text`: up to the next quote,
/// comment, angle bracket, separator, group colon, whitespace or encoded-word (at least one
/// character, so the parser always moves on).
fn word_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut end = 0;
    while end < bytes.len() {
        let b = bytes[end];
        let special = matches!(b, b'"' | b'(' | b'<' | b',' | b';' | b':' | b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c)
            || (b == b'=' && bytes.get(end + 1) == Some(&b'?'))
            // Other whitespace (a no-break space, say) is not ASCII: look at the character.
            || (b >= 0x80 && text[end..].chars().next().is_some_and(char::is_whitespace));
        if special && end > 0 {
            break;
        }
        end += if b >= 0x80 { text[end..].chars().next().map_or(1, char::len_utf8) } else { 1 };
    }
    end
}

/// The address lower-cased, without a copy when it already is (as most are).
fn lower_cased(address: String) -> String {
    if address.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) { address.to_lowercase() } else { address }
}

/// The contents of a quoted string (after its opening quote) and the text after it.
fn quoted(text: &str) -> (String, &str) {
    let mut out = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => out.extend(chars.next().map(|(_, c)| c)),
            '"' => return (out, &text[i + 1..]),
            c => out.push(c),
        }
    }
    (out, "")
}

/// The contents of a comment (after its opening parenthesis, nesting allowed) and the text after it.
fn comment(text: &str) -> (&str, &str) {
    let mut depth = 1;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return (&text[..i], &text[i + 1..]);
                }
            }
            _ => {}
        }
    }
    (text, "")
}

/// The index of the `>` closing the angle address at the start of `text` (quotes respected), or
/// the end of the text for an unclosed one.
fn angle_end(text: &str) -> usize {
    let mut in_quotes = false;
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => in_quotes = !in_quotes,
            '>' if !in_quotes => return i,
            _ => {}
        }
    }
    text.len()
}

/// `@relay1,@relay2:ann@x` → `ann@x` (the obsolete source route of RFC 822).
fn route_stripped(addr: &str) -> &str {
    match addr.trim_start().strip_prefix('@') {
        Some(route) => route.split_once(':').map_or(addr, |(_, a)| a),
        None => addr,
    }
}

/// A bare `local@domain` from the raw text of an entry without angle brackets.
fn addr_spec(raw: &str) -> Option<String> {
    let mut with_at = raw.split_whitespace().filter(|w| is_address(w));
    match (with_at.next(), with_at.next()) {
        (Some(one), None) => Some(one.to_string()),
        // Obsolete spacing around the dot and the at sign: `ann @ example . org`.
        _ => Some(raw.split_whitespace().collect()),
    }
}

fn has_whitespace(text: &str) -> bool {
    if text.is_ascii() {
        text.bytes().any(|b| b.is_ascii_whitespace() || b == 0x0b)
    } else {
        text.chars().any(char::is_whitespace)
    }
}

fn is_address(addr: &str) -> bool {
    match addr.rsplit_once('@') {
        Some((local, domain)) => !local.is_empty() && !domain.is_empty() && !has_whitespace(addr),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addresses(value: &str) -> Vec<String> {
        parse_list(value).into_iter().map(|m| m.address).collect()
    }

    fn names(value: &str) -> Vec<Option<String>> {
        parse_list(value).into_iter().map(|m| m.name).collect()
    }

    #[test]
    fn plain_and_named_mailboxes_lower_cased() {
        assert_eq!(addresses("Ann@Example.ORG"), ["ann@example.org"]);
        assert_eq!(
            addresses("Ann Lee <ann@example.org>, bob@example.org,\"Cy\" <CY@example.org>"),
            ["ann@example.org", "bob@example.org", "cy@example.org"]
        );
        assert_eq!(names("Ann Lee <ann@example.org>"), [Some("Ann Lee".to_string())]);
    }

    #[test]
    fn commas_inside_quotes_and_unquoted_commas_in_names() {
        let list = parse_list("\"Lee, Ann\" <ann@x.org>, Doe, John <john@x.org>, \"a\\\"b\" <ab@x.org>");
        let got: Vec<(Option<&str>, &str)> = list.iter().map(|m| (m.name.as_deref(), m.address.as_str())).collect();
        assert_eq!(
            got,
            [(Some("Lee, Ann"), "ann@x.org"), (Some("Doe, John"), "john@x.org"), (Some("a\"b"), "ab@x.org")]
        );
    }

    #[test]
    fn groups_comments_and_routes() {
        assert_eq!(addresses("undisclosed-recipients:;"), Vec::<String>::new());
        assert_eq!(addresses("Team: ann@x.org, Bob <bob@x.org>;, cy@x.org"), ["ann@x.org", "bob@x.org", "cy@x.org"]);
        assert_eq!(addresses("ann@x.org (Ann (work)), <@relay.x.org:bob@x.org>"), ["ann@x.org", "bob@x.org"]);
        assert_eq!(names("ann@x.org (Ann Lee)"), [Some("Ann Lee".to_string())]);
        assert_eq!(addresses("Ann (at work) <ann@x.org> (ignored)"), ["ann@x.org"]);
        assert_eq!(addresses("ann @ x . org"), ["ann@x.org"]);
    }

    #[test]
    fn encoded_display_names_even_with_commas_inside() {
        let list = parse_list("=?UTF-8?Q?Lee,_Ann?= <ann@x.org>, =?ISO-8859-1?Q?Jos=E9?= <jose@x.org>");
        let got: Vec<(Option<&str>, &str)> = list.iter().map(|m| (m.name.as_deref(), m.address.as_str())).collect();
        assert_eq!(got, [(Some("Lee, Ann"), "ann@x.org"), (Some("José"), "jose@x.org")]);
        assert_eq!(names("\"=?UTF-8?B?w4lsb2RpZQ==?=\" <e@x.org>"), [Some("Élodie".to_string())]);
    }

    #[test]
    fn a_hundred_thousand_recipients_or_words_are_read_in_one_pass() {
        let many: String = (0..100_000).map(|k| format!("p{k}@x.org, ")).collect();
        let list = parse_list(&many);
        assert_eq!(list.len(), 100_000);
        assert_eq!(list[99_999].address, "p99999@x.org");
        let words: String = (0..100_000).map(|k| format!("word{k}, ")).collect::<String>() + "Ann <ann@x.org>";
        let list = parse_list(&words);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].address, "ann@x.org");
    }

    #[test]
    fn outlook_semicolons_and_junk() {
        assert_eq!(addresses("ann@x.org; bob@x.org"), ["ann@x.org", "bob@x.org"]);
        for junk in ["", "   ", "Ann Lee", "<>", "@", "<unclosed@x.org", ",,;;"] {
            let got = addresses(junk);
            assert!(got.iter().all(|a| a.contains('@')), "{junk:?} gave {got:?}");
        }
        assert_eq!(addresses("<unclosed@x.org"), ["unclosed@x.org"]);
    }
}
