//! Interaction kinds and how much each one warms a relationship.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// What sort of touch an interaction was.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InteractionKind {
    Lunch,
    Coffee,
    Meeting,
    Event,
    Call,
    Video,
    Email,
    Message,
    Social,
}

impl InteractionKind {
    pub const ALL: [InteractionKind; 9] = [
        InteractionKind::Lunch,
        InteractionKind::Coffee,
        InteractionKind::Meeting,
        InteractionKind::Event,
        InteractionKind::Call,
        InteractionKind::Video,
        InteractionKind::Email,
        InteractionKind::Message,
        InteractionKind::Social,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InteractionKind::Lunch => "lunch",
            InteractionKind::Coffee => "coffee",
            InteractionKind::Meeting => "meeting",
            InteractionKind::Event => "event",
            InteractionKind::Call => "call",
            InteractionKind::Video => "video",
            InteractionKind::Email => "email",
            InteractionKind::Message => "message",
            InteractionKind::Social => "social",
        }
    }

    /// True for touches in person (lunch, coffee, meeting, event).
    pub fn is_face_to_face(self) -> bool {
        matches!(
            self,
            InteractionKind::Lunch | InteractionKind::Coffee | InteractionKind::Meeting | InteractionKind::Event
        )
    }
}

impl fmt::Display for InteractionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for InteractionKind {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        InteractionKind::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(s.trim())).ok_or_else(|| {
            ValidationError::new(
                "kind",
                s,
                "unknown kind; use one of lunch, coffee, meeting, event, call, video, email, message, social",
            )
        })
    }
}

/// The weight of each kind in the warmth sum. Configurable; the defaults follow the spec.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Weights {
    pub lunch: f64,
    pub coffee: f64,
    pub meeting: f64,
    pub event: f64,
    pub call: f64,
    pub video: f64,
    pub email: f64,
    pub message: f64,
    pub social: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            lunch: 1.0,
            coffee: 1.0,
            meeting: 1.0,
            event: 1.0,
            call: 0.7,
            video: 0.7,
            email: 0.4,
            message: 0.4,
            social: 0.15,
        }
    }
}

impl Weights {
    pub fn of(&self, kind: InteractionKind) -> f64 {
        match kind {
            InteractionKind::Lunch => self.lunch,
            InteractionKind::Coffee => self.coffee,
            InteractionKind::Meeting => self.meeting,
            InteractionKind::Event => self.event,
            InteractionKind::Call => self.call,
            InteractionKind::Video => self.video,
            InteractionKind::Email => self.email,
            InteractionKind::Message => self.message,
            InteractionKind::Social => self.social,
        }
    }

    /// Weights must be finite and non-negative, or warmth stops meaning anything.
    pub fn validate(&self) -> Result<(), ValidationError> {
        for kind in InteractionKind::ALL {
            let w = self.of(kind);
            if !(w.is_finite() && (0.0..=10.0).contains(&w)) {
                return Err(ValidationError::new(
                    format!("weights.{kind}"),
                    w.to_string(),
                    "a weight must be a number from 0 to 10",
                ));
            }
        }
        Ok(())
    }
}
