//! One content line, `[group.]NAME[;PARAM=value,…]:value`, split into its parts without copying
//! the value (which may be megabytes of photo).

use super::value;

/// A parameter. vCard 2.1's bare parameters (`;WORK;PREF`) are read as `TYPE` values, and bare
/// encodings (`;QUOTED-PRINTABLE`, `;BASE64`) as `ENCODING`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Param {
    /// Upper-cased.
    pub name: String,
    /// Without surrounding quotes.
    pub values: Vec<String>,
    /// Written without a name, as in 2.1.
    pub bare: bool,
}

/// A parsed content line borrowing from the unfolded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ContentLine<'a> {
    /// The whole unfolded line, as read.
    pub text: &'a str,
    pub group: Option<&'a str>,
    /// The property name as written.
    pub name_as_written: &'a str,
    /// Upper-cased, without the group.
    pub name: String,
    pub params: Vec<Param>,
    /// The raw value: still escaped (and still quoted-printable where so encoded).
    pub raw_value: &'a str,
}

impl<'a> ContentLine<'a> {
    /// Parses a line; the error says what is wrong with it, for a message to the user.
    pub(crate) fn parse(text: &'a str) -> Result<ContentLine<'a>, String> {
        let bytes = text.as_bytes();
        let name_end = text.find([';', ':']).ok_or("not a vCard content line: a line needs a colon (NAME:value)")?;
        let full_name = &text[..name_end];
        let (group, name) = match full_name.split_once('.') {
            Some((group, name)) => (Some(group), name),
            None => (None, full_name),
        };
        if !is_token(name) || group.is_some_and(|g| !is_token(g)) {
            return Err(format!("'{full_name}' is not a property name (letters, digits and '-')"));
        }
        let mut params = Vec::new();
        let mut at = name_end;
        while bytes[at] == b';' {
            let (param, next) = parse_param(text, at + 1)?;
            params.extend(param);
            at = next;
        }
        Ok(ContentLine {
            text,
            group,
            name_as_written: name,
            name: name.to_ascii_uppercase(),
            params,
            raw_value: &text[at + 1..],
        })
    }

    /// The values of a parameter, lower-cased, e.g. `TYPE` → `["work", "pref"]`; values of a
    /// parameter given several times are all included.
    pub(crate) fn param_values(&self, name: &str) -> Vec<String> {
        self.params
            .iter()
            .filter(|p| p.name == name)
            .flat_map(|p| p.values.iter().map(|v| v.to_ascii_lowercase()))
            .collect()
    }

    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|p| p.name == name).and_then(|p| p.values.first()).map(String::as_str)
    }

    pub(crate) fn has_type(&self, wanted: &str) -> bool {
        self.param_values("TYPE").iter().any(|t| t.eq_ignore_ascii_case(wanted))
    }

    pub(crate) fn is_quoted_printable(&self) -> bool {
        self.param_values("ENCODING").iter().any(|e| e == "quoted-printable")
    }

    /// The value with quoted-printable and CHARSET decoded, still backslash-escaped.
    pub(crate) fn decoded_value(&self) -> std::borrow::Cow<'a, str> {
        if self.is_quoted_printable() {
            let bytes = value::decode_quoted_printable(self.raw_value);
            value::decode_charset(&bytes, self.param("CHARSET")).into()
        } else {
            self.raw_value.into()
        }
    }

    /// The value as one piece of text: decoded and unescaped.
    pub(crate) fn text_value(&self) -> String {
        value::unescape(&self.decoded_value())
    }

    /// The components of a structured value (N, ADR, ORG), decoded and unescaped.
    pub(crate) fn components(&self) -> Vec<String> {
        value::components(&self.decoded_value())
    }
}

fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Parses one parameter starting at `start` (just after its `;`); returns it and the offset of the
/// `;` or `:` that ends it. Quoted values may hold `;`, `:` and `,`.
fn parse_param(text: &str, start: usize) -> Result<(Option<Param>, usize), String> {
    let bytes = text.as_bytes();
    let mut values = Vec::new();
    let mut name: Option<&str> = None;
    let mut piece_start = start;
    let mut at = start;
    loop {
        let Some(&b) = bytes.get(at) else {
            return Err("not a vCard content line: a line needs a colon (NAME:value)".into());
        };
        match b {
            b'"' => {
                let close = text[at + 1..].find('"').ok_or("a quoted parameter value is not closed")?;
                at += close + 2;
                continue;
            }
            b'=' if name.is_none() => {
                name = Some(&text[start..at]);
                piece_start = at + 1;
            }
            b',' if name.is_some() => {
                values.push(unquote(&text[piece_start..at]));
                piece_start = at + 1;
            }
            b';' | b':' => {
                values.push(unquote(&text[piece_start..at]));
                break;
            }
            _ => {}
        }
        at += 1;
    }
    let param = match name {
        Some(name) => Some(Param { name: name.trim().to_ascii_uppercase(), values, bare: false }),
        None => bare_param(values.pop().unwrap_or_default()),
    };
    Ok((param, at))
}

fn bare_param(value: String) -> Option<Param> {
    if value.trim().is_empty() {
        return None;
    }
    let upper = value.to_ascii_uppercase();
    let name = match upper.as_str() {
        "QUOTED-PRINTABLE" | "BASE64" | "8BIT" | "7BIT" | "B" => "ENCODING",
        _ => "TYPE",
    };
    Some(Param { name: name.to_string(), values: vec![value], bare: true })
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    s.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_params_and_values() {
        let line = ContentLine::parse("item1.EMAIL;TYPE=work,pref;PREF=1:ann@x.org").unwrap();
        assert_eq!((line.group, line.name.as_str(), line.raw_value), (Some("item1"), "EMAIL", "ann@x.org"));
        assert_eq!(line.param_values("TYPE"), ["work", "pref"]);
        assert_eq!(line.param("PREF"), Some("1"));
    }

    #[test]
    fn quoted_values_hold_separators() {
        let line = ContentLine::parse("ADR;LABEL=\"1 Main St;\nCity: X, Y\";TYPE=home:;;1 Main St").unwrap();
        assert_eq!(line.param("LABEL"), Some("1 Main St;\nCity: X, Y"));
        assert!(line.has_type("HOME"));
        assert_eq!(line.raw_value, ";;1 Main St");
    }

    #[test]
    fn bare_params_of_vcard_21() {
        let line = ContentLine::parse("TEL;WORK;PREF;QUOTED-PRINTABLE:1=32").unwrap();
        assert_eq!(line.param_values("TYPE"), ["work", "pref"]);
        assert!(line.is_quoted_printable());
        assert_eq!(line.text_value(), "12");
    }

    #[test]
    fn lines_that_are_not_content_lines() {
        assert!(ContentLine::parse("just some words").is_err());
        assert!(ContentLine::parse("a name with spaces:x").is_err());
        assert!(ContentLine::parse("X;P=\"open:x").is_err());
        assert!(ContentLine::parse(":value").is_err());
    }
}
