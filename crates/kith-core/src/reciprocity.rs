//! Reciprocity: give before you ask.

use serde::{Deserialize, Serialize};

/// Favors exchanged with one contact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reciprocity {
    /// Interactions in which the user gave something (an introduction, a referral, advice).
    pub gave: u32,
    /// Interactions in which the user received something.
    pub got: u32,
}

impl Reciprocity {
    /// Counts the favors of `contact` in its interactions: each one that records something given, and
    /// each that records something received — when the favor is theirs. A favor on a touch with
    /// several people belongs to one of them, never to all.
    pub fn of(contact: crate::ContactId, interactions: &[crate::Interaction]) -> Reciprocity {
        let theirs = |i: &&crate::Interaction| i.favor_with == Some(contact);
        let count =
            |f: fn(&crate::Interaction) -> bool| interactions.iter().filter(theirs).filter(|i| f(i)).count() as u32;
        Reciprocity { gave: count(|i| i.gave.is_some()), got: count(|i| i.got.is_some()) }
    }

    /// Favors given minus favors received.
    pub fn balance(self) -> i64 {
        i64::from(self.gave) - i64::from(self.got)
    }

    /// The user has only asked of this contact: received at least once and never given. The plan then
    /// suggests giving first.
    pub fn only_asks(self) -> bool {
        self.got > 0 && self.gave == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_one_sided_relationships() {
        assert!(Reciprocity { gave: 0, got: 2 }.only_asks());
        assert!(!Reciprocity { gave: 1, got: 3 }.only_asks());
        assert!(!Reciprocity::default().only_asks());
        assert_eq!(Reciprocity { gave: 1, got: 3 }.balance(), -2);
    }

    #[test]
    fn a_favor_counts_for_the_one_person_it_belongs_to() {
        let lunch = |favor_with: Option<i64>, got: Option<&str>| crate::Interaction {
            id: 1,
            kind: crate::InteractionKind::Lunch,
            on: "2026-11-20".parse().unwrap(),
            minutes: None,
            note: None,
            gave: None,
            got: got.map(Into::into),
            they_initiated: false,
            weight: 1.0,
            with: vec![],
            favor_with,
        };
        let timeline = [lunch(Some(2), Some("an intro")), lunch(None, None), lunch(Some(1), Some("advice"))];
        assert_eq!(Reciprocity::of(1, &timeline), Reciprocity { gave: 0, got: 1 });
        assert_eq!(Reciprocity::of(2, &timeline), Reciprocity { gave: 0, got: 1 });
        assert_eq!(Reciprocity::of(3, &timeline), Reciprocity::default());
    }
}
