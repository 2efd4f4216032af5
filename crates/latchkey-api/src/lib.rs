//! The control plane's JSON types (`/_latchkey/api/...`). Serde only, so the wasm UI can use
//! them; the server turns on `openapi` to derive the OpenAPI schemas from the same types.
//!
//! Times are RFC 3339 UTC strings (`2026-11-25T12:00:00Z`); durations are seconds or the
//! config syntax (`"16m"`).

use serde::{Deserialize, Serialize};

pub mod clock;
pub mod events;
pub mod faults;
pub mod requests;
pub mod routes;
pub mod sessions;
pub mod settings;
pub mod state;
pub mod tokens;
pub mod users;

/// A page of a list endpoint.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct List<T> {
    pub items: Vec<T>,
    /// How many items match the filters (across all pages).
    pub total: u64,
}

/// Every control-plane error: 400, 403, 404, 409 or 422.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A short machine-readable kind, e.g. `not_found`, `forbidden`, `validation`.
    pub error: String,
    /// What went wrong, for people.
    pub detail: String,
    /// Field errors with the auth API's exact messages, when a user was rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<serde_json::Value>,
}

/// A user as sessions and requests refer to it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRef {
    pub id: i64,
    pub username: String,
}

/// `GET /health`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
}
