//! JWT minting and validation, wire-identical to djangorestframework-simplejwt 5.5.1 on
//! PyJWT 2.15.1 with the reference settings (HS256, leeway 0, no audience, no issuer,
//! `USER_ID_CLAIM = "user_id"`, `JTI_CLAIM = "jti"`, `TOKEN_TYPE_CLAIM = "token_type"`).
//!
//! The clock is never read here: callers pass `now` / `iat` in epoch seconds (floor of the
//! real time; PyJWT compares integer claims against a float `now`, which is equivalent).
//!
//! Decoding mirrors `jwt.decode` step by step (segment split, strict base64url with optional
//! padding, `json.loads` on bytes including its encoding sniffing, header checks, HMAC,
//! claim checks in PyJWT's order, Python `int()` coercion of time claims), then simplejwt's
//! `Token.verify`. JSON is parsed by a small parser with Python `json` semantics
//! (NaN/Infinity literals, arbitrary-size integers, lone surrogates, last duplicate key wins)
//! because serde_json accepts and rejects different documents.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jsonwebtoken::{crypto, Algorithm, DecodingKey, EncodingKey};
use rand::RngCore;

/// simplejwt `USER_ID_CLAIM`: the payload key holding the user's id.
pub const USER_ID_CLAIM: &str = "user_id";

/// base64url of `{"alg":"HS256","typ":"JWT"}`, the header PyJWT writes (keys sorted).
const HEADER_B64: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

/// Python's json scanner raises RecursionError (caught by PyJWT as "invalid") once nesting
/// exhausts the interpreter's 1000-frame budget; a Django request already uses part of it.
const MAX_DEPTH: usize = 900;

/// CPython's `sys.get_int_max_str_digits()` default: longer decimal strings raise ValueError.
const MAX_INT_DIGITS: usize = 4300;

/// `datetime.fromtimestamp` fails from year 10000 on (0001-01-01 is far below any `now`).
const FROMTIMESTAMP_LIMIT: i128 = 253_402_300_800;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenType {
    Access,
    Refresh,
}

impl TokenType {
    /// The `token_type` claim value.
    pub const fn as_str(self) -> &'static str {
        match self {
            TokenType::Access => "access",
            TokenType::Refresh => "refresh",
        }
    }

    /// simplejwt class name, as reported in the 401 body's `messages[].token_class`.
    pub const fn class_name(self) -> &'static str {
        match self {
            TokenType::Access => "AccessToken",
            TokenType::Refresh => "RefreshToken",
        }
    }
}

/// Why simplejwt rejects a token; `message()` is the exact user-facing string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenError {
    Invalid,
    Expired,
    WrongType,
    NoType,
    NoId,
    NoExp,
    /// Produced by the caller's blacklist lookup (see [`Decoded::blacklist_jti`]).
    Blacklisted,
    /// Django raises an unhandled exception here (HTTP 500 "Server Error (500)"):
    /// a string or year-10000+ `exp` in `check_exp`, or a refresh token without `jti`
    /// in `check_blacklist`.
    ServerError,
}

impl TokenError {
    pub const fn message(self) -> &'static str {
        match self {
            TokenError::Invalid => "Token is invalid",
            TokenError::Expired => "Token is expired",
            TokenError::WrongType => "Token has wrong type",
            TokenError::NoType => "Token has no type",
            TokenError::NoId => "Token has no id",
            TokenError::NoExp => "Token has no 'exp' claim",
            TokenError::Blacklisted => "Token is blacklisted",
            TokenError::ServerError => "Server Error (500)",
        }
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for TokenError {}

/// The raw `user_id` claim, reduced to what Django's lookups can tell apart.
#[derive(Clone, Debug, PartialEq)]
pub enum UserId {
    Absent,
    Null,
    Bool(bool),
    /// Saturated at the i128 bounds: beyond i64 every lookup misses anyway.
    Int(i128),
    Float(f64),
    Str(String),
    /// A JSON array or object.
    Container { empty: bool },
}

/// Outcome of `JWTAuthentication.get_user`'s `User.objects.get(id=user_id)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserLookup {
    /// Claim absent: 401 "Token contained no recognizable user identification".
    NoUserId,
    /// Look up this primary key; no row means 401 "User not found".
    Pk(i64),
    /// Django's lookup can match no row (null, or an int outside SQLite's 64-bit range).
    NotFound,
    /// `int(value)` raises (e.g. "abc", "1.5", lists, NaN, Infinity): HTTP 500.
    ServerError,
}

