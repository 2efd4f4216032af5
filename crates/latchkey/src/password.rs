//! Password hashing: argon2id at OWASP's minimum parameters (m = 19 MiB, t = 2, p = 1), or a
//! cheap setting for CI (`--fast-hash`, never the default). Hashing runs on the blocking pool
//! so it never stalls the request workers.
//!
//! Verification also accepts Django's default hash (`pbkdf2_sha256$<iterations>$<salt>$<b64>`,
//! from an imported `dumpdata auth.User` fixture) and Django's `argon2$argon2id$...`; such a
//! hash is replaced by an argon2id one on the first successful login, as Django's
//! `check_password` upgrades hashes of a non-preferred hasher.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use subtle::ConstantTimeEq;

use crate::state::AppState;
use crate::store::User;

/// Django's `PBKDF2PasswordHasher.algorithm`.
const DJANGO_PBKDF2: &str = "pbkdf2_sha256";

/// More PBKDF2 rounds than any Django release uses (5.2: 1,000,000): an imported hash asking
/// for more never matches rather than tying up a blocking thread for minutes.
const MAX_PBKDF2_ITERATIONS: u32 = 100_000_000;

/// How hard new hashes are (verification reads the parameters from the hash itself).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HashCost {
    /// argon2id m=19456 KiB, t=2, p=1 (OWASP's minimum recommendation).
    Owasp,
    /// argon2id m=1024 KiB, t=1, p=1: for CI runs that create many users.
    Fast,
}

impl HashCost {
    fn params(self) -> Params {
        let (m, t) = match self {
            HashCost::Owasp => (19 * 1024, 2),
            HashCost::Fast => (1024, 1),
        };
        Params::new(m, t, 1, None).unwrap_or_default()
    }

    /// Human-readable parameters, for logs and benchmarks.
    pub fn describe(self) -> String {
        let p = self.params();
        format!(
            "argon2id m={} KiB, t={}, p={}",
            p.m_cost(),
            p.t_cost(),
            p.p_cost()
        )
    }
}

fn hasher(cost: HashCost) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, cost.params())
}

/// Hashes a password into a PHC string (blocking: call through [`hash`]).
pub fn hash_blocking(password: &str, cost: HashCost) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher(cost)
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
}

/// Checks a password against a stored hash (argon2 PHC, or Django's PBKDF2-SHA256 or
/// argon2 format); unknown or corrupt hash formats never match.
pub fn verify_blocking(password: &str, stored: &str) -> bool {
    if let Some(rest) = stored.strip_prefix("pbkdf2_sha256$") {
        return verify_django_pbkdf2(password, rest, stored);
    }
    // Django's Argon2PasswordHasher writes "argon2" followed by the PHC string.
    let phc = match stored.strip_prefix("argon2") {
        Some(rest) if rest.starts_with("$argon2") => rest,
        _ => stored,
    };
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Django's `PBKDF2PasswordHasher.verify`: re-encode with the stored salt and iteration
/// count and compare the whole encoded strings in constant time.
fn verify_django_pbkdf2(password: &str, rest: &str, stored: &str) -> bool {
    let mut parts = rest.splitn(3, '$');
    let (Some(iterations), Some(salt), Some(_)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let Ok(rounds) = iterations.parse::<u32>() else {
        return false;
    };
    if rounds == 0 || rounds > MAX_PBKDF2_ITERATIONS {
        return false;
    }
    let mut derived = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), salt.as_bytes(), rounds, &mut derived);
    let encoded = format!(
        "{DJANGO_PBKDF2}${rounds}${salt}${}",
        STANDARD.encode(derived)
    );
    encoded.as_bytes().ct_eq(stored.as_bytes()).into()
}

/// Whether a hash that just verified should be replaced by an argon2id one of ours.
pub fn needs_rehash(stored: &str) -> bool {
    !stored.starts_with("$argon2")
}

