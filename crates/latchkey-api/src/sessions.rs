//! `/sessions`: one login or registration each, with its refresh-token family.

use serde::{Deserialize, Serialize};

use crate::UserRef;

/// Where a session stands, from the frontend's point of view.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionState {
    /// The access token works.
    Active,
    /// The access token is expired (or forced expired); a refresh would succeed.
    AccessExpired,
    /// The refresh token is expired (or forced expired): the user must log in again.
    Expired,
    /// The refresh token was blacklisted from the control plane.
    Revoked,
    /// The refresh token was blacklisted by `/logout/`.
    LoggedOut,
}

/// One JWT of a session.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenInfo {
    pub jti: String,
    /// The JWT itself.
    pub token: String,
    pub issued_at: String,
    /// The `exp` claim.
    pub expires_at: String,
    /// When the control plane made it expire early (force-refresh / expire), if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forced_expired_at: Option<String>,
    /// Expired by its `exp` claim or by force, at the emulator's now.
    pub expired: bool,
    /// Blacklisted (logout, revoke, or rotation).
    pub blacklisted: bool,
    /// The decoded JWT header and claims, in token order.
    pub header: serde_json::Value,
    pub claims: serde_json::Value,
}

/// The client that logged in.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    pub user_agent: String,
    pub remote_addr: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Opaque id (the jti of the session's first refresh token).
    pub id: String,
    pub user: UserRef,
    pub state: SessionState,
    pub created_at: String,
    pub client: Client,
    /// The newest access token.
    pub access: Option<TokenInfo>,
    /// The newest refresh token (with rotation, the live end of the chain).
    pub refresh: Option<TokenInfo>,
    /// Last request authenticated with one of its tokens (since the server started).
    pub last_used_at: Option<String>,
    /// How many times `/token/refresh/` succeeded for it.
    pub refresh_count: u64,
}

/// `GET /sessions?user=ID&state=S&offset=&limit=`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionQuery {
    #[serde(default)]
    pub user: Option<i64>,
    #[serde(default)]
    pub state: Option<SessionState>,
    #[serde(default)]
    pub offset: Option<u64>,
    #[serde(default)]
    pub limit: Option<u64>,
}

/// Body of `POST /sessions/expire-all` and `/sessions/revoke-all`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkAction {
    /// Only this user's sessions.
    #[serde(default)]
    pub user: Option<i64>,
}

/// Answer of the bulk actions.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkResult {
    /// Sessions changed.
    pub affected: u64,
}
