//! Request bodies as DRF 3.18 (on Django 5.2, CPython 3.11) hands them to a serializer:
//! `JSONParser`, `FormParser` and `MultiPartParser` selected by `DefaultContentNegotiation`,
//! with the exact `detail` strings of their errors.
//!
//! Number limits (serde_json without `arbitrary_precision`): Python ints outside i64/u64 become
//! the nearest f64, and floats that overflow to `inf` (e.g. `1e400`, which Python accepts)
//! become `null`. Strings holding a lone surrogate from a `\uXXXX` escape (legal in Python)
//! carry U+FFFD in its place.

use serde_json::{Map, Number, Value};

/// A parsed request body, in the shape a DRF serializer receives as `request.data`.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// `json.loads` result (any top-level value). An empty body, or a body without a
    /// Content-Type, is `Json(Value::Object(empty))` as in DRF (a plain `{}`).
    Json(serde_json::Value),
    /// A Django `QueryDict` (urlencoded or multipart form data): keys may repeat, in order.
    Form(Vec<(String, String)>),
}

/// Why DRF/Django would refuse the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// DRF `ParseError`: 400 `{"detail": <this>}`.
    Parse(String),
    /// DRF `UnsupportedMediaType`: 415 `{"detail": <this>}`.
    UnsupportedMediaType(String),
    /// A Django `SuspiciousOperation` escaping the view (`RequestDataTooBig`,
    /// `TooManyFieldsSent`, `TooManyFilesSent`, `SuspiciousMultipartForm`): Django answers
    /// 400 `text/html; charset=utf-8` with [`BAD_REQUEST_HTML`] as the body.
    BadRequest,
}

/// Django's `DATA_UPLOAD_MAX_MEMORY_SIZE`: JSON and urlencoded bodies longer than this (by
/// Content-Length) get [`BodyError::BadRequest`]; multipart counts only its text fields.
pub const DATA_UPLOAD_MAX_MEMORY_SIZE: usize = 2_621_440;
/// Django's `DATA_UPLOAD_MAX_NUMBER_FIELDS`.
pub const DATA_UPLOAD_MAX_NUMBER_FIELDS: usize = 1000;
/// Django's `DATA_UPLOAD_MAX_NUMBER_FILES`.
const DATA_UPLOAD_MAX_NUMBER_FILES: usize = 100;
/// Django's default `handler400` page (DEBUG off), served as `text/html; charset=utf-8`.
pub const BAD_REQUEST_HTML: &str = "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Bad Request (400)</title>\n</head>\n<body>\n  <h1>Bad Request (400)</h1><p></p>\n</body>\n</html>\n";
/// Nesting at which CPython's C scanner hits the recursion limit under gunicorn + DRF
/// (measured: 965 nested containers parse, 966 raise RecursionError, which DRF turns into
/// a 500). We answer a 400 instead.
pub const MAX_JSON_DEPTH: usize = 965;
/// DRF `DefaultContentNegotiation.max_media_type_length`.
const MAX_MEDIA_TYPE_LENGTH: usize = 256;

/// Parses a fully read body the way `rest_framework.request.Request.data` does.
///
/// `content_type` is the raw Content-Type header (bytes mapped 1:1 to chars, as WSGI does);
/// `None` when absent. `body` is empty when there was no body or Content-Length was 0.
pub fn parse(content_type: Option<&str>, body: &[u8]) -> Result<Payload, BodyError> {
    // A missing header reads as '' in DRF (`META.get('CONTENT_TYPE', '')`).
    let ct = content_type.unwrap_or("");
    if body.is_empty() {
        if !ct.is_empty() && is_form_media_type(ct) {
            return Ok(Payload::Form(Vec::new()));
        }
        return Ok(Payload::Json(Value::Object(Map::new())));
    }
    let kind = select_parser(ct).ok_or_else(|| {
        BodyError::UnsupportedMediaType(format!("Unsupported media type \"{ct}\" in request."))
    })?;
    // DRF reads `request.body` (size-checked) for JSON and forms before the parser looks at
    // the charset; multipart streams and counts only its fields.
    if kind != ParserKind::MultiPart && body.len() > DATA_UPLOAD_MAX_MEMORY_SIZE {
        return Err(BodyError::BadRequest);
    }
    let codec = request_encoding(ct)?;
    match kind {
        ParserKind::Json => parse_json_body(codec, body).map(Payload::Json),
        ParserKind::Form => parse_urlencoded(codec, body).map(Payload::Form),
        ParserKind::MultiPart => parse_multipart(ct, codec, body).map(Payload::Form),
    }
}

// ---------------------------------------------------------------------------------------------
// Media types: django.utils.http.parse_header_parameters (via email.message) and DRF matching.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ParserKind {
    Json,
    Form,
    MultiPart,
}

/// `DefaultContentNegotiation.select_parser` over `[JSONParser, FormParser, MultiPartParser]`.
fn select_parser(ct: &str) -> Option<ParserKind> {
    if ct.chars().count() > MAX_MEDIA_TYPE_LENGTH {
        return None;
    }
    // `_MediaType` degrades a ValueError to a type that matches nothing.
    let full = parse_header_parameters(ct)
        .map(|(k, _)| k)
        .unwrap_or_default();
    let (main, sub) = full.split_once('/').unwrap_or((full.as_str(), ""));
    let matches = |m: &str, s: &str| (main == m || main == "*") && (sub == s || sub == "*");
    [
        ("application", "json", ParserKind::Json),
        ("application", "x-www-form-urlencoded", ParserKind::Form),
        ("multipart", "form-data", ParserKind::MultiPart),
    ]
    .into_iter()
    .find(|(m, s, _)| matches(m, s))
    .map(|(_, _, k)| k)
}

fn is_form_media_type(ct: &str) -> bool {
    if ct.chars().count() > MAX_MEDIA_TYPE_LENGTH {
        return false;
    }
    matches!(parse_header_parameters(ct), Ok((k, _)) if k == "application/x-www-form-urlencoded" || k == "multipart/form-data")
}

/// The charset Django records from Content-Type (if `codecs.lookup` knows it), then DRF's
/// `get_encoding` check that it is a text encoding.
fn request_encoding(ct: &str) -> Result<Codec, BodyError> {
    let params = parse_header_parameters(ct)
        .map(|(_, p)| p)
        .unwrap_or_default();
    let Some(charset) = param(&params, "charset") else {
        return Ok(Codec::Utf8);
    };
    match lookup_codec(charset) {
        Lookup::Text(c) => Ok(c),
        // Unknown to Python: Django silently keeps DEFAULT_CHARSET. Known to Python but not
        // implemented here: approximated by UTF-8 (exact for ASCII bodies of ASCII supersets).
        Lookup::Unknown => Ok(Codec::Utf8),
        Lookup::NonText => Err(BodyError::Parse(format!(
            "Unsupported charset \"{charset}\" in request Content-Type header."
        ))),
    }
}

/// Last value of a parameter, as the `dict` built by `parse_header_parameters` keeps it.
fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Python's `str.isspace` (also true for the separators U+001C..U+001F).
fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn py_strip(s: &str) -> &str {
    s.trim_matches(py_isspace)
}

/// `django.utils.http.parse_header_parameters`: `(lowercased main value, params)`. `Err` is
/// Python's ValueError (an RFC 2231 value naming an unknown charset).
fn parse_header_parameters(line: &str) -> Result<(String, Vec<(String, String)>), ()> {
    if line.is_empty() {
        return Ok((String::new(), Vec::new()));
    }
    if !line.contains(';') {
        return Ok((py_strip(line).to_lowercase(), Vec::new()));
    }
    let mut params = email_get_params(line)?.into_iter();
    let key = params
        .next()
        .map(|(k, _)| k.to_lowercase())
        .unwrap_or_default();
    let mut out = Vec::new();
    for (name, value) in params {
        if name.is_empty() {
            continue;
        }
        let value = match value {
            ParamValue::Plain(v) => v,
            ParamValue::Rfc2231 { charset, text } => {
                let codec = match &charset {
                    Some(cs) if !cs.is_empty() => match lookup_codec(cs) {
                        Lookup::Unknown => return Err(()),
                        Lookup::Text(c) => Some(c),
                        Lookup::NonText => None,
                    },
                    // `collapse_rfc2231_value` falls back to us-ascii.
                    _ => Some(Codec::Ascii),
                };
                collapse_rfc2231(codec, &text)
            }
        };
        out.push((name, value));
    }
    Ok((key, out))
}

