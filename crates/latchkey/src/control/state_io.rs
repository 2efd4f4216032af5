//! `/export`, `/import`, `/reset`: the whole state as one versioned JSON document.
//!
//! An export holds the users (with password hashes, so that an import lets them log in),
//! sessions, issued tokens (with forced expiry), the blacklist with reasons, the run-time
//! settings and the mock routes. JWT strings and the signing key are secrets: they are only
//! included with `?include_secrets=true`. An import replaces all of that (users keep their
//! ids); a token imported without its JWT string keeps an empty one (validation never reads
//! it: a browser still holding the JWT keeps working when the signing key is the same).
//! `POST /import` also takes a Django `dumpdata auth.User` fixture: its users replace the
//! users (pk kept as id; sessions, tokens and blacklist are emptied; settings and routes
//! stay). `POST /reset` empties users, sessions, tokens and blacklist (settings, routes,
//! the clock and the signing key stay), then re-applies the `--seed` file if asked.

use std::collections::{BTreeMap, HashSet};

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use latchkey_api::events::Event;
use latchkey_api::routes::MockRoute;
use latchkey_api::state::{
    Export, ExportBlacklisted, ExportSession, ExportToken, ExportUser, ResetRequest, StateSummary,
    EXPORT_VERSION,
};
use latchkey_api::ErrorBody;
use serde::Deserialize;
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ControlError, JsonBody};
use crate::clock::rfc3339;
use crate::config::{format_duration, Config, Raw, SameSite, Source};
use crate::seed::{self, parse_timestamp};
use crate::state::AppState;
use crate::store::state::{BlacklistData, SessionData, Snapshot, TokenData};
use crate::store::User;

/// The settings an export carries and an import may set (the run-time ones).
const RUNTIME_KEYS: &[&str] = &[
    "access_token_lifetime",
    "refresh_token_lifetime",
    "rotate_refresh_tokens",
    "blacklist_after_rotation",
    "refresh_reuse_grace",
    "cors_allowed_origins",
    "auth_cookie_access",
    "auth_cookie_refresh",
    "auth_cookie_path",
    "auth_cookie_domain",
    "auth_cookie_samesite",
    "auth_cookie_secure",
    "auth_cookie_httponly",
];
const SIGNING_KEY: &str = "signing_key";
const BLACKLIST_REASONS: &[&str] = &["logout", "rotation", "revoked"];
const ROUTE_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE"];

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export))
        .routes(routes!(import))
        .routes(routes!(reset))
}

#[derive(Debug, Default, Deserialize)]
struct ExportQuery {
    #[serde(default)]
    include_secrets: bool,
}