impl UserId {
    /// Mirrors `JWTAuthentication.get_user`: the claim, then `IntegerField.get_prep_value`'s
    /// `int(value)`, then Django's out-of-range short-circuit to an empty result.
    pub fn auth_lookup(&self) -> UserLookup {
        let n = match self {
            UserId::Absent => return UserLookup::NoUserId,
            // `id=None` becomes `id IS NULL`, which never matches.
            UserId::Null => return UserLookup::NotFound,
            UserId::Bool(b) => i128::from(*b),
            UserId::Int(n) => *n,
            UserId::Float(f) => match float_to_int(*f) {
                Some(n) => n,
                None => return UserLookup::ServerError,
            },
            UserId::Str(s) => match py_int_str(s) {
                Some(n) => n,
                None => return UserLookup::ServerError,
            },
            UserId::Container { .. } => return UserLookup::ServerError,
        };
        match i64::try_from(n) {
            Ok(pk) => UserLookup::Pk(pk),
            Err(_) => UserLookup::NotFound,
        }
    }

    /// Python truthiness, for `TokenRefreshSerializer`'s `if user_id and ...`: a falsy
    /// `user_id` (absent, null, 0, "", [], {}) skips the user check entirely.
    pub fn is_truthy(&self) -> bool {
        match self {
            UserId::Absent | UserId::Null => false,
            UserId::Bool(b) => *b,
            UserId::Int(n) => *n != 0,
            UserId::Float(f) => *f != 0.0,
            UserId::Str(s) => !s.is_empty(),
            UserId::Container { empty } => !empty,
        }
    }
}

/// The claims of a token we minted.
#[derive(Clone, Debug, PartialEq)]
pub struct Claims {
    pub token_type: TokenType,
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
    pub user_id: UserId,
}

/// A token that passed PyJWT's `jwt.decode` but not yet simplejwt's `Token.verify`.
#[derive(Clone, Debug)]
pub struct Decoded {
    exp: Exp,
    iat: Option<i64>,
    jti: Option<String>,
    token_type: TypeClaim,
    user_id: UserId,
    payload: String,
}

/// A token that passed every simplejwt check for its type.
#[derive(Clone, Debug)]
pub struct Validated {
    pub token_type: TokenType,
    /// `int(exp)`, saturated to i64.
    pub exp: i64,
    /// `int(iat)`; simplejwt does not require the claim.
    pub iat: Option<i64>,
    pub jti: String,
    pub user_id: UserId,
    /// Decoded payload JSON, kept to copy claims when reissuing.
    payload: String,
}

#[derive(Clone, Copy, Debug)]
enum Exp {
    Missing,
    /// `datetime.fromtimestamp` would raise in `check_exp`.
    Unconvertible,
    At(i64),
}

#[derive(Clone, Copy, Debug)]
enum TypeClaim {
    Missing,
    Known(TokenType),
    Other,
}

impl Decoded {
    /// `BlacklistMixin.check_blacklist` runs before every other simplejwt check on refresh
    /// tokens and indexes `payload["jti"]` directly (KeyError: HTTP 500). For a refresh
    /// token: call this, answer [`TokenError::Blacklisted`] if the jti is blacklisted, then
    /// [`Decoded::verify`].
    pub fn blacklist_jti(&self) -> Result<&str, TokenError> {
        self.jti.as_deref().ok_or(TokenError::ServerError)
    }

    /// simplejwt `Token.verify`: `check_exp`, then jti presence, then the token type.
    pub fn verify(self, expected: TokenType) -> Result<Validated, TokenError> {
        let exp = match self.exp {
            Exp::Missing => return Err(TokenError::NoExp),
            Exp::Unconvertible => return Err(TokenError::ServerError),
            // check_exp's own expiry test cannot fire: PyJWT already saw int(exp) > now.
            Exp::At(exp) => exp,
        };
        let jti = self.jti.ok_or(TokenError::NoId)?;
        match self.token_type {
            TypeClaim::Missing => return Err(TokenError::NoType),
            TypeClaim::Known(t) if t == expected => {}
            _ => return Err(TokenError::WrongType),
        }
        Ok(Validated {
            token_type: expected,
            exp,
            iat: self.iat,
            jti,
            user_id: self.user_id,
            payload: self.payload,
        })
    }
}

/// `AccessToken(raw)` / `RefreshToken(raw)` with an empty blacklist. Accepts the raw
/// header/cookie bytes (non-UTF-8 input is simply invalid).
pub fn validate<T: AsRef<[u8]> + ?Sized>(
    token: &T,
    key: &[u8],
    expected: TokenType,
    now: i64,
) -> Result<Validated, TokenError> {
    let decoded = decode(token, key, now)?;
    if expected == TokenType::Refresh {
        decoded.blacklist_jti()?;
    }
    decoded.verify(expected)
}

