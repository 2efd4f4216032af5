//! The seed's views: `RegisterView`, `CookieTokenObtainPairView`, `CookieTokenRefreshView`,
//! `LogoutView`, `auth_check` and the sample `me`.

use axum::http::{header, StatusCode};
use serde_json::{json, Value};

use super::authn::Principal;
use super::response::DrfResponse;
use super::{authn, cookies, ApiError, Ctx, Route};
use crate::body::{self, BodyError, Payload};
use crate::password;
use crate::serializers::{self, FieldErrors};
use crate::state::{AppState, ReplaySlot, RotationClaim, RotationReplay};
use crate::store::{InsertUserError, IssuedToken, NewSession, User};
use crate::tokens::{self, Claims, TokenError, TokenType, UserLookup, Validated};
use latchkey_api::events::Event;

pub async fn handle(
    route: &Route,
    ctx: &Ctx,
    principal: Option<Principal>,
) -> Result<DrfResponse, ApiError> {
    match route {
        Route::Register => register(ctx).await,
        Route::Token => login(ctx).await,
        Route::Refresh => refresh(ctx).await,
        Route::Logout => logout(ctx).await,
        Route::AuthCheck | Route::Me | Route::Mock(_) => {
            let user = principal.ok_or(ApiError::NotAuthenticated)?.user;
            Ok(match route {
                Route::Me => DrfResponse::ok(user_json(&user)),
                Route::Mock(m) => DrfResponse::new(
                    StatusCode::from_u16(m.status).unwrap_or(StatusCode::OK),
                    crate::mock::render(&m.body, &user),
                ),
                _ => DrfResponse::ok(json!({"authenticated": true, "user": user_json(&user)})),
            })
        }
    }
}

/// `UserSerializer(user).data`.
pub fn user_json(user: &User) -> Value {
    json!({"id": user.id, "username": user.username, "email": user.email})
}

/// `request.data`: parsed on first use, as DRF does.
fn data(ctx: &Ctx) -> Result<Payload, ApiError> {
    let bytes = ctx.body.as_ref().ok_or(ApiError::DjangoBadRequest)?;
    let content_type = ctx.headers.get(header::CONTENT_TYPE).map(|v| {
        v.as_bytes()
            .iter()
            .map(|&b| char::from(b))
            .collect::<String>()
    });
    body::parse(content_type.as_deref(), bytes).map_err(|e| match e {
        BodyError::Parse(detail) => ApiError::Parse(detail),
        BodyError::UnsupportedMediaType(detail) => ApiError::UnsupportedMediaType(detail),
        BodyError::BadRequest => ApiError::DjangoBadRequest,
    })
}

async fn register(ctx: &Ctx) -> Result<DrfResponse, ApiError> {
    let payload = data(ctx)?;
    let new = serializers::register(&payload, &|name| ctx.state.users().contains_username(name))
        .map_err(ApiError::Validation)?;
    let hash = password::hash(new.password, ctx.state.hash_cost).await?;
    let now = ctx.state.clock.now();
    let user = match ctx
        .state
        .store
        .insert_user(&new.username, &new.email, &hash, true, now)
        .await
    {
        Ok(user) => {
            ctx.state.emit(Event::User { id: user.id });
            ctx.state.users_mut().insert(user)
        }
        // Lost a race with a concurrent registration of the same name.
        Err(InsertUserError::UsernameTaken) => {
            return Err(ApiError::Validation(FieldErrors::single(
                "username",
                "A user with that username already exists.",
            )))
        }
        Err(InsertUserError::Db(e)) => return Err(ApiError::Internal(e.into())),
    };
    let cookies = start_session(ctx, &user).await?;
    Ok(
        DrfResponse::new(StatusCode::CREATED, json!({"user": user_json(&user)}))
            .with_cookies(cookies),
    )
}

async fn login(ctx: &Ctx) -> Result<DrfResponse, ApiError> {
    let payload = data(ctx)?;
    let credentials = serializers::login(&payload).map_err(ApiError::Validation)?;
    let user = ctx
        .state
        .users()
        .by_username(&credentials.username)
        .ok_or(ApiError::NoActiveAccount)?;
    let verified = password::verify(credentials.password.clone(), user.password.clone()).await;
    if verified && password::needs_rehash(&user.password) {
        // As Django's check_password does: an imported (Django) hash becomes an argon2id one.
        password::upgrade(&ctx.state, &user, credentials.password).await;
    }
    if !verified || !user.is_active {
        return Err(ApiError::NoActiveAccount);
    }
    let cookies = start_session(ctx, &user).await?;
    Ok(DrfResponse::ok(json!({"user": user_json(&user)})).with_cookies(cookies))
}

