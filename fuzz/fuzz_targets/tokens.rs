//! PyJWT `jwt.decode` + simplejwt `Token.verify` on arbitrary bytes: never a panic, and a
//! token that validates re-decodes to the same claims.
#![no_main]

use latchkey::tokens::{self, TokenError, TokenType};
use libfuzzer_sys::fuzz_target;

const KEY: &[u8] = b"latchkey-fuzz-signing-key-0123456789abcdef";

fuzz_target!(|data: &[u8]| {
    // The first byte picks "now" (including extremes) so expiry paths are reached.
    let (now, token) = match data.split_first() {
        Some((b, rest)) => (
            match b % 4 {
                0 => 1_800_000_000,
                1 => 0,
                2 => i64::MAX,
                _ => i64::MIN,
            },
            rest,
        ),
        None => (1_800_000_000, data),
    };
    let _ = tokens::decode_unverified(token);
    if let Ok(decoded) = tokens::decode(token, KEY, now) {
        let _ = decoded.blacklist_jti();
        let _ = decoded.clone().verify(TokenType::Refresh);
        let _ = decoded.verify(TokenType::Access);
    }
    for t in [TokenType::Access, TokenType::Refresh] {
        match tokens::validate(token, KEY, t, now) {
            Ok(v) => {
                assert_eq!(v.token_type, t);
                let _ = v.user_id.auth_lookup();
                let _ = v.user_id.is_truthy();
            }
            Err(e) => assert!(!e.message().is_empty() || e == TokenError::Invalid),
        }
    }
    let _ = tokens::validate_refresh(token, KEY, now, |jti| jti.len() % 2 == 0);
});
