//! Passwords for address-book apps, as the store keeps them: a name, an argon2id hash (made and
//! checked in kith-app; the store never sees a password), when each was made and last used.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An app password's id.
pub type AppPasswordId = i64;

/// An app password as listed: never its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppPassword {
    pub id: AppPasswordId,
    /// Unique per owner: the device or app it was made for ("iPhone", "Thunderbird").
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// The last request it signed (to the minute); `None` when never used.
    pub last_used_at: Option<DateTime<Utc>>,
}
