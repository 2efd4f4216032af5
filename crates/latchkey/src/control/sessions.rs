//! `/sessions`: every login or registration with its newest tokens and where it stands, and
//! the actions that bend it (force a refresh, expire, revoke; per session or in bulk).
//!
//! Actions write the store first (one transaction each), then the in-memory sets the auth API
//! reads, then emit an event. They never touch the JWTs: a forced expiry lives in the token
//! table and the blacklist, so tokens stay byte-compatible with simplejwt.

use std::collections::BTreeSet;

use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::Json;
use latchkey_api::events::Event;
use latchkey_api::sessions::{
    BulkAction, BulkResult, Client, Session, SessionQuery, SessionState, TokenInfo,
};
use latchkey_api::{List, UserRef};
use serde::de::DeserializeOwned;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::ControlError;
use crate::clock::rfc3339;
use crate::state::AppState;
use crate::store::sessions::{Changed, ExpireScope, SessionFilter, SessionRecord, TokenRow};

/// Page size when `limit` is absent, and the largest one allowed.
const DEFAULT_LIMIT: u64 = 100;
const MAX_LIMIT: u64 = 1000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_sessions))
        .routes(routes!(get_session))
        .routes(routes!(force_refresh))
        .routes(routes!(expire_session))
        .routes(routes!(revoke_session))
        .routes(routes!(expire_all_sessions))
        .routes(routes!(revoke_all_sessions))
}

/// Lists sessions, newest first.
#[utoipa::path(
    get,
    path = "/sessions",
    tag = "sessions",
    params(
        ("user" = Option<i64>, Query, description = "Only this user's sessions"),
        ("state" = Option<SessionState>, Query, description = "Only sessions in this state"),
        ("offset" = Option<u64>, Query, description = "Sessions to skip (default 0)"),
        ("limit" = Option<u64>, Query, description = "Page size (default 100, at most 1000)"),
    ),
    responses(
        (status = 200, body = List<Session>),
        (status = 400, body = latchkey_api::ErrorBody),
    )
)]
async fn list_sessions(
    State(state): State<AppState>,
    query: Result<Query<SessionQuery>, QueryRejection>,
) -> Result<Json<List<Session>>, ControlError> {
    let Query(q) = query.map_err(|e| ControlError::BadRequest(e.body_text()))?;
    let filter = SessionFilter {
        id: None,
        user_id: q.user,
    };
    let now = state.clock.now();
    let matching: Vec<Session> = state
        .store
        .session_records(filter)
        .await?
        .into_iter()
        .map(|r| session_view(&state, r, now))
        .filter(|s| q.state.is_none_or(|want| s.state == want))
        .collect();
    let total = matching.len() as u64;
    let offset = usize::try_from(q.offset.unwrap_or(0)).unwrap_or(usize::MAX);
    let limit = usize::try_from(q.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT)).unwrap_or(0);
    let items = matching.into_iter().skip(offset).take(limit).collect();
    Ok(Json(List { items, total }))
}

