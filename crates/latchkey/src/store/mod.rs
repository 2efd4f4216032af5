//! Durable state in SQLite (sqlx): users, sessions, issued tokens, the blacklist, meta.
//!
//! The server keeps what its hot paths read (users, blacklist) in memory and writes through
//! to this store before answering, so an acknowledged write survives a crash: WAL mode with
//! `synchronous = NORMAL` keeps every committed transaction across a process kill.

use std::str::FromStr;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

use tokio::sync::{mpsc, oneshot};

use crate::config::Storage;

mod routes;
pub mod sessions;
pub mod state;
pub mod users;

/// Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[include_str!("../../migrations/0001_init.sql")];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub email: String,
    /// PHC string (argon2id), or a Django `pbkdf2_sha256$...` hash from an import.
    pub password: String,
    pub is_active: bool,
    pub date_joined: i64,
}

/// A user to create (password already hashed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUser {
    pub username: String,
    pub email: String,
    pub password: String,
    pub is_active: bool,
}

/// A token as issued, for the session view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedToken {
    pub jti: String,
    pub token_type: &'static str,
    pub user_id: i64,
    pub parent_jti: Option<String>,
    pub iat: i64,
    pub exp: i64,
    pub token: String,
}

/// A new session (one login or registration).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSession {
    pub id: String,
    pub user_id: i64,
    pub created_at: i64,
    pub user_agent: String,
    pub remote_addr: String,
}

#[derive(Debug, thiserror::Error)]
pub enum InsertUserError {
    #[error("username taken")]
    UsernameTaken,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    /// The refresh path's writes, group-committed by [`write_refreshes`].
    refreshes: mpsc::Sender<RefreshWrite>,
}

/// What one `/token/refresh/` writes, and where to send the outcome.
struct RefreshWrite {
    /// The session, when Latchkey issued the parent token; else the parent starts one.
    session: Option<String>,
    parent_jti: String,
    tokens: Vec<IssuedToken>,
    blacklist: Option<(String, i64)>,
    done: oneshot::Sender<anyhow::Result<String>>,
}