/// PyJWT 2.15.1 `jwt.decode(token, key, algorithms=["HS256"], leeway=0)` as simplejwt
/// calls it. Every failure maps to simplejwt's "Token is invalid" except an expired `exp`.
pub fn decode<T: AsRef<[u8]> + ?Sized>(
    token: &T,
    key: &[u8],
    now: i64,
) -> Result<Decoded, TokenError> {
    let token = token.as_ref();
    let (signing_input, sig_seg) = rsplit_dot(token).ok_or(TokenError::Invalid)?;
    let (header_seg, payload_seg) = split_dot(signing_input).ok_or(TokenError::Invalid)?;

    let header_bytes = b64_segment(header_seg)?;
    let header_text = json_text(&header_bytes).ok_or(TokenError::Invalid)?;
    match parse_json(&header_text) {
        Some(Val::Obj(pairs)) if header_ok(&pairs) => {}
        _ => return Err(TokenError::Invalid),
    }
    let payload_bytes = b64_segment(payload_seg)?;
    let sig = std::str::from_utf8(strip_padding(sig_seg)?).map_err(|_| TokenError::Invalid)?;
    // jsonwebtoken decodes the signature with the same canonical no-pad rules as PyJWT and
    // compares in constant time (hmac's verify_slice).
    let ok = crypto::verify(
        sig,
        signing_input,
        &DecodingKey::from_secret(key),
        Algorithm::HS256,
    );
    if !matches!(ok, Ok(true)) {
        return Err(TokenError::Invalid);
    }

    let payload = json_text(&payload_bytes)
        .ok_or(TokenError::Invalid)?
        .into_owned();
    let Some(Val::Obj(pairs)) = parse_json(&payload) else {
        return Err(TokenError::Invalid);
    };
    let claims = Obj(&pairs);
    let now = i128::from(now);

    // PyJWT's order: iat, nbf, exp, (iss, aud: not configured), sub, jti.
    let iat = match claims.get("iat") {
        None => None,
        Some(v) => {
            let iat = py_int(v).ok_or(TokenError::Invalid)?;
            if iat > now {
                return Err(TokenError::Invalid);
            }
            Some(saturate_i64(iat))
        }
    };
    if let Some(v) = claims.get("nbf") {
        if py_int(v).ok_or(TokenError::Invalid)? > now {
            return Err(TokenError::Invalid);
        }
    }
    let exp = match claims.get("exp") {
        None => Exp::Missing,
        Some(v) => {
            let exp = py_int(v).ok_or(TokenError::Invalid)?;
            if exp <= now {
                return Err(TokenError::Expired);
            }
            // simplejwt converts the raw claim (not int(exp)); only finite numbers below
            // year 10000 survive, and exp > now rules out the lower bound.
            let convertible = match v {
                Val::Float(f) => *f < FROMTIMESTAMP_LIMIT as f64,
                Val::Str(_) => false,
                _ => exp < FROMTIMESTAMP_LIMIT,
            };
            if convertible {
                Exp::At(saturate_i64(exp))
            } else {
                Exp::Unconvertible
            }
        }
    };
    if matches!(claims.get("sub"), Some(v) if !matches!(v, Val::Str(_))) {
        return Err(TokenError::Invalid);
    }
    let jti = match claims.get("jti") {
        None => None,
        Some(Val::Str(s)) => Some(s.to_string()),
        Some(_) => return Err(TokenError::Invalid),
    };
    let token_type = match claims.get("token_type") {
        None => TypeClaim::Missing,
        Some(Val::Str(s)) if s == "access" => TypeClaim::Known(TokenType::Access),
        Some(Val::Str(s)) if s == "refresh" => TypeClaim::Known(TokenType::Refresh),
        Some(_) => TypeClaim::Other,
    };
    let user_id = claims.get(USER_ID_CLAIM).map_or(UserId::Absent, user_id_of);
    drop(pairs);
    Ok(Decoded {
        exp,
        iat,
        jti,
        token_type,
        user_id,
        payload,
    })
}

/// Header and claims of a structurally sound token (PyJWT's segment, base64 and JSON
/// rules), without checking the signature or any claim; for a token decoder UI. Claim order
/// is kept; NaN/Infinity become strings and integers beyond 64 bits become floats.
pub fn decode_unverified<T: AsRef<[u8]> + ?Sized>(
    token: &T,
) -> Option<(serde_json::Value, serde_json::Value)> {
    let (signing_input, _) = rsplit_dot(token.as_ref())?;
    let (header_seg, payload_seg) = split_dot(signing_input)?;
    let mut parts = [header_seg, payload_seg].into_iter().map(|seg| {
        let bytes = b64_segment(seg).ok()?;
        match parse_json(&json_text(&bytes)?)? {
            v @ Val::Obj(_) => Some(to_serde(&v)),
            _ => None,
        }
    });
    Some((parts.next()??, parts.next()??))
}

