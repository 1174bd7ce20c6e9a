//! Validation errors that name the field and the offending value, so every front end can tell the
//! user exactly what to fix.

use std::fmt;

/// Something the user supplied that kith cannot accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationError {
    /// The field or flag the value came from, e.g. `kind` or `on`.
    pub field: String,
    /// The value as the user gave it.
    pub value: String,
    /// What is wrong and, where possible, what would be accepted.
    pub message: String,
}

impl ValidationError {
    pub fn new(field: impl Into<String>, value: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), value: value.into(), message: message.into() }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} '{}': {}", self.field, self.value, self.message)
    }
}
