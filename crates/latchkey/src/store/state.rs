//! The whole state at once, for `/export`, `/import` and `/reset`: read in one transaction,
//! replaced or emptied in one transaction. The signing key (`meta`) is never touched.

use latchkey_api::routes::MockRoute;
use sqlx::Row;

use super::{Store, User};

/// A `sessions` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionData {
    pub id: String,
    pub user_id: i64,
    pub created_at: i64,
    pub user_agent: String,
    pub remote_addr: String,
    pub refresh_count: i64,
}

/// A `tokens` row (`token` is empty when an import had no JWT for it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenData {
    pub jti: String,
    pub token_type: String,
    pub user_id: i64,
    pub session_id: String,
    pub parent_jti: Option<String>,
    pub iat: i64,
    pub exp: i64,
    pub token: String,
    pub forced_expired_at: Option<i64>,
}

/// A `blacklist` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlacklistData {
    pub jti: String,
    pub blacklisted_at: i64,
    pub reason: String,
}

/// Users, sessions, tokens and blacklist. Rows are in insertion order (users by id), which
/// a replace keeps: "newest token" ties are broken by it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub users: Vec<User>,
    pub sessions: Vec<SessionData>,
    pub tokens: Vec<TokenData>,
    pub blacklist: Vec<BlacklistData>,
}

/// How many rows each table holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub users: u64,
    pub sessions: u64,
    pub tokens: u64,
    pub blacklisted: u64,
    pub routes: u64,
}

type Tx<'a> = sqlx::Transaction<'a, sqlx::Sqlite>;

impl Store {
    /// Everything but the routes and meta, consistently (one read transaction).
    pub async fn snapshot(&self) -> anyhow::Result<Snapshot> {
        let mut tx = self.pool().begin().await?;
        let users = sqlx::query(
            "SELECT id, username, email, password, is_active, date_joined FROM users ORDER BY id",
        )
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| User {
            id: r.get(0),
            username: r.get(1),
            email: r.get(2),
            password: r.get(3),
            is_active: r.get::<i64, _>(4) != 0,
            date_joined: r.get(5),
        })
        .collect();
        let sessions = sqlx::query(
            "SELECT id, user_id, created_at, user_agent, remote_addr, refresh_count \
             FROM sessions ORDER BY rowid",
        )
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| SessionData {
            id: r.get(0),
            user_id: r.get(1),
            created_at: r.get(2),
            user_agent: r.get(3),
            remote_addr: r.get(4),
            refresh_count: r.get(5),
        })
        .collect();
        let tokens = sqlx::query(
            "SELECT jti, token_type, user_id, session_id, parent_jti, iat, exp, token, \
             forced_expired_at FROM tokens ORDER BY rowid",
        )
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| TokenData {
            jti: r.get(0),
            token_type: r.get(1),
            user_id: r.get(2),
            session_id: r.get(3),
            parent_jti: r.get(4),
            iat: r.get(5),
            exp: r.get(6),
            token: r.get(7),
            forced_expired_at: r.get(8),
        })
        .collect();
        let blacklist =
            sqlx::query("SELECT jti, blacklisted_at, reason FROM blacklist ORDER BY rowid")
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| BlacklistData {
                    jti: r.get(0),
                    blacklisted_at: r.get(1),
                    reason: r.get(2),
                })
                .collect();
        tx.commit().await?;
        Ok(Snapshot {
            users,
            sessions,
            tokens,
            blacklist,
        })
    }

    /// Empties users, sessions, tokens and blacklist; user ids start again at 1.
    pub async fn clear_state(&self) -> anyhow::Result<()> {
        let mut tx = self.pool().begin().await?;
        clear(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces users, sessions, tokens and blacklist (users keep their ids) and, when
    /// given, the mock routes, in one transaction.
    pub async fn replace_state(
        &self,
        snapshot: &Snapshot,
        routes: Option<&[MockRoute]>,
    ) -> anyhow::Result<()> {
        let mut tx = self.pool().begin().await?;
        clear(&mut tx).await?;
        for u in &snapshot.users {
            insert_user(&mut tx, u).await?;
        }
        for s in &snapshot.sessions {
            insert_session(&mut tx, s).await?;
        }
        for t in &snapshot.tokens {
            insert_token(&mut tx, t).await?;
        }
        for b in &snapshot.blacklist {
            sqlx::query("INSERT INTO blacklist (jti, blacklisted_at, reason) VALUES (?, ?, ?)")
                .bind(&b.jti)
                .bind(b.blacklisted_at)
                .bind(&b.reason)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(routes) = routes {
            sqlx::query("DELETE FROM routes").execute(&mut *tx).await?;
            for r in routes {
                sqlx::query(
                    "INSERT INTO routes (id, method, path, status, body) VALUES (?, ?, ?, ?, ?)",
                )
                .bind(&r.id)
                .bind(&r.method)
                .bind(&r.path)
                .bind(i64::from(r.status))
                .bind(r.body.to_string())
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn counts(&self) -> anyhow::Result<Counts> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM sessions), \
             (SELECT COUNT(*) FROM tokens), (SELECT COUNT(*) FROM blacklist), \
             (SELECT COUNT(*) FROM routes)",
        )
        .fetch_one(self.pool())
        .await?;
        let n = |i: usize| u64::try_from(row.get::<i64, _>(i)).unwrap_or(0);
        Ok(Counts {
            users: n(0),
            sessions: n(1),
            tokens: n(2),
            blacklisted: n(3),
            routes: n(4),
        })
    }
}

async fn clear(tx: &mut Tx<'_>) -> Result<(), sqlx::Error> {
    for sql in [
        "DELETE FROM users",
        "DELETE FROM sessions",
        "DELETE FROM tokens",
        "DELETE FROM blacklist",
        // AUTOINCREMENT's high-water mark: a fresh server's first user is id 1.
        "DELETE FROM sqlite_sequence WHERE name = 'users'",
    ] {
        sqlx::query(sql).execute(&mut **tx).await?;
    }
    Ok(())
}

async fn insert_user(tx: &mut Tx<'_>, u: &User) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO users (id, username, email, password, is_active, date_joined) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(u.id)
    .bind(&u.username)
    .bind(&u.email)
    .bind(&u.password)
    .bind(u.is_active)
    .bind(u.date_joined)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_session(tx: &mut Tx<'_>, s: &SessionData) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (id, user_id, created_at, user_agent, remote_addr, refresh_count) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&s.id)
    .bind(s.user_id)
    .bind(s.created_at)
    .bind(&s.user_agent)
    .bind(&s.remote_addr)
    .bind(s.refresh_count)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_token(tx: &mut Tx<'_>, t: &TokenData) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO tokens (jti, token_type, user_id, session_id, parent_jti, iat, exp, token, \
         forced_expired_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&t.jti)
    .bind(&t.token_type)
    .bind(t.user_id)
    .bind(&t.session_id)
    .bind(&t.parent_jti)
    .bind(t.iat)
    .bind(t.exp)
    .bind(&t.token)
    .bind(t.forced_expired_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
