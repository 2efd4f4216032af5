//! `/clock`: the emulator's time. Every expiry decision and every new `iat`/`exp` reads this
//! clock, so moving it is how a frontend sees its tokens die without waiting.

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use latchkey_api::clock::{Clock, ClockAdvance, ClockSet};
use latchkey_api::events::Event;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::sessions::optional_json;
use super::{ControlError, JsonBody};
use crate::clock::rfc3339;
use crate::state::AppState;

/// How far the emulated time may be from real time (about 300 years): far enough for any
/// token lifetime, near enough that every date stays printable and no sum overflows.
const MAX_OFFSET_SECS: i64 = 10_000_000_000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_clock, set_clock))
        .routes(routes!(advance_clock))
        .routes(routes!(reset_clock))
}

/// The emulated now.
#[utoipa::path(get, path = "/clock", tag = "clock", responses((status = 200, body = Clock)))]
async fn get_clock(State(state): State<AppState>) -> Json<Clock> {
    Json(view(&state))
}

/// Sets the offset from real time and/or freezes or unfreezes time (both optional).
#[utoipa::path(
    post,
    path = "/clock",
    tag = "clock",
    request_body = Option<ClockSet>,
    responses(
        (status = 200, body = Clock),
        (status = 400, body = latchkey_api::ErrorBody),
        (status = 422, body = latchkey_api::ErrorBody),
    )
)]
async fn set_clock(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Clock>, ControlError> {
    let ClockSet {
        offset_seconds,
        frozen,
    } = optional_json(&body)?;
    if let Some(secs) = offset_seconds {
        check_offset(secs)?;
        state.clock.set_offset_ms(secs * 1000);
    }
    if let Some(frozen) = frozen {
        state.clock.set_frozen(frozen);
    }
    Ok(changed(&state))
}

/// Moves time by a duration: `"16m"`, `"1d"`, `"1h30m"`, `"-5m"`.
#[utoipa::path(
    post,
    path = "/clock/advance",
    tag = "clock",
    request_body = ClockAdvance,
    responses(
        (status = 200, body = Clock),
        (status = 400, body = latchkey_api::ErrorBody),
        (status = 422, body = latchkey_api::ErrorBody),
    )
)]
async fn advance_clock(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<ClockAdvance>,
) -> Result<Json<Clock>, ControlError> {
    let by = crate::config::parse_duration(&body.by).ok_or_else(|| {
        ControlError::Unprocessable(format!(
            "by: {:?} is not a duration; write a number with a unit s, m, h or d, e.g. \"90s\", \"16m\", \"1h30m\", \"1d\", or \"-5m\" to go back",
            body.by
        ))
    })?;
    check_offset(offset_secs(&state).checked_add(by).unwrap_or(i64::MAX))?;
    let by_ms = by.checked_mul(1000).ok_or_else(too_far)?;
    state.clock.advance_ms(by_ms);
    Ok(changed(&state))
}

/// Back to real time, running.
#[utoipa::path(post, path = "/clock/reset", tag = "clock", responses((status = 200, body = Clock)))]
async fn reset_clock(State(state): State<AppState>) -> Json<Clock> {
    state.clock.reset();
    changed(&state)
}

fn check_offset(secs: i64) -> Result<(), ControlError> {
    if secs.checked_abs().is_some_and(|s| s <= MAX_OFFSET_SECS) {
        Ok(())
    } else {
        Err(too_far())
    }
}

fn too_far() -> ControlError {
    ControlError::Unprocessable(format!(
        "the emulated time may be at most {MAX_OFFSET_SECS} seconds from real time"
    ))
}

/// Emulated minus real time in whole seconds, rounded to the nearest.
fn offset_secs(state: &AppState) -> i64 {
    round_secs(state.clock.state().offset_ms)
}

fn round_secs(ms: i64) -> i64 {
    ms.saturating_add(500).div_euclid(1000)
}

fn changed(state: &AppState) -> Json<Clock> {
    state.emit(Event::Clock);
    Json(view(state))
}

fn view(state: &AppState) -> Clock {
    let s = state.clock.state();
    Clock {
        now: rfc3339(s.now_ms.div_euclid(1000)),
        now_ms: s.now_ms,
        system: rfc3339(s.system_ms.div_euclid(1000)),
        offset_seconds: round_secs(s.offset_ms),
        frozen: s.frozen,
    }
}