/// `RefreshToken.for_user(user)` / `AccessToken.for_user(user)` as simplejwt encodes them:
/// claims `token_type, exp, iat, jti, user_id` (user_id as a string), exp = iat + lifetime.
pub fn mint(
    key: &[u8],
    token_type: TokenType,
    user_id: &str,
    iat: i64,
    lifetime_secs: i64,
) -> (String, Claims) {
    let claims = Claims {
        token_type,
        exp: iat.saturating_add(lifetime_secs),
        iat,
        jti: new_jti(),
        user_id: UserId::Str(user_id.to_owned()),
    };
    let mut payload = claims_head(&claims);
    payload.push_str(",\"user_id\":");
    dump_str(user_id, &mut payload);
    payload.push('}');
    (sign(key, &payload), claims)
}

/// simplejwt `RefreshToken.access_token`: a fresh access token that copies every refresh
/// claim except `token_type`, `exp`, `jti`, `iat` (in their order, values re-encoded as
/// Python's `json.dumps` would, so an integer `user_id` stays an integer).
pub fn mint_access_from_refresh(
    key: &[u8],
    refresh: &Validated,
    iat: i64,
    lifetime_secs: i64,
) -> (String, Claims) {
    let claims = Claims {
        token_type: TokenType::Access,
        exp: iat.saturating_add(lifetime_secs),
        iat,
        jti: new_jti(),
        user_id: refresh.user_id.clone(),
    };
    let mut payload = claims_head(&claims);
    if let Some(Val::Obj(pairs)) = parse_json(&refresh.payload) {
        for (k, v) in dict_items(&pairs) {
            if !matches!(k, "token_type" | "exp" | "jti" | "iat") {
                payload.push(',');
                dump_str(k, &mut payload);
                payload.push(':');
                dump(v, &mut payload);
            }
        }
    }
    payload.push('}');
    (sign(key, &payload), claims)
}

/// ROTATE_REFRESH_TOKENS: `set_jti(); set_exp(); set_iat()` on the presented refresh
/// token: same claims in the same order with new `jti`, `exp`, `iat` (`iat` appended if the
/// old token had none).
pub fn rotate_refresh(
    key: &[u8],
    refresh: &Validated,
    iat: i64,
    lifetime_secs: i64,
) -> (String, Claims) {
    let claims = Claims {
        token_type: TokenType::Refresh,
        exp: iat.saturating_add(lifetime_secs),
        iat,
        jti: new_jti(),
        user_id: refresh.user_id.clone(),
    };
    let mut payload = String::with_capacity(refresh.payload.len() + 16);
    payload.push('{');
    let mut had_iat = false;
    if let Some(Val::Obj(pairs)) = parse_json(&refresh.payload) {
        for (i, (k, v)) in dict_items(&pairs).into_iter().enumerate() {
            if i > 0 {
                payload.push(',');
            }
            dump_str(k, &mut payload);
            payload.push(':');
            match k {
                "exp" => push_int(&mut payload, claims.exp),
                "iat" => {
                    had_iat = true;
                    push_int(&mut payload, claims.iat);
                }
                "jti" => dump_str(&claims.jti, &mut payload),
                _ => dump(v, &mut payload),
            }
        }
    }
    if !had_iat {
        payload.push_str(",\"iat\":");
        push_int(&mut payload, claims.iat);
    }
    payload.push('}');
    (sign(key, &payload), claims)
}

fn claims_head(c: &Claims) -> String {
    let mut s = String::with_capacity(128);
    s.push_str("{\"token_type\":\"");
    s.push_str(c.token_type.as_str());
    s.push_str("\",\"exp\":");
    push_int(&mut s, c.exp);
    s.push_str(",\"iat\":");
    push_int(&mut s, c.iat);
    s.push_str(",\"jti\":\"");
    s.push_str(&c.jti);
    s.push('"');
    s
}

fn push_int(s: &mut String, n: impl fmt::Display) {
    use fmt::Write as _;
    // Writing to a String cannot fail.
    let _ = write!(s, "{n}");
}

fn sign(key: &[u8], payload: &str) -> String {
    let mut jwt = String::with_capacity(HEADER_B64.len() + payload.len() * 4 / 3 + 48);
    jwt.push_str(HEADER_B64);
    jwt.push('.');
    URL_SAFE_NO_PAD.encode_string(payload, &mut jwt);
    let sig = crypto::sign(jwt.as_bytes(), &EncodingKey::from_secret(key), Algorithm::HS256)
        .expect("HMAC-SHA256 accepts keys of any length");
    jwt.push('.');
    jwt.push_str(&sig);
    jwt
}

