//! Applying a fault to an emulated-site request: added latency, a forced status with a
//! DRF-shaped body, or a dropped connection.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::Response;
use latchkey_api::events::Event;
use serde_json::json;

use super::response::{self, DrfResponse};
use super::{Route, Trace};
use crate::config::Settings;
use crate::server::DropConnection;
use crate::state::{lock, AppState};

/// The fault's answer, or `None` to go on (after any latency it adds).
pub async fn apply(
    state: &AppState,
    settings: &Arc<Settings>,
    path: &str,
    trace: &Mutex<Trace>,
) -> Option<Response> {
    if path == "/_latchkey" || path.starts_with("/_latchkey/") {
        return None;
    }
    let relative = path
        .strip_prefix(settings.prefix.as_str())
        .map(|rest| format!("/{rest}"))
        .unwrap_or_else(|| path.to_string());
    // `*` means every view (auth, sample, mock), not every stray 404.
    let view = Route::resolve(path, &settings.prefix, &state.mock_routes());
    let fault = state.faults.take(&relative, path, view.is_some())?;
    lock(trace).fault = Some(fault.id.clone());
    state.emit(Event::Fault {
        id: Some(fault.id.clone()),
    });
    if fault.latency_ms > 0 {
        // Injected latency is real time on purpose: it is what the frontend should see.
        tokio::time::sleep(Duration::from_millis(fault.latency_ms)).await;
    }
    if fault.drop {
        lock(trace).rejection = Some("connection dropped by a fault".into());
        let mut resp = Response::default();
        resp.extensions_mut().insert(DropConnection);
        return Some(resp);
    }
    let status = StatusCode::from_u16(fault.status?).ok()?;
    lock(trace).rejection = Some(format!("fault {}: forced {}", fault.id, status.as_u16()));
    let allow = view.map_or_else(|| "GET, POST, OPTIONS".to_string(), |v| v.allow());
    let mut resp = response::drf(
        DrfResponse::new(status, json!({"detail": detail(status)})),
        &allow,
        None,
    );
    if matches!(status, StatusCode::NO_CONTENT | StatusCode::NOT_MODIFIED) {
        // These statuses carry no body (and no Content-Length for one).
        *resp.body_mut() = axum::body::Body::empty();
    }
    Some(resp)
}

/// The `detail` DRF (or Django) gives for a status.
fn detail(status: StatusCode) -> String {
    match status.as_u16() {
        500 => "A server error occurred.".into(),
        503 => "Service temporarily unavailable, try again later.".into(),
        429 => "Request was throttled.".into(),
        401 => "Authentication credentials were not provided.".into(),
        403 => "You do not have permission to perform this action.".into(),
        404 => "Not found.".into(),
        400 => "Bad request.".into(),
        _ => status.canonical_reason().unwrap_or("Error").to_string(),
    }
}