enum ParamValue {
    Plain(String),
    Rfc2231 {
        charset: Option<String>,
        text: String,
    },
}

/// `email.utils.unquote`.
fn email_unquote(s: &str) -> String {
    if s.chars().count() > 1 {
        if s.starts_with('"') && s.ends_with('"') {
            return s[1..s.len() - 1]
                .replace("\\\\", "\\")
                .replace("\\\"", "\"");
        }
        if s.starts_with('<') && s.ends_with('>') {
            return s[1..s.len() - 1].to_string();
        }
    }
    s.to_string()
}

/// `email.utils.quote`.
fn email_quote(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// `email.message._parseparam`: split on `;` outside double quotes.
fn email_parseparam(s: &str) -> Vec<String> {
    let mut plist = Vec::new();
    let mut rest = format!(";{s}");
    while rest.starts_with(';') {
        rest.remove(0);
        let mut end = rest.find(';');
        while let Some(e) = end {
            let head = &rest[..e];
            let quotes = head.matches('"').count() - head.matches("\\\"").count();
            if e == 0 || quotes % 2 == 0 {
                break;
            }
            end = rest[e + 1..].find(';').map(|x| x + e + 1);
        }
        let end = end.unwrap_or(rest.len());
        let f = &rest[..end];
        let f = match f.find('=') {
            Some(i) => format!(
                "{}={}",
                py_strip(&f[..i]).to_lowercase(),
                py_strip(&f[i + 1..])
            ),
            None => f.to_string(),
        };
        plist.push(py_strip(&f).to_string());
        rest = rest[end..].to_string();
    }
    plist
}

/// `Message.get_params()` for a Content-Type-like value: parameters with RFC 2231 decoding
/// (`email.utils.decode_params`) and unquoting.
fn email_get_params(value: &str) -> Result<Vec<(String, ParamValue)>, ()> {
    let raw: Vec<(String, String)> = email_parseparam(value)
        .into_iter()
        .map(|p| match p.split_once('=') {
            Some((n, v)) => (py_strip(n).to_string(), py_strip(v).to_string()),
            None => (py_strip(&p).to_string(), String::new()),
        })
        .collect();
    let mut it = raw.into_iter();
    let mut out = Vec::new();
    if let Some((n, v)) = it.next() {
        out.push((n, ParamValue::Plain(email_unquote(&v))));
    }
    // name -> [(continuation number, value, percent-encoded)], in first-seen order.
    let mut rfc: Vec<(String, Continuations)> = Vec::new();
    for (name, value) in it {
        let encoded = name.ends_with('*');
        let value = email_unquote(&value);
        match rfc2231_name(&name) {
            Some((base, num)) => match rfc.iter_mut().find(|(n, _)| *n == base) {
                Some((_, list)) => list.push((num, value, encoded)),
                None => rfc.push((base, vec![(num, value, encoded)])),
            },
            None => {
                let quoted = format!("\"{}\"", email_quote(&value));
                out.push((name, ParamValue::Plain(email_unquote(&quoted))));
            }
        }
    }
    for (name, mut conts) in rfc {
        // Python sorts (num, value, encoded) tuples; None mixed with ints is a TypeError.
        let nones = conts.iter().filter(|c| c.0.is_none()).count();
        if nones != 0 && nones != conts.len() {
            return Err(());
        }
        conts.sort();
        let mut joined = String::new();
        let mut extended = false;
        for (_, s, encoded) in conts {
            if encoded {
                joined.push_str(&percent_decode_latin1(&s));
                extended = true;
            } else {
                joined.push_str(&s);
            }
        }
        let value = email_quote(&joined);
        if extended {
            let parts: Vec<&str> = value.splitn(3, '\'').collect();
            let (charset, text) = if parts.len() <= 2 {
                (None, value.clone())
            } else {
                (Some(parts[0].to_string()), parts[2].to_string())
            };
            let text = email_unquote(&format!("\"{text}\""));
            out.push((name, ParamValue::Rfc2231 { charset, text }));
        } else {
            out.push((
                name,
                ParamValue::Plain(email_unquote(&format!("\"{value}\""))),
            ));
        }
    }
    Ok(out)
}

/// RFC 2231 segments of one parameter: (number, value, percent-encoded).
type Continuations = Vec<(Option<u64>, String, bool)>;

/// `rfc2231_continuation`: `^(\w+)\*(([0-9]+)\*?)?$` (ASCII `\w`).
fn rfc2231_name(name: &str) -> Option<(String, Option<u64>)> {
    let (base, rest) = name.split_once('*')?;
    if base.is_empty() || !base.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    if rest.is_empty() {
        return Some((base.to_string(), None));
    }
    let digits = rest.strip_suffix('*').unwrap_or(rest);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Python's int() is unbounded; absurd continuation numbers just sort last.
    Some((base.to_string(), Some(digits.parse().unwrap_or(u64::MAX))))
}

/// `urllib.parse.unquote(s, encoding="latin-1")`.
fn percent_decode_latin1(s: &str) -> String {
    let mut out = String::new();
    for (ascii, run) in ascii_runs(s) {
        if ascii {
            out.extend(unquote_to_bytes(run).into_iter().map(char::from));
        } else {
            out.push_str(run);
        }
    }
    out
}

/// `email.utils.collapse_rfc2231_value` once the charset is known to exist.
fn collapse_rfc2231(codec: Option<Codec>, text: &str) -> String {
    match codec {
        Some(codec) => {
            // `bytes(text, 'raw-unicode-escape')`
            let mut raw = Vec::new();
            for c in text.chars() {
                match u32::from(c) {
                    n @ 0..=0xff => raw.push(n as u8),
                    n @ 0x100..=0xffff => raw.extend(format!("\\u{n:04x}").bytes()),
                    n => raw.extend(format!("\\U{n:08x}").bytes()),
                }
            }
            codec.decode_replace(&raw)
        }
        None => email_unquote(text),
    }
}

// ---------------------------------------------------------------------------------------------
// Codecs: the few Python text codecs implemented here, with CPython's error messages.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Codec {
    Utf8,
    Utf8Sig,
    Latin1,
    Ascii,
    /// `utf-16`: BOM-detected, little-endian without one.
    Utf16,
    Utf16Le,
    Utf16Be,
}

enum Lookup {
    Text(Codec),
    NonText,
    Unknown,
}

