//! `--seed users.json`: users created at start.
//!
//! The file is a JSON list of users, or an object with a `users` list (so an export can be
//! used as a seed: its other keys are ignored). Each user has `username` and either
//! `password` (plain text, hashed here) or `password_hash` (kept as is), and optionally
//! `email`, `is_active`, `id` and `date_joined` (RFC 3339), which are kept when given. Seed
//! passwords skip the password validators, like Django's `createsuperuser` when told to:
//! test fixtures often want "password". Users whose username (or given id) already exists
//! are left alone, so a seed can be given on every start.

use std::path::Path;

use anyhow::{bail, Context};
use serde::Deserialize;

use crate::password::{self, HashCost};
use crate::store::users::UserRow;
use crate::store::Store;

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
    /// Kept when given (exports carry it); otherwise ids are assigned in order.
    #[serde(default)]
    pub id: Option<i64>,
    /// RFC 3339; the time of seeding when absent.
    #[serde(default)]
    pub date_joined: Option<String>,
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
        if u.id.is_some_and(|id| id < 1) {
            bail!(
                "seed user {:?}: \"id\" must be a positive integer",
                u.username
            );
        }
        if let Some(d) = u
            .date_joined
            .as_deref()
            .filter(|d| parse_timestamp(d).is_none())
        {
            bail!(
                "seed user {:?}: \"date_joined\" {d:?} is not an RFC 3339 time like 2026-01-31T09:30:00Z",
                u.username
            );
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
        hashing.spawn(async move {
            let password = match (u.password_hash, u.password) {
                (Some(hash), _) => hash,
                (None, Some(plain)) => password::hash(plain, cost).await?,
                (None, None) => String::new(),
            };
            anyhow::Ok((
                i,
                UserRow {
                    id: u.id,
                    username: u.username,
                    email: u.email,
                    password,
                    is_active: u.is_active,
                    date_joined: u.date_joined.as_deref().and_then(parse_timestamp),
                },
            ))
        });
    }
    let mut new = Vec::new();
    while let Some(done) = hashing.join_next().await {
        new.push(done??);
    }
    new.sort_by_key(|(i, _)| *i);
    let new: Vec<UserRow> = new.into_iter().map(|(_, u)| u).collect();
    store.insert_user_rows(&new, now).await
}

/// Epoch seconds of an RFC 3339 time (`2026-01-31T09:30:00Z`, with optional fraction,
/// which is dropped, and `Z` or a `+hh:mm` offset), as exports and Django fixtures write it.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = b.get(from..from + len)?;
        part.iter().all(u8::is_ascii_digit).then_some(())?;
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let sep = |at: usize, allowed: &[u8]| b.get(at).is_some_and(|c| allowed.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let o = rest.as_bytes();
            let sign = match o.first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            if o.len() != 6 || o[3] != b':' {
                return None;
            }
            let h: i64 = rest.get(1..3)?.parse().ok()?;
            let m: i64 = rest.get(4..6)?.parse().ok()?;
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
    };
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip_with_the_clock_formatter() {
        for t in [0, 951_782_400, 1_795_559_005, 1_800_000_000, -86_400] {
            assert_eq!(parse_timestamp(&crate::clock::rfc3339(t)), Some(t));
        }
        assert_eq!(
            parse_timestamp("2026-11-24T22:23:25.123456Z"),
            Some(1_795_559_005)
        );
        assert_eq!(
            parse_timestamp("2026-11-24T23:23:25+01:00"),
            Some(1_795_559_005)
        );
        assert_eq!(parse_timestamp("2026-11-24 22:23:25z"), Some(1_795_559_005));
        for bad in [
            "",
            "2026-11-24",
            "2026-11-24T22:23:25",
            "2026-02-30T00:00:00Z",
            "2026-11-24T24:00:00Z",
            "2026-11-24T22:23:25.Z",
            "2026-11-24T22:23:25+0100",
            "２026-11-24T22:23:25Z",
            "2026-11-24T22:23:25Zjunk",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_export_document_is_a_seed() {
        let users = parse(
            r#"{"version": 1, "exported_at": "2027-01-15T08:00:00Z", "settings": {},
                "users": [{"id": 7, "username": "ada", "email": "ada@example.com",
                           "password_hash": "pbkdf2_sha256$1$s$h", "is_active": false,
                           "date_joined": "2026-01-31T09:30:00Z"}],
                "sessions": [], "tokens": [], "blacklist": [], "routes": []}"#,
        )
        .unwrap();
        assert_eq!(users.len(), 1);
        assert_eq!((users[0].id, users[0].is_active), (Some(7), false));
        assert!(
            parse(r#"[{"username": "a", "password": "p", "date_joined": "yesterday"}]"#).is_err()
        );
        assert!(parse(r#"[{"username": "a", "password": "p", "id": 0}]"#).is_err());
        assert!(parse(r#"[{"username": "a", "password": "p", "colour": "red"}]"#).is_err());
    }
}