/// `uuid4().hex`: 122 random bits with the version and variant nibbles of a UUIDv4.
fn new_jti() -> String {
    let mut b = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    hex::encode(b)
}

fn saturate_i64(n: i128) -> i64 {
    // Lossless inside i64; the clamp only touches values no clock reaches.
    n.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

// --- PyJWT's segment handling -------------------------------------------------------------

/// `jwt.rsplit(b".", 1)`.
fn rsplit_dot(b: &[u8]) -> Option<(&[u8], &[u8])> {
    let i = b.iter().rposition(|&c| c == b'.')?;
    Some((&b[..i], &b[i + 1..]))
}

/// `signing_input.split(b".", 1)`.
fn split_dot(b: &[u8]) -> Option<(&[u8], &[u8])> {
    let i = b.iter().position(|&c| c == b'.')?;
    Some((&b[..i], &b[i + 1..]))
}

/// `_decode_base64url_segment`'s padding rules: at most two '=' and only on a
/// multiple-of-4 segment.
fn strip_padding(seg: &[u8]) -> Result<&[u8], TokenError> {
    let unpadded = seg.iter().rev().take_while(|&&c| c == b'=').count();
    if unpadded > 2 || (unpadded > 0 && seg.len() % 4 != 0) {
        return Err(TokenError::Invalid);
    }
    Ok(&seg[..seg.len() - unpadded])
}

/// The rest of `_decode_base64url_segment`: base64url alphabet only, no length ≡ 1 (mod 4),
/// canonical (zero) trailing bits; the base64 crate's no-pad engine enforces exactly these.
fn b64_segment(seg: &[u8]) -> Result<Vec<u8>, TokenError> {
    URL_SAFE_NO_PAD
        .decode(strip_padding(seg)?)
        .map_err(|_| TokenError::Invalid)
}

fn header_ok(pairs: &[(Cow<'_, str>, Val<'_>)]) -> bool {
    let h = Obj(pairs);
    // b64=false needs a detached payload simplejwt never passes.
    if matches!(h.get("b64"), Some(Val::Bool(false))) {
        return false;
    }
    if matches!(h.get("kid"), Some(v) if !matches!(v, Val::Str(_))) {
        return false;
    }
    if let Some(crit) = h.get("crit") {
        let Val::List(items) = crit else { return false };
        let supported = |v: &Val| matches!(v, Val::Str(s) if s == "b64") && h.get("b64").is_some();
        if items.is_empty() || !items.iter().all(supported) {
            return false;
        }
    }
    matches!(h.get("alg"), Some(Val::Str(a)) if a == "HS256")
}

// --- Python's json.loads ------------------------------------------------------------------

#[derive(Debug)]
enum Val<'a> {
    Null,
    Bool(bool),
    Int(i128),
    /// An integer literal beyond i128 (at most 4300 digits), kept verbatim.
    BigInt(&'a str),
    Float(f64),
    Str(Cow<'a, str>),
    List(Vec<Val<'a>>),
    /// Pairs in document order; Python's dict keeps the first position and the last value.
    Obj(Vec<(Cow<'a, str>, Val<'a>)>),
}

struct Obj<'o, 'a>(&'o [(Cow<'a, str>, Val<'a>)]);

impl<'o, 'a> Obj<'o, 'a> {
    fn get(&self, key: &str) -> Option<&'o Val<'a>> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// Python dict iteration order over possibly duplicated keys: first position, last value.
fn dict_items<'o, 'a>(pairs: &'o [(Cow<'a, str>, Val<'a>)]) -> Vec<(&'o str, &'o Val<'a>)> {
    let mut last: HashMap<&str, &Val<'a>> = HashMap::with_capacity(pairs.len());
    for (k, v) in pairs {
        last.insert(k, v);
    }
    pairs
        .iter()
        .filter_map(|(k, _)| Some((k.as_ref(), last.remove(k.as_ref())?)))
        .collect()
}

/// `json.loads(bytes)`: `detect_encoding`, then decoding with "surrogatepass". Lone
/// surrogates become U+FFFD (Rust strings cannot hold them).
fn json_text(b: &[u8]) -> Option<Cow<'_, str>> {
    match b {
        [0, 0, 0xFE, 0xFF, rest @ ..] => utf32(rest, true),
        [0xFF, 0xFE, 0, 0, rest @ ..] => utf32(rest, false),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, true),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, false),
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest),
        [0, x, _, _, ..] if *x != 0 => utf16(b, true),
        [0, _, _, _, ..] => utf32(b, true),
        [_, 0, x, y, ..] if *x != 0 || *y != 0 => utf16(b, false),
        [_, 0, _, _, ..] => utf32(b, false),
        [0, _] => utf16(b, true),
        [_, 0] => utf16(b, false),
        _ => utf8(b),
    }
}

fn utf8(b: &[u8]) -> Option<Cow<'_, str>> {
    if let Ok(s) = std::str::from_utf8(b) {
        return Some(Cow::Borrowed(s));
    }
    let mut out = String::with_capacity(b.len());
    let mut rest = b;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return Some(Cow::Owned(out));
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).ok()?);
                // surrogatepass: UTF-8-encoded surrogates (ED A0..BF 80..BF) are accepted.
                match bad {
                    [0xED, 0xA0..=0xBF, 0x80..=0xBF, tail @ ..] => {
                        out.push(char::REPLACEMENT_CHARACTER);
                        rest = tail;
                    }
                    _ => return None,
                }
            }
        }
    }
}

