//! Latchkey: a local, wire-exact emulator of a Django REST Framework + simplejwt cookie-JWT
//! auth backend. See ARCHITECTURE.md at the repository root for the map.

mod api;
pub mod body;
pub mod cli;
pub mod client;
pub mod clock;
pub mod config;
mod control;
mod faults;
mod inspector;
mod mock;
pub mod password;
pub mod seed;
pub mod serializers;
mod server;
mod state;
pub mod store;
pub mod tokens;
mod ui;
pub mod validators;

/// Entry points into internal parsers for `fuzz/` (cargo fuzz); not a stable API.
#[doc(hidden)]
pub mod fuzzing {
    use axum::http::{header, HeaderMap, HeaderValue};

    /// Django's `parse_cookie` over `Cookie` headers (`raw` split on `\n` into several
    /// headers, as a client may send them), looking up `name`.
    pub fn cookie(raw: &[u8], name: &str) -> Option<String> {
        let mut headers = HeaderMap::new();
        for line in raw.split(|b| *b == b'\n') {
            if let Ok(v) = HeaderValue::from_bytes(line) {
                headers.append(header::COOKIE, v);
            }
        }
        crate::api::cookies::get(&headers, name)
    }

    /// `CustomJWTAuthentication`'s split of an `Authorization` header value:
    /// `Ok(Some(token))`, `Ok(None)` (not Bearer), `Err` (Bearer with a bad value count).
    pub fn bearer(value: &[u8]) -> Result<Option<&[u8]>, String> {
        crate::api::authn::bearer(value).map_err(|e| format!("{e:?}"))
    }

    /// `POST /import`'s parsing and checks, without a server.
    pub fn import(body: &[u8], signing_key: &[u8], now: i64) -> Result<(), String> {
        crate::control::state_io::check_import(body, signing_key, now)
    }
}

pub use clock::Clock;
pub use config::Config;
pub use server::{tune_allocator, RunningServer, Server, ServerBuilder};
