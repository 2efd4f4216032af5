//! `/routes`: mock protected endpoints (DRF `IsAuthenticated` views answering fixed JSON),
//! from the config file's `[[routes]]` and added or removed at run time.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use latchkey_api::events::Event;
use latchkey_api::routes::{MockRoute, MockRouteCreate};
use latchkey_api::{ErrorBody, List};
use rand::RngCore;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ControlError, JsonBody};
use crate::state::AppState;
use crate::store::Store;

/// Methods a mock route may answer (OPTIONS and HEAD are DRF's own).
const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE"];

/// Serialises route changes so the in-memory list is always the store's latest.
static WRITES: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_routes, create_route))
        .routes(routes!(delete_route))
}

/// Mock protected routes.
#[utoipa::path(get, path = "/routes", tag = "routes",
    responses((status = 200, body = List<MockRoute>)))]
async fn list_routes(State(state): State<AppState>) -> Json<List<MockRoute>> {
    let items = state.mock_routes().as_ref().clone();
    Json(List {
        total: items.len() as u64,
        items,
    })
}

/// Adds a mock route: it answers `body` to authenticated requests and DRF's 401 otherwise.
#[utoipa::path(post, path = "/routes", tag = "routes",
    request_body = MockRouteCreate,
    responses(
        (status = 201, body = MockRoute),
        (status = 409, description = "a route with this path exists", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
async fn create_route(
    State(state): State<AppState>,
    JsonBody(spec): JsonBody<MockRouteCreate>,
) -> Result<(StatusCode, Json<MockRoute>), ControlError> {
    let route = validate(spec).map_err(ControlError::Unprocessable)?;
    check_not_reserved(&route.path, &state.settings().prefix)
        .map_err(ControlError::Unprocessable)?;
    let _write = WRITES.lock().await;
    if state.mock_routes().iter().any(|r| r.path == route.path) {
        return Err(taken(&route));
    }
    if !state.store.insert_route(&route).await? {
        return Err(taken(&route));
    }
    publish(&state).await?;
    Ok((StatusCode::CREATED, Json(route)))
}

/// Removes a mock route.
#[utoipa::path(delete, path = "/routes/{id}", tag = "routes",
    params(("id" = String, Path, description = "route id")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_route(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, ControlError> {
    let _write = WRITES.lock().await;
    if !state.store.delete_route(&id).await? {
        return Err(ControlError::NotFound(format!("no mock route {id:?}")));
    }
    publish(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One path is one view: a second method on it would never be reached.
fn taken(route: &MockRoute) -> ControlError {
    ControlError::Conflict(format!(
        "a mock route for {} exists; delete it first",
        route.path
    ))
}

/// Makes the store's routes the ones requests resolve against.
async fn publish(state: &AppState) -> Result<(), ControlError> {
    state.set_mock_routes(state.store.routes().await?);
    state.emit(Event::Routes);
    Ok(())
}

/// A complete route from a create request (defaults filled in), or why it is refused.
fn validate(spec: MockRouteCreate) -> Result<MockRoute, String> {
    let method = spec.method.unwrap_or_else(|| "GET".into());
    if !METHODS.contains(&method.as_str()) {
        return Err(format!(
            "method {method:?} is not one of {} (upper case)",
            METHODS.join(", ")
        ));
    }
    check_path(&spec.path)?;
    let status = spec.status.unwrap_or(200);
    if !(200..=299).contains(&status) {
        return Err(format!("status {status} is not a success status (200-299)"));
    }
    Ok(MockRoute {
        id: new_id(),
        method,
        path: spec.path,
        status,
        body: spec.body.unwrap_or_else(|| serde_json::json!({})),
    })
}

/// A path as Django resolves it: absolute, with the trailing slash APPEND_SLASH expects.
fn check_path(path: &str) -> Result<(), String> {
    if path.len() > 2048 {
        return Err("path is longer than 2048 bytes".into());
    }
    if !path.starts_with('/') || !path.ends_with('/') {
        return Err(format!(
            "path {path:?} must start and end with / (like /api/profile/)"
        ));
    }
    if path.contains(['?', '#']) || path.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "path {path:?} must be a plain path: no query, fragment, spaces or control characters"
        ));
    }
    if path.starts_with("/_latchkey/") {
        return Err("paths under /_latchkey/ belong to the control plane".into());
    }
    Ok(())
}

/// Refuses the auth API's own views (under `prefix`) and the sample `/api/me/`.
fn check_not_reserved(path: &str, prefix: &str) -> Result<(), String> {
    if crate::api::Route::resolve(path, prefix, &[]).is_some() {
        return Err(format!("{path} is an auth API route"));
    }
    Ok(())
}

fn new_id() -> String {
    let mut b = [0u8; 6];
    rand::thread_rng().fill_bytes(&mut b);
    format!("r{}", hex::encode(b))
}

/// Stores the config file's routes (replacing the status and body of a stored route with the
/// same method and path) and returns every stored route. A route the control plane would
/// refuse stops the start with a message naming it.
pub async fn store_config_routes(
    store: &Store,
    from_config: &[MockRouteCreate],
) -> anyhow::Result<Vec<MockRoute>> {
    for spec in from_config {
        let route = validate(spec.clone()).map_err(|e| {
            anyhow::anyhow!("config file: [[routes]] entry for {:?}: {e}", spec.path)
        })?;
        store.upsert_route(&route).await?;
    }
    store.routes().await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(method: Option<&str>, path: &str, status: Option<u16>) -> MockRouteCreate {
        MockRouteCreate {
            method: method.map(str::to_string),
            path: path.into(),
            status,
            body: None,
        }
    }

    #[test]
    fn defaults_and_refusals() {
        let ok = validate(spec(None, "/api/profile/", None)).expect("valid");
        assert_eq!(
            (ok.method.as_str(), ok.status, ok.body.clone()),
            ("GET", 200, serde_json::json!({}))
        );
        assert!(ok.id.starts_with('r') && ok.id.len() == 13);
        for bad in [
            spec(Some("get"), "/a/", None),
            spec(Some("OPTIONS"), "/a/", None),
            spec(None, "/a", None),
            spec(None, "a/", None),
            spec(None, "/a b/", None),
            spec(None, "/a/?x=1/", None),
            spec(None, "/_latchkey/x/", None),
            spec(None, "/a/", Some(301)),
            spec(None, "/a/", Some(199)),
        ] {
            assert!(validate(bad.clone()).is_err(), "{bad:?} accepted");
        }
        assert!(check_not_reserved("/token/refresh/", "/").is_err());
        assert!(check_not_reserved("/api/me/", "/api/auth/").is_err());
        assert!(check_not_reserved("/api/auth/token/", "/api/auth/").is_err());
        assert!(check_not_reserved("/token/", "/api/auth/").is_ok());
    }
}