/// After a successful login with a hash of another hasher (an imported Django user), stores
/// an argon2id hash of the same password, unless the password changed meanwhile. Failures
/// are logged, never the login's problem.
pub async fn upgrade(state: &AppState, user: &User, password: String) {
    let new = match hash(password, state.hash_cost).await {
        Ok(h) => h,
        Err(e) => {
            tracing::warn!("could not rehash the password of user {}: {e:#}", user.id);
            return;
        }
    };
    match state
        .store
        .replace_password(user.id, &user.password, &new)
        .await
    {
        Ok(true) => {
            let mut users = state.users_mut();
            if let Some(current) = users.get(user.id).filter(|u| u.password == user.password) {
                let mut upgraded = User::clone(&current);
                upgraded.password = new;
                users.insert(upgraded);
            }
        }
        Ok(false) => {}
        Err(e) => tracing::warn!(
            "could not store the rehashed password of user {}: {e:#}",
            user.id
        ),
    }
}

/// At most one hash per core at a time: more only queues work, and every extra blocking
/// thread keeps its own 19 MiB of argon2 memory alive in the allocator.
fn hashing_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new(cores)
    })
}

pub async fn hash(password: String, cost: HashCost) -> anyhow::Result<String> {
    let _slot = hashing_slots().acquire().await?;
    tokio::task::spawn_blocking(move || hash_blocking(&password, cost)).await?
}

pub async fn verify(password: String, stored: String) -> bool {
    let Ok(_slot) = hashing_slots().acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || verify_blocking(&password, &stored))
        .await
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_wrong_passwords_do_not() {
        let h = hash_blocking("correct horse", HashCost::Fast).unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"), "{h}");
        assert!(verify_blocking("correct horse", &h));
        assert!(!verify_blocking("correct horsE", &h));
        assert!(!verify_blocking("x", "not a hash"));
        assert!(!verify_blocking("x", ""));
    }

    /// Made by Django 5.2's `PBKDF2PasswordHasher().encode(password, salt, iterations)` (the
    /// fixture in tests/fixtures has Django's default 1,000,000 rounds; fewer keep this fast).
    const DJANGO_1000: &str =
        "pbkdf2_sha256$1000$Bd3zLr0M3ytAq7uDGIJkQ1$9NRiMXrbxv6ocniBXVGqlqINH4ZgZ3KNrAtBhUqA19s=";
    const DJANGO_UNICODE: &str =
        "pbkdf2_sha256$1$s4lt$exsHj4JlZ94ySxCo2WyWDGv1sGMemk5/0I66MQ0AiJ0=";

    #[test]
    fn django_pbkdf2_hashes_verify_the_django_way() {
        assert!(verify_blocking("analytical-engine-1843", DJANGO_1000));
        assert!(!verify_blocking("analytical-engine-1844", DJANGO_1000));
        assert!(verify_blocking("pässwörd ☃", DJANGO_UNICODE));
        // Django re-encodes and compares whole strings: a non-canonical count never matches.
        let padded = DJANGO_1000.replacen("$1000$", "$01000$", 1);
        assert!(!verify_blocking("analytical-engine-1843", &padded));
        assert!(!verify_blocking("x", "pbkdf2_sha256$0$salt$hash"));
        assert!(!verify_blocking("x", "pbkdf2_sha256$4294967295$salt$hash"));
        assert!(!verify_blocking("x", "pbkdf2_sha256$1000$salt"));
        assert!(!verify_blocking("x", "!unusable-password"));
        assert!(needs_rehash(DJANGO_1000));
    }

    #[test]
    fn django_argon2_format_verifies() {
        let ours = hash_blocking("correct horse", HashCost::Fast).unwrap();
        assert!(!needs_rehash(&ours));
        let django = format!("argon2{ours}");
        assert!(verify_blocking("correct horse", &django));
        assert!(!verify_blocking("correct horsE", &django));
        assert!(needs_rehash(&django));
    }

    #[test]
    fn owasp_parameters_are_the_default_cost() {
        assert_eq!(HashCost::Owasp.describe(), "argon2id m=19456 KiB, t=2, p=1");
    }
}