impl Store {
    pub async fn open(storage: &Storage) -> anyhow::Result<Store> {
        let options = match storage {
            // One connection: each in-memory connection would be its own database.
            Storage::InMemory => SqliteConnectOptions::from_str("sqlite::memory:")?,
            Storage::File(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).with_context(|| {
                        format!("cannot create the data directory {}", dir.display())
                    })?;
                }
                SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
            }
        }
        .busy_timeout(std::time::Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await
            .with_context(|| match storage {
                Storage::InMemory => "cannot open an in-memory database".to_string(),
                Storage::File(p) => format!("cannot open the data file {}", p.display()),
            })?;
        let (refreshes, queue) = mpsc::channel(1024);
        tokio::spawn(write_refreshes(pool.clone(), queue));
        let store = Store { pool, refreshes };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        let done: i64 = sqlx::query_scalar("PRAGMA user_version")
            .fetch_one(&self.pool)
            .await?;
        let done = usize::try_from(done).unwrap_or(0);
        anyhow::ensure!(
            done <= MIGRATIONS.len(),
            "the data file was written by a newer Latchkey (schema {done}); upgrade Latchkey or pass a different --data"
        );
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(done) {
            let mut tx = self.pool.begin().await?;
            sqlx::raw_sql(*sql).execute(&mut *tx).await?;
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "PRAGMA user_version = {}",
                i + 1
            )))
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        }
        Ok(())
    }

    pub async fn users(&self) -> anyhow::Result<Vec<User>> {
        let rows = sqlx::query(
            "SELECT id, username, email, password, is_active, date_joined FROM users ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| User {
                id: r.get(0),
                username: r.get(1),
                email: r.get(2),
                password: r.get(3),
                is_active: r.get::<i64, _>(4) != 0,
                date_joined: r.get(5),
            })
            .collect())
    }

    /// Inserts a user and returns it with its new id.
    pub async fn insert_user(
        &self,
        username: &str,
        email: &str,
        password_hash: &str,
        is_active: bool,
        now: i64,
    ) -> Result<User, InsertUserError> {
        let result = sqlx::query(
            "INSERT INTO users (username, email, password, is_active, date_joined) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(username)
        .bind(email)
        .bind(password_hash)
        .bind(is_active)
        .bind(now)
        .execute(&self.pool)
        .await;
        match result {
            Ok(done) => Ok(User {
                id: done.last_insert_rowid(),
                username: username.to_string(),
                email: email.to_string(),
                password: password_hash.to_string(),
                is_active,
                date_joined: now,
            }),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Err(InsertUserError::UsernameTaken)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Inserts users in one transaction, skipping taken usernames; returns how many were new.
    pub async fn insert_users(&self, users: &[NewUser], now: i64) -> anyhow::Result<usize> {
        let mut tx = self.pool.begin().await?;
        let mut created = 0;
        for u in users {
            let done = sqlx::query(
                "INSERT OR IGNORE INTO users (username, email, password, is_active, date_joined) VALUES (?, ?, ?, ?, ?)",
            )
            .bind(&u.username)
            .bind(&u.email)
            .bind(&u.password)
            .bind(u.is_active)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            created += usize::try_from(done.rows_affected()).unwrap_or(0);
        }
        tx.commit().await?;
        Ok(created)
    }

    pub async fn set_password(&self, user_id: i64, hash: &str) -> anyhow::Result<()> {
        sqlx::query("UPDATE users SET password = ? WHERE id = ?")
            .bind(hash)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn blacklisted_jtis(&self) -> anyhow::Result<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT jti FROM blacklist")
            .fetch_all(&self.pool)
            .await?)
    }

    /// Blacklists a jti (`reason`: logout, rotation or revoked); a listed jti keeps its reason.
    pub async fn blacklist(&self, jti: &str, now: i64, reason: &str) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT OR IGNORE INTO blacklist (jti, blacklisted_at, reason) VALUES (?, ?, ?)",
        )
        .bind(jti)
        .bind(now)
        .bind(reason)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Tokens the control plane expired early: jti and when.
    pub async fn forced_expired(&self) -> anyhow::Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT jti, forced_expired_at FROM tokens WHERE forced_expired_at IS NOT NULL",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every issued token: jti, session, user.
    pub async fn token_index(&self) -> anyhow::Result<Vec<(String, String, i64)>> {
        Ok(
            sqlx::query_as("SELECT jti, session_id, user_id FROM tokens")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// The pool, for the control plane's queries (sessions, export).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Records a new session and its first tokens in one transaction.
    pub async fn record_session(
        &self,
        session: &NewSession,
        tokens: &[IssuedToken],
    ) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO sessions (id, user_id, created_at, user_agent, remote_addr) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&session.id)
        .bind(session.user_id)
        .bind(session.created_at)
        .bind(&session.user_agent)
        .bind(&session.remote_addr)
        .execute(&mut *tx)
        .await?;
        for t in tokens {
            insert_token(&mut tx, &session.id, t).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Records tokens issued by refreshing `parent_jti` (in `session`; a refresh token
    /// Latchkey did not issue starts a session of its own), counts the refresh, and
    /// blacklists the rotated-out token. Returns once committed, with the session id.
    /// Concurrent refreshes share one transaction (group commit), so the hot write path
    /// pays one commit per batch, not per request, without acknowledging anything early.
    pub async fn record_refresh(
        &self,
        session: Option<&str>,
        parent_jti: &str,
        tokens: &[IssuedToken],
        blacklist: Option<(&str, i64)>,
    ) -> anyhow::Result<String> {
        let (done, outcome) = oneshot::channel();
        let write = RefreshWrite {
            session: session.map(str::to_string),
            parent_jti: parent_jti.to_string(),
            tokens: tokens.to_vec(),
            blacklist: blacklist.map(|(jti, at)| (jti.to_string(), at)),
            done,
        };
        self.refreshes
            .send(write)
            .await
            .map_err(|_| anyhow::anyhow!("the store is closed"))?;
        outcome
            .await
            .map_err(|_| anyhow::anyhow!("the store writer stopped"))?
    }

    pub async fn meta(&self, key: &str) -> anyhow::Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn set_meta(&self, key: &str, value: &str) -> anyhow::Result<()> {
        sqlx::query("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Flushes the WAL into the main file and closes the pool (graceful shutdown).
    pub async fn close(&self) {
        let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await;
        self.pool.close().await;
    }
}

/// The group-commit writer: takes every queued refresh, writes them in one transaction,
/// then answers each. If the batch fails, each write is retried alone so one bad write
/// cannot fail the others.
async fn write_refreshes(pool: SqlitePool, mut queue: mpsc::Receiver<RefreshWrite>) {
    const MAX_BATCH: usize = 256;
    while let Some(first) = queue.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(w) => batch.push(w),
                Err(_) => break,
            }
        }
        match commit_refreshes(&pool, &batch).await {
            Ok(sessions) => {
                for (w, session) in batch.into_iter().zip(sessions) {
                    let _ = w.done.send(Ok(session));
                }
            }
            Err(_) if batch.len() > 1 => {
                for w in batch {
                    let outcome = commit_refreshes(&pool, std::slice::from_ref(&w))
                        .await
                        .map(|mut s| s.pop().unwrap_or_default());
                    let _ = w.done.send(outcome);
                }
            }
            Err(e) => {
                for w in batch {
                    let _ = w.done.send(Err(anyhow::anyhow!("{e:#}")));
                }
            }
        }
    }
}

async fn commit_refreshes(
    pool: &SqlitePool,
    batch: &[RefreshWrite],
) -> anyhow::Result<Vec<String>> {
    let mut tx = pool.begin().await?;
    let mut sessions = Vec::with_capacity(batch.len());
    for w in batch {
        let session_id = match &w.session {
            Some(id) => id.clone(),
            None => {
                let (user_id, created_at) = w
                    .tokens
                    .first()
                    .map(|t| (t.user_id, t.iat))
                    .unwrap_or_default();
                sqlx::query(
                    "INSERT OR IGNORE INTO sessions (id, user_id, created_at) VALUES (?, ?, ?)",
                )
                .bind(&w.parent_jti)
                .bind(user_id)
                .bind(created_at)
                .execute(&mut *tx)
                .await?;
                w.parent_jti.clone()
            }
        };
        for t in &w.tokens {
            insert_token(&mut tx, &session_id, t).await?;
        }
        sqlx::query("UPDATE sessions SET refresh_count = refresh_count + 1 WHERE id = ?")
            .bind(&session_id)
            .execute(&mut *tx)
            .await?;
        if let Some((jti, now)) = &w.blacklist {
            sqlx::query("INSERT OR IGNORE INTO blacklist (jti, blacklisted_at, reason) VALUES (?, ?, 'rotation')")
                .bind(jti)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        sessions.push(session_id);
    }
    tx.commit().await?;
    Ok(sessions)
}

async fn insert_token(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    session_id: &str,
    t: &IssuedToken,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT OR IGNORE INTO tokens (jti, token_type, user_id, session_id, parent_jti, iat, exp, token) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&t.jti)
    .bind(t.token_type)
    .bind(t.user_id)
    .bind(session_id)
    .bind(&t.parent_jti)
    .bind(t.iat)
    .bind(t.exp)
    .bind(&t.token)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
