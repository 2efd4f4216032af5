//! `--seed users.json`: users created at start.
//!
//! The file is a JSON list of users, or an object with a `users` list (so an export can be
//! used as a seed). Each user has `username` and either `password` (plain text, hashed
//! here) or `password_hash` (kept as is), and optionally `email` and `is_active`. Seed
//! passwords skip the password validators, like Django's `createsuperuser` when told to:
//! test fixtures often want "password". Usernames that already exist are left alone, so a
//! seed can be given on every start.

use std::path::Path;

use anyhow::{bail, Context};
use serde::Deserialize;

use crate::password::{self, HashCost};
use crate::store::{NewUser, Store};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedUser {
    pub username: String,
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub password_hash: Option<String>,
    #[serde(default)]
    pub email: String,
    #[serde(default = "yes")]
    pub is_active: bool,
    /// Accepted (exports carry it) but not kept: ids are assigned in order.
    #[serde(default)]
    pub id: Option<i64>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum SeedFile {
    List(Vec<SeedUser>),
    Object { users: Vec<SeedUser> },
}

/// Parses seed JSON.
pub fn parse(text: &str) -> anyhow::Result<Vec<SeedUser>> {
    let file: SeedFile = serde_json::from_str(text).context(
        "expected a JSON list of users like [{\"username\": \"alice\", \"password\": \"...\", \"email\": \"alice@example.com\"}], or {\"users\": [...]}",
    )?;
    let users = match file {
        SeedFile::List(u) | SeedFile::Object { users: u } => u,
    };
    for u in &users {
        if crate::validators::username_errors(&u.username)
            .next()
            .is_some()
        {
            bail!("seed user {:?}: not a valid Django username (letters, digits and @/./+/-/_, at most 150 characters)", u.username);
        }
        if u.password.is_none() == u.password_hash.is_none() {
            bail!(
                "seed user {:?}: give exactly one of \"password\" or \"password_hash\"",
                u.username
            );
        }
    }
    Ok(users)
}

/// Creates the users of a seed file that do not exist yet; returns how many were created.
pub async fn apply_file(
    store: &Store,
    path: &Path,
    cost: HashCost,
    now: i64,
) -> anyhow::Result<usize> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the seed file {}", path.display()))?;
    let users = parse(&text).with_context(|| format!("bad seed file {}", path.display()))?;
    apply(store, users, cost, now).await
}

pub async fn apply(
    store: &Store,
    users: Vec<SeedUser>,
    cost: HashCost,
    now: i64,
) -> anyhow::Result<usize> {
    let existing: std::collections::HashSet<String> = store
        .users()
        .await?
        .into_iter()
        .map(|u| u.username)
        .collect();
    let mut hashing = tokio::task::JoinSet::new();
    for (i, u) in users.into_iter().enumerate() {
        if existing.contains(&u.username) {
            continue;
        }
        hashing.spawn_blocking(move || -> anyhow::Result<(usize, NewUser)> {
            let password = match (u.password_hash, u.password) {
                (Some(hash), _) => hash,
                (None, Some(plain)) => password::hash_blocking(&plain, cost)?,
                (None, None) => String::new(),
            };
            Ok((
                i,
                NewUser {
                    username: u.username,
                    email: u.email,
                    password,
                    is_active: u.is_active,
                },
            ))
        });
    }
    let mut new = Vec::new();
    while let Some(done) = hashing.join_next().await {
        new.push(done??);
    }
    new.sort_by_key(|(i, _)| *i);
    let new: Vec<NewUser> = new.into_iter().map(|(_, u)| u).collect();
    store.insert_users(&new, now).await
}
