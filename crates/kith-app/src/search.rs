//! What a search shows beside each contact it found: where the words were found and the words
//! around them. The same for `kith list --search`, the contact list page and the API.

use std::collections::HashMap;

use chrono::NaiveDate;
use kith_core::ContactId;
use kith_store::{MatchPlace, SearchMatch, Store, StoreResult, TouchPart};
use serde::Serialize;
use utoipa::ToSchema;

/// Where a search found a contact, when their name, organization, title, e-mails and tags do not
/// explain it (JSON key `found` of a listed contact).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FoundView {
    /// `notes`, `touch`, `event` or `followup`.
    pub place: &'static str,
    /// The touch, event or follow-up; none for the contact's notes.
    pub id: Option<i64>,
    /// The day of the touch or event, the due day of the follow-up.
    pub on: Option<NaiveDate>,
    /// Where, in words: "lunch on 2026-11-18", "event “Spring mixer” on …", "follow-up due …".
    pub label: String,
    /// The words around what was found, on one line.
    pub snippet: String,
    /// Byte ranges `[start, end)` of `snippet` holding the words found.
    pub marks: Vec<[usize; 2]>,
}

impl FoundView {
    pub fn new(m: &SearchMatch) -> FoundView {
        let (place, id) = match &m.place {
            MatchPlace::Notes => ("notes", None),
            MatchPlace::Touch { id, .. } => ("touch", Some(*id)),
            MatchPlace::Event { id, .. } => ("event", Some(*id)),
            MatchPlace::FollowUp { id } => ("followup", Some(*id)),
        };
        FoundView {
            place,
            id,
            on: m.on,
            label: label(m),
            snippet: m.snippet.text.clone(),
            marks: m.snippet.marks.iter().map(|r| [r.start, r.end]).collect(),
        }
    }

    /// The snippet in pieces, each with whether it is a word found: what a page marks up.
    pub fn pieces(&self) -> Vec<(&str, bool)> {
        let mut out = Vec::new();
        let mut at = 0;
        for &[start, end] in &self.marks {
            if start > at {
                out.push((&self.snippet[at..start], false));
            }
            out.push((&self.snippet[start..end], true));
            at = end;
        }
        if at < self.snippet.len() {
            out.push((&self.snippet[at..], false));
        }
        out
    }
}

/// Where a match is, in words.
fn label(m: &SearchMatch) -> String {
    let on = |word: &str| match m.on {
        Some(day) => format!("{word} on {day}"),
        None => word.to_string(),
    };
    match &m.place {
        MatchPlace::Notes => "notes".into(),
        MatchPlace::Touch { kind, part: TouchPart::Note, .. } => on(kind.as_str()),
        MatchPlace::Touch { kind, part: TouchPart::Gave, .. } => on(&format!("favor given at {kind}")),
        MatchPlace::Touch { kind, part: TouchPart::Got, .. } => on(&format!("favor received at {kind}")),
        MatchPlace::Event { title, .. } => on(&format!("event “{title}”")),
        MatchPlace::FollowUp { .. } => match m.on {
            Some(day) => format!("follow-up due {day}"),
            None => "follow-up".into(),
        },
    }
}

/// Where `query` found each of `contacts` (listed with it), by contact; empty without a query.
pub async fn found(
    store: &dyn Store,
    query: Option<&str>,
    contacts: &[ContactId],
) -> StoreResult<HashMap<ContactId, FoundView>> {
    let Some(query) = query.filter(|q| !q.trim().is_empty()) else {
        return Ok(HashMap::new());
    };
    let matches = store.search_matches(query, contacts).await?;
    Ok(matches.iter().map(|(id, m)| (*id, FoundView::new(m))).collect())
}

#[cfg(test)]
mod tests {
    use kith_core::InteractionKind;
    use kith_store::Snippet;

    use super::*;

    fn lunch_match() -> SearchMatch {
        SearchMatch {
            place: MatchPlace::Touch { id: 7, kind: InteractionKind::Lunch, part: TouchPart::Note },
            on: Some("2026-11-18".parse().unwrap()),
            snippet: Snippet { text: "she is hiring a staff engineer".into(), marks: vec![7..13, 16..21] },
        }
    }

    #[test]
    fn a_match_says_where_and_splits_into_marked_pieces() {
        let v = FoundView::new(&lunch_match());
        assert_eq!((v.place, v.id, v.label.as_str()), ("touch", Some(7), "lunch on 2026-11-18"));
        assert_eq!(
            v.pieces(),
            [("she is ", false), ("hiring", true), (" a ", false), ("staff", true), (" engineer", false)]
        );
    }

    #[test]
    fn every_place_has_its_words() {
        let mut m = lunch_match();
        m.place = MatchPlace::Touch { id: 7, kind: InteractionKind::Coffee, part: TouchPart::Got };
        assert_eq!(label(&m), "favor received at coffee on 2026-11-18");
        m.place = MatchPlace::Event { id: 2, title: "Spring mixer".into() };
        assert_eq!(label(&m), "event “Spring mixer” on 2026-11-18");
        m.place = MatchPlace::FollowUp { id: 3 };
        assert_eq!(label(&m), "follow-up due 2026-11-18");
        m.place = MatchPlace::Notes;
        m.on = None;
        assert_eq!(label(&m), "notes");
    }
}
