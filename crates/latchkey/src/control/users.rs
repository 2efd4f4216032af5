//! `/users`: list, get, create (through the `/register/` validators), change, delete.
//!
//! Every write goes to the store first, then to the in-memory mirror the auth API reads, so
//! a deactivated or deleted user's tokens fail at once with simplejwt's `user_inactive` /
//! `user_not_found` (and the refresh view's "No active account found for the given token.").
//! A deleted user's sessions and tokens are kept, as simplejwt keeps outstanding tokens
//! (`on_delete=SET_NULL`): the session list still shows them, under the missing user's id.

use std::sync::Arc;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use latchkey_api::events::Event;
use latchkey_api::users::{User, UserCreate, UserPatch, UserQuery};
use latchkey_api::{ErrorBody, List};
use serde_json::{Map, Value};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ControlError, JsonBody};
use crate::body::Payload;
use crate::clock::rfc3339;
use crate::password;
use crate::serializers;
use crate::state::AppState;
use crate::store::users::UserChange;
use crate::store::{self, InsertUserError};
use crate::validators;

const DEFAULT_LIMIT: u64 = 50;
const MAX_LIMIT: u64 = 1000;

const NULL: &str = "This field may not be null.";
const BLANK: &str = "This field may not be blank.";
const NOT_A_STRING: &str = "Not a valid string.";
const NULL_CHARACTERS: &str = "Null characters are not allowed.";
const NOT_A_BOOLEAN: &str = "Must be a valid boolean.";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, patch_user, delete_user))
}

/// Lists users by id.
#[utoipa::path(
    get,
    path = "/users",
    tag = "users",
    params(
        ("search" = Option<String>, Query, description = "Case-insensitive substring of username or email"),
        ("offset" = Option<u64>, Query, description = "Users to skip (default 0)"),
        ("limit" = Option<u64>, Query, description = "Page size (default 50, at most 1000)"),
    ),
    responses(
        (status = 200, body = List<User>),
        (status = 400, body = ErrorBody),
    )
)]
async fn list_users(
    State(state): State<AppState>,
    query: Result<Query<UserQuery>, QueryRejection>,
) -> Result<Json<List<User>>, ControlError> {
    let Query(q) = query.map_err(|e| ControlError::BadRequest(e.body_text()))?;
    let needle = q.search.map(|s| s.to_lowercase()).unwrap_or_default();
    let all = state.users().all();
    let matching: Vec<_> = all
        .into_iter()
        .filter(|u| {
            u.username.to_lowercase().contains(&needle) || u.email.to_lowercase().contains(&needle)
        })
        .collect();
    let total = matching.len() as u64;
    let offset = usize::try_from(q.offset.unwrap_or(0)).unwrap_or(usize::MAX);
    let limit = usize::try_from(q.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT)).unwrap_or(0);
    let counts = state.store.active_session_counts(state.clock.now()).await?;
    let items = matching
        .iter()
        .skip(offset)
        .take(limit)
        .map(|u| view(u, counts.get(&u.id).copied().unwrap_or(0)))
        .collect();
    Ok(Json(List { items, total }))
}

