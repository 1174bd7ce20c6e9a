//! Templates never panic, whatever is typed, and text without braces renders as itself.

use kith_core::campaign::{Fields, PLACEHOLDERS, Template, mailto};
use proptest::prelude::*;

proptest! {
    #[test]
    fn parsing_any_text_never_panics(text in "\\PC{0,200}", first in "\\PC{0,20}") {
        if let Ok(t) = Template::parse("body", &text) {
            let _ = t.render(&Fields { first_name: first, ..Fields::default() });
        }
    }

    #[test]
    fn text_with_braces_and_placeholders_never_panics(text in "[{}a-z_ é]{0,60}") {
        match Template::parse("body", &text) {
            Ok(t) => { let _ = t.render(&Fields::default()); }
            Err(e) => prop_assert_eq!(e.field, "body"),
        }
    }

    #[test]
    fn text_without_braces_renders_as_itself(text in "[^{}]{0,100}") {
        let t = Template::parse("body", &text).unwrap();
        prop_assert_eq!(t.render(&Fields::default()), text);
    }

    #[test]
    fn every_placeholder_renders_its_value(i in 0usize..PLACEHOLDERS.len(), value in "[^{}]{0,30}") {
        let t = Template::parse("body", &format!("<{{{}}}>", PLACEHOLDERS[i])).unwrap();
        let mut f = Fields::default();
        *[&mut f.first_name, &mut f.name, &mut f.org, &mut f.met_at, &mut f.last_touch, &mut f.custom][i] = value.clone();
        prop_assert_eq!(t.render(&f), format!("<{value}>"));
    }

    #[test]
    fn mailto_links_hold_only_safe_characters(to in "\\PC{0,20}", subject in "\\PC{0,40}", body in "\\PC{0,80}") {
        let link = mailto(&to, &subject, &body);
        prop_assert!(link.chars().all(|c| c.is_ascii_alphanumeric() || "-._~%@:?=&".contains(c)), "{}", link);
    }
}