/// The whole state as a versioned document (JWTs and the signing key only with
/// `include_secrets=true`; password hashes always).
#[utoipa::path(
    get,
    path = "/export",
    tag = "state",
    params(("include_secrets" = Option<bool>, Query, description = "Add the signing key and the JWT strings")),
    responses(
        (status = 200, body = Export),
        (status = 400, body = ErrorBody),
    )
)]
async fn export(
    State(state): State<AppState>,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> Result<Json<Export>, ControlError> {
    let Query(q) = query.map_err(|e| ControlError::BadRequest(e.body_text()))?;
    let snapshot = state.store.snapshot().await?;
    let mut settings = runtime_settings(&state.config());
    if q.include_secrets {
        let key = String::from_utf8_lossy(&state.signing_key).into_owned();
        settings.insert(SIGNING_KEY.into(), Value::String(key));
    }
    Ok(Json(Export {
        version: EXPORT_VERSION,
        exported_at: rfc3339(state.clock.now()),
        settings,
        users: snapshot.users.iter().map(export_user).collect(),
        sessions: snapshot.sessions.iter().map(export_session).collect(),
        tokens: snapshot
            .tokens
            .iter()
            .map(|t| export_token(t, q.include_secrets))
            .collect(),
        blacklist: snapshot.blacklist.iter().map(export_blacklisted).collect(),
        routes: state.mock_routes().as_ref().clone(),
    }))
}

/// Replaces the state with an export document, or the users with a Django
/// `dumpdata auth.User` fixture (a JSON list); nothing changes when the document is rejected.
#[utoipa::path(
    post,
    path = "/import",
    tag = "state",
    request_body(content = Export, description = "An export, or a Django `dumpdata auth.User` fixture"),
    responses(
        (status = 200, body = StateSummary),
        (status = 400, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
async fn import(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<Value>,
) -> Result<Json<StateSummary>, ControlError> {
    let plan = match body {
        Value::Array(entries) => plan_fixture(entries, state.clock.now())?,
        Value::Object(_) => {
            let doc: Export = serde_json::from_value(body)
                .map_err(|e| invalid(format!("not an export document: {e}")))?;
            let config = state.config().clone();
            plan_export(&config, &state.signing_key, doc)?
        }
        _ => {
            return Err(invalid(
                "expected an export document (a JSON object) or a Django dumpdata fixture (a JSON list)",
            ))
        }
    };
    state
        .store
        .replace_state(&plan.snapshot, plan.routes.as_deref())
        .await?;
    state.reload().await?;
    if let Some(routes) = plan.routes {
        state.set_mock_routes(routes);
        state.emit(Event::Routes);
    }
    if !plan.settings.is_empty() {
        let mut config = state.config();
        for (key, raw) in plan.settings {
            // Validated on a copy of this config; a concurrent change cannot make it fail.
            if let Err(e) = config.set(&key, raw, Source::Runtime) {
                tracing::warn!("import: setting {key}: {e}");
            }
        }
        state.publish_settings(&config);
        drop(config);
        state.emit(Event::Settings);
    }
    state.emit(Event::Reset);
    Ok(Json(summary(&state).await?))
}

/// Empties users, sessions, tokens and blacklist (`{"seed": true}`: then re-applies the
/// `--seed` file). Settings, mock routes, the clock and the signing key stay.
#[utoipa::path(
    post,
    path = "/reset",
    tag = "state",
    request_body = Option<ResetRequest>,
    responses(
        (status = 200, body = StateSummary),
        (status = 400, body = ErrorBody),
        (status = 422, description = "No usable --seed file", body = ErrorBody),
    )
)]
async fn reset(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<StateSummary>, ControlError> {
    let request: ResetRequest = optional_json(&body)?;
    // Read the seed before emptying anything, so a missing or broken file changes nothing.
    let seed_users = if request.seed {
        Some(read_seed(&state).await?)
    } else {
        None
    };
    state.store.clear_state().await?;
    if let Some(users) = seed_users {
        seed::apply(&state.store, users, state.hash_cost, state.clock.now()).await?;
    }
    state.reload().await?;
    state.emit(Event::Reset);
    Ok(Json(summary(&state).await?))
}

async fn read_seed(state: &AppState) -> Result<Vec<seed::SeedUser>, ControlError> {
    let path = state.seed.as_ref().ok_or_else(|| {
        invalid("this server was started without --seed; send {\"seed\": false} to empty it")
    })?;
    let text = tokio::fs::read_to_string(path)
        .await
        .map_err(|e| invalid(format!("cannot read the seed file {}: {e}", path.display())))?;
    seed::parse(&text).map_err(|e| invalid(format!("bad seed file {}: {e:#}", path.display())))
}

/// A body that may be empty (then the type's default), else JSON.
fn optional_json<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> Result<T, ControlError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => ControlError::Unprocessable(e.to_string()),
        _ => ControlError::BadRequest(format!("malformed JSON body: {e}")),
    })
}

async fn summary(state: &AppState) -> anyhow::Result<StateSummary> {
    let c = state.store.counts().await?;
    Ok(StateSummary {
        users: c.users,
        sessions: c.sessions,
        tokens: c.tokens,
        blacklisted: c.blacklisted,
        routes: c.routes,
    })
}

/// `POST /import`'s checks without a server (for the fuzzer): whether `body` would be
/// accepted by a server with the default configuration and `signing_key`.
pub(crate) fn check_import(body: &[u8], signing_key: &[u8], now: i64) -> Result<(), String> {
    let body: Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    let plan = match body {
        Value::Array(entries) => plan_fixture(entries, now),
        Value::Object(_) => serde_json::from_value::<Export>(body)
            .map_err(|e| invalid(format!("not an export document: {e}")))
            .and_then(|doc| plan_export(&Config::default(), signing_key, doc)),
        _ => Err(invalid("neither an export nor a fixture")),
    };
    plan.map(drop).map_err(|e| e.to_string())
}

// ---- export ----

/// The run-time settings as `GET /settings` writes values: durations `"15m"`, flags,
/// lists, strings (`auth_cookie_samesite` is `false` when the attribute is left out).
fn runtime_settings(config: &Config) -> BTreeMap<String, Value> {
    RUNTIME_KEYS
        .iter()
        .map(|k| (k.to_string(), setting_value(config, k)))
        .collect()
}