/// One user.
#[utoipa::path(
    get,
    path = "/users/{id}",
    tag = "users",
    params(("id" = i64, Path, description = "User id (as the auth API reports it)")),
    responses(
        (status = 200, body = User),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
async fn get_user(
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<User>, ControlError> {
    let id = user_id(id)?;
    let user = state.users().get(id).ok_or_else(|| no_such_user(id))?;
    Ok(Json(with_sessions(&state, &user).await?))
}

/// Creates a user: the body goes through the same validators as `POST /register/` (the
/// answer's `fields` carries their exact messages); `is_active` defaults to true.
#[utoipa::path(
    post,
    path = "/users",
    tag = "users",
    request_body = UserCreate,
    responses(
        (status = 201, body = User),
        (status = 400, body = ErrorBody),
        (status = 409, description = "The username is taken", body = ErrorBody),
        (status = 422, description = "Rejected by the /register/ validators", body = ErrorBody),
    )
)]
async fn create_user(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<Value>,
) -> Result<(StatusCode, Json<User>), ControlError> {
    let is_active = match body.get("is_active") {
        None => Ok(true),
        Some(v) => boolean(v),
    };
    // Uniqueness is answered with 409 below, so the serializer is told nothing is taken.
    let registered = serializers::register(&Payload::Json(body), &|_| false);
    let new = match (registered, is_active) {
        (Ok(new), Ok(is_active)) => (new, is_active),
        (registered, is_active) => {
            let mut fields = match registered {
                Err(errors) => errors.to_json(),
                Ok(_) => Value::Object(Map::new()),
            };
            if let (Err(message), Value::Object(map)) = (is_active, &mut fields) {
                map.insert("is_active".into(), Value::from(vec![message]));
            }
            return Err(rejected(
                "the user was rejected by the /register/ validators",
                fields,
            ));
        }
    };
    let (new, is_active) = new;
    if state.users().contains_username(&new.username) {
        return Err(username_taken(&new.username));
    }
    let hash = password::hash(new.password, state.hash_cost).await?;
    let now = state.clock.now();
    let user = match state
        .store
        .insert_user(&new.username, &new.email, &hash, is_active, now)
        .await
    {
        Ok(user) => user,
        Err(InsertUserError::UsernameTaken) => return Err(username_taken(&new.username)),
        Err(InsertUserError::Db(e)) => return Err(e.into()),
    };
    let user = state.users_mut().insert(user);
    state.emit(Event::User { id: user.id });
    Ok((StatusCode::CREATED, Json(view(&user, 0))))
}