/// Python's `encodings.aliases` entries (normalized) for the codecs this module knows.
const CODEC_NAMES: &[(&str, Option<Codec>)] = {
    use Codec::*;
    &[
        ("646", Some(Ascii)),
        ("8859", Some(Latin1)),
        ("ansi_x3.4_1968", Some(Ascii)),
        ("ansi_x3.4_1986", Some(Ascii)),
        ("ansi_x3_4_1968", Some(Ascii)),
        ("ascii", Some(Ascii)),
        ("base64", None),
        ("base64_codec", None),
        ("base_64", None),
        ("bz2", None),
        ("bz2_codec", None),
        ("cp367", Some(Ascii)),
        ("cp65001", Some(Utf8)),
        ("cp819", Some(Latin1)),
        ("csascii", Some(Ascii)),
        ("csisolatin1", Some(Latin1)),
        ("hex", None),
        ("hex_codec", None),
        ("ibm367", Some(Ascii)),
        ("ibm819", Some(Latin1)),
        ("iso646_us", Some(Ascii)),
        ("iso8859", Some(Latin1)),
        ("iso8859_1", Some(Latin1)),
        ("iso_646.irv_1991", Some(Ascii)),
        ("iso_8859_1", Some(Latin1)),
        ("iso_8859_1_1987", Some(Latin1)),
        ("iso_ir_100", Some(Latin1)),
        ("iso_ir_6", Some(Ascii)),
        ("l1", Some(Latin1)),
        ("latin", Some(Latin1)),
        ("latin1", Some(Latin1)),
        ("latin_1", Some(Latin1)),
        ("quopri", None),
        ("quopri_codec", None),
        ("quoted_printable", None),
        ("quotedprintable", None),
        ("rot13", None),
        ("rot_13", None),
        ("u16", Some(Utf16)),
        ("u8", Some(Utf8)),
        ("unicodebigunmarked", Some(Utf16Be)),
        ("unicodelittleunmarked", Some(Utf16Le)),
        ("us", Some(Ascii)),
        ("us_ascii", Some(Ascii)),
        ("utf", Some(Utf8)),
        ("utf16", Some(Utf16)),
        ("utf8", Some(Utf8)),
        ("utf8_ucs2", Some(Utf8)),
        ("utf8_ucs4", Some(Utf8)),
        ("utf_16", Some(Utf16)),
        ("utf_16_be", Some(Utf16Be)),
        ("utf_16_le", Some(Utf16Le)),
        ("utf_16be", Some(Utf16Be)),
        ("utf_16le", Some(Utf16Le)),
        ("utf_8", Some(Utf8)),
        ("utf_8_sig", Some(Utf8Sig)),
        ("uu", None),
        ("uu_codec", None),
        ("zip", None),
        ("zlib", None),
        ("zlib_codec", None),
    ]
};

/// `codecs.lookup` via `encodings.normalize_encoding` and the alias table.
fn lookup_codec(name: &str) -> Lookup {
    let mut norm = String::new();
    let mut punct = false;
    for c in name.to_lowercase().chars() {
        if c.is_alphanumeric() || c == '.' {
            if punct && !norm.is_empty() {
                norm.push('_');
            }
            if c.is_ascii() {
                norm.push(c);
            }
            punct = false;
        } else {
            punct = true;
        }
    }
    let undotted = norm.replace('.', "_");
    match CODEC_NAMES
        .iter()
        .find(|(n, _)| *n == norm || *n == undotted)
    {
        Some((_, Some(c))) => Lookup::Text(*c),
        Some((_, None)) => Lookup::NonText,
        None => Lookup::Unknown,
    }
}

/// A decoding failure, as CPython's `UnicodeDecodeError` prints it.
struct DecodeError {
    codec: &'static str,
    input: Vec<u8>,
    start: usize,
    end: usize,
    reason: &'static str,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.end == self.start + 1 {
            let byte = self.input.get(self.start).copied().unwrap_or(0);
            write!(
                f,
                "'{}' codec can't decode byte 0x{byte:02x} in position {}: {}",
                self.codec, self.start, self.reason
            )
        } else {
            write!(
                f,
                "'{}' codec can't decode bytes in position {}-{}: {}",
                self.codec,
                self.start,
                self.end - 1,
                self.reason
            )
        }
    }
}

/// One step of a decoder at `pos`.
enum Step {
    Char(char, usize),
    /// A valid prefix cut short by the end of input.
    Incomplete,
    /// Invalid bytes `pos..end`.
    Invalid(usize, &'static str),
}

fn utf8_step(b: &[u8], pos: usize) -> Step {
    let rest = &b[pos..];
    let Some(&c0) = rest.first() else {
        return Step::Incomplete;
    };
    let cont = |i: usize| rest.get(i).copied();
    let is_cont = |x: u8| (0x80..=0xbf).contains(&x);
    let (len, lo, hi) = match c0 {
        0x00..=0x7f => return Step::Char(char::from(c0), 1),
        0xc2..=0xdf => (2, 0x80, 0xbf),
        0xe0 => (3, 0xa0, 0xbf),
        0xed => (3, 0x80, 0x9f),
        0xe1..=0xef => (3, 0x80, 0xbf),
        0xf0 => (4, 0x90, 0xbf),
        0xf4 => (4, 0x80, 0x8f),
        0xf1..=0xf3 => (4, 0x80, 0xbf),
        _ => return Step::Invalid(pos + 1, "invalid start byte"),
    };
    for i in 1..len {
        let Some(x) = cont(i) else {
            return Step::Incomplete;
        };
        let ok = if i == 1 {
            (lo..=hi).contains(&x)
        } else {
            is_cont(x)
        };
        if !ok {
            // CPython treats a cut-off encoded surrogate (ED A0..BF) at the end as incomplete.
            if i == 1 && c0 == 0xed && rest.len() == 2 && (0xa0..=0xbf).contains(&x) {
                return Step::Incomplete;
            }
            return Step::Invalid(pos + i, "invalid continuation byte");
        }
    }
    match std::str::from_utf8(&rest[..len])
        .ok()
        .and_then(|s| s.chars().next())
    {
        Some(ch) => Step::Char(ch, len),
        None => Step::Invalid(pos + 1, "invalid start byte"),
    }
}

fn utf16_step(b: &[u8], pos: usize, big: bool) -> Step {
    let unit = |i: usize| -> Option<u16> {
        let pair = [*b.get(i)?, *b.get(i + 1)?];
        Some(if big {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        })
    };
    let Some(u) = unit(pos) else {
        return Step::Incomplete;
    };
    match u {
        0xd800..=0xdbff => match unit(pos + 2) {
            None => Step::Incomplete,
            Some(l @ 0xdc00..=0xdfff) => {
                let c = 0x10000 + ((u32::from(u) - 0xd800) << 10) + (u32::from(l) - 0xdc00);
                char::from_u32(c).map_or(Step::Invalid(pos + 2, "illegal UTF-16 surrogate"), |ch| {
                    Step::Char(ch, 4)
                })
            }
            Some(_) => Step::Invalid(pos + 2, "illegal UTF-16 surrogate"),
        },
        0xdc00..=0xdfff => Step::Invalid(pos + 2, "illegal encoding"),
        _ => char::from_u32(u32::from(u))
            .map_or(Step::Invalid(pos + 2, "illegal encoding"), |ch| {
                Step::Char(ch, 2)
            }),
    }
}

/// How a decoder treats a truncated tail and invalid input.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `codecs.getreader(...)(stream).read()`: a truncated tail is silently dropped.
    Stream,
    /// `bytes.decode(enc)`.
    Strict,
    /// `bytes.decode(enc, 'replace')`.
    Replace,
}

impl Codec {
    fn decode_replace(self, b: &[u8]) -> String {
        // Replace mode cannot fail.
        self.decode(b, Mode::Replace).unwrap_or_default()
    }