fn setting_value(config: &Config, key: &str) -> Value {
    let s = &config.settings;
    let c = &s.cookies;
    match key {
        "access_token_lifetime" => format_duration(s.access_token_lifetime).into(),
        "refresh_token_lifetime" => format_duration(s.refresh_token_lifetime).into(),
        "rotate_refresh_tokens" => s.rotate_refresh_tokens.into(),
        "blacklist_after_rotation" => s.blacklist_after_rotation.into(),
        "refresh_reuse_grace" => format_duration(s.refresh_reuse_grace).into(),
        "cors_allowed_origins" => s.cors_allowed_origins.clone().into(),
        "auth_cookie_access" => c.access_name.clone().into(),
        "auth_cookie_refresh" => c.refresh_name.clone().into(),
        "auth_cookie_path" => c.path.clone().into(),
        "auth_cookie_domain" => c.domain.clone().unwrap_or_default().into(),
        "auth_cookie_samesite" => match c.samesite {
            SameSite::Disabled => false.into(),
            other => other.attribute().unwrap_or_default().into(),
        },
        "auth_cookie_secure" => c.secure.into(),
        "auth_cookie_httponly" => c.httponly.into(),
        _ => Value::Null,
    }
}

fn export_user(u: &User) -> ExportUser {
    ExportUser {
        id: u.id,
        username: u.username.clone(),
        email: u.email.clone(),
        password_hash: u.password.clone(),
        is_active: u.is_active,
        date_joined: rfc3339(u.date_joined),
    }
}

fn export_session(s: &SessionData) -> ExportSession {
    ExportSession {
        id: s.id.clone(),
        user_id: s.user_id,
        created_at: rfc3339(s.created_at),
        user_agent: s.user_agent.clone(),
        remote_addr: s.remote_addr.clone(),
        refresh_count: u64::try_from(s.refresh_count).unwrap_or(0),
    }
}

fn export_token(t: &TokenData, include_secrets: bool) -> ExportToken {
    ExportToken {
        jti: t.jti.clone(),
        token_type: t.token_type.clone(),
        user_id: t.user_id,
        session_id: t.session_id.clone(),
        parent_jti: t.parent_jti.clone(),
        iat: t.iat,
        exp: t.exp,
        token: (include_secrets && !t.token.is_empty()).then(|| t.token.clone()),
        forced_expired_at: t.forced_expired_at,
    }
}

fn export_blacklisted(b: &BlacklistData) -> ExportBlacklisted {
    ExportBlacklisted {
        jti: b.jti.clone(),
        blacklisted_at: b.blacklisted_at,
        reason: b.reason.clone(),
    }
}

// ---- import ----

/// A checked document, ready to replace the state.
struct Plan {
    snapshot: Snapshot,
    /// `None`: keep the current routes (a Django fixture has none).
    routes: Option<Vec<MockRoute>>,
    /// Settings whose value changes.
    settings: Vec<(String, Raw)>,
}

fn plan_export(config: &Config, signing_key: &[u8], doc: Export) -> Result<Plan, ControlError> {
    if doc.version != EXPORT_VERSION {
        return Err(invalid(format!(
            "export version {} is not supported; this Latchkey reads version {EXPORT_VERSION}",
            doc.version
        )));
    }
    let settings = check_settings(config, signing_key, &doc.settings)?;
    let users = doc
        .users
        .into_iter()
        .enumerate()
        .map(|(i, u)| {
            let date_joined = timestamp(&u.date_joined, &format!("users[{i}].date_joined"))?;
            Ok(User {
                id: u.id,
                username: u.username,
                email: u.email,
                password: u.password_hash,
                is_active: u.is_active,
                date_joined,
            })
        })
        .collect::<Result<Vec<_>, ControlError>>()?;
    check_users(&users, "users")?;
    let snapshot = Snapshot {
        users,
        sessions: import_sessions(doc.sessions)?,
        tokens: import_tokens(doc.tokens)?,
        blacklist: import_blacklist(doc.blacklist)?,
    };
    check_routes(&doc.routes)?;
    Ok(Plan {
        snapshot,
        routes: Some(doc.routes),
        settings,
    })
}

