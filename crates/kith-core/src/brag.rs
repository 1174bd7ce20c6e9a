//! The brag document: every accomplishment as Markdown, newest first, under a heading per quarter
//! and a subheading per month, ready to paste into a review or to prepare an interview.
//!
//! What the user typed is escaped, so a title such as `*nix tools [beta]` reads as typed and
//! cannot turn into emphasis, a link or a heading.

use chrono::{Datelike, NaiveDate};

use crate::career::Accomplishment;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Escapes every character Markdown could read as syntax, and folds line breaks into spaces.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.' | '!' | '|' | '<'
            | '>' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A link target that cannot end the link early: parentheses and spaces percent-encoded.
fn link_target(url: &str) -> String {
    url.replace('(', "%28").replace(')', "%29").replace(' ', "%20")
}

/// The brag document of `items` on or after `since` (all when `None`), newest first.
pub fn brag_document(items: &[Accomplishment], since: Option<NaiveDate>) -> String {
    let mut items: Vec<&Accomplishment> = items.iter().filter(|a| since.is_none_or(|s| a.on >= s)).collect();
    items.sort_by(|a, b| b.on.cmp(&a.on).then(b.id.cmp(&a.id)));
    let mut out = String::from("# Brag document\n");
    if let Some(s) = since {
        out.push_str(&format!("\nAccomplishments since {s}.\n"));
    }
    if items.is_empty() {
        out.push_str("\nNo accomplishments logged yet. Add one with: kith career add \"Shipped X\"\n");
        return out;
    }
    let mut quarter = None;
    let mut month = None;
    for a in items {
        let q = (a.on.year(), (a.on.month0() / 3) + 1);
        if quarter != Some(q) {
            quarter = Some(q);
            month = None;
            out.push_str(&format!("\n## {} Q{}\n", q.0, q.1));
        }
        let m = (a.on.year(), a.on.month0());
        if month != Some(m) {
            month = Some(m);
            out.push_str(&format!("\n### {} {}\n\n", MONTHS[m.1 as usize], m.0));
        }
        out.push_str(&format!("- **{}** {}", a.on, escape_markdown(&a.title)));
        if let Some(o) = &a.outcome {
            out.push_str(&format!(" — {}", escape_markdown(o)));
        }
        if let Some(l) = &a.link {
            out.push_str(&format!(" ([link]({}))", link_target(l)));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: i64, on: &str, title: &str) -> Accomplishment {
        Accomplishment { id, title: title.into(), on: on.parse().unwrap(), outcome: None, link: None }
    }

    #[test]
    fn grouped_by_quarter_and_month_newest_first() {
        let items = [
            item(1, "2026-02-10", "Led the migration"),
            item(2, "2026-05-03", "Spoke at a meetup"),
            item(3, "2026-05-20", "Mentored two juniors"),
        ];
        let doc = brag_document(&items, None);
        let expected = "# Brag document\n\n## 2026 Q2\n\n### May 2026\n\n\
            - **2026-05-20** Mentored two juniors\n- **2026-05-03** Spoke at a meetup\n\n\
            ## 2026 Q1\n\n### February 2026\n\n- **2026-02-10** Led the migration\n";
        assert_eq!(doc, expected);
        assert!(!brag_document(&items, Some("2026-03-01".parse().unwrap())).contains("migration"));
    }

    #[test]
    fn user_text_cannot_become_markdown() {
        let mut a = item(1, "2026-05-03", "# *nix tools [beta](x)\nline");
        a.outcome = Some("cut p99 by 40%_ <b>".into());
        a.link = Some("https://example.org/a_(b) c".into());
        let doc = brag_document(&[a], None);
        assert!(doc.contains(r"\# \*nix tools \[beta\]\(x\) line — cut p99 by 40%\_ \<b\>"), "{doc}");
        assert!(doc.contains("([link](https://example.org/a_%28b%29%20c))"), "{doc}");
    }
}
