//! Property tests (issue 8): token encode → decode round-trips; any single-byte change to a
//! valid token is refused with one of WIRE.md's messages (or, where base64's unused trailing
//! bits make it the same token, accepted with the same claims, as PyJWT does); the clock and
//! time arithmetic never panic on extreme values.

use latchkey::clock::{rfc3339, rfc3339_ms};
use latchkey::config::{format_duration, parse_duration};
use latchkey::tokens::{self, TokenError, TokenType, UserId};
use latchkey::Clock;
use proptest::prelude::*;

const KEY: &[u8] = b"latchkey-proptest-signing-key-0123456789";

/// The messages WIRE.md lists for a refused token (simplejwt's; a crash of the real stack is
/// answered as "Token is invalid").
const WIRE_MESSAGES: &[&str] = &[
    "Token is invalid",
    "Token is expired",
    "Token has wrong type",
    "Token has no type",
    "Token has no id",
    "Token has no 'exp' claim",
    "Token is blacklisted",
];

fn message(e: TokenError) -> &'static str {
    match e {
        TokenError::ServerError => TokenError::Invalid.message(),
        e => e.message(),
    }
}

fn token_type() -> impl Strategy<Value = TokenType> {
    prop_oneof![Just(TokenType::Access), Just(TokenType::Refresh)]
}

/// Issue times and lifetimes real servers use, plus the clock's reach (year 1970..9999).
fn times() -> impl Strategy<Value = (i64, i64)> {
    (0i64..253_402_300_000, 1i64..400 * 86_400)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn minted_tokens_validate_with_their_claims(
        t in token_type(),
        user in "[0-9]{1,19}|[a-zA-Z0-9_@.+-]{1,40}|\\PC{0,20}",
        (iat, lifetime) in times(),
        at in 0.0f64..1.0,
    ) {
        let (jwt, claims) = tokens::mint(KEY, t, &user, iat, lifetime);
        let now = iat + ((lifetime - 1) as f64 * at) as i64;
        let v = tokens::validate(&jwt, KEY, t, now).expect("a fresh token validates");
        prop_assert_eq!(v.token_type, t);
        prop_assert_eq!(v.exp, claims.exp);
        prop_assert_eq!(v.iat, Some(iat));
        prop_assert_eq!(&v.jti, &claims.jti);
        prop_assert_eq!(v.user_id, UserId::Str(user.clone()));
        // The other type, another key, and the moment of expiry are refused.
        let other = if t == TokenType::Access { TokenType::Refresh } else { TokenType::Access };
        prop_assert_eq!(tokens::validate(&jwt, KEY, other, now).err(), Some(TokenError::WrongType));
        prop_assert_eq!(tokens::validate(&jwt, b"another key", t, now).err(), Some(TokenError::Invalid));
        prop_assert_eq!(tokens::validate(&jwt, KEY, t, claims.exp).err(), Some(TokenError::Expired));
        // The unverified view agrees.
        prop_assert!(tokens::decode_unverified(&jwt).is_some());
    }

    #[test]
    fn a_single_byte_change_is_refused_with_a_wire_message(
        t in token_type(),
        user in 1u32..1_000_000,
        pos in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let iat = 1_800_000_000;
        let (jwt, claims) = tokens::mint(KEY, t, &user.to_string(), iat, 900);
        let mut bytes = jwt.clone().into_bytes();
        let i = pos.index(bytes.len());
        prop_assume!(bytes[i] != byte);
        bytes[i] = byte;
        match tokens::validate(bytes.as_slice(), KEY, t, iat + 1) {
            Err(e) => prop_assert!(WIRE_MESSAGES.contains(&message(e)), "{:?}", e),
            Ok(v) => {
                // Only a change in base64's unused low bits of a segment's last character
                // leaves the same bytes (PyJWT accepts it too): the same token.
                let segments = |b: &[u8]| -> Vec<Vec<u8>> {
                    b.split(|c| *c == b'.').map(|s| {
                        use base64::Engine as _;
                        base64::engine::general_purpose::URL_SAFE_NO_PAD
                            .decode(s)
                            .unwrap_or_default()
                    }).collect()
                };
                prop_assert_eq!(segments(&bytes), segments(jwt.as_bytes()), "accepted a different token");
                prop_assert_eq!(v.jti, claims.jti);
                prop_assert_eq!(v.exp, claims.exp);
            }
        }
    }

    #[test]
    fn arbitrary_bytes_are_refused_with_a_wire_message(
        raw in prop::collection::vec(any::<u8>(), 0..300),
        now in any::<i64>(),
        t in token_type(),
    ) {
        if let Err(e) = tokens::validate(raw.as_slice(), KEY, t, now) {
            prop_assert!(WIRE_MESSAGES.contains(&message(e)));
        }
    }

    #[test]
    fn clock_arithmetic_never_panics_on_extreme_values(
        start in any::<i64>(),
        offset in any::<i64>(),
        by in any::<i64>(),
        by2 in any::<i64>(),
        frozen in any::<bool>(),
    ) {
        let clock = Clock::frozen_at(start);
        clock.set_offset_ms(offset);
        clock.advance_ms(by);
        clock.set_frozen(frozen);
        clock.advance_ms(by2);
        let _ = (clock.now(), clock.now_ms(), clock.now_system_time(), clock.state());
        clock.reset();
        let _ = clock.now();
        let system = Clock::system();
        system.advance_ms(by);
        system.set_offset_ms(offset);
        let _ = (system.now(), system.now_ms(), system.now_system_time(), system.state());
        let _ = (rfc3339(start), rfc3339_ms(offset), format_duration(by));
        // Minting and validating at the ends of time saturate instead of overflowing.
        let (jwt, claims) = tokens::mint(KEY, TokenType::Access, "1", start, by);
        prop_assert_eq!(claims.exp, start.saturating_add(by));
        let _ = tokens::validate(&jwt, KEY, TokenType::Access, by2);
    }

    #[test]
    fn durations_format_and_parse_back(secs in any::<i64>(), text in "\\PC{0,24}") {
        prop_assert_eq!(parse_duration(&format_duration(secs)), Some(secs));
        let _ = parse_duration(&text);
    }
}
