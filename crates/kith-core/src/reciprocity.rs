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
    /// Counts the favors in a contact's interactions: each one that records something given, and
    /// each that records something received.
    pub fn of(interactions: &[crate::Interaction]) -> Reciprocity {
        let count = |f: fn(&crate::Interaction) -> bool| interactions.iter().filter(|i| f(i)).count() as u32;
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
}
