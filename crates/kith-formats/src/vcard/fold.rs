//! Folding long content lines for output (RFC 6350 3.2).

/// Appends `line` folded to lines of at most 75 octets, each ended by CRLF. A continuation line
/// starts with one space, which counts towards its 75; a UTF-8 character is never split.
pub(crate) fn push_folded(out: &mut String, line: &str) {
    const LIMIT: usize = 75;
    let mut start = 0;
    let mut room = LIMIT;
    for (at, c) in line.char_indices() {
        if at - start + c.len_utf8() > room {
            out.push_str(&line[start..at]);
            out.push_str("\r\n ");
            start = at;
            room = LIMIT - 1;
        }
    }
    out.push_str(&line[start..]);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_between_characters() {
        let line = format!("NOTE:{}", "é".repeat(100));
        let mut out = String::new();
        push_folded(&mut out, &line);
        let physical: Vec<&str> = out.strip_suffix("\r\n").unwrap().split("\r\n").collect();
        assert!(physical.iter().all(|l| l.len() <= 75), "{physical:?}");
        assert_eq!(physical[0].len(), 75);
        assert!(physical[1..].iter().all(|l| l.starts_with(' ')));
        let unfolded: String = physical.iter().enumerate().map(|(i, l)| if i == 0 { *l } else { &l[1..] }).collect();
        assert_eq!(unfolded, line);
    }

    #[test]
    fn short_lines_stay_whole() {
        let mut out = String::new();
        push_folded(&mut out, "FN:Ann");
        assert_eq!(out, "FN:Ann\r\n");
    }
}
