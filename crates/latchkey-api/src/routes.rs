//! `/routes`: mock protected endpoints.

use serde::{Deserialize, Serialize};

/// A JSON endpoint that requires authentication like a DRF `IsAuthenticated` view.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MockRoute {
    pub id: String,
    /// `GET`, `POST`, ... (default `GET`).
    pub method: String,
    /// Absolute path with a trailing slash, e.g. `/api/profile/`.
    pub path: String,
    /// Status of a successful answer (default 200).
    pub status: u16,
    /// The JSON answered; strings may use `{{user.id}}`, `{{user.username}}`, `{{user.email}}`.
    pub body: serde_json::Value,
}

/// `POST /routes`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MockRouteCreate {
    #[serde(default)]
    pub method: Option<String>,
    pub path: String,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub body: Option<serde_json::Value>,
}
