//! Where a search found a contact, and the words around it.
//!
//! A contact is found by its own fields (name, organization, title, e-mails, tags, notes) and by
//! everything the user typed about them: touch notes and favors, event titles and notes, follow-up
//! notes. When its name or organization alone does not explain why it was found, a search shows the
//! text that does, cut around the first word found, with the words found marked.

use std::ops::Range;

use chrono::NaiveDate;
use kith_core::{EventId, FollowUpId, InteractionId, InteractionKind};

use crate::text;

/// What a search found beyond a contact's name, organization, title, e-mails and tags.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchMatch {
    pub place: MatchPlace,
    /// The day of the touch or event, the due day of a follow-up; none for the contact's notes.
    pub on: Option<NaiveDate>,
    pub snippet: Snippet,
}

/// The text a search matched in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchPlace {
    /// The contact's own notes.
    Notes,
    /// A logged touch's note or one of its favors.
    Touch { id: InteractionId, kind: InteractionKind, part: TouchPart },
    /// An event the contact was at: its title or its note.
    Event { id: EventId, title: String },
    /// A follow-up's note.
    FollowUp { id: FollowUpId },
}

/// Which text of a touch matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TouchPart {
    Note,
    Gave,
    Got,
}

/// A short piece of text with the byte ranges of the words a search found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub marks: Vec<Range<usize>>,
}

/// The longest snippet, in characters, before it is cut around the first word found.
const SNIPPET_CHARS: usize = 120;
/// How many characters of context a cut snippet keeps before the first word found.
const CONTEXT_BEFORE: usize = 40;

/// The runs of letters and digits of `text`, as byte ranges: the words search folds and compares.
fn words_of(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// Whether a folded word of text is found by a search word (a prefix).
fn finds(folded: &str, word: &str) -> bool {
    folded.split(' ').any(|w| w.starts_with(word))
}

/// Which search `words` (folded, prefixes) are found in `folded` text, as a bit per word.
pub(crate) fn words_found(folded: &str, words: &[String]) -> u64 {
    words.iter().take(64).enumerate().filter(|(_, w)| finds(folded, w)).fold(0, |bits, (k, _)| bits | 1 << k)
}

/// `text` with each run of white space made one space, trimmed: a snippet is one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The piece of `text` around the first of `words` found in it, the words found marked; `None`
/// when none is.
pub(crate) fn snippet(text: &str, words: &[String]) -> Option<Snippet> {
    let line = one_line(text);
    let marks: Vec<Range<usize>> = words_of(&line)
        .into_iter()
        .filter(|r| {
            let folded = text::fold(&line[r.clone()]);
            words.iter().any(|w| finds(&folded, w))
        })
        .collect();
    let first = marks.first()?.start;
    if line.chars().count() <= SNIPPET_CHARS {
        return Some(Snippet { text: line, marks });
    }
    // Start a few words before the first word found, at a space; end at a space.
    let mut begin = line[..first].char_indices().rev().nth(CONTEXT_BEFORE - 1).map_or(0, |(i, _)| i);
    if begin > 0 {
        begin = line[begin..first].find(' ').map_or(first, |s| begin + s + 1);
    }
    let mut end = line[begin..].char_indices().nth(SNIPPET_CHARS).map_or(line.len(), |(i, _)| begin + i);
    if end < line.len() {
        end = line[begin..end].rfind(' ').map_or(end, |s| begin + s);
    }
    let (lead, tail) = (if begin > 0 { "…" } else { "" }, if end < line.len() { "…" } else { "" });
    let shift = lead.len();
    let marks = marks
        .into_iter()
        .filter(|r| r.start >= begin && r.end <= end)
        .map(|r| r.start - begin + shift..r.end - begin + shift)
        .collect();
    Some(Snippet { text: format!("{lead}{}{tail}", &line[begin..end]), marks })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(q: &str) -> Vec<String> {
        text::search_words(q)
    }

    fn marked(s: &Snippet) -> Vec<&str> {
        s.marks.iter().map(|r| &s.text[r.clone()]).collect()
    }

    #[test]
    fn a_short_note_is_shown_whole_with_the_words_found_marked() {
        let s = snippet("She is  hiring a\nstaff engineer", &words("hiring staff")).unwrap();
        assert_eq!(s.text, "She is hiring a staff engineer");
        assert_eq!(marked(&s), ["hiring", "staff"]);
    }

    #[test]
    fn words_match_as_prefixes_without_case_or_accents() {
        let s = snippet("Café with Zoë at Łódź", &words("cafe zoe lodz")).unwrap();
        assert_eq!(marked(&s), ["Café", "Zoë", "Łódź"]);
        assert!(snippet("nothing here", &words("hire")).is_none());
        assert_eq!(marked(&snippet("re-hired", &words("hire")).unwrap()), ["hired"]);
    }

    #[test]
    fn a_long_note_is_cut_around_the_first_word_found_at_spaces() {
        let long = format!(
            "{} the budget is approved and she is hiring now {}",
            "lorem ipsum ".repeat(20),
            "dolor ".repeat(40)
        );
        let s = snippet(&long, &words("hiring")).unwrap();
        assert!(s.text.starts_with('…') && s.text.ends_with('…'), "{}", s.text);
        assert!(s.text.chars().count() <= SNIPPET_CHARS + 2);
        assert_eq!(marked(&s), ["hiring"]);
        assert!(s.text.contains("budget is approved and she is hiring now"), "{}", s.text);
        assert!(!s.text.contains("  "));
    }

    #[test]
    fn words_found_are_counted_per_search_word() {
        let w = words("ada hir zzz");
        assert_eq!(words_found("ada lovelace hiring", &w), 0b011);
        assert_eq!(words_found("", &w), 0);
    }
}
