//! `/tokens/decode`: any string in, what it is and what the auth API would say of it out.
//! Garbage is an answer (`decodable: false`), never an error.

use axum::extract::State;
use axum::Json;
use jsonwebtoken::{crypto, Algorithm, DecodingKey};
use latchkey_api::tokens::{DecodeRequest, DecodeResponse};
use latchkey_api::ErrorBody;
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ControlError, JsonBody};
use crate::api::ApiError;
use crate::clock::rfc3339;
use crate::state::AppState;
use crate::tokens::{self, Decoded, TokenError, TokenType, UserLookup};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(decode_token))
}

/// Decodes a JWT: header and claims, signature under the server's key, times at the
/// emulator's now, and the auth API's verdict (access tokens as `/auth-check/` judges them,
/// refresh tokens as `/token/refresh/` does, blacklist and forced expiry included).
#[utoipa::path(post, path = "/tokens/decode", tag = "tokens",
    request_body = DecodeRequest,
    responses((status = 200, body = DecodeResponse), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn decode_token(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<DecodeRequest>,
) -> Result<Json<DecodeResponse>, ControlError> {
    Ok(Json(describe(&state, &req.token)))
}

fn describe(state: &AppState, token: &str) -> DecodeResponse {
    let now = state.clock.now();
    let (header, claims) = match tokens::decode_unverified(token) {
        Some((h, c)) => (Some(h), Some(c)),
        None => (None, None),
    };
    let claim = |name: &str| claims.as_ref().and_then(|c| c.get(name));
    let iat = claim("iat").and_then(epoch);
    let exp = claim("exp").and_then(epoch);
    let session_id = claim("jti")
        .and_then(Value::as_str)
        .and_then(|jti| state.token_meta(jti))
        .map(|m| m.session_id.to_string());
    let is_refresh = claim("token_type").and_then(Value::as_str) == Some("refresh");
    DecodeResponse {
        decodable: claims.is_some(),
        header,
        claims: claims.clone(),
        signature_valid: signature_valid(token, &state.signing_key),
        issued_at: iat.map(rfc3339),
        expires_at: exp.map(rfc3339),
        expires_in: exp.map(|e| e.saturating_sub(now)),
        verdict: verdict(state, token, is_refresh, now).err(),
        session_id,
    }
}

/// A time claim as whole epoch seconds (floats floored, other types ignored).
fn epoch(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| {
        v.as_f64()
            .filter(|f| f.is_finite() && f.abs() < 9.0e15)
            .map(|f| f.floor() as i64)
    })
}

/// HMAC-SHA256 of the signing input under `key`, whatever the header claims.
fn signature_valid(token: &str, key: &[u8]) -> bool {
    let Some((input, sig)) = token.rsplit_once('.') else {
        return false;
    };
    let sig = sig
        .strip_suffix("==")
        .or(sig.strip_suffix('='))
        .unwrap_or(sig);
    matches!(
        crypto::verify(
            sig,
            input.as_bytes(),
            &DecodingKey::from_secret(key),
            Algorithm::HS256
        ),
        Ok(true)
    )
}

/// `Ok` when the auth API would accept the token, else the message it would give.
fn verdict(state: &AppState, token: &str, is_refresh: bool, now: i64) -> Result<(), String> {
    let decoded = tokens::decode(token, &state.signing_key, now).map_err(message)?;
    if is_refresh {
        refresh_verdict(state, decoded)
    } else {
        access_verdict(state, decoded)
    }
}

/// `/token/refresh/`'s checks: blacklist lookup (forced expiry first, as an expired `exp`
/// would be), `Token.verify`, then the user.
fn refresh_verdict(state: &AppState, decoded: Decoded) -> Result<(), String> {
    let jti = decoded.blacklist_jti().map_err(message)?;
    if state.is_forced_expired(jti) {
        return Err(message(TokenError::Expired));
    }
    if state.is_blacklisted(jti) {
        return Err(message(TokenError::Blacklisted));
    }
    let token = decoded.verify(TokenType::Refresh).map_err(message)?;
    if !token.user_id.is_truthy() {
        return Ok(());
    }
    let active = match token.user_id.auth_lookup() {
        UserLookup::Pk(id) => state.users().get(id).is_some_and(|u| u.is_active),
        _ => false,
    };
    if active {
        Ok(())
    } else {
        Err(ApiError::NoActiveAccountForToken.reason())
    }
}

/// `CustomJWTAuthentication`'s checks: the access token (forced expiry as an expired `exp`),
/// then `get_user`.
fn access_verdict(state: &AppState, decoded: Decoded) -> Result<(), String> {
    if let Ok(jti) = decoded.blacklist_jti() {
        if state.is_forced_expired(jti) {
            return Err(message(TokenError::Expired));
        }
    }
    let token = decoded.verify(TokenType::Access).map_err(message)?;
    let user = match token.user_id.auth_lookup() {
        UserLookup::NoUserId => return Err(ApiError::NoUserIdentification.reason()),
        UserLookup::Pk(id) => state.users().get(id),
        UserLookup::NotFound | UserLookup::ServerError => None,
    };
    match user {
        None => Err(ApiError::UserNotFound.reason()),
        Some(u) if !u.is_active => Err(ApiError::UserInactive.reason()),
        Some(_) => Ok(()),
    }
}

/// simplejwt's message; where the real stack crashes, the auth API says "Token is invalid".
fn message(e: TokenError) -> String {
    match e {
        TokenError::ServerError => TokenError::Invalid.message().into(),
        e => e.message().into(),
    }
}
