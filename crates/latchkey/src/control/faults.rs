//! `/faults`: make the emulated site's routes slow, fail with a DRF-shaped status, or drop
//! the connection, for the next N requests or until cleared. Only the emulated site applies
//! faults, so the control plane itself is never affected.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use latchkey_api::events::Event;
use latchkey_api::faults::{Fault, FaultCreate};
use latchkey_api::{ErrorBody, List};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ControlError, JsonBody};
use crate::state::AppState;

/// The longest latency a fault may add.
const MAX_LATENCY_MS: u64 = 60_000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_faults, add_fault, clear_faults))
        .routes(routes!(remove_fault))
}

/// Active faults, in the order they are matched.
#[utoipa::path(get, path = "/faults", tag = "faults",
    responses((status = 200, body = List<Fault>)))]
async fn list_faults(State(state): State<AppState>) -> Json<List<Fault>> {
    let items = state.faults.list();
    Json(List {
        total: items.len() as u64,
        items,
    })
}

/// Adds a fault for a route (`/token/`, a mock route's path, or `*` for every auth and mock
/// route): latency, then a forced status or a dropped connection.
#[utoipa::path(post, path = "/faults", tag = "faults",
    request_body = FaultCreate,
    responses((status = 201, body = Fault), (status = 422, body = ErrorBody)))]
async fn add_fault(
    State(state): State<AppState>,
    JsonBody(spec): JsonBody<FaultCreate>,
) -> Result<(StatusCode, Json<Fault>), ControlError> {
    validate(&spec).map_err(ControlError::Unprocessable)?;
    let fault = state.faults.add(spec);
    state.emit(Event::Fault {
        id: Some(fault.id.clone()),
    });
    Ok((StatusCode::CREATED, Json(fault)))
}

/// Removes every fault.
#[utoipa::path(delete, path = "/faults", tag = "faults", responses((status = 204)))]
async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    state.faults.clear();
    state.emit(Event::Fault { id: None });
    StatusCode::NO_CONTENT
}

/// Removes one fault.
#[utoipa::path(delete, path = "/faults/{id}", tag = "faults",
    params(("id" = String, Path, description = "fault id")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn remove_fault(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, ControlError> {
    if !state.faults.remove(&id) {
        return Err(ControlError::NotFound(format!("no fault {id:?}")));
    }
    state.emit(Event::Fault { id: Some(id) });
    Ok(StatusCode::NO_CONTENT)
}

/// Why a fault cannot be added, if it cannot.
fn validate(spec: &FaultCreate) -> Result<(), String> {
    let route = spec.route.as_str();
    if route != "*" && !route.starts_with('/') {
        return Err(format!(
            "route {route:?} must be * or a path starting with / (like /token/)"
        ));
    }
    if route.len() > 2048 || route.chars().any(char::is_control) {
        return Err("route must be a path of at most 2048 bytes".into());
    }
    if route.starts_with("/_latchkey/") {
        return Err("faults never apply to /_latchkey/".into());
    }
    if let Some(status) = spec.status {
        // A 1xx cannot end a response: hyper turns 100 into a 500 and 101 hijacks the socket.
        if !(200..=599).contains(&status) {
            return Err(format!(
                "status {status} is not a final HTTP status (200-599)"
            ));
        }
    }
    let latency = spec.latency_ms.unwrap_or(0);
    if latency > MAX_LATENCY_MS {
        return Err(format!(
            "latency_ms {latency} is over the limit of {MAX_LATENCY_MS}"
        ));
    }
    if spec.count == Some(0) {
        return Err("count must be at least 1 (leave it out for until cleared)".into());
    }
    if spec.status.is_none() && latency == 0 && spec.drop != Some(true) {
        return Err("a fault needs a status, a latency_ms above 0, or drop: true".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(route: &str) -> FaultCreate {
        FaultCreate {
            route: route.into(),
            status: Some(503),
            latency_ms: None,
            drop: None,
            count: None,
        }
    }

    #[test]
    fn validation() {
        assert!(validate(&spec("/token/")).is_ok());
        assert!(validate(&spec("*")).is_ok());
        assert!(validate(&spec("token/")).is_err());
        assert!(validate(&spec("/_latchkey/api/health")).is_err());
        let nothing = FaultCreate {
            status: None,
            latency_ms: Some(0),
            drop: Some(false),
            ..spec("/token/")
        };
        assert!(validate(&nothing).is_err());
        let slow = FaultCreate {
            latency_ms: Some(60_001),
            ..nothing.clone()
        };
        assert!(validate(&slow).is_err());
        let drop = FaultCreate {
            drop: Some(true),
            ..nothing
        };
        assert!(validate(&drop).is_ok());
        for status in [99, 100, 101, 199, 600] {
            let s = FaultCreate {
                status: Some(status),
                ..spec("/token/")
            };
            assert!(validate(&s).is_err());
        }
    }
}
