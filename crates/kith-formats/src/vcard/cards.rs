//! Cutting a file's content lines into cards at BEGIN:VCARD / END:VCARD.
//!
//! A vCard 2.1 AGENT property may hold a whole card on the following lines; that nested card is
//! folded back into the AGENT line as escaped text (the form vCard 3.0 uses), so it is kept as an
//! extra like any other property. A BEGIN:VCARD anywhere else inside a card means the card before
//! it was never closed.

use super::{unfold::Unfolded, value};

/// The lines of one card, between its BEGIN and END lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CardText {
    /// 1-based index of the card in the file.
    pub number: usize,
    /// Line of its BEGIN:VCARD.
    pub line: usize,
    pub lines: Vec<Unfolded>,
    /// The card as it stands in the file, BEGIN to END (or to where it breaks off).
    pub raw: String,
    /// Whether END:VCARD was found.
    pub closed: bool,
}

/// What a file holds: cards, and runs of text outside any card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Chunk {
    Card(CardText),
    Stray { line: usize, raw: String },
}

pub(crate) fn split(text: &str, lines: Vec<Unfolded>) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut card: Option<(CardText, usize)> = None;
    let mut stray: Option<(usize, usize, usize)> = None;
    let mut number = 0;
    let mut lines = lines.into_iter();
    while let Some(line) = lines.next() {
        if is_marker(&line.text, "BEGIN") {
            if let Some(open) = card.as_mut()
                && opens_agent(&open.0.lines)
            {
                let nested = take_nested(line, &mut lines);
                if let Some(agent) = open.0.lines.last_mut() {
                    agent.text.push_str(&value::escape(&nested.join("\n")));
                }
                continue;
            }
            if let Some((open, start)) = card.take() {
                chunks.push(Chunk::Card(finish(text, open, start, line.start, false)));
            }
            flush_stray(text, &mut stray, &mut chunks);
            number += 1;
            let open = CardText { number, line: line.line, lines: Vec::new(), raw: String::new(), closed: false };
            card = Some((open, line.start));
        } else if card.is_some() && is_marker(&line.text, "END") {
            if let Some((open, start)) = card.take() {
                chunks.push(Chunk::Card(finish(text, open, start, line.end, true)));
            }
        } else if let Some((open, _)) = card.as_mut() {
            open.lines.push(line);
        } else {
            let run = stray.get_or_insert((line.line, line.start, line.end));
            run.2 = line.end;
        }
    }
    if let Some((open, start)) = card.take() {
        chunks.push(Chunk::Card(finish(text, open, start, text.len(), false)));
    }
    flush_stray(text, &mut stray, &mut chunks);
    chunks
}

fn finish(text: &str, mut card: CardText, start: usize, end: usize, closed: bool) -> CardText {
    card.raw = text[start..end].to_string();
    card.closed = closed;
    card
}

fn flush_stray(text: &str, stray: &mut Option<(usize, usize, usize)>, chunks: &mut Vec<Chunk>) {
    if let Some((line, start, end)) = stray.take() {
        chunks.push(Chunk::Stray { line, raw: text[start..end].to_string() });
    }
}

/// `BEGIN:VCARD` or `END:VCARD`, in any case, with stray spaces tolerated.
fn is_marker(line: &str, which: &str) -> bool {
    line.split_once(':').is_some_and(|(name, value)| {
        name.trim().eq_ignore_ascii_case(which) && value.trim().eq_ignore_ascii_case("VCARD")
    })
}

/// The card's last line is an AGENT property whose value is still to come (2.1 style).
fn opens_agent(lines: &[Unfolded]) -> bool {
    lines.last().is_some_and(|last| {
        let (head, value) = last.text.split_once(':').unwrap_or((&last.text, ""));
        let name = head.split(';').next().unwrap_or("");
        let name = name.rsplit('.').next().unwrap_or(name);
        name.eq_ignore_ascii_case("AGENT") && value.trim().is_empty()
    })
}

/// Reads a nested card up to its matching END:VCARD, returning its lines.
fn take_nested(begin: Unfolded, lines: &mut impl Iterator<Item = Unfolded>) -> Vec<String> {
    let mut depth = 1;
    let mut nested = vec![begin.text];
    for line in lines.by_ref() {
        if is_marker(&line.text, "BEGIN") {
            depth += 1;
        } else if is_marker(&line.text, "END") {
            depth -= 1;
        }
        nested.push(line.text);
        if depth == 0 {
            break;
        }
    }
    nested
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vcard::unfold::unfold;

    fn chunks(text: &str) -> Vec<Chunk> {
        split(text, unfold(text))
    }

    #[test]
    fn cards_text_and_closure() {
        let text = "junk\nBEGIN:VCARD\nFN:A\nEND:VCARD\nbegin:vcard\nFN:B\n";
        let got = chunks(text);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], Chunk::Stray { line: 1, raw: "junk\n".into() });
        let Chunk::Card(a) = &got[1] else { panic!("a card") };
        assert_eq!((a.number, a.line, a.closed, a.raw.as_str()), (1, 2, true, "BEGIN:VCARD\nFN:A\nEND:VCARD\n"));
        let Chunk::Card(b) = &got[2] else { panic!("a card") };
        assert_eq!((b.number, b.closed, b.raw.as_str()), (2, false, "begin:vcard\nFN:B\n"));
    }

    #[test]
    fn a_begin_inside_a_card_closes_nothing_but_starts_a_new_card() {
        let got = chunks("BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n");
        let closed: Vec<bool> = got.iter().map(|c| matches!(c, Chunk::Card(c) if c.closed)).collect();
        assert_eq!(closed, [false, true]);
    }

    #[test]
    fn an_agent_card_of_21_folds_into_the_agent_line() {
        let got = chunks("BEGIN:VCARD\nVERSION:2.1\nAGENT:\nBEGIN:VCARD\nN:Friday;Fred\nEND:VCARD\nFN:A\nEND:VCARD\n");
        assert_eq!(got.len(), 1);
        let Chunk::Card(card) = &got[0] else { panic!("a card") };
        let texts: Vec<&str> = card.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["VERSION:2.1", "AGENT:BEGIN:VCARD\\nN:Friday\\;Fred\\nEND:VCARD", "FN:A"]);
        assert!(card.closed);
    }
}
