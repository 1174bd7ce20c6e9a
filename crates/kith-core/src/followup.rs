//! Follow-ups: dated promises ("reach out in six months", "send the article on Friday").

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ContactId;

pub type FollowUpId = i64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: FollowUpId,
    pub contact_id: ContactId,
    pub contact_name: String,
    pub due_on: NaiveDate,
    pub note: Option<String>,
    pub created_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}
