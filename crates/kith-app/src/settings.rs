//! What the user can set, shared by the command line and the web app. The binary loads it from a
//! TOML file and `KITH_*` variables; everything here has a default so a first run needs no file.
//!
//! ```toml
//! plan_size = 5
//! me = ["me@example.org"]
//! [weights]
//! lunch = 1.0
//! social = 0.15
//! ```

use kith_core::{ValidationError, Weights, plan::DEFAULT_PLAN_SIZE};
use serde::{Deserialize, Serialize};

/// The largest weekly plan kith builds.
pub const MAX_PLAN_SIZE: usize = 100;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// How many people the weekly plan suggests.
    pub plan_size: usize,
    /// Weight of each interaction kind in the warmth sum.
    pub weights: Weights,
    /// Your own e-mail addresses: mail from them is yours, and they are never a contact.
    pub me: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { plan_size: DEFAULT_PLAN_SIZE, weights: Weights::default(), me: Vec::new() }
    }
}

impl Settings {
    /// Checks every value; the error names the setting and the value.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.weights.validate()?;
        check_plan_size("plan_size", self.plan_size)?;
        Ok(())
    }
}

/// A plan size from 1 to [`MAX_PLAN_SIZE`].
pub fn check_plan_size(field: &str, size: usize) -> Result<usize, ValidationError> {
    if size == 0 || size > MAX_PLAN_SIZE {
        return Err(ValidationError::new(field, size.to_string(), format!("must be from 1 to {MAX_PLAN_SIZE}")));
    }
    Ok(size)
}
