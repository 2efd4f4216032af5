//! `/settings`: every configuration key with its typed value and where it came from, and the
//! run-time changes the auth API picks up on its next request.
//!
//! Changes go through [`Config::set`] like every other layer (one parser, one set of
//! messages), on a copy first, so a patch applies entirely or not at all.

use axum::extract::State;
use axum::Json;
use latchkey_api::events::Event;
use latchkey_api::settings::{Setting, Settings, SettingsPatch};
use serde_json::{json, Value};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ControlError, JsonBody};
use crate::config::{format_duration, Config, Raw, Source, KEYS};
use crate::state::AppState;

/// Keys `PATCH /settings` may change: what the auth API reads per request. The rest shape the
/// process (listener, data file, hashing, log size) or the tokens already issued (the key).
const EDITABLE: &[&str] = &[
    "access_token_lifetime",
    "refresh_token_lifetime",
    "rotate_refresh_tokens",
    "blacklist_after_rotation",
    "refresh_reuse_grace",
    "cors_allowed_origins",
    "prefix",
    "allowed_hosts",
    "auth_cookie_access",
    "auth_cookie_refresh",
    "auth_cookie_path",
    "auth_cookie_domain",
    "auth_cookie_samesite",
    "auth_cookie_secure",
    "auth_cookie_httponly",
];

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_settings, patch_settings))
}

/// Every setting, its value and where it came from.
#[utoipa::path(get, path = "/settings", tag = "settings", responses((status = 200, body = Settings)))]
async fn get_settings(State(state): State<AppState>) -> Json<Settings> {
    Json(view(&state.config()))
}

/// Changes settings at run time: `{"access_token_lifetime": "5m", "rotate_refresh_tokens": true}`.
/// All or nothing; new tokens and requests follow at once.
#[utoipa::path(
    patch,
    path = "/settings",
    tag = "settings",
    request_body(content = std::collections::BTreeMap<String, serde_json::Value>, description = "Keys to change and their new values"),
    responses(
        (status = 200, description = "Every setting, after the change", body = Settings),
        (status = 400, description = "A key that is unknown or not editable", body = latchkey_api::ErrorBody),
        (status = 422, description = "A value that key does not allow", body = latchkey_api::ErrorBody),
    )
)]
async fn patch_settings(
    State(state): State<AppState>,
    JsonBody(patch): JsonBody<SettingsPatch>,
) -> Result<Json<Settings>, ControlError> {
    let settings = {
        let mut config = state.config();
        let next = patched(&config, &patch)?;
        *config = next;
        if !patch.is_empty() {
            state.publish_settings(&config);
        }
        view(&config)
    };
    if !patch.is_empty() {
        state.emit(Event::Settings);
    }
    Ok(Json(settings))
}

/// The configuration with the patch applied, or why it cannot be.
fn patched(config: &Config, patch: &SettingsPatch) -> Result<Config, ControlError> {
    if let Some(key) = patch.keys().find(|k| !EDITABLE.contains(&k.as_str())) {
        let why = if KEYS.contains(&key.as_str()) {
            "cannot be changed while the server runs"
        } else {
            "is not a setting"
        };
        return Err(ControlError::BadRequest(format!(
            "{key} {why}; editable settings are: {}",
            EDITABLE.join(", ")
        )));
    }
    let mut next = config.clone();
    for (key, value) in patch {
        Raw::from_json(value)
            .and_then(|raw| next.set(key, raw, Source::Runtime))
            .map_err(|message| {
                ControlError::Unprocessable(format!("{key}: {value} is not allowed: {message}"))
            })?;
    }
    Ok(next)
}

fn view(config: &Config) -> Settings {
    let settings = KEYS
        .iter()
        .map(|&key| {
            let setting = Setting {
                value: value(config, key),
                source: source_name(config.source(key)).into(),
                editable: EDITABLE.contains(&key),
            };
            (key.to_string(), setting)
        })
        .collect();
    Settings { settings }
}

/// A key's value, typed: durations as `"15m"`, flags as booleans, lists as arrays. Written so
/// that `PATCH` accepts it back unchanged.
fn value(config: &Config, key: &str) -> Value {
    let s = &config.settings;
    let c = &s.cookies;
    match key {
        "host" => json!(config.host),
        "port" => json!(config.port),
        "allow_remote" => json!(config.allow_remote),
        "in_memory" => json!(config.in_memory),
        "seed" => json!(config.seed.as_ref().map(|p| p.display().to_string())),
        "fast_hash" => json!(config.fast_hash),
        "request_log_size" => json!(config.request_log_size),
        "access_token_lifetime" => json!(format_duration(s.access_token_lifetime)),
        "refresh_token_lifetime" => json!(format_duration(s.refresh_token_lifetime)),
        "rotate_refresh_tokens" => json!(s.rotate_refresh_tokens),
        "blacklist_after_rotation" => json!(s.blacklist_after_rotation),
        "refresh_reuse_grace" => json!(format_duration(s.refresh_reuse_grace)),
        "cors_allowed_origins" => json!(s.cors_allowed_origins),
        "prefix" => json!(s.prefix),
        "allowed_hosts" => json!(s.allowed_hosts),
        "auth_cookie_access" => json!(c.access_name),
        "auth_cookie_refresh" => json!(c.refresh_name),
        "auth_cookie_path" => json!(c.path),
        "auth_cookie_domain" => json!(c.domain.clone().unwrap_or_default()),
        // `false` leaves the attribute out, as in the config file.
        "auth_cookie_samesite" => c.samesite.attribute().map_or(json!(false), |a| json!(a)),
        "auth_cookie_secure" => json!(c.secure),
        "auth_cookie_httponly" => json!(c.httponly),
        // `data` (with its default path) and `signing_key` (masked) as `config show` prints
        // them.
        _ => describe(config, key),
    }
}

fn describe(config: &Config, key: &str) -> Value {
    config
        .describe(false)
        .into_iter()
        .find(|(k, _, _)| *k == key)
        .map_or(Value::Null, |(_, v, _)| json!(v))
}

fn source_name(source: Source) -> &'static str {
    match source {
        Source::Default => "default",
        Source::File => "file",
        Source::Env => "env",
        Source::Flag => "flag",
        Source::Runtime => "runtime",
    }
}
