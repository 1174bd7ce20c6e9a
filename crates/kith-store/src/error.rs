//! What can go wrong in storage, worded for the user.

use kith_core::ValidationError;

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The user's input was rejected; nothing was written.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// A contact, interaction, follow-up or organization that does not exist.
    #[error("{what} {key} not found")]
    NotFound { what: &'static str, key: String },
    /// A name that matches several contacts.
    #[error("'{query}' matches {} contacts: {}; use an id, an e-mail or more of the name", candidates.len(), candidates.join(", "))]
    Ambiguous { query: String, candidates: Vec<String> },
    /// The database was written by a newer kith: refused, never modified.
    #[error(
        "{location}: this database was written by a newer kith (schema version {found}, this kith knows up to {known}); upgrade kith to open it"
    )]
    TooNew { location: String, found: i64, known: i64 },
    /// The file is not a kith database, or is damaged: refused, never modified.
    #[error("{location}: not a usable kith database ({detail}); check the path given to --db, or restore a backup")]
    Corrupt { location: String, detail: String },
    /// The database could not be opened or reached.
    #[error("{location}: cannot open the database: {detail}")]
    Unavailable { location: String, detail: String },
    /// Any other database failure.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    pub fn not_found(what: &'static str, key: impl ToString) -> Self {
        StoreError::NotFound { what, key: key.to_string() }
    }

    /// Whether the error is the user's to fix (exit code 1), as opposed to a failure of kith or the
    /// database server.
    pub fn is_user_error(&self) -> bool {
        !matches!(self, StoreError::Database(_))
    }
}
