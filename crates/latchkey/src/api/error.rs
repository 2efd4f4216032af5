//! The one place where failures become DRF / simplejwt error bodies.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::serializers::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// DRF's `NotAuthenticated`.
    #[error("no credentials")]
    NotAuthenticated,
    /// `Authorization: Bearer` with zero or several values.
    #[error("bad authorization header")]
    BadAuthorizationHeader,
    /// An access token that fails validation (simplejwt's `InvalidToken` with `messages`).
    #[error("invalid access token: {0}")]
    InvalidAccessToken(String),
    #[error("token has no user id")]
    NoUserIdentification,
    #[error("user not found")]
    UserNotFound,
    #[error("user inactive")]
    UserInactive,
    /// A refresh token that fails validation (the token views' `InvalidToken(message)`).
    #[error("invalid refresh token: {0}")]
    InvalidToken(String),
    /// Login failed: wrong password, unknown or inactive user.
    #[error("no active account")]
    NoActiveAccount,
    /// Refresh for an inactive (or deleted) user.
    #[error("no active account for token")]
    NoActiveAccountForToken,
    #[error("validation failed")]
    Validation(FieldErrors),
    /// A body the parser rejected (`detail` is DRF's full message).
    #[error("parse error: {0}")]
    Parse(String),
    /// What Django itself refuses before DRF sees the body (over the upload size or field
    /// count limits): its plain HTML 400 page, not a DRF response.
    #[error("bad request")]
    DjangoBadRequest,
    #[error("unsupported media type")]
    UnsupportedMediaType(String),
    #[error("method {0} not allowed")]
    MethodNotAllowed(String),
    #[error("not acceptable")]
    NotAcceptable,
    /// `?format=` naming no renderer: DRF turns the `Http404` into `NotFound`.
    #[error("format not found")]
    FormatNotFound,
    /// Storage failed; logged, answered with a generic 500.
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// Why the request was refused, for the request inspector: the token message for token
    /// errors, else the `detail`.
    pub fn reason(&self) -> String {
        match self {
            ApiError::InvalidAccessToken(m) | ApiError::InvalidToken(m) => m.clone(),
            ApiError::Validation(errors) => format!("invalid fields: {}", errors.to_json()),
            ApiError::DjangoBadRequest => "Bad Request (400)".into(),
            e => match e.status_and_body().1.get("detail") {
                Some(serde_json::Value::String(d)) => d.clone(),
                _ => e.to_string(),
            },
        }
    }

    /// Status and body exactly as the Django stack answers.
    pub fn status_and_body(&self) -> (StatusCode, Value) {
        let unauthorized = StatusCode::UNAUTHORIZED;
        match self {
            ApiError::NotAuthenticated => (
                unauthorized,
                json!({"detail": "Authentication credentials were not provided."}),
            ),
            ApiError::BadAuthorizationHeader => (
                unauthorized,
                json!({"detail": "Authorization header must contain two space-delimited values", "code": "bad_authorization_header"}),
            ),
            ApiError::InvalidAccessToken(message) => (
                unauthorized,
                json!({
                    "detail": "Given token not valid for any token type",
                    "code": "token_not_valid",
                    "messages": [{"token_class": "AccessToken", "token_type": "access", "message": message}],
                }),
            ),
            ApiError::NoUserIdentification => (
                unauthorized,
                json!({"detail": "Token contained no recognizable user identification", "code": "token_not_valid"}),
            ),
            ApiError::UserNotFound => (
                unauthorized,
                json!({"detail": "User not found", "code": "user_not_found"}),
            ),
            ApiError::UserInactive => (
                unauthorized,
                json!({"detail": "User is inactive", "code": "user_inactive"}),
            ),
            ApiError::InvalidToken(message) => (
                unauthorized,
                json!({"detail": message, "code": "token_not_valid"}),
            ),
            ApiError::NoActiveAccount => (
                unauthorized,
                json!({"detail": "No active account found with the given credentials"}),
            ),
            ApiError::NoActiveAccountForToken => (
                unauthorized,
                json!({"detail": "No active account found for the given token."}),
            ),
            ApiError::Validation(errors) => (StatusCode::BAD_REQUEST, errors.to_json()),
            ApiError::Parse(detail) => (StatusCode::BAD_REQUEST, json!({"detail": detail})),
            ApiError::DjangoBadRequest => (StatusCode::BAD_REQUEST, Value::Null),
            ApiError::UnsupportedMediaType(detail) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                json!({"detail": detail}),
            ),
            ApiError::MethodNotAllowed(method) => (
                StatusCode::METHOD_NOT_ALLOWED,
                json!({"detail": format!("Method \"{method}\" not allowed.")}),
            ),
            ApiError::NotAcceptable => (
                StatusCode::NOT_ACCEPTABLE,
                json!({"detail": "Could not satisfy the request Accept header."}),
            ),
            ApiError::FormatNotFound => (StatusCode::NOT_FOUND, json!({"detail": "Not found."})),
            ApiError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({"detail": "A server error occurred."}),
            ),
        }
    }
}