fn utf16(b: &[u8], be: bool) -> Option<Cow<'_, str>> {
    if b.len() % 2 != 0 {
        return None;
    }
    let units = b.chunks_exact(2).map(|c| {
        let pair = [c[0], c[1]];
        if be {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let s = char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    Some(Cow::Owned(s))
}

fn utf32(b: &[u8], be: bool) -> Option<Cow<'_, str>> {
    if b.len() % 4 != 0 {
        return None;
    }
    let mut s = String::with_capacity(b.len() / 4);
    for c in b.chunks_exact(4) {
        let quad = [c[0], c[1], c[2], c[3]];
        let cp = if be {
            u32::from_be_bytes(quad)
        } else {
            u32::from_le_bytes(quad)
        };
        match cp {
            0xD800..=0xDFFF => s.push(char::REPLACEMENT_CHARACTER),
            _ => s.push(char::from_u32(cp)?),
        }
    }
    Some(Cow::Owned(s))
}

fn parse_json(text: &str) -> Option<Val<'_>> {
    let mut p = Parser {
        src: text,
        b: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    p.ws();
    let v = p.value()?;
    p.ws();
    (p.pos == p.b.len()).then_some(v)
}

/// Recursive descent following CPython's C scanner (`_json.c`, strict mode).
struct Parser<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, lit: &str) -> bool {
        let hit = self.b[self.pos..].starts_with(lit.as_bytes());
        if hit {
            self.pos += lit.len();
        }
        hit
    }

    fn value(&mut self) -> Option<Val<'a>> {
        match self.peek()? {
            b'"' => {
                self.pos += 1;
                self.string().map(Val::Str)
            }
            b'{' | b'[' => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return None;
                }
                let v = if self.peek() == Some(b'{') {
                    self.object()
                } else {
                    self.array()
                };
                self.depth -= 1;
                v
            }
            b'n' if self.eat("null") => Some(Val::Null),
            b't' if self.eat("true") => Some(Val::Bool(true)),
            b'f' if self.eat("false") => Some(Val::Bool(false)),
            b'N' if self.eat("NaN") => Some(Val::Float(f64::NAN)),
            b'I' if self.eat("Infinity") => Some(Val::Float(f64::INFINITY)),
            b'-' if self.eat("-Infinity") => Some(Val::Float(f64::NEG_INFINITY)),
            _ => self.number(),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Option<Val<'a>> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        let mut is_float = false;
        if self.peek() == Some(b'.') && matches!(self.b.get(self.pos + 1), Some(b'0'..=b'9')) {
            self.pos += 1;
            self.digits();
            is_float = true;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            let e_start = self.pos;
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() > 0 {
                is_float = true;
            } else {
                self.pos = e_start;
            }
        }
        let text = self.src.get(start..self.pos)?;
        if is_float {
            return text.parse().ok().map(Val::Float);
        }
        let (neg, digits) = match text.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, text),
        };
        if digits.len() > MAX_INT_DIGITS {
            return None;
        }
        Some(match accumulate(digits.bytes(), neg) {
            Some(n) => Val::Int(n),
            None => Val::BigInt(text),
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.b.get(self.pos..self.pos + 4)?;
        let mut n = 0;
        for &c in h {
            n = n * 16 + char::from(c).to_digit(16)?;
        }
        self.pos += 4;
        Some(n)
    }

    /// After the opening quote. Borrows the source unless an escape forces a copy.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let start = self.pos;
        loop {
            match self.peek()? {
                b'"' => {
                    let s = self.src.get(start..self.pos)?;
                    self.pos += 1;
                    return Some(Cow::Borrowed(s));
                }
                b'\\' => break,
                0..=0x1f => return None,
                _ => self.pos += 1,
            }
        }
        let mut out = String::from(self.src.get(start..self.pos)?);
        loop {
            let run = self.pos;
            while !matches!(self.peek()?, b'"' | b'\\' | 0..=0x1f) {
                self.pos += 1;
            }
            out.push_str(self.src.get(run..self.pos)?);
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(Cow::Owned(out));
                }
                b'\\' => {
                    self.pos += 1;
                    let esc = self.peek()?;
                    self.pos += 1;
                    let c = match esc {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    };
                    out.push(c);
                }
                _ => return None,
            }
        }
    }

    /// After `\u`: a code unit, joined with a following `\uDC00..\uDFFF` escape if it is a
    /// high surrogate; lone surrogates are kept by Python (here U+FFFD).
    fn unicode_escape(&mut self) -> Option<char> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) && self.b[self.pos..].starts_with(b"\\u") {
            let save = self.pos;
            self.pos += 2;
            let lo = self.hex4()?;
            if (0xDC00..0xE000).contains(&lo) {
                return char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
            }
            self.pos = save;
        }
        Some(char::from_u32(hi).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    fn object(&mut self) -> Option<Val<'a>> {
        self.pos += 1;
        let mut pairs = Vec::new();
        self.ws();
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(Val::Obj(pairs));
        }
        loop {
            if self.peek()? != b'"' {
                return None;
            }
            self.pos += 1;
            let key = self.string()?;
            self.ws();
            if self.peek()? != b':' {
                return None;
            }
            self.pos += 1;
            self.ws();
            pairs.push((key, self.value()?));
            self.ws();
            match self.peek()? {
                b'}' => {
                    self.pos += 1;
                    return Some(Val::Obj(pairs));
                }
                b',' => {
                    self.pos += 1;
                    self.ws();
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self) -> Option<Val<'a>> {
        self.pos += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(Val::List(items));
        }
        loop {
            items.push(self.value()?);
            self.ws();
            match self.peek()? {
                b']' => {
                    self.pos += 1;
                    return Some(Val::List(items));
                }
                b',' => {
                    self.pos += 1;
                    self.ws();
                }
                _ => return None,
            }
        }
    }
}

