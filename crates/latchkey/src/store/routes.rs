//! Mock protected routes: the `routes` table (from the config file and the control plane).

use anyhow::Context;
use latchkey_api::routes::MockRoute;
use sqlx::Row;

use super::Store;

impl Store {
    /// Every stored route, oldest first.
    pub async fn routes(&self) -> anyhow::Result<Vec<MockRoute>> {
        let rows = sqlx::query("SELECT id, method, path, status, body FROM routes ORDER BY rowid")
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|r| {
                let id: String = r.get(0);
                let body: String = r.get(4);
                let body = serde_json::from_str(&body).with_context(|| {
                    format!("stored mock route {id} has a body that is not JSON")
                })?;
                Ok(MockRoute {
                    id,
                    method: r.get(1),
                    path: r.get(2),
                    status: u16::try_from(r.get::<i64, _>(3)).unwrap_or(200),
                    body,
                })
            })
            .collect()
    }

    /// Adds a route; false (nothing written) when its method and path are already taken.
    pub async fn insert_route(&self, route: &MockRoute) -> anyhow::Result<bool> {
        let done = sqlx::query(
            "INSERT INTO routes (id, method, path, status, body) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT DO NOTHING",
        )
        .bind(&route.id)
        .bind(&route.method)
        .bind(&route.path)
        .bind(i64::from(route.status))
        .bind(route.body.to_string())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Adds a route, or replaces the status and body of the one with its method and path
    /// (which keeps its id).
    pub async fn upsert_route(&self, route: &MockRoute) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO routes (id, method, path, status, body) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (method, path) DO UPDATE SET status = excluded.status, body = excluded.body",
        )
        .bind(&route.id)
        .bind(&route.method)
        .bind(&route.path)
        .bind(i64::from(route.status))
        .bind(route.body.to_string())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Deletes a route; false if there was none with that id.
    pub async fn delete_route(&self, id: &str) -> anyhow::Result<bool> {
        let done = sqlx::query("DELETE FROM routes WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
