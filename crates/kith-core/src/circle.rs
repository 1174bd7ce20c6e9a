//! Circles: how close a relationship is, and so how often it needs a touch.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// Half-life used for warmth when a contact has no cadence (dormant): warmth is still shown, but such
/// contacts are never due.
pub const DORMANT_HALF_LIFE_DAYS: u32 = 180;

/// A contact's circle. Ordered from closest to most distant; the order breaks ties in the due list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Circle {
    Inner,
    Close,
    Active,
    Wide,
    Dormant,
}

impl Circle {
    pub const ALL: [Circle; 5] = [Circle::Inner, Circle::Close, Circle::Active, Circle::Wide, Circle::Dormant];

    /// Days between touches this circle needs; `None` for dormant (never nagged).
    pub fn cadence_days(self) -> Option<u32> {
        match self {
            Circle::Inner => Some(14),
            Circle::Close => Some(30),
            Circle::Active => Some(90),
            Circle::Wide => Some(180),
            Circle::Dormant => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Circle::Inner => "inner",
            Circle::Close => "close",
            Circle::Active => "active",
            Circle::Wide => "wide",
            Circle::Dormant => "dormant",
        }
    }

    /// Position in the closeness order (0 = inner), stable for storage and sorting.
    pub fn rank(self) -> u8 {
        self as u8
    }
}

/// The cadence that applies to a contact: its own override, else its circle's.
pub fn effective_cadence(circle: Circle, custom_days: Option<u32>) -> Option<u32> {
    custom_days.or(circle.cadence_days())
}

/// The half-life of warmth for a contact, in days: its cadence, or 180 days when it has none.
pub fn half_life_days(circle: Circle, custom_days: Option<u32>) -> f64 {
    f64::from(effective_cadence(circle, custom_days).unwrap_or(DORMANT_HALF_LIFE_DAYS))
}

impl fmt::Display for Circle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Circle {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Circle::ALL.into_iter().find(|c| c.as_str().eq_ignore_ascii_case(s.trim())).ok_or_else(|| {
            ValidationError::new("circle", s, "unknown circle; use one of inner, close, active, wide, dormant")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cadences_follow_the_spec() {
        assert_eq!(Circle::Inner.cadence_days(), Some(14));
        assert_eq!(Circle::Close.cadence_days(), Some(30));
        assert_eq!(Circle::Active.cadence_days(), Some(90));
        assert_eq!(Circle::Wide.cadence_days(), Some(180));
        assert_eq!(Circle::Dormant.cadence_days(), None);
        assert_eq!(half_life_days(Circle::Dormant, None), 180.0);
        assert_eq!(half_life_days(Circle::Dormant, Some(7)), 7.0);
    }

    #[test]
    fn parsing_names_the_bad_value() {
        assert_eq!("Inner".parse::<Circle>().unwrap(), Circle::Inner);
        let err = "bestie".parse::<Circle>().unwrap_err();
        assert_eq!(err.field, "circle");
        assert_eq!(err.value, "bestie");
    }
}