/// One session.
#[utoipa::path(
    get,
    path = "/sessions/{id}",
    tag = "sessions",
    params(("id" = String, Path, description = "Session id")),
    responses(
        (status = 200, body = Session),
        (status = 404, body = latchkey_api::ErrorBody),
    )
)]
async fn get_session(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Session>, ControlError> {
    let id = path_id(id)?;
    load(&state, &id).await.map(Json)
}

/// Expires the session's access tokens now: the next request with one gets "Token is
/// expired", and the next refresh succeeds.
#[utoipa::path(
    post,
    path = "/sessions/{id}/force-refresh",
    tag = "sessions",
    params(("id" = String, Path, description = "Session id")),
    responses(
        (status = 200, description = "The session's new state", body = Session),
        (status = 404, body = latchkey_api::ErrorBody),
    )
)]
async fn force_refresh(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Session>, ControlError> {
    let id = path_id(id)?;
    act_on_one(&state, &id, Action::Expire(ExpireScope::Access)).await
}

/// Expires the session's access and refresh tokens now: a refresh gets "Token is expired".
#[utoipa::path(
    post,
    path = "/sessions/{id}/expire",
    tag = "sessions",
    params(("id" = String, Path, description = "Session id")),
    responses(
        (status = 200, description = "The session's new state", body = Session),
        (status = 404, body = latchkey_api::ErrorBody),
    )
)]
async fn expire_session(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Session>, ControlError> {
    let id = path_id(id)?;
    act_on_one(&state, &id, Action::Expire(ExpireScope::All)).await
}

/// Blacklists the session's refresh tokens: a refresh gets "Token is blacklisted".
#[utoipa::path(
    post,
    path = "/sessions/{id}/revoke",
    tag = "sessions",
    params(("id" = String, Path, description = "Session id")),
    responses(
        (status = 200, description = "The session's new state", body = Session),
        (status = 404, body = latchkey_api::ErrorBody),
    )
)]
async fn revoke_session(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Session>, ControlError> {
    let id = path_id(id)?;
    act_on_one(&state, &id, Action::Revoke).await
}

/// Expires every session (or one user's): access and refresh tokens.
#[utoipa::path(
    post,
    path = "/sessions/expire-all",
    tag = "sessions",
    request_body = Option<BulkAction>,
    responses(
        (status = 200, body = BulkResult),
        (status = 400, body = latchkey_api::ErrorBody),
        (status = 422, body = latchkey_api::ErrorBody),
    )
)]
async fn expire_all_sessions(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<BulkResult>, ControlError> {
    let BulkAction { user } = optional_json(&body)?;
    act_on_many(&state, user, Action::Expire(ExpireScope::All)).await
}

/// Revokes every session (or one user's): all refresh tokens blacklisted.
#[utoipa::path(
    post,
    path = "/sessions/revoke-all",
    tag = "sessions",
    request_body = Option<BulkAction>,
    responses(
        (status = 200, body = BulkResult),
        (status = 400, body = latchkey_api::ErrorBody),
        (status = 422, body = latchkey_api::ErrorBody),
    )
)]
async fn revoke_all_sessions(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<BulkResult>, ControlError> {
    let BulkAction { user } = optional_json(&body)?;
    act_on_many(&state, user, Action::Revoke).await
}

/// A JSON body that may be left out (empty means the type's default); malformed JSON is a
/// 400, the wrong shape a 422, like [`super::JsonBody`].
pub(super) fn optional_json<T: DeserializeOwned + Default>(body: &[u8]) -> Result<T, ControlError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => ControlError::Unprocessable(e.to_string()),
        _ => ControlError::BadRequest(format!("malformed JSON body: {e}")),
    })
}

fn path_id(id: Result<Path<String>, PathRejection>) -> Result<String, ControlError> {
    id.map(|Path(id)| id)
        .map_err(|e| ControlError::BadRequest(e.body_text()))
}

#[derive(Clone, Copy, Debug)]
enum Action {
    Expire(ExpireScope),
    Revoke,
}

async fn act_on_one(
    state: &AppState,
    id: &str,
    action: Action,
) -> Result<Json<Session>, ControlError> {
    load(state, id).await?; // 404 before anything is written
    let filter = SessionFilter {
        id: Some(id),
        user_id: None,
    };
    apply(state, filter, action).await?;
    // Even a no-op (already expired, already revoked) is reported: the GUI refreshes on it.
    state.emit(Event::Session { id: id.to_string() });
    load(state, id).await.map(Json)
}

async fn act_on_many(
    state: &AppState,
    user: Option<i64>,
    action: Action,
) -> Result<Json<BulkResult>, ControlError> {
    let filter = SessionFilter {
        id: None,
        user_id: user,
    };
    let changed = apply(state, filter, action).await?;
    let sessions: BTreeSet<String> = changed.into_iter().map(|(_, session)| session).collect();
    for id in &sessions {
        state.emit(Event::Session { id: id.clone() });
    }
    Ok(Json(BulkResult {
        affected: sessions.len() as u64,
    }))
}