fn import_sessions(sessions: Vec<ExportSession>) -> Result<Vec<SessionData>, ControlError> {
    let mut seen = HashSet::new();
    sessions
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            if !seen.insert(s.id.clone()) {
                return Err(invalid(format!(
                    "sessions[{i}]: session id {:?} repeats",
                    s.id
                )));
            }
            Ok(SessionData {
                created_at: timestamp(&s.created_at, &format!("sessions[{i}].created_at"))?,
                refresh_count: i64::try_from(s.refresh_count).unwrap_or(i64::MAX),
                id: s.id,
                user_id: s.user_id,
                user_agent: s.user_agent,
                remote_addr: s.remote_addr,
            })
        })
        .collect()
}

fn import_tokens(tokens: Vec<ExportToken>) -> Result<Vec<TokenData>, ControlError> {
    let mut seen = HashSet::new();
    tokens
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            if !seen.insert(t.jti.clone()) {
                return Err(invalid(format!("tokens[{i}]: jti {:?} repeats", t.jti)));
            }
            if !matches!(t.token_type.as_str(), "access" | "refresh") {
                return Err(invalid(format!(
                    "tokens[{i}].token_type: expected \"access\" or \"refresh\", not {:?}",
                    t.token_type
                )));
            }
            Ok(TokenData {
                jti: t.jti,
                token_type: t.token_type,
                user_id: t.user_id,
                session_id: t.session_id,
                parent_jti: t.parent_jti,
                iat: t.iat,
                exp: t.exp,
                token: t.token.unwrap_or_default(),
                forced_expired_at: t.forced_expired_at,
            })
        })
        .collect()
}

fn import_blacklist(rows: Vec<ExportBlacklisted>) -> Result<Vec<BlacklistData>, ControlError> {
    let mut seen = HashSet::new();
    rows.into_iter()
        .enumerate()
        .map(|(i, b)| {
            if !seen.insert(b.jti.clone()) {
                return Err(invalid(format!("blacklist[{i}]: jti {:?} repeats", b.jti)));
            }
            if !BLACKLIST_REASONS.contains(&b.reason.as_str()) {
                return Err(invalid(format!(
                    "blacklist[{i}].reason: expected one of {}, not {:?}",
                    BLACKLIST_REASONS.join(", "),
                    b.reason
                )));
            }
            Ok(BlacklistData {
                jti: b.jti,
                blacklisted_at: b.blacklisted_at,
                reason: b.reason,
            })
        })
        .collect()
}

/// Ids positive and unique, usernames valid Django usernames and unique.
fn check_users(users: &[User], what: &str) -> Result<(), ControlError> {
    let mut ids = HashSet::new();
    let mut names = HashSet::new();
    for (i, u) in users.iter().enumerate() {
        if u.id < 1 {
            return Err(invalid(format!(
                "{what}[{i}]: id must be a positive integer"
            )));
        }
        if !ids.insert(u.id) {
            return Err(invalid(format!("{what}[{i}]: id {} repeats", u.id)));
        }
        if let Some(problem) = crate::validators::username_errors(&u.username).next() {
            return Err(invalid(format!(
                "{what}[{i}]: username {:?}: {problem}",
                u.username
            )));
        }
        if !names.insert(u.username.as_str()) {
            return Err(invalid(format!(
                "{what}[{i}]: username {:?} repeats",
                u.username
            )));
        }
    }
    Ok(())
}

/// Ids and paths unique (one route per path, as `POST /routes` keeps them), methods and
/// statuses ones a mock route can have.
fn check_routes(routes: &[MockRoute]) -> Result<(), ControlError> {
    let mut ids = HashSet::new();
    let mut paths = HashSet::new();
    for (i, r) in routes.iter().enumerate() {
        if !ids.insert(r.id.as_str()) {
            return Err(invalid(format!("routes[{i}]: id {:?} repeats", r.id)));
        }
        if !r.path.starts_with('/') || !paths.insert(r.path.as_str()) {
            return Err(invalid(format!(
                "routes[{i}]: path {:?} repeats or does not start with /",
                r.path
            )));
        }
        if !ROUTE_METHODS.contains(&r.method.as_str()) || !(100..=599).contains(&r.status) {
            return Err(invalid(format!(
                "routes[{i}]: method {:?} or status {} is not one a mock route can have",
                r.method, r.status
            )));
        }
    }
    Ok(())
}