    fn decode(self, b: &[u8], mode: Mode) -> Result<String, String> {
        match self {
            Codec::Latin1 => Ok(b.iter().copied().map(char::from).collect()),
            Codec::Ascii => {
                let mut out = String::with_capacity(b.len());
                for (i, &x) in b.iter().enumerate() {
                    if x.is_ascii() {
                        out.push(char::from(x));
                    } else if mode == Mode::Replace {
                        out.push('\u{fffd}');
                    } else {
                        return Err(DecodeError {
                            codec: "ascii",
                            input: b.to_vec(),
                            start: i,
                            end: i + 1,
                            reason: "ordinal not in range(128)",
                        }
                        .to_string());
                    }
                }
                Ok(out)
            }
            Codec::Utf8 => run_decoder("utf-8", b, 0, mode, utf8_step).map(|(s, _)| s),
            Codec::Utf8Sig => {
                let bom = b"\xef\xbb\xbf";
                if mode == Mode::Stream && b.len() < 3 && bom.starts_with(b) {
                    return Ok(String::new());
                }
                // The BOM is sliced off first, so error positions are relative to after it.
                let body = b.strip_prefix(bom).unwrap_or(b);
                run_decoder("utf-8", body, 0, mode, utf8_step).map(|(s, _)| s)
            }
            Codec::Utf16Le => run_decoder("utf-16-le", b, 0, mode, utf16_le).map(|(s, _)| s),
            Codec::Utf16Be => run_decoder("utf-16-be", b, 0, mode, utf16_be).map(|(s, _)| s),
            Codec::Utf16 => {
                // Positions in CPython's errors count the BOM.
                if b.starts_with(b"\xff\xfe") {
                    return run_decoder("utf-16-le", b, 2, mode, utf16_le).map(|(s, _)| s);
                }
                if b.starts_with(b"\xfe\xff") {
                    return run_decoder("utf-16-be", b, 2, mode, utf16_be).map(|(s, _)| s);
                }
                let (out, consumed) = run_decoder("utf-16-le", b, 0, mode, utf16_le)?;
                if mode == Mode::Stream && consumed >= 2 {
                    return Err("UTF-16 stream does not start with BOM".to_string());
                }
                Ok(out)
            }
        }
    }
}

fn utf16_le(b: &[u8], pos: usize) -> Step {
    utf16_step(b, pos, false)
}

fn utf16_be(b: &[u8], pos: usize) -> Step {
    utf16_step(b, pos, true)
}

/// Decodes `b[start..]`, returning the text and the bytes consumed (a dropped tail is not).
fn run_decoder(
    name: &'static str,
    b: &[u8],
    start: usize,
    mode: Mode,
    step: fn(&[u8], usize) -> Step,
) -> Result<(String, usize), String> {
    let mut out = String::with_capacity(b.len());
    let mut pos = start;
    while pos < b.len() {
        match step(b, pos) {
            Step::Char(c, n) => {
                out.push(c);
                pos += n;
            }
            Step::Incomplete => match mode {
                Mode::Stream => break,
                Mode::Replace => {
                    out.push('\u{fffd}');
                    pos = b.len();
                    break;
                }
                Mode::Strict => {
                    let reason = if name == "utf-8" {
                        "unexpected end of data"
                    } else {
                        "truncated data"
                    };
                    return Err(DecodeError {
                        codec: name,
                        input: b.to_vec(),
                        start: pos,
                        end: b.len(),
                        reason,
                    }
                    .to_string());
                }
            },
            Step::Invalid(end, reason) => {
                if mode == Mode::Replace {
                    out.push('\u{fffd}');
                    pos = end;
                } else {
                    return Err(DecodeError {
                        codec: name,
                        input: b.to_vec(),
                        start: pos,
                        end,
                        reason,
                    }
                    .to_string());
                }
            }
        }
    }
    Ok((out, pos))
}

// ---------------------------------------------------------------------------------------------
// JSONParser: codecs.getreader(encoding)(stream) then json.load(parse_constant=strict).

fn parse_json_body(codec: Codec, body: &[u8]) -> Result<Value, BodyError> {
    let text = codec
        .decode(body, Mode::Stream)
        .map_err(|m| BodyError::Parse(format!("JSON parse error - {m}")))?;
    let chars: Vec<char> = text.chars().collect();
    json_loads(&chars)
        .map_err(|e| BodyError::Parse(format!("JSON parse error - {}", e.render(&chars))))
}

enum JsonError {
    /// A `JSONDecodeError(msg, doc, pos)`.
    At(&'static str, usize),
    /// Any other ValueError text, printed as is.
    Plain(String),
}

impl JsonError {
    fn render(&self, s: &[char]) -> String {
        match self {
            JsonError::At(msg, pos) => {
                let pos = *pos;
                let before = &s[..pos.min(s.len())];
                let line = before.iter().filter(|&&c| c == '\n').count() + 1;
                let col = match before.iter().rposition(|&c| c == '\n') {
                    Some(nl) => pos - nl,
                    None => pos + 1,
                };
                format!("{msg}: line {line} column {col} (char {pos})")
            }
            JsonError::Plain(m) => m.clone(),
        }
    }
}

const EXPECTING_VALUE: &str = "Expecting value";
const EXPECTING_COMMA: &str = "Expecting ',' delimiter";

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn skip_ws(s: &[char], mut i: usize) -> usize {
    while i < s.len() && is_ws(s[i]) {
        i += 1;
    }
    i
}

/// `json.loads(text)` with CPython 3.11's C scanner, iteratively.
fn json_loads(s: &[char]) -> Result<Value, JsonError> {
    if s.first() == Some(&'\u{feff}') {
        return Err(JsonError::At(
            "Unexpected UTF-8 BOM (decode using utf-8-sig)",
            0,
        ));
    }
    let (value, end) = scan(s, skip_ws(s, 0))?;
    let end = skip_ws(s, end);
    if end != s.len() {
        return Err(JsonError::At("Extra data", end));
    }
    Ok(value)
}

enum Frame {
    Array(Vec<Value>),
    Object(Map<String, Value>, String),
}

enum Start {
    Done(Value, usize),
    Array(usize),
    Object(usize),
}

fn scan(s: &[char], mut idx: usize) -> Result<(Value, usize), JsonError> {
    let mut stack: Vec<Frame> = Vec::new();
    'value: loop {
        let (mut value, mut next) = match scan_start(s, idx)? {
            Start::Done(v, n) => (v, n),
            Start::Array(after) => {
                if stack.len() >= MAX_JSON_DEPTH {
                    return Err(JsonError::Plain("maximum recursion depth exceeded while decoding a JSON array from a unicode string".into()));
                }
                let i = skip_ws(s, after);
                if s.get(i) == Some(&']') {
                    (Value::Array(Vec::new()), i + 1)
                } else {
                    stack.push(Frame::Array(Vec::new()));
                    idx = i;
                    continue 'value;
                }
            }
            Start::Object(after) => {
                if stack.len() >= MAX_JSON_DEPTH {
                    return Err(JsonError::Plain("maximum recursion depth exceeded while decoding a JSON object from a unicode string".into()));
                }
                let i = skip_ws(s, after);
                if s.get(i) == Some(&'}') {
                    (Value::Object(Map::new()), i + 1)
                } else {
                    let (key, i) = scan_key(s, i)?;
                    stack.push(Frame::Object(Map::new(), key));
                    idx = i;
                    continue 'value;
                }
            }
        };
        // Hand the finished value to its container(s).
        loop {
            match stack.last_mut() {
                None => return Ok((value, next)),
                Some(Frame::Array(items)) => {
                    items.push(value);
                    let i = skip_ws(s, next);
                    match s.get(i) {
                        Some(']') => {
                            value = Value::Array(std::mem::take(items));
                            next = i + 1;
                            stack.pop();
                        }
                        Some(',') => {
                            idx = skip_ws(s, i + 1);
                            continue 'value;
                        }
                        _ => return Err(JsonError::At(EXPECTING_COMMA, i)),
                    }
                }
                Some(Frame::Object(map, key)) => {
                    // Duplicate keys: the last value wins, at the first key's position.
                    map.insert(std::mem::take(key), value);
                    let i = skip_ws(s, next);
                    match s.get(i) {
                        Some('}') => {
                            value = Value::Object(std::mem::take(map));
                            next = i + 1;
                            stack.pop();
                        }
                        Some(',') => {
                            let (k, i) = scan_key(s, skip_ws(s, i + 1))?;
                            *key = k;
                            idx = i;
                            continue 'value;
                        }
                        _ => return Err(JsonError::At(EXPECTING_COMMA, i)),
                    }
                }
            }
        }
    }
}

