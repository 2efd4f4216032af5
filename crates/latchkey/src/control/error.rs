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
    /// An answer axum's extractors or router give in plain text (a body over the 2 MB
    /// limit: 413; a method the route lacks: 405), in the control plane's JSON shape.
    #[error("{detail}")]
    Status { status: StatusCode, detail: String },
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
            ControlError::Status { status, .. } => (
                *status,
                match *status {
                    StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
                    StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
                    StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
                    s if s.is_server_error() => "internal",
                    _ => "bad_request",
                },
            ),
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

const TOO_LARGE: &str = "the request body is larger than the control plane's limit of 2 MB";

/// The control plane's body limit (axum's default for its extractors).
const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Reads the whole request body before any handler runs (up to the auth API's
/// [`crate::api::MAX_BODY_BYTES`]), so that every answer, including a 405, a 403 or a 413 for
/// a body over [`BODY_LIMIT`], reaches a client still sending its body instead of a
/// connection reset.
pub async fn read_body(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, crate::api::MAX_BODY_BYTES).await {
        Ok(bytes) if bytes.len() <= BODY_LIMIT => {
            next.run(axum::extract::Request::from_parts(parts, bytes.into()))
                .await
        }
        _ => ControlError::Status {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            detail: TOO_LARGE.into(),
        }
        .into_response(),
    }
}

/// Makes every error answer of the control plane JSON: the plain-text answers axum gives by
/// itself (extractor rejections such as a body over the 2 MB limit, 405 for a method a route
/// lacks) become `{"error", "detail"}` with the same status (and `Allow` kept).
pub async fn json_errors(resp: Response) -> Response {
    let status = resp.status();
    let is_json = resp
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let detail = if status == StatusCode::PAYLOAD_TOO_LARGE {
        TOO_LARGE.to_string()
    } else {
        let text = axum::body::to_bytes(body, 64 * 1024)
            .await
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        if text.is_empty() {
            status.canonical_reason().unwrap_or("error").to_string()
        } else {
            text
        }
    };
    let mut out = ControlError::Status { status, detail }.into_response();
    if let Some(allow) = parts.headers.get(axum::http::header::ALLOW) {
        out.headers_mut()
            .insert(axum::http::header::ALLOW, allow.clone());
    }
    out
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
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(ControlError::Status {
                status: e.status(),
                detail: TOO_LARGE.into(),
            }),
            Err(e) => Err(ControlError::BadRequest(e.body_text())),
        }
    }
}
