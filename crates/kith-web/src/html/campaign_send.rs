//! `POST /campaigns/{id}/send`: the board's send button. Every drafted message (or one contact's)
//! goes out through the configured mail server exactly as `kith campaign send` sends it: each one
//! accepted is logged as an e-mail and moves to sent; one refused stays drafted to be sent again.

use crate::state::AsOwner;
use axum::{Form, extract::Path, response::Response};
use kith_app::{
    campaign_send::{self, SendStatus},
    mail::Mailer,
};
use kith_core::ContactId;
use serde::Deserialize;

use crate::{
    error::WebError,
    html::chrome::{PageResult, done},
};

#[derive(Debug, Deserialize)]
pub struct SendForm {
    /// One contact only; every drafted one when absent.
    pub only: Option<ContactId>,
}

pub async fn send(AsOwner(state): AsOwner, Path(id): Path<i64>, Form(form): Form<SendForm>) -> PageResult<Response> {
    let settings = state.settings();
    let mailer = Mailer::new(settings.smtp.as_ref(), &settings.me).map_err(WebError::Invalid)?;
    let only: Vec<ContactId> = form.only.into_iter().collect();
    let reports =
        campaign_send::send(state.store(), Some(&mailer), id, &only, false, state.today(), &settings.weights).await?;
    let sent = reports.iter().filter(|r| r.status == SendStatus::Sent).count();
    let failed: Vec<String> = reports
        .iter()
        .filter(|r| r.status == SendStatus::Failed)
        .map(|r| r.error.clone().unwrap_or_else(|| r.name.clone()))
        .collect();
    let message = match (sent, failed.len()) {
        (_, 0) => format!("Sent {sent} of {}; each is logged as an e-mail.", reports.len()),
        (_, n) => {
            format!("Sent {sent} of {}. Not sent, still drafted (send again to retry): {}", sent + n, failed.join("; "))
        }
    };
    Ok(done(&format!("/campaigns/{id}"), message))
}