/// A key, its `:` and the whitespace after it; returns where the value starts.
fn scan_key(s: &[char], i: usize) -> Result<(String, usize), JsonError> {
    if s.get(i) != Some(&'"') {
        return Err(JsonError::At(
            "Expecting property name enclosed in double quotes",
            i,
        ));
    }
    let (key, i) = scan_string(s, i + 1)?;
    let i = skip_ws(s, i);
    if s.get(i) != Some(&':') {
        return Err(JsonError::At("Expecting ':' delimiter", i));
    }
    Ok((key, skip_ws(s, i + 1)))
}

fn has_word(s: &[char], idx: usize, word: &str) -> bool {
    let n = word.chars().count();
    // CPython requires idx + n - 1 < len, i.e. the whole word in range.
    idx + n <= s.len() && s[idx..idx + n].iter().copied().eq(word.chars())
}

/// `scan_once`: a scalar, or the position after an opening bracket.
fn scan_start(s: &[char], idx: usize) -> Result<Start, JsonError> {
    let Some(&c) = s.get(idx) else {
        return Err(JsonError::At(EXPECTING_VALUE, idx));
    };
    let constant = |name: &str| {
        JsonError::Plain(format!(
            "Out of range float values are not JSON compliant: '{name}'"
        ))
    };
    match c {
        '"' => {
            let (v, n) = scan_string(s, idx + 1)?;
            return Ok(Start::Done(Value::String(v), n));
        }
        '{' => return Ok(Start::Object(idx + 1)),
        '[' => return Ok(Start::Array(idx + 1)),
        'n' if has_word(s, idx, "null") => return Ok(Start::Done(Value::Null, idx + 4)),
        't' if has_word(s, idx, "true") => return Ok(Start::Done(Value::Bool(true), idx + 4)),
        'f' if has_word(s, idx, "false") => return Ok(Start::Done(Value::Bool(false), idx + 5)),
        'N' if has_word(s, idx, "NaN") => return Err(constant("NaN")),
        'I' if has_word(s, idx, "Infinity") => return Err(constant("Infinity")),
        '-' if has_word(s, idx, "-Infinity") => return Err(constant("-Infinity")),
        _ => {}
    }
    scan_number(s, idx).map(|(v, n)| Start::Done(v, n))
}

/// `_match_number_unicode`, including its quirks at the end of input.
fn scan_number(s: &[char], start: usize) -> Result<(Value, usize), JsonError> {
    let len = s.len();
    let digit = |i: usize| s.get(i).is_some_and(|c| c.is_ascii_digit());
    let mut idx = start;
    if s.get(idx) == Some(&'-') {
        idx += 1;
        if idx >= len {
            return Err(JsonError::At(EXPECTING_VALUE, start));
        }
    }
    match s.get(idx) {
        Some('1'..='9') => {
            idx += 1;
            while digit(idx) {
                idx += 1;
            }
        }
        Some('0') => idx += 1,
        _ => return Err(JsonError::At(EXPECTING_VALUE, start)),
    }
    let mut is_float = false;
    if idx + 1 < len && s[idx] == '.' && digit(idx + 1) {
        is_float = true;
        idx += 2;
        while digit(idx) {
            idx += 1;
        }
    }
    if idx + 1 < len && (s[idx] == 'e' || s[idx] == 'E') {
        let e_start = idx;
        idx += 1;
        if idx + 1 < len && (s[idx] == '-' || s[idx] == '+') {
            idx += 1;
        }
        while digit(idx) {
            idx += 1;
        }
        if digit(idx - 1) {
            is_float = true;
        } else {
            idx = e_start;
        }
    }
    let text: String = s[start..idx].iter().collect();
    let value = if is_float {
        // Python's float() and Rust's parse are both correctly rounded.
        text.parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map_or(Value::Null, Value::Number)
    } else {
        let digits = text.trim_start_matches('-').len();
        if digits > 4300 {
            return Err(JsonError::Plain(format!(
                "Exceeds the limit (4300 digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
            )));
        }
        if let Ok(i) = text.parse::<i64>() {
            Value::Number(i.into())
        } else if let Ok(u) = text.parse::<u64>() {
            Value::Number(u.into())
        } else {
            text.parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map_or(Value::Null, Value::Number)
        }
    };
    Ok((value, idx))
}

/// `scanstring_unicode` (strict): `end` is just after the opening quote.
fn scan_string(s: &[char], mut end: usize) -> Result<(String, usize), JsonError> {
    let len = s.len();
    let begin = end - 1;
    let mut out = String::new();
    loop {
        let mut next = end;
        while next < len {
            let d = s[next];
            if d == '"' || d == '\\' {
                break;
            }
            if u32::from(d) <= 0x1f {
                return Err(JsonError::At("Invalid control character at", next));
            }
            next += 1;
        }
        if next >= len {
            return Err(JsonError::At("Unterminated string starting at", begin));
        }
        out.extend(&s[end..next]);
        let c = s[next];
        next += 1;
        if c == '"' {
            return Ok((out, next));
        }
        if next == len {
            return Err(JsonError::At("Unterminated string starting at", begin));
        }
        let esc = s[next];
        if esc != 'u' {
            end = next + 1;
            let ch = match esc {
                '"' => '"',
                '\\' => '\\',
                '/' => '/',
                'b' => '\u{8}',
                'f' => '\u{c}',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                _ => return Err(JsonError::At("Invalid \\escape", end - 2)),
            };
            out.push(ch);
            continue;
        }
        next += 1;
        end = next + 4;
        if end >= len {
            return Err(JsonError::At("Invalid \\uXXXX escape", next - 1));
        }
        let hex4 = |from: usize, end: usize| -> Result<u32, JsonError> {
            s[from..from + 4].iter().try_fold(0u32, |acc, d| {
                d.to_digit(16)
                    .map(|v| acc * 16 + v)
                    .ok_or(JsonError::At("Invalid \\uXXXX escape", end - 5))
            })
        };
        let mut cp = hex4(next, end)?;
        next = end;
        if (0xd800..=0xdbff).contains(&cp) && end + 6 < len && s[next] == '\\' && s[next + 1] == 'u'
        {
            let end2 = end + 6;
            let c2 = hex4(next + 2, end2)?;
            if (0xdc00..=0xdfff).contains(&c2) {
                cp = 0x10000 + ((cp - 0xd800) << 10) + (c2 - 0xdc00);
                end = end2;
            }
        }
        // A lone surrogate is a legal Python str but not a Rust one.
        out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
    }
}

// ---------------------------------------------------------------------------------------------
// FormParser: QueryDict(body, encoding) = urllib.parse.parse_qsl(keep_blank_values=True).

fn parse_urlencoded(codec: Codec, body: &[u8]) -> Result<Vec<(String, String)>, BodyError> {
    // Misbehaving user agents: Django falls back to latin-1 for the whole body.
    let qs = codec
        .decode(body, Mode::Strict)
        .unwrap_or_else(|_| body.iter().copied().map(char::from).collect());
    if qs.is_empty() {
        return Ok(Vec::new());
    }
    if 1 + qs.matches('&').count() > DATA_UPLOAD_MAX_NUMBER_FIELDS {
        return Err(BodyError::BadRequest);
    }
    let mut out = Vec::new();
    for field in qs.split('&').filter(|f| !f.is_empty()) {
        let (name, value) = field.split_once('=').unwrap_or((field, ""));
        out.push((
            unquote(&name.replace('+', " "), codec),
            unquote(&value.replace('+', " "), codec),
        ));
    }
    Ok(out)
}

/// Maximal runs of ASCII / non-ASCII characters (`_asciire.split`).
fn ascii_runs(s: &str) -> impl Iterator<Item = (bool, &str)> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let ascii = first.is_ascii();
        let end = rest
            .find(|c: char| c.is_ascii() != ascii)
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some((ascii, run))
    })
}

