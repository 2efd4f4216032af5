//! `/export`, `/import`, `/reset`: the whole state as one versioned JSON document.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::routes::MockRoute;

/// The export format version this build writes and reads.
pub const EXPORT_VERSION: u32 = 1;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportUser {
    pub id: i64,
    pub username: String,
    pub email: String,
    /// argon2id PHC string, or a Django `pbkdf2_sha256$...` hash.
    pub password_hash: String,
    pub is_active: bool,
    pub date_joined: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportSession {
    pub id: String,
    pub user_id: i64,
    pub created_at: String,
    pub user_agent: String,
    pub remote_addr: String,
    pub refresh_count: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportToken {
    pub jti: String,
    pub token_type: String,
    pub user_id: i64,
    pub session_id: String,
    pub parent_jti: Option<String>,
    pub iat: i64,
    pub exp: i64,
    /// The JWT, only in exports made with `include_secrets`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// When the control plane expired it early.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forced_expired_at: Option<i64>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportBlacklisted {
    pub jti: String,
    pub blacklisted_at: i64,
    /// `logout`, `rotation` or `revoked`.
    pub reason: String,
}

/// `GET /export` and the body of `POST /import` (a Django `dumpdata auth.User` fixture
/// is accepted by `POST /import` too).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Export {
    pub version: u32,
    pub exported_at: String,
    /// Run-time settings (the signing key only with `include_secrets`).
    pub settings: BTreeMap<String, serde_json::Value>,
    pub users: Vec<ExportUser>,
    pub sessions: Vec<ExportSession>,
    pub tokens: Vec<ExportToken>,
    pub blacklist: Vec<ExportBlacklisted>,
    pub routes: Vec<MockRoute>,
}

/// `POST /reset`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetRequest {
    /// Re-apply the `--seed` file after emptying (default false: empty).
    #[serde(default)]
    pub seed: bool,
}

/// Answer of `POST /import` and `POST /reset`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateSummary {
    pub users: u64,
    pub sessions: u64,
    pub tokens: u64,
    pub blacklisted: u64,
    pub routes: u64,
}
