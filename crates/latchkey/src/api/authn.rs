//! `CustomJWTAuthentication`: the `Authorization: Bearer` header first, else the access
//! cookie; then simplejwt's token validation and `get_user`.

use std::sync::Arc;

use axum::http::header;

use super::{cookies, ApiError, Ctx};
use crate::store::User;
use crate::tokens::{self, TokenError, TokenType, UserLookup, Validated};

/// Who a request authenticated as.
#[derive(Clone, Debug)]
pub struct Principal {
    pub user: Arc<User>,
}

/// The raw access token a request carries, as `CustomJWTAuthentication.authenticate` finds it.
fn raw_token(ctx: &Ctx) -> Result<Option<Vec<u8>>, ApiError> {
    if let Some(value) = ctx.headers.get(header::AUTHORIZATION) {
        // A present header decides alone: a non-Bearer scheme hides the cookie.
        return bearer(value.as_bytes()).map(|t| t.map(<[u8]>::to_vec));
    }
    Ok(cookies::get(&ctx.headers, &ctx.settings.cookies.access_name).map(String::into_bytes))
}

/// The token of an `Authorization` header value: `Ok(None)` when it is empty or not Bearer,
/// an error when Bearer comes with other than exactly one value.
pub fn bearer(value: &[u8]) -> Result<Option<&[u8]>, ApiError> {
    let parts: Vec<&[u8]> = value
        .split(|b| b.is_ascii_whitespace() || *b == 0x0b)
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [] => Ok(None),
        [scheme, ..] if *scheme != b"Bearer" => Ok(None),
        [_, token] => Ok(Some(token)),
        _ => Err(ApiError::BadAuthorizationHeader),
    }
}

/// `authenticate()`: `Ok(None)` when the request carries no credentials.
pub fn authenticate(ctx: &Ctx) -> Result<Option<Principal>, ApiError> {
    let Some(raw) = raw_token(ctx)? else {
        return Ok(None);
    };
    let now = ctx.state.clock.now();
    let invalid = |e| ApiError::InvalidAccessToken(token_message(e).to_string());
    let decoded = tokens::decode(raw.as_slice(), &ctx.state.signing_key, now).map_err(invalid)?;
    // A forced expiry (control plane) acts like a passed `exp`, which PyJWT reports first.
    if decoded
        .blacklist_jti()
        .is_ok_and(|jti| ctx.state.is_forced_expired(jti))
    {
        return Err(invalid(TokenError::Expired));
    }
    let token = decoded.verify(TokenType::Access).map_err(invalid)?;
    let user = user_for(ctx, &token)?;
    ctx.trace_token(&user, &token.jti);
    Ok(Some(Principal { user }))
}

/// A token error's message; where the real stack crashes (HTTP 500), "Token is invalid".
pub fn token_message(e: TokenError) -> &'static str {
    match e {
        TokenError::ServerError => TokenError::Invalid.message(),
        e => e.message(),
    }
}

/// simplejwt's `JWTAuthentication.get_user` (where Django would crash on a claim `int()`
/// cannot read, the user is simply not found).
fn user_for(ctx: &Ctx, token: &Validated) -> Result<Arc<User>, ApiError> {
    let user = match token.user_id.auth_lookup() {
        UserLookup::NoUserId => return Err(ApiError::NoUserIdentification),
        UserLookup::Pk(id) => ctx.state.users().get(id),
        UserLookup::NotFound | UserLookup::ServerError => None,
    }
    .ok_or(ApiError::UserNotFound)?;
    if !user.is_active {
        return Err(ApiError::UserInactive);
    }
    Ok(user)
}