/// Decimal ASCII digits to i128; None on overflow.
fn accumulate(digits: impl Iterator<Item = u8>, neg: bool) -> Option<i128> {
    let mut n: i128 = 0;
    for d in digits {
        let d = i128::from(d - b'0');
        n = n.checked_mul(10)?;
        n = if neg {
            n.checked_sub(d)?
        } else {
            n.checked_add(d)?
        };
    }
    Some(n)
}

// --- Python's int() -----------------------------------------------------------------------

/// `int(value)` as PyJWT applies it to iat/nbf/exp; None where Python raises ValueError,
/// TypeError or OverflowError. Saturates at the i128 bounds (order is all that matters).
fn py_int(v: &Val) -> Option<i128> {
    match v {
        Val::Bool(b) => Some(i128::from(*b)),
        Val::Int(n) => Some(*n),
        Val::BigInt(s) => Some(if s.starts_with('-') {
            i128::MIN
        } else {
            i128::MAX
        }),
        Val::Float(f) => float_to_int(*f),
        Val::Str(s) => py_int_str(s),
        Val::Null | Val::List(_) | Val::Obj(_) => None,
    }
}

/// `int(float)`: truncation; NaN and infinities raise.
fn float_to_int(f: f64) -> Option<i128> {
    // `as` saturates; finite floats beyond i128 are beyond any clock too.
    f.is_finite().then(|| f.trunc() as i128)
}

/// Starts of the Unicode 14.0 (Python 3.11) decimal-digit runs: each run is `zero..zero+10`.
const DECIMAL_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66,
    0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90,
    0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0,
    0xff10, 0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0,
    0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0,
    0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// `_PyUnicode_TransformDecimalAndSpaceToASCII` for one char.
fn int_ascii(c: char) -> Option<u8> {
    let cp = u32::from(c);
    if cp < 0x80 {
        return Some(cp as u8);
    }
    if c.is_whitespace() {
        return Some(b' ');
    }
    let i = DECIMAL_ZEROS.partition_point(|&z| z <= cp).checked_sub(1)?;
    let d = cp - DECIMAL_ZEROS[i];
    (d < 10).then(|| b'0' + d as u8)
}

