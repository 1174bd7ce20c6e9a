//! Content lines (RFC 5545 §3.1): unfolding and parsing them when reading, folding them when writing.

/// One unfolded content line: `NAME;PARAM=VALUE,VALUE:value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ContentLine {
    /// The physical line it starts on, 1-based.
    pub line: usize,
    /// Upper-cased.
    pub name: String,
    /// Parameter names upper-cased, values as written (quotes removed).
    pub params: Vec<(String, Vec<String>)>,
    pub value: String,
}

impl ContentLine {
    /// The first value of a parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).and_then(|(_, v)| v.first()).map(String::as_str)
    }
}

/// Logical lines with the physical line each starts on. A line starting with a space or a tab
/// continues the previous one (that one character is removed); CRLF and bare LF are both accepted,
/// and blank lines are skipped.
pub(crate) fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix([' ', '\t']), out.last_mut()) {
            (Some(rest), Some((_, previous))) => previous.push_str(rest),
            _ if raw.trim().is_empty() => {}
            _ => out.push((i + 1, raw.to_string())),
        }
    }
    out
}

/// Parses one unfolded line; `None` if it is not `NAME[;PARAMS]:VALUE`.
pub(crate) fn parse(line: usize, text: &str) -> Option<ContentLine> {
    let name_end = text.find([';', ':'])?;
    let name = &text[..name_end];
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return None;
    }
    let mut params = Vec::new();
    let mut rest = &text[name_end..];
    while let Some(after) = rest.strip_prefix(';') {
        let (param_name, after) = after.split_once('=')?;
        let mut values = Vec::new();
        let mut after = after;
        loop {
            let (value, tail) = match after.strip_prefix('"') {
                Some(quoted) => {
                    let (value, tail) = quoted.split_once('"')?;
                    (value, tail)
                }
                None => after.split_at(after.find([',', ';', ':'])?),
            };
            values.push(value.to_string());
            match tail.strip_prefix(',') {
                Some(more) => after = more,
                None => {
                    after = tail;
                    break;
                }
            }
        }
        params.push((param_name.trim().to_ascii_uppercase(), values));
        rest = after;
    }
    let value = rest.strip_prefix(':')?;
    Some(ContentLine { line, name: name.to_ascii_uppercase(), params, value: value.to_string() })
}

/// Appends `line` to `out` folded at 75 octets (continuations start with a space, so carry 74),
/// never inside a UTF-8 character, ending with CRLF.
pub(crate) fn fold(line: &str, out: &mut String) {
    let mut rest = line;
    let mut limit = 75;
    while rest.len() > limit {
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = 74;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unfolding_joins_continuations_and_keeps_line_numbers() {
        let text = "BEGIN:VEVENT\r\nSUMMARY:a long\r\n  summary\r\n\tcontinued\r\n\r\nEND:VEVENT\n";
        assert_eq!(
            unfold(text),
            [(1, "BEGIN:VEVENT".into()), (2, "SUMMARY:a long summarycontinued".into()), (6, "END:VEVENT".into())]
        );
    }

    #[test]
    fn parameters_with_quotes_commas_and_colons() {
        let line =
            parse(7, "attendee;CN=\"Lee, Ann: PhD\";PARTSTAT=ACCEPTED;DELEGATED-TO=\"mailto:a@x\",\"mailto:b@x\":mailto:ann@x.org")
                .unwrap();
        assert_eq!(line.name, "ATTENDEE");
        assert_eq!(line.param("CN"), Some("Lee, Ann: PhD"));
        assert_eq!(line.param("PARTSTAT"), Some("ACCEPTED"));
        assert_eq!(line.params[2].1, ["mailto:a@x", "mailto:b@x"]);
        assert_eq!(line.value, "mailto:ann@x.org");
        assert_eq!(parse(1, "DESCRIPTION:a: b; c").unwrap().value, "a: b; c");
        for bad in ["no colon", ":value", "BAD NAME:x", "X;P:x", "X;P=\"open:x"] {
            assert_eq!(parse(1, bad), None, "{bad}");
        }
    }

    #[test]
    fn folding_keeps_characters_whole_and_lines_short() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "é🎂".repeat(30));
        fold(&line, &mut out);
        assert!(out.split("\r\n").all(|l| l.len() <= 75), "{out}");
        let unfolded: String = unfold(&out).into_iter().map(|(_, l)| l).collect();
        assert_eq!(unfolded, line);
    }
}
