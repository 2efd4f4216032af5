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
mod state_io;
mod users;

use axum::extract::State;
use axum::response::IntoResponse;
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

/// The API router (to nest at [`API_PREFIX`]) and its OpenAPI document.
pub fn router(state: AppState) -> Router<AppState> {
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
    let doc = std::sync::Arc::new(doc);
    api.route(
        "/openapi.json",
        axum::routing::get(move || {
            let doc = doc.clone();
            async move { Json(doc.as_ref().clone()) }
        }),
    )
    .merge(requests::events_router())
    .fallback(not_found)
    .layer(middleware::from_fn_with_state(state, guard::guard))
}

/// Liveness.
#[utoipa::path(get, path = "/health", tag = "meta", responses((status = 200, body = Health)))]
async fn health(State(_): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

/// `/_latchkey/`: the inspector's page.
pub async fn index() -> axum::response::Html<&'static str> {
    axum::response::Html(INDEX_HTML)
}

const INDEX_HTML: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Latchkey</title></head><body style=\"font-family:system-ui;max-width:40rem;margin:3rem auto\"><h1>Latchkey</h1><p>The control plane API is at <a href=\"/_latchkey/api/openapi.json\">/_latchkey/api/</a>.</p></body></html>";

/// Stores the config file's mock routes (replacing routes with the same method and path)
/// and returns every stored route.
pub async fn mock_routes_from_config(
    store: &crate::store::Store,
    from_config: &[latchkey_api::routes::MockRouteCreate],
) -> anyhow::Result<Vec<latchkey_api::routes::MockRoute>> {
    routes::store_config_routes(store, from_config).await
}

async fn not_found() -> impl IntoResponse {
    ControlError::NotFound("no such control-plane route; see /_latchkey/api/openapi.json".into())
}
