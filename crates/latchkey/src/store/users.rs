//! The control plane's user SQL: change, delete, rehash, seed with ids, active-session counts.

use std::collections::HashMap;

use sqlx::Row;

use super::{Store, User};

/// What `PATCH /users/{id}` changes (the password already hashed); `None` keeps the value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserChange {
    pub email: Option<String>,
    pub is_active: Option<bool>,
    pub password: Option<String>,
}

/// A user of a seed file or an import: the id and date kept when given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRow {
    pub id: Option<i64>,
    pub username: String,
    pub email: String,
    pub password: String,
    pub is_active: bool,
    pub date_joined: Option<i64>,
}

fn user_of(r: &sqlx::sqlite::SqliteRow) -> User {
    User {
        id: r.get(0),
        username: r.get(1),
        email: r.get(2),
        password: r.get(3),
        is_active: r.get::<i64, _>(4) != 0,
        date_joined: r.get(5),
    }
}

impl Store {
    /// Applies a change; the changed user, or `None` when there is no user with that id.
    pub async fn update_user(&self, id: i64, change: &UserChange) -> anyhow::Result<Option<User>> {
        let row = sqlx::query(
            "UPDATE users SET email = COALESCE(?, email), is_active = COALESCE(?, is_active), \
             password = COALESCE(?, password) WHERE id = ? \
             RETURNING id, username, email, password, is_active, date_joined",
        )
        .bind(&change.email)
        .bind(change.is_active)
        .bind(&change.password)
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.as_ref().map(user_of))
    }

    /// Deletes a user (their sessions and tokens stay, as simplejwt's outstanding tokens do
    /// with `on_delete=SET_NULL`); false when there was none.
    pub async fn delete_user(&self, id: i64) -> anyhow::Result<bool> {
        let done = sqlx::query("DELETE FROM users WHERE id = ?")
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Replaces a password hash if it is still `old` (a rehash must not undo a change made
    /// meanwhile); whether it was replaced.
    pub async fn replace_password(&self, id: i64, old: &str, new: &str) -> anyhow::Result<bool> {
        let done = sqlx::query("UPDATE users SET password = ? WHERE id = ? AND password = ?")
            .bind(new)
            .bind(id)
            .bind(old)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Inserts users keeping given ids (those first, so that assigned ids cannot take them),
    /// skipping any whose id or username is taken; returns how many were new.
    pub async fn insert_user_rows(&self, users: &[UserRow], now: i64) -> anyhow::Result<usize> {
        let mut tx = self.pool().begin().await?;
        let mut created = 0;
        let ordered = users
            .iter()
            .filter(|u| u.id.is_some())
            .chain(users.iter().filter(|u| u.id.is_none()));
        for u in ordered {
            let done = sqlx::query(
                "INSERT OR IGNORE INTO users (id, username, email, password, is_active, date_joined) \
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(u.id)
            .bind(&u.username)
            .bind(&u.email)
            .bind(&u.password)
            .bind(u.is_active)
            .bind(u.date_joined.unwrap_or(now))
            .execute(&mut *tx)
            .await?;
            created += usize::try_from(done.rows_affected()).unwrap_or(0);
        }
        tx.commit().await?;
        Ok(created)
    }

    /// Per user, the sessions whose newest refresh token is neither blacklisted, forced
    /// expired nor past its `exp` at `now` (newest: latest `iat`, then issue order).
    pub async fn active_session_counts(&self, now: i64) -> anyhow::Result<HashMap<i64, u64>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT s.user_id, COUNT(*) FROM sessions s JOIN ( \
               SELECT session_id, jti, exp, forced_expired_at, \
                 ROW_NUMBER() OVER (PARTITION BY session_id ORDER BY iat DESC, rowid DESC) AS rn \
               FROM tokens WHERE token_type = 'refresh' \
             ) t ON t.session_id = s.id AND t.rn = 1 \
             WHERE t.exp > ? AND t.forced_expired_at IS NULL \
               AND NOT EXISTS (SELECT 1 FROM blacklist b WHERE b.jti = t.jti) \
             GROUP BY s.user_id",
        )
        .bind(now)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(user, n)| (user, u64::try_from(n).unwrap_or(0)))
            .collect())
    }
}
