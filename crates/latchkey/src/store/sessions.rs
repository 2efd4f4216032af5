//! The control plane's session SQL: sessions with their newest tokens, and the actions
//! (forced expiry, revocation), each in one transaction.

use std::collections::HashMap;

use sqlx::Row;

use super::Store;

/// One row of `sessions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRow {
    pub id: String,
    pub user_id: i64,
    pub created_at: i64,
    pub user_agent: String,
    pub remote_addr: String,
    pub refresh_count: i64,
}

/// An issued token with its blacklist reason, if it is blacklisted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRow {
    pub jti: String,
    pub iat: i64,
    pub exp: i64,
    pub token: String,
    pub forced_expired_at: Option<i64>,
    pub blacklist_reason: Option<String>,
}

/// A session and its newest access and refresh tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRecord {
    pub session: SessionRow,
    pub access: Option<TokenRow>,
    pub refresh: Option<TokenRow>,
}

/// Which sessions a query or an action reaches: one session, one user's, or all (`None`s).
#[derive(Clone, Copy, Debug, Default)]
pub struct SessionFilter<'a> {
    pub id: Option<&'a str>,
    pub user_id: Option<i64>,
}

/// Which tokens a forced expiry reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpireScope {
    /// Access tokens only (`force-refresh`).
    Access,
    /// Access and refresh tokens (`expire`).
    All,
}

/// A token an action changed: its jti and session.
pub type Changed = Vec<(String, String)>;

/// SQL for the ids of the sessions a filter selects: `?1` is the session id, `?2` the user
/// id (NULL = any). A macro so that every query stays a static string.
macro_rules! selected {
    () => {
        "SELECT id FROM sessions WHERE (?1 IS NULL OR id = ?1) AND (?2 IS NULL OR user_id = ?2)"
    };
}

impl Store {
    /// Sessions matching the filter, newest first, each with its newest tokens ("newest":
    /// the latest `iat`, ties broken by issue order).
    pub async fn session_records(
        &self,
        filter: SessionFilter<'_>,
    ) -> anyhow::Result<Vec<SessionRecord>> {
        let mut conn = self.pool().acquire().await?;
        let rows = sqlx::query(
            "SELECT id, user_id, created_at, user_agent, remote_addr, refresh_count FROM sessions \
             WHERE (?1 IS NULL OR id = ?1) AND (?2 IS NULL OR user_id = ?2) \
             ORDER BY created_at DESC, rowid DESC",
        )
        .bind(filter.id)
        .bind(filter.user_id)
        .fetch_all(&mut *conn)
        .await?;
        let newest = sqlx::query(concat!(
            "SELECT session_id, token_type, jti, iat, exp, token, forced_expired_at, reason FROM (\
               SELECT t.session_id, t.token_type, t.jti, t.iat, t.exp, t.token, t.forced_expired_at, b.reason, \
                 ROW_NUMBER() OVER (PARTITION BY t.session_id, t.token_type ORDER BY t.iat DESC, t.rowid DESC) AS rn \
               FROM tokens t LEFT JOIN blacklist b ON b.jti = t.jti \
               WHERE t.session_id IN (",
            selected!(),
            ")) WHERE rn = 1"
        ))
        .bind(filter.id)
        .bind(filter.user_id)
        .fetch_all(&mut *conn)
        .await?;
        let mut tokens: HashMap<(String, String), TokenRow> = newest
            .into_iter()
            .map(|r| {
                let key = (r.get::<String, _>(0), r.get::<String, _>(1));
                let token = TokenRow {
                    jti: r.get(2),
                    iat: r.get(3),
                    exp: r.get(4),
                    token: r.get(5),
                    forced_expired_at: r.get(6),
                    blacklist_reason: r.get(7),
                };
                (key, token)
            })
            .collect();
        Ok(rows
            .into_iter()
            .map(|r| {
                let session = SessionRow {
                    id: r.get(0),
                    user_id: r.get(1),
                    created_at: r.get(2),
                    user_agent: r.get(3),
                    remote_addr: r.get(4),
                    refresh_count: r.get(5),
                };
                let mut take = |kind: &str| tokens.remove(&(session.id.clone(), kind.to_string()));
                let access = take("access");
                let refresh = take("refresh");
                SessionRecord {
                    session,
                    access,
                    refresh,
                }
            })
            .collect())
    }

    /// Forces expiry at `now` of the selected sessions' tokens that are not expired yet;
    /// returns the tokens it changed.
    pub async fn force_expire(
        &self,
        filter: SessionFilter<'_>,
        scope: ExpireScope,
        now: i64,
    ) -> anyhow::Result<Changed> {
        let all = scope == ExpireScope::All;
        let mut tx = self.pool().begin().await?;
        let changed = sqlx::query_as(concat!(
            "UPDATE tokens SET forced_expired_at = ?3 \
             WHERE forced_expired_at IS NULL AND exp > ?3 AND (?4 OR token_type = 'access') \
               AND session_id IN (",
            selected!(),
            ") RETURNING jti, session_id"
        ))
        .bind(filter.id)
        .bind(filter.user_id)
        .bind(now)
        .bind(all)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// Blacklists (reason `revoked`) every refresh token of the selected sessions that is not
    /// blacklisted yet; returns the tokens it blacklisted.
    pub async fn revoke(&self, filter: SessionFilter<'_>, now: i64) -> anyhow::Result<Changed> {
        let mut tx = self.pool().begin().await?;
        let targets: Changed = sqlx::query_as(concat!(
            "SELECT jti, session_id FROM tokens \
             WHERE token_type = 'refresh' AND jti NOT IN (SELECT jti FROM blacklist) \
               AND session_id IN (",
            selected!(),
            ")"
        ))
        .bind(filter.id)
        .bind(filter.user_id)
        .fetch_all(&mut *tx)
        .await?;
        for (jti, _) in &targets {
            sqlx::query(
                "INSERT OR IGNORE INTO blacklist (jti, blacklisted_at, reason) VALUES (?, ?, 'revoked')",
            )
            .bind(jti)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(targets)
    }
}
