//! Password hashing: argon2id at OWASP's minimum parameters (m = 19 MiB, t = 2, p = 1), or a
//! cheap setting for CI (`--fast-hash`, never the default). Hashing runs on the blocking pool
//! so it never stalls the request workers.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

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

/// Checks a password against a stored hash; unknown or corrupt hash formats never match.
pub fn verify_blocking(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

pub async fn hash(password: String, cost: HashCost) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password, cost)).await?
}

pub async fn verify(password: String, stored: String) -> bool {
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

    #[test]
    fn owasp_parameters_are_the_default_cost() {
        assert_eq!(HashCost::Owasp.describe(), "argon2id m=19456 KiB, t=2, p=1");
    }
}
