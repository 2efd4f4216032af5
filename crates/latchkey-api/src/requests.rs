//! `/requests`: the request inspector.

use serde::{Deserialize, Serialize};

use crate::UserRef;

/// A cookie sent or set, with a JWT value decoded.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CookieInfo {
    pub name: String,
    /// The value, shortened when it is long (tokens are shown decoded instead).
    pub value: String,
    /// Decoded JWT claims when the value is a JWT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<serde_json::Value>,
    /// `Set-Cookie` attributes (`expires=...; HttpOnly; Max-Age=900; ...`), for cookies set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<String>,
}

/// One request to the auth API or a mock route.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    /// Increasing per server run.
    pub id: u64,
    pub at: String,
    pub method: String,
    pub path: String,
    pub origin: Option<String>,
    pub status: u16,
    pub duration_ms: f64,
    pub user: Option<UserRef>,
    pub session_id: Option<String>,
    /// The jti of the token the request used.
    pub token_jti: Option<String>,
    /// Why it was refused, e.g. `Token is expired`, when it was.
    pub rejection: Option<String>,
    /// The fault that applied, if any (its id).
    pub fault: Option<String>,
    pub cookies_in: Vec<CookieInfo>,
    pub cookies_out: Vec<CookieInfo>,
}

/// `GET /requests?status=&path=&user=&session=&offset=&limit=` (newest first).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestQuery {
    /// Exact status, or a class like `4xx`.
    #[serde(default)]
    pub status: Option<String>,
    /// Substring of the path.
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub user: Option<i64>,
    #[serde(default)]
    pub session: Option<String>,
    #[serde(default)]
    pub offset: Option<u64>,
    #[serde(default)]
    pub limit: Option<u64>,
}