async fn refresh(ctx: &Ctx) -> Result<DrfResponse, ApiError> {
    let settings = &ctx.settings;
    // The cookie first; the body is only parsed when there is no cookie.
    let raw = match cookies::get(&ctx.headers, &settings.cookies.refresh_name) {
        Some(cookie) => Some(Value::String(cookie)),
        None => match data(ctx)? {
            Payload::Json(Value::Object(map)) => map.get("refresh").cloned(),
            Payload::Form(pairs) => pairs
                .into_iter()
                .filter(|(k, _)| k == "refresh")
                .map(|(_, v)| Value::String(v))
                .next_back(),
            Payload::Json(_) => None,
        },
    }
    .filter(|v| !v.is_null());
    let raw = serializers::refresh_field(raw.as_ref()).map_err(ApiError::Validation)?;
    let state = &ctx.state;
    let now = state.clock.now();
    let key = &state.signing_key;
    let token = match validate_refresh(state, &raw, now) {
        Ok(token) => token,
        // Rotated out by an earlier refresh: inside refresh_reuse_grace, that refresh's answer.
        Err(TokenError::Blacklisted) if settings.refresh_reuse_grace > 0 => {
            let slot = tokens::decode(raw.as_str(), key, now).ok().and_then(|d| {
                d.blacklist_jti()
                    .ok()
                    .and_then(|j| state.replay_slot(j, now))
            });
            return replay(ctx, slot).await;
        }
        Err(e) => return Err(ApiError::InvalidToken(authn::token_message(e).into())),
    };
    let user_id = match token.user_id.auth_lookup() {
        UserLookup::Pk(id) => Some(id),
        _ => None,
    };
    if token.user_id.is_truthy() {
        // The real stack crashes on a deleted user; answer as for an inactive one.
        let active = user_id
            .and_then(|id| state.users().get(id))
            .is_some_and(|u| u.is_active);
        if !active {
            return Err(ApiError::NoActiveAccountForToken);
        }
    }
    let at = state.clock.now_system_time();
    let parent = token.jti.as_str();
    let (access_jwt, access) =
        tokens::mint_access_from_refresh(key, &token, now, settings.access_token_lifetime);
    let mut issued = vec![issued_token(&access, &access_jwt, Some(parent), user_id)];
    let mut cookie_values = vec![cookies::set(
        &settings.cookies,
        &settings.cookies.access_name,
        &access_jwt,
        settings.access_token_lifetime,
        at,
    )];
    let mut blacklisted = None;
    let mut replay_to = None;
    if settings.rotate_refresh_tokens {
        if settings.blacklist_after_rotation {
            // Claim the old token before anything is written: of concurrent refreshes
            // with one token, exactly one gets past this line; the others are refused as
            // blacklisted or, inside refresh_reuse_grace, get the winner's answer.
            let grace = settings.refresh_reuse_grace;
            let grace_until = (grace > 0).then(|| now.saturating_add(grace));
            match state.claim_rotation(parent, grace_until, now) {
                RotationClaim::Won(tx) => replay_to = tx,
                RotationClaim::Lost(slot) => return replay(ctx, slot.filter(|_| grace > 0)).await,
            }
            blacklisted = Some(parent);
        }
        let (refresh_jwt, refresh) =
            tokens::rotate_refresh(key, &token, now, settings.refresh_token_lifetime);
        issued.push(issued_token(&refresh, &refresh_jwt, Some(parent), user_id));
        cookie_values.push(cookies::set(
            &settings.cookies,
            &settings.cookies.refresh_name,
            &refresh_jwt,
            settings.refresh_token_lifetime,
            at,
        ));
    }
    let session = match state
        .store
        .record_refresh(
            state.token_meta(parent).map(|m| m.session_id).as_deref(),
            parent,
            &issued,
            blacklisted.map(|jti| (jti, now)),
        )
        .await
    {
        Ok(session) => session,
        Err(e) => {
            if let Some(jti) = blacklisted {
                state.unclaim_blacklist(jti);
            }
            return Err(ApiError::Internal(e));
        }
    };
    state.index_tokens(
        &session,
        user_id.unwrap_or(0),
        issued.iter().map(|t| t.jti.as_str()),
    );
    if let Some(user) = user_id.and_then(|id| state.users().get(id)) {
        ctx.trace_token(&user, parent);
    }
    state.emit(Event::Session { id: session });
    if let Some(tx) = replay_to {
        let refresh_jti = issued.get(1).map(|t| t.jti.clone()).unwrap_or_default();
        tx.send_replace(Some(std::sync::Arc::new(RotationReplay {
            access_jti: access.jti.clone(),
            refresh_jti,
            user_id: user_id.unwrap_or(0),
            cookies: cookie_values.clone(),
        })));
    }
    Ok(DrfResponse::ok(json!({"detail": "Token refreshed"})).with_cookies(cookie_values))
}

