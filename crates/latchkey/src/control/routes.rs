//! (being written)

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}

/// Stores the config file's routes and returns every stored route. (being written)
pub async fn store_config_routes(
    _store: &crate::store::Store,
    _from_config: &[latchkey_api::routes::MockRouteCreate],
) -> anyhow::Result<Vec<latchkey_api::routes::MockRoute>> {
    Ok(Vec::new())
}
