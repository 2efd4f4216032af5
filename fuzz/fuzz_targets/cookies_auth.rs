//! Django's `parse_cookie` (several `Cookie` headers, quoting and octal escapes) and the
//! `Authorization: Bearer` split: never a panic; a found token is one of the header's words.
#![no_main]

use latchkey::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["access_token", "refresh_token", "", "a"] {
        let _ = fuzzing::cookie(data, name);
    }
    if let Ok(Some(token)) = fuzzing::bearer(data) {
        assert!(!token.is_empty());
        assert!(data.windows(token.len()).any(|w| w == token));
    }
});
