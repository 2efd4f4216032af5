//! `/users`: the emulated Django users.

use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The same integer id the auth API returns.
    pub id: i64,
    pub username: String,
    pub email: String,
    pub is_active: bool,
    pub date_joined: String,
    /// Sessions of this user that are not expired, revoked or logged out.
    pub active_sessions: u64,
}

/// `POST /users`: runs the same validators as `POST /register/`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserCreate {
    pub username: String,
    pub password: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_active: Option<bool>,
}

/// `PATCH /users/{id}`: only the fields given change.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_active: Option<bool>,
    /// A new password (the password validators apply).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// `GET /users?search=&offset=&limit=`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserQuery {
    /// Case-insensitive substring of username or email.
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub offset: Option<u64>,
    /// Page size (default 50, at most 1000).
    #[serde(default)]
    pub limit: Option<u64>,
}
