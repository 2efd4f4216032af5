//! DRF's parsers (JSON with CPython's messages, form, multipart, charsets, Django's limits):
//! never a panic. The first byte picks a content type; 0xff means "the content type is the
//! input up to the first newline".
#![no_main]

use latchkey::body;
use libfuzzer_sys::fuzz_target;

const TYPES: &[&str] = &[
    "application/json",
    "application/json; charset=utf-16",
    "application/json; charset=utf-8-sig",
    "application/json; charset=latin-1",
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-16be",
    "multipart/form-data; boundary=B",
    "multipart/form-data; boundary=\"a;b\"",
    "text/plain",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        let _ = body::parse(None, data);
        return;
    };
    if pick == 0xff {
        let (ct, body) = match rest.iter().position(|b| *b == b'\n') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &[][..]),
        };
        // Header bytes are latin-1, as the server reads them.
        let ct: String = ct.iter().map(|&b| char::from(b)).collect();
        let _ = body::parse(Some(&ct), body);
    } else if pick == 0xfe {
        let _ = body::parse(None, rest);
    } else {
        let ct = TYPES[pick as usize % TYPES.len()];
        let _ = body::parse(Some(ct), rest);
    }
});
