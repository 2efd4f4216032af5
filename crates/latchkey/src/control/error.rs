//! The one place control-plane failures become `{"error", "detail"}` JSON, and the JSON body
//! extractor whose rejections take the same shape.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use latchkey_api::ErrorBody;

#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    /// Rejected by the auth API's validators: their exact messages per field.
    #[error("{detail}")]
    Validation {
        detail: String,
        fields: serde_json::Value,
    },
    #[error("{0}")]
    Unprocessable(String),
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

impl IntoResponse for ControlError {
    fn into_response(self) -> Response {
        let (status, error) = match &self {
            ControlError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ControlError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ControlError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ControlError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            ControlError::Validation { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "validation"),
            ControlError::Unprocessable(_) => (StatusCode::UNPROCESSABLE_ENTITY, "unprocessable"),
            ControlError::Internal(e) => {
                tracing::error!("control plane: {e:#}");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        };
        let fields = match &self {
            ControlError::Validation { fields, .. } => Some(fields.clone()),
            _ => None,
        };
        let body = ErrorBody {
            error: error.into(),
            detail: self.to_string(),
            fields,
        };
        (status, Json(body)).into_response()
    }
}

impl From<sqlx::Error> for ControlError {
    fn from(e: sqlx::Error) -> Self {
        ControlError::Internal(e.into())
    }
}

/// `Json<T>` whose rejections are [`ControlError`]s (400 malformed, 422 wrong shape).
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ControlError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(JsonBody(v)),
            Err(JsonRejection::JsonDataError(e)) => Err(ControlError::Unprocessable(e.body_text())),
            Err(e) => Err(ControlError::BadRequest(e.body_text())),
        }
    }
}