/// `int(str)` in base 10: surrounding whitespace, one sign, digits with single underscores
/// between them, at most 4300 digits.
fn py_int_str(s: &str) -> Option<i128> {
    let mut bytes = Vec::with_capacity(s.len());
    for c in s.chars() {
        bytes.push(int_ascii(c)?);
    }
    let is_space = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let start = bytes.iter().position(|c| !is_space(c))?;
    let end = bytes.iter().rposition(|c| !is_space(c))? + 1;
    let mut body = &bytes[start..end];
    let neg = match body.first() {
        Some(b'-') => true,
        Some(b'+') => false,
        _ => {
            return digits_with_underscores(body, false);
        }
    };
    body = &body[1..];
    digits_with_underscores(body, neg)
}

fn digits_with_underscores(body: &[u8], neg: bool) -> Option<i128> {
    // Non-empty, digits and underscores only, every underscore between two digits.
    let valid = body.first()?.is_ascii_digit()
        && body.last()?.is_ascii_digit()
        && body.iter().all(|c| c.is_ascii_digit() || *c == b'_')
        && !body.windows(2).any(|w| w == b"__");
    let digits = body.iter().copied().filter(u8::is_ascii_digit);
    if !valid || digits.clone().count() > MAX_INT_DIGITS {
        return None;
    }
    Some(accumulate(digits, neg).unwrap_or(if neg { i128::MIN } else { i128::MAX }))
}

fn user_id_of(v: &Val) -> UserId {
    match v {
        Val::Null => UserId::Null,
        Val::Bool(b) => UserId::Bool(*b),
        Val::Int(_) | Val::BigInt(_) => UserId::Int(py_int(v).unwrap_or_default()),
        Val::Float(f) => UserId::Float(*f),
        Val::Str(s) => UserId::Str(s.to_string()),
        Val::List(items) => UserId::Container {
            empty: items.is_empty(),
        },
        Val::Obj(pairs) => UserId::Container {
            empty: pairs.is_empty(),
        },
    }
}

// --- Python's json.dumps(separators=(",", ":")) -------------------------------------------

fn dump(v: &Val, out: &mut String) {
    match v {
        Val::Null => out.push_str("null"),
        Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Val::Int(n) => push_int(out, n),
        Val::BigInt(s) => out.push_str(s),
        Val::Float(f) => py_float_repr(*f, out),
        Val::Str(s) => dump_str(s, out),
        Val::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                dump(item, out);
            }
            out.push(']');
        }
        Val::Obj(pairs) => {
            out.push('{');
            for (i, (k, v)) in dict_items(pairs).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                dump_str(k, out);
                out.push(':');
                dump(v, out);
            }
            out.push('}');
        }
    }
}

/// `ensure_ascii=True` string encoding: everything outside ' '..='~' is escaped.
fn dump_str(s: &str, out: &mut String) {
    use fmt::Write as _;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{u:04x}");
                }
            }
        }
    }
    out.push('"');
}

/// `float.__repr__` plus json's NaN/Infinity spellings.
fn py_float_repr(f: f64, out: &mut String) {
    if f.is_nan() {
        return out.push_str("NaN");
    }
    if f.is_infinite() {
        return out.push_str(if f > 0.0 { "Infinity" } else { "-Infinity" });
    }
    // Rust's `{:e}` gives the same shortest round-trip digits as Python's repr.
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let n = digits.len() as i32;
    let decpt = exp + 1;
    out.push_str(sign);
    if -4 < decpt && decpt <= 16 {
        if decpt <= 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-decpt) as usize));
            out.push_str(&digits);
        } else if decpt >= n {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', (decpt - n) as usize));
            out.push_str(".0");
        } else {
            let (int, frac) = digits.split_at(decpt as usize);
            out.push_str(int);
            out.push('.');
            out.push_str(frac);
        }
    } else {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let _ = fmt::Write::write_fmt(
            out,
            format_args!("e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs()),
        );
    }
}

fn to_serde(v: &Val) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Val::Null => Value::Null,
        Val::Bool(b) => Value::Bool(*b),
        Val::Int(n) => i64::try_from(*n)
            .map(Value::from)
            .or_else(|_| u64::try_from(*n).map(Value::from))
            .unwrap_or_else(|_| Value::from(*n as f64)),
        Val::BigInt(s) => s.parse::<f64>().map_or(Value::Null, Value::from),
        Val::Float(f) if f.is_finite() => Value::from(*f),
        Val::Float(f) => {
            let mut s = String::new();
            py_float_repr(*f, &mut s);
            Value::String(s)
        }
        Val::Str(s) => Value::String(s.to_string()),
        Val::List(items) => Value::Array(items.iter().map(to_serde).collect()),
        Val::Obj(pairs) => Value::Object(
            dict_items(pairs)
                .into_iter()
                .map(|(k, v)| (k.to_owned(), to_serde(v)))
                .collect(),
        ),
    }
}