/// `urllib.parse.unquote(s, encoding, errors='replace')`.
fn unquote(s: &str, codec: Codec) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for (ascii, run) in ascii_runs(s) {
        if ascii {
            out.push_str(&codec.decode_replace(&unquote_to_bytes(run)));
        } else {
            out.push_str(run);
        }
    }
    out
}

fn unquote_to_bytes(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |x: Option<&u8>| x.and_then(|&c| char::from(c).to_digit(16));
            if let (Some(h), Some(l)) = (hex(b.get(i + 1)), hex(b.get(i + 2))) {
                // Both digits are < 16, so this fits a byte.
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// MultiPartParser: a faithful port of django.http.multipartparser's stream machinery, since
// its chunking and "unget" bookkeeping decide what a malformed body turns into.

/// Upload handlers' `chunk_size` (64 KiB): the size of reads from the request.
const CHUNK_SIZE: usize = 64 * 1024;
const MAX_TOTAL_HEADER_SIZE: usize = 1024;

enum MpError {
    Parser(String),
    Suspicious,
}

impl From<MpError> for BodyError {
    fn from(e: MpError) -> Self {
        match e {
            MpError::Parser(m) => BodyError::Parse(format!("Multipart form parse error - {m}")),
            MpError::Suspicious => BodyError::BadRequest,
        }
    }
}

trait Producer {
    fn produce(&mut self) -> Result<Option<Vec<u8>>, MpError>;
}

/// `ChunkIter` over the in-memory body.
struct ChunkIter<'a> {
    data: &'a [u8],
}

impl Producer for ChunkIter<'_> {
    fn produce(&mut self) -> Result<Option<Vec<u8>>, MpError> {
        if self.data.is_empty() {
            return Ok(None);
        }
        let n = self.data.len().min(CHUNK_SIZE);
        let (head, tail) = self.data.split_at(n);
        self.data = tail;
        Ok(Some(head.to_vec()))
    }
}

/// `LazyStream`.
struct LazyStream<P> {
    producer: P,
    leftover: Vec<u8>,
    unget_history: Vec<usize>,
}

impl<P: Producer> LazyStream<P> {
    fn new(producer: P) -> Self {
        LazyStream {
            producer,
            leftover: Vec::new(),
            unget_history: Vec::new(),
        }
    }

    fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, MpError> {
        if !self.leftover.is_empty() {
            return Ok(Some(std::mem::take(&mut self.leftover)));
        }
        let out = self.producer.produce()?;
        self.unget_history.clear();
        Ok(out)
    }

    fn read(&mut self, size: Option<usize>) -> Result<Vec<u8>, MpError> {
        let mut out = Vec::new();
        match size {
            None => {
                while let Some(chunk) = self.next_chunk()? {
                    out.extend_from_slice(&chunk);
                }
            }
            Some(mut remaining) => {
                while remaining != 0 {
                    let Some(chunk) = self.next_chunk()? else {
                        break;
                    };
                    let n = remaining.min(chunk.len());
                    self.unget(&chunk[n..])?;
                    out.extend_from_slice(&chunk[..n]);
                    remaining -= n;
                }
            }
        }
        Ok(out)
    }

    fn unget(&mut self, bytes: &[u8]) -> Result<(), MpError> {
        if bytes.is_empty() {
            return Ok(());
        }
        // Django's guard against a parser stuck re-reading the same bytes.
        self.unget_history.insert(0, bytes.len());
        self.unget_history.truncate(50);
        if self
            .unget_history
            .iter()
            .filter(|&&n| n == bytes.len())
            .count()
            > 40
        {
            return Err(MpError::Suspicious);
        }
        let mut joined = bytes.to_vec();
        joined.append(&mut self.leftover);
        self.leftover = joined;
        Ok(())
    }

    fn exhaust(&mut self) -> Result<(), MpError> {
        while self.next_chunk()?.is_some() {}
        Ok(())
    }
}

/// `BoundaryIter`: yields the bytes before the next boundary.
struct BoundaryIter<'s, 'a> {
    stream: &'s mut LazyStream<ChunkIter<'a>>,
    boundary: &'s [u8],
    done: bool,
}

impl<'s, 'a> BoundaryIter<'s, 'a> {
    /// `None` is `InputStreamExhausted`.
    fn new(
        stream: &'s mut LazyStream<ChunkIter<'a>>,
        boundary: &'s [u8],
    ) -> Result<Option<Self>, MpError> {
        let first = stream.read(Some(1))?;
        if first.is_empty() {
            return Ok(None);
        }
        stream.unget(&first)?;
        Ok(Some(BoundaryIter {
            stream,
            boundary,
            done: false,
        }))
    }

    fn find_boundary(&self, data: &[u8]) -> Option<(usize, usize)> {
        let index = find(data, self.boundary)?;
        let mut end = index;
        let next = index + self.boundary.len();
        if data.get(end.saturating_sub(1)) == Some(&b'\n') {
            end = end.saturating_sub(1);
        }
        if data.get(end.saturating_sub(1)) == Some(&b'\r') {
            end = end.saturating_sub(1);
        }
        Some((end, next))
    }
}

impl Producer for BoundaryIter<'_, '_> {
    fn produce(&mut self) -> Result<Option<Vec<u8>>, MpError> {
        if self.done {
            return Ok(None);
        }
        let rollback = self.boundary.len() + 6;
        let mut chunk = Vec::new();
        let mut got_any = false;
        loop {
            match self.stream.next_chunk()? {
                Some(bytes) => {
                    got_any = true;
                    let empty = bytes.is_empty();
                    chunk.extend_from_slice(&bytes);
                    if chunk.len() > rollback || empty {
                        break;
                    }
                }
                None => {
                    self.done = true;
                    break;
                }
            }
        }
        if !got_any {
            return Ok(None);
        }
        if let Some((end, next)) = self.find_boundary(&chunk) {
            self.stream.unget(&chunk[next..])?;
            self.done = true;
            chunk.truncate(end);
            return Ok(Some(chunk));
        }
        if chunk.len() <= rollback {
            self.done = true;
            return Ok(Some(chunk));
        }
        let keep = chunk.len() - rollback;
        self.stream.unget(&chunk[keep..])?;
        chunk.truncate(keep);
        Ok(Some(chunk))
    }
}

/// First occurrence of `needle` (Knuth-Morris-Pratt: linear even for hostile bodies).
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    let mut fail = vec![0usize; needle.len()];
    let mut k = 0;
    for i in 1..needle.len() {
        while k > 0 && needle[i] != needle[k] {
            k = fail[k - 1];
        }
        if needle[i] == needle[k] {
            k += 1;
        }
        fail[i] = k;
    }
    let mut k = 0;
    for (i, &b) in hay.iter().enumerate() {
        while k > 0 && b != needle[k] {
            k = fail[k - 1];
        }
        if b == needle[k] {
            k += 1;
            if k == needle.len() {
                return Some(i + 1 - k);
            }
        }
    }
    None
}

#[derive(PartialEq, Eq)]
enum ItemType {
    Raw,
    Field,
    File,
}

/// One part's headers: lowercased name -> (value, params with utf-8 encoded values).
type PartHeaders = Vec<(String, PartHeader)>;
/// A header's value and its parameters.
type PartHeader = (String, Vec<(String, Vec<u8>)>);

fn header<'h>(h: &'h PartHeaders, name: &str) -> Option<&'h PartHeader> {
    h.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// `parse_boundary_stream`.