/// Writes the action to the store, then to the in-memory sets the auth API reads.
async fn apply(
    state: &AppState,
    filter: SessionFilter<'_>,
    action: Action,
) -> Result<Changed, ControlError> {
    let now = state.clock.now();
    let changed = match action {
        Action::Expire(scope) => {
            let changed = state.store.force_expire(filter, scope, now).await?;
            state.mark_forced_expired(changed.iter().map(|(jti, _)| jti.as_str()), now);
            changed
        }
        Action::Revoke => {
            let changed = state.store.revoke(filter, now).await?;
            state.mark_blacklisted(changed.iter().map(|(jti, _)| jti.as_str()));
            changed
        }
    };
    Ok(changed)
}

/// The session as the API shows it, or 404.
async fn load(state: &AppState, id: &str) -> Result<Session, ControlError> {
    let filter = SessionFilter {
        id: Some(id),
        user_id: None,
    };
    let record = state
        .store
        .session_records(filter)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ControlError::NotFound(format!("no session with id {id:?}")))?;
    Ok(session_view(state, record, state.clock.now()))
}

fn session_view(state: &AppState, record: SessionRecord, now: i64) -> Session {
    let SessionRecord {
        session,
        access,
        refresh,
    } = record;
    // A deleted user keeps its id; its name went with it (tokens carry only the id).
    let username = state
        .users()
        .get(session.user_id)
        .map(|u| u.username.clone())
        .unwrap_or_default();
    let access = access.map(|t| token_info(state, t, now));
    let refresh = refresh.map(|t| token_info(state, t, now));
    Session {
        state: session_state(access.as_ref(), refresh.as_ref()),
        last_used_at: state.last_used(&session.id).map(rfc3339),
        user: UserRef {
            id: session.user_id,
            username,
        },
        created_at: rfc3339(session.created_at),
        client: Client {
            user_agent: session.user_agent,
            remote_addr: session.remote_addr,
        },
        refresh_count: u64::try_from(session.refresh_count).unwrap_or(0),
        id: session.id,
        access: access.map(|(info, _)| info),
        refresh: refresh.map(|(info, _)| info),
    }
}

/// A token as the API shows it, with its blacklist reason (`None` when not blacklisted).
fn token_info(state: &AppState, t: TokenRow, now: i64) -> (TokenInfo, Option<String>) {
    let (header, claims) = crate::tokens::decode_unverified(t.token.as_str())
        .unwrap_or((serde_json::Value::Null, serde_json::Value::Null));
    // A jti only in memory is a rotation claim about to be written.
    let reason = t
        .blacklist_reason
        .or_else(|| state.is_blacklisted(&t.jti).then(|| "rotation".to_string()));
    let info = TokenInfo {
        expired: t.exp <= now || t.forced_expired_at.is_some(),
        blacklisted: reason.is_some(),
        issued_at: rfc3339(t.iat),
        expires_at: rfc3339(t.exp),
        forced_expired_at: t.forced_expired_at.map(rfc3339),
        jti: t.jti,
        token: t.token,
        header,
        claims,
    };
    (info, reason)
}

/// Where a session stands: its current refresh token decides, then its newest access token.
fn session_state(
    access: Option<&(TokenInfo, Option<String>)>,
    refresh: Option<&(TokenInfo, Option<String>)>,
) -> SessionState {
    let Some((refresh, reason)) = refresh else {
        return SessionState::Expired;
    };
    match reason.as_deref() {
        Some("logout") => return SessionState::LoggedOut,
        Some(_) => return SessionState::Revoked,
        None => {}
    }
    if refresh.expired {
        return SessionState::Expired;
    }
    match access {
        Some((a, _)) if !a.expired => SessionState::Active,
        _ => SessionState::AccessExpired,
    }
}
