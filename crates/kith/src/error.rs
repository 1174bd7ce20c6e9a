//! Errors as the user sees them: one line naming what was wrong and where, and an exit code.

use std::fmt;

use kith_core::ValidationError;
use kith_store::StoreError;

/// Exit code for input or data the user must fix.
pub const EXIT_USER: u8 = 1;
/// Exit code for kith or the database failing.
pub const EXIT_INTERNAL: u8 = 3;

/// A failure of a command.
#[derive(Debug)]
pub enum CliError {
    /// The input or the data was wrong: exit 1 with this one line.
    User(String),
    /// Something failed that the user did not cause.
    Internal(anyhow::Error),
}

pub type CliResult<T> = Result<T, CliError>;

impl CliError {
    pub fn user(msg: impl Into<String>) -> Self {
        CliError::User(msg.into())
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::User(_) => EXIT_USER,
            CliError::Internal(_) => EXIT_INTERNAL,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::User(m) => f.write_str(m),
            CliError::Internal(e) => write!(f, "{e:#}"),
        }
    }
}

/// Names a validation problem the way the user typed it: `--kind 'brunch': unknown kind; …`.
pub fn describe(e: &ValidationError) -> String {
    let flag = match e.field.as_str() {
        "name" | "who" => e.field.to_uppercase(),
        // Positional arguments (FORMAT) and dotted or spaced names are shown as they are.
        f if f.contains('.') || f.contains(' ') || f.chars().all(|c| c.is_ascii_uppercase()) => f.to_string(),
        // Fields are named as in code (`met_on`), flags with hyphens (`--met-on`).
        f => format!("--{}", f.replace('_', "-")),
    };
    format!("{flag} '{}': {}", e.value, e.message)
}

impl From<ValidationError> for CliError {
    fn from(e: ValidationError) -> Self {
        CliError::User(describe(&e))
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(v) => v.into(),
            e if e.is_user_error() => CliError::User(e.to_string()),
            e => CliError::Internal(e.into()),
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Internal(e.into())
    }
}

impl From<fmt::Error> for CliError {
    fn from(e: fmt::Error) -> Self {
        CliError::Internal(e.into())
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        CliError::Internal(e.into())
    }
}
