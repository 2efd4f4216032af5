//! The control plane: a JSON API under `/_latchkey/api/` on the auth API's listener, for the
//! GUI, the CLI and test suites. Described by an OpenAPI 3.1 document generated from the
//! handlers (`/_latchkey/api/openapi.json`). Guarded: loopback peers, loopback `Host`, no
//! foreign `Origin`, JSON content type on mutating calls.

mod clock;
mod decode;
mod error;
mod faults;
mod guard;
mod requests;
mod routes;
mod sessions;
mod settings;
pub(crate) mod state_io;
mod users;

use axum::extract::State;
use axum::response::IntoResponse;
use std::sync::Arc;

use axum::http::header;
use axum::{middleware, Json, Router};
use latchkey_api::Health;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use error::{ControlError, JsonBody};

use crate::state::AppState;

/// Mount point of the control plane's API.
pub const API_PREFIX: &str = "/_latchkey/api";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Latchkey control plane",
        description = "Inspect and bend the emulated auth backend: users, sessions, clock, settings, faults, requests, events, state.",
    ),
    tags(
        (name = "users"), (name = "sessions"), (name = "clock"), (name = "settings"),
        (name = "faults"), (name = "requests"), (name = "events"), (name = "state"),
        (name = "routes"), (name = "tokens"), (name = "meta"),
    )
)]
struct ApiDoc;

/// The API router (to nest at [`API_PREFIX`]), serving its own OpenAPI document.
pub fn router(state: AppState) -> Router<AppState> {
    let (api, doc) = api();
    // Rendered once: the document only depends on the code.
    let doc: Arc<str> = serde_json::to_string(&doc).unwrap_or_default().into();
    api.route(
        "/openapi.json",
        axum::routing::get(move || {
            let doc = doc.clone();
            async move {
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    doc.to_string(),
                )
            }
        }),
    )
    .fallback(not_found)
    .layer(middleware::from_fn(error::read_body))
    .layer(middleware::from_fn_with_state(state, guard::guard))
    .layer(middleware::map_response(error::json_errors))
}

/// Every documented route, and the document describing them.
fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (api, mut doc) = OpenApiRouter::<AppState>::with_openapi(ApiDoc::openapi())
        .routes(routes!(health))
        .merge(users::router())
        .merge(sessions::router())
        .merge(clock::router())
        .merge(settings::router())
        .merge(faults::router())
        .merge(requests::router())
        .merge(state_io::router())
        .merge(routes::router())
        .merge(decode::router())
        .split_for_parts();
    doc.servers = Some(vec![utoipa::openapi::Server::new(API_PREFIX)]);
    doc.paths.add_path_operation(
        "/openapi.json",
        vec![utoipa::openapi::HttpMethod::Get],
        utoipa::openapi::path::OperationBuilder::new()
            .operation_id(Some("openapi"))
            .tag("meta")
            .summary(Some("This OpenAPI 3.1 document."))
            .response(
                "200",
                utoipa::openapi::ResponseBuilder::new()
                    .description("The document")
                    .content(
                        "application/json",
                        utoipa::openapi::content::Content::default(),
                    ),
            ),
    );
    (api, doc)
}

/// Liveness.
#[utoipa::path(get, path = "/health", tag = "meta", responses((status = 200, body = Health)))]
async fn health(State(_): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

/// Stores the config file's mock routes (replacing routes with the same method and path)
/// and returns every stored route.
pub async fn mock_routes_from_config(
    store: &crate::store::Store,
    from_config: &[latchkey_api::routes::MockRouteCreate],
) -> anyhow::Result<Vec<latchkey_api::routes::MockRoute>> {
    routes::store_config_routes(store, from_config).await
}

/// An unknown path under `/_latchkey/api/` that reached another route: guarded like the
/// API (no answer tells a foreign page which paths exist), then the API's JSON 404.
pub fn unknown_route(
    peer: Option<std::net::IpAddr>,
    method: &axum::http::Method,
    headers: &axum::http::HeaderMap,
) -> axum::response::Response {
    match guard::check(peer, method, headers) {
        Ok(()) => not_found_error().into_response(),
        Err(reason) => ControlError::Forbidden(reason).into_response(),
    }
}

fn not_found_error() -> ControlError {
    ControlError::NotFound("no such control-plane route; see /_latchkey/api/openapi.json".into())
}

async fn not_found() -> impl IntoResponse {
    not_found_error()
}
