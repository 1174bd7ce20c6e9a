//! Tokens for scripts and the command line, as the store keeps them: a name, a scope, a hash of
//! the token (made and checked in kith-app; the store never sees a token), when each was made and
//! last used.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An API token's id.
pub type ApiTokenId = i64;

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum TokenScope {
    /// Read only: `GET` (and `HEAD`) requests.
    Read,
    /// Read and write.
    Write,
}

impl TokenScope {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::Write => "write",
        }
    }

    /// `read` or `write`, exactly, as kept in the database.
    pub fn parse(text: &str) -> Option<TokenScope> {
        match text {
            "read" => Some(TokenScope::Read),
            "write" => Some(TokenScope::Write),
            _ => None,
        }
    }
}

/// An API token as listed: never its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: ApiTokenId,
    /// Unique per owner: what the script or machine is ("backup job", "laptop").
    pub name: String,
    pub scope: TokenScope,
    pub created_at: DateTime<Utc>,
    /// The last request it signed (to the minute); `None` when never used.
    pub last_used_at: Option<DateTime<Utc>>,
}