/// A refresh with a token another refresh rotated out: without a replay slot (no grace, or
/// the window passed) simplejwt's "Token is blacklisted"; with one, that refresh's answer
/// (waiting for it when it is still being written), unless the new pair has since been
/// revoked, expired by the control plane or logged out.
async fn replay(ctx: &Ctx, slot: Option<ReplaySlot>) -> Result<DrfResponse, ApiError> {
    let blacklisted = || ApiError::InvalidToken(TokenError::Blacklisted.message().into());
    let mut slot = slot.ok_or_else(blacklisted)?;
    // Err: the rotation failed (its sender is gone without an answer).
    let answer = slot
        .wait_for(Option::is_some)
        .await
        .ok()
        .and_then(|v| v.clone())
        .ok_or_else(blacklisted)?;
    let state = &ctx.state;
    if state.is_blacklisted(&answer.refresh_jti)
        || state.is_forced_expired(&answer.refresh_jti)
        || state.is_forced_expired(&answer.access_jti)
    {
        return Err(blacklisted());
    }
    let user = state.users().get(answer.user_id);
    if let Some(user) = user {
        ctx.trace_token(&user, &answer.access_jti);
    }
    Ok(DrfResponse::ok(json!({"detail": "Token refreshed"})).with_cookies(answer.cookies.clone()))
}

async fn logout(ctx: &Ctx) -> Result<DrfResponse, ApiError> {
    let state = &ctx.state;
    let names = &ctx.settings.cookies;
    if let Some(raw) = cookies::get(&ctx.headers, &names.refresh_name).filter(|r| !r.is_empty()) {
        let now = state.clock.now();
        if let Ok(token) = validate_refresh(state, &raw, now) {
            state.blacklist(&token.jti, "logout").await?;
            if let Some(meta) = state.token_meta(&token.jti) {
                state.emit(Event::Session {
                    id: meta.session_id.to_string(),
                });
            }
        }
    }
    Ok(
        DrfResponse::ok(json!({"detail": "Successfully logged out"})).with_cookies(vec![
            cookies::delete(names, &names.access_name),
            cookies::delete(names, &names.refresh_name),
        ]),
    )
}

/// `RefreshToken.for_user(user)` and its access token: records the session, returns cookies.
async fn start_session(ctx: &Ctx, user: &User) -> Result<Vec<String>, ApiError> {
    let state = &ctx.state;
    let settings = &ctx.settings;
    let now = state.clock.now();
    let key = &state.signing_key;
    let id = user.id.to_string();
    let (refresh_jwt, refresh) = tokens::mint(
        key,
        TokenType::Refresh,
        &id,
        now,
        settings.refresh_token_lifetime,
    );
    let (access_jwt, access) = tokens::mint(
        key,
        TokenType::Access,
        &id,
        now,
        settings.access_token_lifetime,
    );
    let session = NewSession {
        id: refresh.jti.clone(),
        user_id: user.id,
        created_at: now,
        user_agent: ctx
            .headers
            .get(header::USER_AGENT)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default(),
        remote_addr: ctx.peer.map(|p| p.ip().to_string()).unwrap_or_default(),
    };
    state
        .store
        .record_session(
            &session,
            &[
                issued_token(&refresh, &refresh_jwt, None, Some(user.id)),
                issued_token(&access, &access_jwt, Some(&session.id), Some(user.id)),
            ],
        )
        .await?;
    state.index_tokens(
        &session.id,
        user.id,
        [refresh.jti.as_str(), access.jti.as_str()],
    );
    ctx.trace_token(user, &access.jti);
    state.emit(Event::Session {
        id: session.id.clone(),
    });
    let at = state.clock.now_system_time();
    let c = &settings.cookies;
    Ok(vec![
        cookies::set(
            c,
            &c.access_name,
            &access_jwt,
            settings.access_token_lifetime,
            at,
        ),
        cookies::set(
            c,
            &c.refresh_name,
            &refresh_jwt,
            settings.refresh_token_lifetime,
            at,
        ),
    ])
}

/// `RefreshToken(raw)` as the token_blacklist app checks it, with the control plane's forced
/// expiry acting like a passed `exp` (so it is reported before the blacklist, as PyJWT would).
fn validate_refresh(state: &AppState, raw: &str, now: i64) -> Result<Validated, TokenError> {
    let decoded = tokens::decode(raw, &state.signing_key, now)?;
    let jti = decoded.blacklist_jti()?;
    if state.is_forced_expired(jti) {
        return Err(TokenError::Expired);
    }
    if state.is_blacklisted(jti) {
        return Err(TokenError::Blacklisted);
    }
    decoded.verify(TokenType::Refresh)
}

/// What the store records of an issued token.
fn issued_token(
    claims: &Claims,
    jwt: &str,
    parent: Option<&str>,
    user_id: Option<i64>,
) -> IssuedToken {
    IssuedToken {
        jti: claims.jti.clone(),
        token_type: claims.token_type.as_str(),
        user_id: user_id.unwrap_or(0),
        parent_jti: parent.map(str::to_string),
        iat: claims.iat,
        exp: claims.exp,
        token: jwt.to_string(),
    }
}
