//! `CustomJWTAuthentication`: the `Authorization: Bearer` header first, else the access
//! cookie; then simplejwt's token validation and `get_user`.

use std::sync::Arc;

use axum::http::header;

use super::{cookies, ApiError, Ctx};
use crate::store::User;
use crate::tokens::{self, TokenType};

/// Who a request authenticated as.
#[derive(Clone, Debug)]
pub struct Principal {
    pub user: Arc<User>,
}

/// The raw access token a request carries, as `CustomJWTAuthentication.authenticate` finds it.
fn raw_token(ctx: &Ctx) -> Result<Option<String>, ApiError> {
    if let Some(value) = ctx.headers.get(header::AUTHORIZATION) {
        // A present header decides alone: a non-Bearer scheme hides the cookie.
        let parts: Vec<&[u8]> = value
            .as_bytes()
            .split(|b| b.is_ascii_whitespace() || *b == 0x0b)
            .filter(|p| !p.is_empty())
            .collect();
        return match parts.as_slice() {
            [] => Ok(None),
            [scheme, ..] if *scheme != b"Bearer" => Ok(None),
            [_, token] => Ok(Some(String::from_utf8_lossy(token).into_owned())),
            _ => Err(ApiError::BadAuthorizationHeader),
        };
    }
    Ok(cookies::get(&ctx.headers, &ctx.settings.cookies.access_name))
}

/// `authenticate()`: `Ok(None)` when the request carries no credentials.
pub fn authenticate(ctx: &Ctx) -> Result<Option<Principal>, ApiError> {
    let Some(raw) = raw_token(ctx)? else {
        return Ok(None);
    };
    let now = ctx.state.clock.now();
    let token = tokens::Token::decode(&raw, &ctx.state.signing_key, TokenType::Access, now, |_| false)
        .map_err(|e| ApiError::InvalidAccessToken(e.message().to_string()))?;
    let user = user_for(ctx, &token)?;
    Ok(Some(Principal { user }))
}

/// simplejwt's `JWTAuthentication.get_user`.
fn user_for(ctx: &Ctx, token: &tokens::Token) -> Result<Arc<User>, ApiError> {
    let id = match token.user_id() {
        tokens::UserId::Missing => return Err(ApiError::NoUserIdentification),
        tokens::UserId::Id(id) => Some(id),
        tokens::UserId::Unmatchable => None,
    };
    let user = id
        .and_then(|id| ctx.state.users().get(id))
        .ok_or(ApiError::UserNotFound)?;
    if !user.is_active {
        return Err(ApiError::UserInactive);
    }
    Ok(user)
}