fn parse_boundary_stream<P: Producer>(
    stream: &mut LazyStream<P>,
) -> Result<(ItemType, PartHeaders), MpError> {
    let chunk = stream.read(Some(MAX_TOTAL_HEADER_SIZE))?;
    let Some(header_end) = find(&chunk, b"\r\n\r\n") else {
        stream.unget(&chunk)?;
        if chunk.len() < MAX_TOTAL_HEADER_SIZE {
            return Ok((ItemType::Raw, Vec::new()));
        }
        return Err(MpError::Parser(
            "Request max total header size exceeded.".into(),
        ));
    };
    stream.unget(&chunk[header_end + 4..])?;
    let mut item = ItemType::Raw;
    let mut out: PartHeaders = Vec::new();
    for line in split_crlf(&chunk[..header_end]) {
        let Ok(line) = std::str::from_utf8(line) else {
            continue;
        };
        let Ok((main, params)) = parse_header_parameters(line) else {
            continue;
        };
        let Some((name, value)) = main.split_once(':') else {
            continue;
        };
        let params: Vec<(String, Vec<u8>)> = params
            .into_iter()
            .map(|(k, v)| (k, v.into_bytes()))
            .collect();
        if name == "content-disposition" {
            item = ItemType::Field;
            if param_bytes(&params, "filename").is_some_and(|f| !f.is_empty()) {
                item = ItemType::File;
            }
        }
        out.retain(|(k, _)| k != name);
        out.push((name.to_string(), (value.to_string(), params)));
    }
    if item == ItemType::Raw {
        stream.unget(&chunk)?;
    }
    Ok((item, out))
}

fn split_crlf(b: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = b;
    while let Some(i) = find(rest, b"\r\n") {
        out.push(&rest[..i]);
        rest = &rest[i + 2..];
    }
    out.push(rest);
    out
}

fn param_bytes<'p>(params: &'p [(String, Vec<u8>)], name: &str) -> Option<&'p [u8]> {
    params
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_slice())
}

