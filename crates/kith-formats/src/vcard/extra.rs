//! The properties kith keeps without modelling them, as content lines an export can write back.
//!
//! A line is kept exactly as read (unfolded, group and parameters included) unless it uses what only
//! vCard 2.1 has, which a 4.0 file cannot carry: a quoted-printable value is decoded (CHARSET
//! applied) and written as plain text with line breaks as `\n`; bare parameters (`;WORK`) become
//! `TYPE=WORK`; `ENCODING=BASE64` becomes `ENCODING=b`, as in 3.0, with the folding whitespace
//! removed from the data.

use super::content_line::{ContentLine, Param};

pub(crate) fn keep(line: &ContentLine<'_>) -> String {
    let base64 = line.param_values("ENCODING").iter().any(|e| e == "base64");
    let needs_rewrite = line.is_quoted_printable() || base64 || line.params.iter().any(|p| p.bare);
    if !needs_rewrite {
        return line.text.to_string();
    }
    let mut out = String::new();
    if let Some(group) = line.group {
        out.push_str(group);
        out.push('.');
    }
    out.push_str(line.name_as_written);
    for param in &line.params {
        if let Some(written) = rewrite_param(param, line.is_quoted_printable()) {
            out.push(';');
            out.push_str(&written);
        }
    }
    out.push(':');
    if line.is_quoted_printable() {
        out.push_str(&line.decoded_value().replace('\n', "\\n"));
    } else if base64 {
        out.extend(line.raw_value.chars().filter(|c| !c.is_whitespace()));
    } else {
        out.push_str(line.raw_value);
    }
    out
}

/// A line's group, name and parameters without its VALUE type: the label of an EMAIL or TEL, put
/// before a value written afresh (`item1.TEL;TYPE=CELL`).
pub(crate) fn label_head(line: &ContentLine<'_>) -> String {
    let mut out = String::new();
    if let Some(group) = line.group {
        out.push_str(group);
        out.push('.');
    }
    out.push_str(line.name_as_written);
    for param in line.params.iter().filter(|p| p.name != "VALUE") {
        if let Some(written) = rewrite_param(param, true) {
            out.push(';');
            out.push_str(&written);
        }
    }
    out
}

fn rewrite_param(param: &Param, decoded: bool) -> Option<String> {
    let is_encoding = param.name == "ENCODING";
    if decoded && (is_encoding || param.name == "CHARSET") {
        return None;
    }
    let values: Vec<String> = param
        .values
        .iter()
        .map(|v| if is_encoding && v.eq_ignore_ascii_case("base64") { "b".to_string() } else { quote(v) })
        .collect();
    Some(format!("{}={}", param.name, values.join(",")))
}

fn quote(value: &str) -> String {
    if value.contains([':', ';', ',']) { format!("\"{value}\"") } else { value.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> String {
        keep(&ContentLine::parse(text).unwrap())
    }

    #[test]
    fn lines_of_30_and_40_stay_as_read() {
        let photo = "PHOTO;ENCODING=b;TYPE=PNG:iVBORw0KGgo";
        assert_eq!(kept(photo), photo);
        assert_eq!(kept("item1.X-ABLabel:Work"), "item1.X-ABLabel:Work");
        assert_eq!(kept("X-Q;LABEL=\"a;b\":v"), "X-Q;LABEL=\"a;b\":v");
    }

    #[test]
    fn lines_of_21_become_40_lines() {
        assert_eq!(
            kept("ADR;HOME;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;Stra=C3=9Fe 1=0D=0AHof;K=C3=B6ln"),
            "ADR;TYPE=HOME:;;Straße 1\\nHof;Köln"
        );
        assert_eq!(kept("PHOTO;JPEG;BASE64:/9j/ 4AAQ"), "PHOTO;TYPE=JPEG;ENCODING=b:/9j/4AAQ");
    }
}
