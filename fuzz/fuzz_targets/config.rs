//! `latchkey.toml` through `Config::apply_toml` (every key's parser and message), plus the
//! duration parser: never a panic; an accepted duration formats and parses back.
#![no_main]

use latchkey::config::{format_duration, parse_duration, Config};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut config = Config::default();
    if config.apply_toml(text, "fuzz.toml:").is_ok() {
        let _ = config.describe(true);
        let _ = config.storage();
    }
    if let Some(secs) = parse_duration(text) {
        assert_eq!(
            parse_duration(&format_duration(secs)),
            Some(secs),
            "{text:?}"
        );
    }
});