/// Python's `bytes.strip()`.
fn strip_ascii_ws(b: &[u8]) -> &[u8] {
    let ws = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c');
    let start = b.iter().position(|c| !ws(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !ws(c)).map_or(start, |e| e + 1);
    &b[start..end]
}

fn parse_multipart(
    ct: &str,
    codec: Codec,
    body: &[u8],
) -> Result<Vec<(String, String)>, BodyError> {
    if !ct.starts_with("multipart/") {
        return Err(MpError::Parser(format!("Invalid Content-Type: {ct}")).into());
    }
    if !ct.is_ascii() {
        return Err(
            MpError::Parser(format!("Invalid non-ASCII Content-Type in multipart: {ct}")).into(),
        );
    }
    let params = parse_header_parameters(ct)
        .map(|(_, p)| p)
        .unwrap_or_default();
    let boundary = param(&params, "boundary");
    let valid = boundary.is_some_and(|b| {
        let n = b.chars().count();
        (1..=201).contains(&n) && b.chars().all(|c| (' '..='~').contains(&c)) && !b.ends_with(' ')
    });
    let Some(boundary) = boundary.filter(|_| valid) else {
        return Err(MpError::Parser(format!(
            "Invalid boundary in multipart: {}",
            boundary.unwrap_or("None")
        ))
        .into());
    };
    let separator = [b"--".as_slice(), boundary.as_bytes()].concat();
    Ok(multipart_fields(&separator, codec, body)?)
}

/// `MultiPartParser._parse`, keeping only the text fields (`request.POST`).
fn multipart_fields(
    separator: &[u8],
    codec: Codec,
    body: &[u8],
) -> Result<Vec<(String, String)>, MpError> {
    let mut stream = LazyStream::new(ChunkIter { data: body });
    let mut fields = Vec::new();
    let mut num_bytes_read = 0usize;
    let mut num_post_keys = 0usize;
    let mut num_files = 0usize;
    while let Some(iter) = BoundaryIter::new(&mut stream, separator)? {
        let mut part = LazyStream::new(iter);
        let (item, headers) = parse_boundary_stream(&mut part)?;
        if item != ItemType::File {
            num_post_keys += 1;
            if DATA_UPLOAD_MAX_NUMBER_FIELDS + 2 < num_post_keys {
                return Err(MpError::Suspicious);
            }
        }
        let Some((_, disposition)) = header(&headers, "content-disposition") else {
            continue;
        };
        let Some(name) = param_bytes(disposition, "name") else {
            continue;
        };
        let field_name = codec.decode_replace(strip_ascii_ws(name));
        let transfer_encoding =
            header(&headers, "content-transfer-encoding").map(|(v, _)| py_strip(v).to_string());
        match item {
            ItemType::Field => {
                let read_size = DATA_UPLOAD_MAX_MEMORY_SIZE.saturating_sub(num_bytes_read);
                let raw = part.read(Some(read_size))?;
                num_bytes_read += raw.len();
                let data = if transfer_encoding.as_deref() == Some("base64") {
                    b64decode(&raw).unwrap_or(raw)
                } else {
                    raw
                };
                num_bytes_read += field_name.chars().count() + 2;
                if num_bytes_read > DATA_UPLOAD_MAX_MEMORY_SIZE {
                    return Err(MpError::Suspicious);
                }
                fields.push((field_name, codec.decode_replace(&data)));
            }
            ItemType::File => {
                num_files += 1;
                if num_files > DATA_UPLOAD_MAX_NUMBER_FILES {
                    return Err(MpError::Suspicious);
                }
                let file_name =
                    param_bytes(disposition, "filename").map(|f| codec.decode_replace(f));
                if !file_name.as_deref().is_some_and(file_name_survives) {
                    continue;
                }
                // Files land in request.FILES, not in the fields; consume the part as Django does.
                if transfer_encoding.as_deref() == Some("base64") {
                    let mut remainder: Vec<u8> = Vec::new();
                    while let Some(chunk) = part.next_chunk()? {
                        remainder.extend(
                            chunk
                                .iter()
                                .filter(|c| !c.is_ascii_whitespace() && **c != b'\x0b'),
                        );
                        let aligned = remainder.len() / 4 * 4;
                        if aligned == 0 {
                            continue;
                        }
                        if b64decode(&remainder[..aligned]).is_none() {
                            return Err(MpError::Parser("Could not decode base64 data.".into()));
                        }
                        remainder.drain(..aligned);
                    }
                    if !remainder.is_empty() {
                        return Err(MpError::Parser("Could not decode base64 data.".into()));
                    }
                } else {
                    part.exhaust()?;
                }
            }
            ItemType::Raw => part.exhaust()?,
        }
    }
    Ok(fields)
}

/// Whether `sanitize_file_name` keeps a name (approximating `html.unescape` by the common
/// entities and `str.isprintable` by "not a control or separator character").
fn file_name_survives(name: &str) -> bool {
    let unescaped = name
        .replace("&#46;", ".")
        .replace("&period;", ".")
        .replace("&#47;", "/")
        .replace("&sol;", "/")
        .replace("&#92;", "\\")
        .replace("&bsol;", "\\");
    let last = unescaped.rsplit('/').next().unwrap_or("");
    let last = last.rsplit('\\').next().unwrap_or("");
    let kept: String = last
        .chars()
        .filter(|&c| c == ' ' || !(c.is_control() || c.is_whitespace()))
        .collect();
    !matches!(kept.as_str(), "" | "." | "..")
}

/// `base64.b64decode` (non-strict `binascii.a2b_base64`); `None` is `binascii.Error`.
fn b64decode(data: &[u8]) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(u32::from(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    };
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    let mut quad_pos = 0;
    let mut left = 0u32;
    let mut pads = 0;
    for &c in data {
        if c == b'=' {
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    return Some(out);
                }
            }
            continue;
        }
        let Some(v) = value(c) else {
            continue;
        };
        pads = 0;
        // Each push keeps the low 8 bits, as C's unsigned char store does.
        match quad_pos {
            0 => {
                left = v;
                quad_pos = 1;
            }
            1 => {
                out.push(((left << 2) | (v >> 4)) as u8);
                left = v & 0x0f;
                quad_pos = 2;
            }
            2 => {
                out.push(((left << 4) | (v >> 2)) as u8);
                left = v & 0x03;
                quad_pos = 3;
            }
            _ => {
                out.push(((left << 6) | v) as u8);
                left = 0;
                quad_pos = 0;
            }
        }
    }
    (quad_pos == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected outcomes recorded from real DRF 3.18.3 / Django 5.2 / CPython 3.11 by
    /// `/work/scratch/body-py/gen.py` (not shipped): `ct`, hex `body`, `expect`.
    const VECTORS: &str = include_str!("body_vectors.json");

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len() / 2)
            .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
            .collect()
    }

    /// A `QueryDict.lists()` view of ordered pairs.
    fn grouped(pairs: &[(String, String)]) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for (k, v) in pairs {
            match out.iter_mut().find(|(key, _)| key == k) {
                Some((_, vals)) => vals.push(v.clone()),
                None => out.push((k.clone(), vec![v.clone()])),
            }
        }
        out
    }

    fn check(v: &Value) -> Result<(), String> {
        let ct = v["ct"].as_str();
        let body = unhex(v["body"].as_str().unwrap());
        let exp = &v["expect"];
        let got = parse(ct, &body);
        let ok = match (exp["kind"].as_str().unwrap(), &got) {
            ("json", Ok(Payload::Json(j))) => {
                *j == serde_json::from_str::<Value>(exp["value"].as_str().unwrap()).unwrap()
            }
            ("form", Ok(Payload::Form(pairs))) => {
                let want: Vec<(String, Vec<String>)> =
                    serde_json::from_value(exp["lists"].clone()).unwrap();
                grouped(pairs) == want
            }
            ("parse", Err(BodyError::Parse(d))) => d == exp["detail"].as_str().unwrap(),
            ("415", Err(BodyError::UnsupportedMediaType(d))) => {
                d == exp["detail"].as_str().unwrap()
            }
            ("bad_request", Err(BodyError::BadRequest)) => true,
            // Real DRF crashes (500) before or while parsing; any outcome is acceptable.
            ("500", _) => true,
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            Err(format!(
                "ct={ct:?} body={:?}\n  want {exp}\n  got  {got:?}",
                String::from_utf8_lossy(&body)
            ))
        }
    }

    #[test]
    fn differential_vectors() {
        let vectors: Vec<Value> = serde_json::from_str(VECTORS).unwrap();
        let failures: Vec<String> = vectors.iter().filter_map(|v| check(v).err()).collect();
        assert!(
            failures.is_empty(),
            "{} of {} vectors differ:\n{}",
            failures.len(),
            vectors.len(),
            failures.join("\n")
        );
    }

    fn multipart(n: usize, size: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for i in 0..n {
            out.extend(
                format!("--B\r\nContent-Disposition: form-data; name=\"k{i}\"\r\n\r\n").bytes(),
            );
            out.extend(std::iter::repeat_n(b'v', size));
            out.extend(b"\r\n");
        }
        out.extend(b"--B--\r\n");
        out
    }

    /// Outcomes checked against DRF with the same generated bodies (body-py/limits.py).
    #[test]
    fn django_limits() {
        let form = |n: usize| {
            (0..n)
                .map(|i| format!("a{i}=1"))
                .collect::<Vec<_>>()
                .join("&")
        };
        let f = Some("application/x-www-form-urlencoded");
        let j = Some("application/json");
        let m = Some("multipart/form-data; boundary=B");
        assert!(matches!(parse(f, form(1000).as_bytes()), Ok(Payload::Form(p)) if p.len() == 1000));
        assert_eq!(parse(f, form(1001).as_bytes()), Err(BodyError::BadRequest));
        assert_eq!(parse(f, &[b'&'; 999]), Ok(Payload::Form(Vec::new())));
        assert_eq!(parse(f, &[b'&'; 1000]), Err(BodyError::BadRequest));
        let json = |n: usize| [b"\"".as_slice(), &vec![b'x'; n - 2], b"\""].concat();
        assert!(parse(j, &json(DATA_UPLOAD_MAX_MEMORY_SIZE)).is_ok());
        assert_eq!(
            parse(j, &json(DATA_UPLOAD_MAX_MEMORY_SIZE + 1)),
            Err(BodyError::BadRequest)
        );
        assert_eq!(
            parse(f, &json(DATA_UPLOAD_MAX_MEMORY_SIZE + 1)),
            Err(BodyError::BadRequest)
        );
        // The size check comes before the charset check.
        let base64 = Some("application/json; charset=base64");
        assert_eq!(
            parse(base64, &json(DATA_UPLOAD_MAX_MEMORY_SIZE + 1)),
            Err(BodyError::BadRequest)
        );
        assert!(matches!(parse(m, &multipart(1000, 1)), Ok(Payload::Form(p)) if p.len() == 1000));
        assert!(matches!(parse(m, &multipart(200, 1)), Ok(Payload::Form(p)) if p.len() == 200));
        assert_eq!(parse(m, &multipart(1001, 1)), Err(BodyError::BadRequest));
        assert_eq!(
            parse(m, &multipart(1, DATA_UPLOAD_MAX_MEMORY_SIZE)),
            Err(BodyError::BadRequest)
        );
        assert!(
            matches!(parse(m, &multipart(1, DATA_UPLOAD_MAX_MEMORY_SIZE - 4)), Ok(Payload::Form(p)) if p[0].1.len() == DATA_UPLOAD_MAX_MEMORY_SIZE - 4)
        );
        // A body without Content-Type is refused, as gunicorn + DRF do.
        assert_eq!(
            parse(None, b"{}"),
            Err(BodyError::UnsupportedMediaType(
                "Unsupported media type \"\" in request.".into()
            ))
        );
        assert_eq!(
            parse(None, b""),
            Ok(Payload::Json(Value::Object(Map::new())))
        );
    }

    #[test]
    fn nesting_limit() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(Some("application/json"), nested(MAX_JSON_DEPTH).as_bytes()).is_ok());
        let deep = parse(
            Some("application/json"),
            nested(MAX_JSON_DEPTH + 1).as_bytes(),
        );
        assert!(matches!(deep, Err(BodyError::Parse(d)) if d.contains("maximum recursion depth")));
        let objects = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
        assert!(matches!(
            parse(Some("application/json"), objects.as_bytes()),
            Err(BodyError::Parse(_))
        ));
    }

    #[test]
    fn find_matches_naive_search() {
        let naive = |h: &[u8], n: &[u8]| h.windows(n.len()).position(|w| w == n);
        for (h, n) in [
            (&b"aaab"[..], &b"aab"[..]),
            (b"abababc", b"ababc"),
            (b"xx", b"xxx"),
            (b"--B--B", b"--B"),
            (b"abcabd", b"abd"),
        ] {
            assert_eq!(find(h, n), naive(h, n));
        }
    }

    /// Never panics, whatever the bytes (xorshift, so the run is reproducible).
    #[test]
    fn random_bytes_never_panic() {
        let cts = [
            "application/json",
            "application/json; charset=utf-16",
            "application/json; charset=utf-8-sig",
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=utf-16be",
            "multipart/form-data; boundary=B",
            "multipart/form-data; boundary=\"a;b\"",
            "text/plain",
        ];
        let alphabet =
            b"{}[]\":,\\ntrufalsNI0123456789-+.eE%&=+\r\n-B;\"' \xff\xfe\xc3\xa9\xed\xa0\x00u";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 64) as usize;
            let raw = next() % 2 == 0;
            let body: Vec<u8> = (0..len)
                .map(|_| {
                    let r = next();
                    if raw {
                        r as u8
                    } else {
                        alphabet[(r % alphabet.len() as u64) as usize]
                    }
                })
                .collect();
            let ct = cts[(next() % cts.len() as u64) as usize];
            let _ = parse(Some(ct), &body);
            let header: String = body.iter().map(|&b| char::from(b)).collect();
            let _ = parse(Some(&header), b"x=1");
            let _ = parse(
                Some(&format!("multipart/form-data; boundary={header}")),
                &body,
            );
        }
    }
}