/// Changes a user's email (validated as `/register/` does), `is_active`, or password (Django's
/// password validators apply). Existing tokens keep working, as in simplejwt, unless the
/// user is deactivated: then they fail with `user_inactive`.
#[utoipa::path(
    patch,
    path = "/users/{id}",
    tag = "users",
    params(("id" = i64, Path, description = "User id")),
    request_body = UserPatch,
    responses(
        (status = 200, body = User),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
async fn patch_user(
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
    JsonBody(body): JsonBody<Value>,
) -> Result<Json<User>, ControlError> {
    let id = user_id(id)?;
    let Value::Object(body) = body else {
        return Err(ControlError::Unprocessable(
            "expected a JSON object with any of email, is_active, password".into(),
        ));
    };
    if let Some(unknown) = body
        .keys()
        .find(|k| !matches!(k.as_str(), "email" | "is_active" | "password"))
    {
        return Err(ControlError::Unprocessable(format!(
            "unknown field `{unknown}`: a user's email, is_active and password can change"
        )));
    }
    let user = state.users().get(id).ok_or_else(|| no_such_user(id))?;
    let checked = check_patch(&body, &user)?;
    let password = match checked.password {
        Some(plain) => Some(password::hash(plain, state.hash_cost).await?),
        None => None,
    };
    let change = UserChange {
        email: checked.email,
        is_active: checked.is_active,
        password,
    };
    let changed = state
        .store
        .update_user(id, &change)
        .await?
        .ok_or_else(|| no_such_user(id))?;
    let changed = state.users_mut().insert(changed);
    state.emit(Event::User { id });
    Ok(Json(with_sessions(&state, &changed).await?))
}

/// Deletes a user; their tokens then fail with `user_not_found`.
#[utoipa::path(
    delete,
    path = "/users/{id}",
    tag = "users",
    params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
async fn delete_user(
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ControlError> {
    let id = user_id(id)?;
    if !state.store.delete_user(id).await? {
        return Err(no_such_user(id));
    }
    state.users_mut().remove(id);
    state.emit(Event::User { id });
    Ok(StatusCode::NO_CONTENT)
}

/// A patch's values once every field passed its validators.
struct CheckedPatch {
    email: Option<String>,
    is_active: Option<bool>,
    password: Option<String>,
}

/// Validates a patch's fields, collecting every field's messages like a serializer does.
fn check_patch(
    body: &Map<String, Value>,
    user: &store::User,
) -> Result<CheckedPatch, ControlError> {
    let mut fields = Map::new();
    let mut fail = |field: &str, messages: Vec<String>| {
        fields.insert(field.into(), Value::from(messages));
    };
    let email = body.get("email").map(email_field).transpose();
    let email = email.unwrap_or_else(|m| {
        fail("email", m);
        None
    });
    let is_active = body.get("is_active").map(boolean).transpose();
    let is_active = is_active.unwrap_or_else(|m| {
        fail("is_active", vec![m]);
        None
    });
    // The similarity validator compares with the email the user will have.
    let email_for_check = email.as_deref().unwrap_or(&user.email);
    let password = body
        .get("password")
        .map(|v| password_field(v, &user.username, email_for_check))
        .transpose();
    let password = password.unwrap_or_else(|m| {
        fail("password", m);
        None
    });
    if !fields.is_empty() {
        return Err(rejected(
            "the change was rejected by the auth API's validators",
            Value::Object(fields),
        ));
    }
    Ok(CheckedPatch {
        email: email.map(|e| validators::normalize_email(&e)),
        is_active,
        password,
    })
}

/// DRF's `EmailField(allow_blank=True)` as `RegisterSerializer` has it.
fn email_field(value: &Value) -> Result<String, Vec<String>> {
    let text = match value {
        Value::Null => return Err(vec![NULL.into()]),
        Value::String(s) => s.as_str(),
        _ => return Err(vec![validators::EMAIL_INVALID.into()]),
    };
    let text = validators::py_strip(text);
    if text.is_empty() {
        return Ok(String::new());
    }
    let mut errors = Vec::new();
    if text.chars().count() > validators::EMAIL_MAX_LENGTH {
        errors.push(validators::EMAIL_TOO_LONG.to_string());
    }
    if text.contains('\0') {
        errors.push(NULL_CHARACTERS.to_string());
    }
    if !validators::is_valid_email(text) {
        errors.push(validators::EMAIL_INVALID.to_string());
    }
    if errors.is_empty() {
        Ok(text.to_string())
    } else {
        Err(errors)
    }
}

/// The register serializer's password `CharField`, then Django's password validators.
fn password_field(value: &Value, username: &str, email: &str) -> Result<String, Vec<String>> {
    let text = match value {
        Value::Null => return Err(vec![NULL.into()]),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return Err(vec![NOT_A_STRING.into()]),
    };
    let text = validators::py_strip(&text);
    if text.is_empty() {
        return Err(vec![BLANK.into()]);
    }
    if text.contains('\0') {
        return Err(vec![NULL_CHARACTERS.into()]);
    }
    let messages = validators::validate_password(text, username, email);
    if messages.is_empty() {
        Ok(text.to_string())
    } else {
        Err(messages.into_iter().map(str::to_string).collect())
    }
}

fn boolean(value: &Value) -> Result<bool, String> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::Null => Err(NULL.into()),
        _ => Err(NOT_A_BOOLEAN.into()),
    }
}

/// The control plane's view of a user.
fn view(user: &store::User, active_sessions: u64) -> User {
    User {
        id: user.id,
        username: user.username.clone(),
        email: user.email.clone(),
        is_active: user.is_active,
        date_joined: rfc3339(user.date_joined),
        active_sessions,
    }
}

async fn with_sessions(state: &AppState, user: &Arc<store::User>) -> Result<User, ControlError> {
    let counts = state.store.active_session_counts(state.clock.now()).await?;
    Ok(view(user, counts.get(&user.id).copied().unwrap_or(0)))
}

fn user_id(id: Result<Path<i64>, PathRejection>) -> Result<i64, ControlError> {
    id.map(|Path(id)| id)
        .map_err(|e| ControlError::BadRequest(format!("user ids are integers: {}", e.body_text())))
}

fn no_such_user(id: i64) -> ControlError {
    ControlError::NotFound(format!("no user with id {id}"))
}

fn username_taken(username: &str) -> ControlError {
    ControlError::Conflict(format!(
        "a user with the username {username:?} already exists"
    ))
}

fn rejected(detail: &str, fields: Value) -> ControlError {
    ControlError::Validation {
        detail: detail.into(),
        fields,
    }
}
