//! The import format: `serde_json` into `latchkey_api::state::Export`, then every check
//! `POST /import` makes (export documents and Django `dumpdata` fixtures): never a panic;
//! an export that deserializes serializes back to a document that deserializes.
#![no_main]

use latchkey::fuzzing;
use latchkey_api::state::Export;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = serde_json::from_slice::<Export>(data) {
        let text = serde_json::to_vec(&doc).expect("serializes");
        let again: Export = serde_json::from_slice(&text).expect("round-trips");
        assert_eq!(serde_json::to_vec(&again).unwrap(), text);
    }
    let _ = fuzzing::import(data, b"latchkey-fuzz-signing-key", 1_800_000_000);
});
