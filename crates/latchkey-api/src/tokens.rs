//! `/tokens/decode`: the token decoder.

use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecodeRequest {
    pub token: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecodeResponse {
    /// Whether the token has three base64url parts with JSON header and claims.
    pub decodable: bool,
    pub header: Option<serde_json::Value>,
    pub claims: Option<serde_json::Value>,
    /// HMAC-SHA256 under the server's signing key.
    pub signature_valid: bool,
    pub issued_at: Option<String>,
    pub expires_at: Option<String>,
    /// Seconds until `exp` at the emulator's now (negative when expired).
    pub expires_in: Option<i64>,
    /// What the auth API would say of it as an access (or, for refresh tokens, refresh)
    /// token: `null` when valid, else simplejwt's message, e.g. `Token is expired`.
    pub verdict: Option<String>,
    /// The session it belongs to, when Latchkey issued it.
    pub session_id: Option<String>,
}