/// Checks the document's settings on a copy of the configuration; returns those that
/// change. The signing key cannot change while the server runs: a different one is refused.
fn check_settings(
    config: &Config,
    signing_key: &[u8],
    settings: &BTreeMap<String, Value>,
) -> Result<Vec<(String, Raw)>, ControlError> {
    let mut candidate = config.clone();
    let mut changes = Vec::new();
    for (key, value) in settings {
        if key == SIGNING_KEY {
            if value.as_str().map(str::as_bytes) != Some(signing_key) {
                return Err(invalid(
                    "settings.signing_key differs from this server's key, which cannot change while it runs; start Latchkey with --signing-key (or LATCHKEY_SIGNING_KEY) set to it, or remove it from the document",
                ));
            }
            continue;
        }
        if !RUNTIME_KEYS.contains(&key.as_str()) {
            return Err(invalid(format!(
                "settings.{key}: not a run-time setting; an export carries {}",
                RUNTIME_KEYS.join(", ")
            )));
        }
        let raw = raw_of(value)
            .ok_or_else(|| invalid(format!("settings.{key}: unsupported value {value}")))?;
        let before = setting_value(&candidate, key);
        candidate
            .set(key, raw.clone(), Source::Runtime)
            .map_err(|e| invalid(format!("settings.{key}: {e}")))?;
        if setting_value(&candidate, key) != before {
            changes.push((key.clone(), raw));
        }
    }
    Ok(changes)
}

/// A JSON setting value as the typed config layer takes it.
fn raw_of(value: &Value) -> Option<Raw> {
    let toml = match value {
        Value::String(s) => toml::Value::String(s.clone()),
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Number(n) => toml::Value::Integer(n.as_i64()?),
        Value::Array(items) => toml::Value::Array(
            items
                .iter()
                .map(|v| v.as_str().map(|s| toml::Value::String(s.to_string())))
                .collect::<Option<_>>()?,
        ),
        _ => return None,
    };
    Some(Raw::Toml(toml))
}

/// One entry of `manage.py dumpdata auth.User` (fields Latchkey has no use for are ignored).
#[derive(Debug, Deserialize)]
struct FixtureEntry {
    model: String,
    pk: Option<i64>,
    fields: FixtureUser,
}

#[derive(Debug, Deserialize)]
struct FixtureUser {
    username: String,
    password: String,
    #[serde(default)]
    email: String,
    #[serde(default = "active_by_default")]
    is_active: bool,
    #[serde(default)]
    date_joined: Option<String>,
}

fn active_by_default() -> bool {
    true
}

fn plan_fixture(entries: Vec<Value>, now: i64) -> Result<Plan, ControlError> {
    let users = entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| fixture_user(i, entry, now))
        .collect::<Result<Vec<_>, _>>()?;
    check_users(&users, "fixture")?;
    Ok(Plan {
        snapshot: Snapshot {
            users,
            ..Snapshot::default()
        },
        routes: None,
        settings: Vec::new(),
    })
}

fn fixture_user(i: usize, entry: Value, now: i64) -> Result<User, ControlError> {
    let entry: FixtureEntry = serde_json::from_value(entry).map_err(|e| {
        invalid(format!(
            "fixture[{i}]: not a dumpdata entry like {{\"model\": \"auth.user\", \"pk\": 1, \"fields\": {{...}}}}: {e}"
        ))
    })?;
    if !entry.model.eq_ignore_ascii_case("auth.user") {
        return Err(invalid(format!(
            "fixture[{i}]: model {:?} is not auth.user; make the fixture with `manage.py dumpdata auth.User`",
            entry.model
        )));
    }
    let id = entry.pk.ok_or_else(|| {
        invalid(format!(
            "fixture[{i}]: no pk; dump without --natural-primary"
        ))
    })?;
    let date_joined = match &entry.fields.date_joined {
        Some(d) => timestamp(d, &format!("fixture[{i}].fields.date_joined"))?,
        None => now,
    };
    Ok(User {
        id,
        username: entry.fields.username,
        email: entry.fields.email,
        password: entry.fields.password,
        is_active: entry.fields.is_active,
        date_joined,
    })
}

fn timestamp(text: &str, what: &str) -> Result<i64, ControlError> {
    parse_timestamp(text).ok_or_else(|| {
        invalid(format!(
            "{what}: {text:?} is not an RFC 3339 time like 2027-01-15T08:00:00Z"
        ))
    })
}

fn invalid(detail: impl Into<String>) -> ControlError {
    ControlError::Unprocessable(detail.into())
}
