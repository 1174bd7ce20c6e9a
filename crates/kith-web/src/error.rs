//! Errors as a browser or an API client sees them. Both carry the same [`WebError`]: pages render
//! it as an HTML page that says what was wrong and what to do, the API as JSON naming the field and
//! the value. Failures of kith itself are logged and shown without internals.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};
use kith_core::ValidationError;
use kith_formats::FormatError;
use kith_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// What went wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Input the user must fix: a field and its value.
    #[error("{0}")]
    Invalid(#[from] ValidationError),
    /// A file that cannot be read at all.
    #[error("{file}: line {}, {}: {}", .error.line, .error.field, .error.message)]
    Format { file: String, error: FormatError },
    /// Records of an import that cannot be used, each located; nothing was written.
    #[error("{file}: {count} problems; nothing was imported")]
    Rejected { file: String, count: usize },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("sign in first")]
    Unauthorized,
    /// Too many wrong access tokens from one address: the message says how long to wait.
    #[error("{0}")]
    TooManyAttempts(String),
    #[error("{0}")]
    Store(StoreError),
    #[error("{0}")]
    Internal(String),
}

pub type WebResult<T> = Result<T, WebError>;

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(v) => WebError::Invalid(v),
            StoreError::NotFound { .. } => WebError::NotFound(e.to_string()),
            e => WebError::Store(e),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(format!("rendering failed: {e}"))
    }
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::Invalid(_) | WebError::Format { .. } | WebError::Rejected { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::Unauthorized => StatusCode::UNAUTHORIZED,
            WebError::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Store(e) if e.is_user_error() => match e {
                StoreError::Ambiguous { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::SERVICE_UNAVAILABLE,
            },
            WebError::Store(_) | WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The one line a user reads; internal failures say only that something failed.
    pub fn message(&self) -> String {
        match self {
            WebError::Invalid(v) if v.value.is_empty() => format!("{}: {}", v.field, v.message),
            WebError::Invalid(v) => format!("{} '{}': {}", v.field, v.value, v.message),
            WebError::Store(e) if !e.is_user_error() => {
                "kith could not complete this because the database failed; try again, and see the server log".into()
            }
            WebError::Internal(_) => "kith failed to answer; see the server log".into(),
            e => e.to_string(),
        }
    }

    /// The form field at fault, as forms name their fields (`met-on` → `met_on`).
    pub fn field(&self) -> Option<String> {
        match self {
            WebError::Invalid(v) => Some(v.field.replace('-', "_")),
            WebError::Store(StoreError::Ambiguous { .. }) => Some("who".into()),
            _ => None,
        }
    }

    fn log(&self) {
        if self.status().is_server_error() {
            eprintln!("kith serve: {self}");
        }
    }
}

/// The JSON body of every API error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiErrorBody {
    pub error: ApiErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiErrorDetail {
    /// What was wrong and what to do, in one line.
    pub message: String,
    /// The field at fault, when there is one.
    pub field: Option<String>,
    /// The value given for it.
    pub value: Option<String>,
    /// Several contacts matched a name: their descriptions.
    pub candidates: Vec<String>,
}

/// An error answered as JSON (the API).
#[derive(Debug)]
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        e.log();
        let (field, value) = match &e {
            WebError::Invalid(v) => (Some(v.field.clone()), Some(v.value.clone())),
            WebError::Format { error, .. } => (Some(error.field.clone()), None),
            _ => (None, None),
        };
        let candidates = match &e {
            WebError::Store(StoreError::Ambiguous { candidates, .. }) => candidates.clone(),
            _ => Vec::new(),
        };
        let body = ApiErrorBody { error: ApiErrorDetail { message: e.message(), field, value, candidates } };
        (e.status(), axum::Json(body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
