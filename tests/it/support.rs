//! The harness: an in-process Latchkey on 127.0.0.1:0, a raw HTTP client that shows every
//! header as sent (no cookie store, no redirects), a simplejwt-style JWT minter and the
//! exact strings of the wire contract.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use latchkey::{Clock, Config, RunningServer, Server};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;
use serde_json::{json, Map, Value};
use sha2::{Sha256, Sha512};

/// The shared HS256 key the tests configure.
pub const KEY: &str = "latchkey-tests-signing-key-0123456789abcdef";
/// The frozen "now" of every test server: 2027-01-15T08:00:00Z.
pub const T0: i64 = 1_800_000_000;
/// A password every validator accepts.
pub const PW: &str = "c0rrect-h0rse-Battery!";

pub const ACCESS_LIFETIME: i64 = 900;
pub const REFRESH_LIFETIME: i64 = 86_400;

// ---- exact strings of WIRE.md ----

pub const NOT_PROVIDED: &str = r#"{"detail":"Authentication credentials were not provided."}"#;
pub const BAD_AUTH_HEADER: &str = r#"{"detail":"Authorization header must contain two space-delimited values","code":"bad_authorization_header"}"#;
pub const NO_USER_ID: &str =
    r#"{"detail":"Token contained no recognizable user identification","code":"token_not_valid"}"#;
pub const USER_NOT_FOUND: &str = r#"{"detail":"User not found","code":"user_not_found"}"#;
pub const USER_INACTIVE: &str = r#"{"detail":"User is inactive","code":"user_inactive"}"#;
pub const NO_ACTIVE_ACCOUNT: &str =
    r#"{"detail":"No active account found with the given credentials"}"#;
pub const NO_ACTIVE_ACCOUNT_FOR_TOKEN: &str =
    r#"{"detail":"No active account found for the given token."}"#;
pub const REFRESHED: &str = r#"{"detail":"Token refreshed"}"#;
pub const LOGGED_OUT: &str = r#"{"detail":"Successfully logged out"}"#;
pub const REFRESH_REQUIRED: &str = r#"{"refresh":["This field is required."]}"#;
pub const NOT_FOUND_PAGE: &str = "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n";
pub const HTML: &str = "text/html; charset=utf-8";

/// The 401 body for an access token that fails validation with `message`.
pub fn access_token_error(message: &str) -> String {
    format!(
        r#"{{"detail":"Given token not valid for any token type","code":"token_not_valid","messages":[{{"token_class":"AccessToken","token_type":"access","message":"{message}"}}]}}"#
    )
}

/// The 401 body of the token views for a refresh token that fails with `message`.
pub fn refresh_token_error(message: &str) -> String {
    format!(r#"{{"detail":"{message}","code":"token_not_valid"}}"#)
}

/// `{"detail":"Method \"X\" not allowed."}`
pub fn method_not_allowed(method: &str) -> String {
    format!(r#"{{"detail":"Method \"{method}\" not allowed."}}"#)
}

// ---- the server ----

static UNIQUE: AtomicU64 = AtomicU64::new(0);

/// A fresh name for temp files and dirs, unique across tests and test processes.
pub fn unique(tag: &str) -> String {
    format!(
        "latchkey-it-{tag}-{}-{}",
        std::process::id(),
        UNIQUE.fetch_add(1, Ordering::SeqCst)
    )
}

/// A temp directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let path = std::env::temp_dir().join(unique(tag));
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The configuration every test starts from: in memory, fast hashing, the test key.
pub fn base_config() -> Config {
    let mut config = Config::default();
    config.in_memory = true;
    config.fast_hash = true;
    config.settings.signing_key = Some(KEY.into());
    config
}

pub struct TestServer {
    server: Option<RunningServer>,
    pub url: String,
    pub clock: Clock,
    client: reqwest::Client,
}

impl TestServer {
    /// Default settings, clock frozen at [`T0`].
    pub async fn start() -> TestServer {
        Self::start_with(base_config(), Clock::frozen_at(T0)).await
    }

    /// Default settings changed by `f` (e.g. `c.apply_flag("prefix", "/api/auth/")`).
    pub async fn configured(f: impl FnOnce(&mut Config)) -> TestServer {
        let mut config = base_config();
        f(&mut config);
        Self::start_with(config, Clock::frozen_at(T0)).await
    }

    pub async fn start_with(config: Config, clock: Clock) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let server = Server::builder()
            .config(config)
            .clock(clock.clone())
            .listener(listener)
            .spawn()
            .await
            .expect("server starts");
        let url = server.url();
        TestServer {
            server: Some(server),
            url,
            clock,
            client: client(),
        }
    }

    pub fn signing_key(&self) -> Vec<u8> {
        self.server
            .as_ref()
            .expect("running")
            .signing_key()
            .to_vec()
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Moves the emulated clock forward by `secs` seconds.
    pub fn advance(&self, secs: i64) {
        self.clock.advance_ms(secs * 1000);
    }

    pub async fn shutdown(mut self) {
        if let Some(s) = self.server.take() {
            s.shutdown().await;
        }
    }

    pub fn req(&self, method: &str, path: &str) -> Req {
        Req {
            client: self.client.clone(),
            url: format!("{}{}", self.url, path),
            method: Method::from_bytes(method.as_bytes()).expect("method"),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
        }
    }

    pub fn get(&self, path: &str) -> Req {
        self.req("GET", path)
    }

    pub fn post(&self, path: &str) -> Req {
        self.req("POST", path)
    }

    /// POST /register/ with a JSON body; asserts 201 and returns the session.
    pub async fn register(&self, username: &str, password: &str) -> Session {
        let resp = self
            .post("/register/")
            .json(&json!({"username": username, "password": password}))
            .send()
            .await;
        assert_eq!(resp.status, 201, "register {username}: {}", resp.text());
        resp.session()
    }

    /// Registers `alice` with [`PW`] (user id 1 on a fresh server).
    pub async fn alice(&self) -> Session {
        self.register("alice", PW).await
    }

    /// POST /token/; asserts 200 and returns the session.
    pub async fn login(&self, username: &str, password: &str) -> Session {
        let resp = self
            .post("/token/")
            .json(&json!({"username": username, "password": password}))
            .send()
            .await;
        assert_eq!(resp.status, 200, "login {username}: {}", resp.text());
        resp.session()
    }
}

/// A request to any server's base URL (e.g. a `latchkey serve` process).
pub fn request(base: &str, method: &str, path: &str) -> Req {
    Req {
        client: client(),
        url: format!("{base}{path}"),
        method: Method::from_bytes(method.as_bytes()).expect("method"),
        headers: HeaderMap::new(),
        cookies: Vec::new(),
        body: None,
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client")
}

/// The two tokens a login leaves in the browser.
#[derive(Clone, Debug)]
pub struct Session {
    pub access: String,
    pub refresh: String,
}

/// A request being built.
pub struct Req {
    client: reqwest::Client,
    url: String,
    method: Method,
    headers: HeaderMap,
    cookies: Vec<(String, String)>,
    body: Option<Vec<u8>>,
}

impl Req {
    pub fn header(mut self, name: &str, value: &str) -> Req {
        self.headers.append(
            HeaderName::from_bytes(name.as_bytes()).expect("header name"),
            HeaderValue::from_str(value).expect("header value"),
        );
        self
    }

    /// A header with arbitrary (e.g. non-UTF-8) bytes.
    pub fn header_bytes(mut self, name: &str, value: &[u8]) -> Req {
        self.headers.append(
            HeaderName::from_bytes(name.as_bytes()).expect("header name"),
            HeaderValue::from_bytes(value).expect("header value"),
        );
        self
    }

    /// Adds `name=value` to the single `Cookie` header.
    pub fn cookie(mut self, name: &str, value: &str) -> Req {
        self.cookies.push((name.into(), value.into()));
        self
    }

    pub fn access_cookie(self, token: &str) -> Req {
        self.cookie("access_token", token)
    }

    pub fn refresh_cookie(self, token: &str) -> Req {
        self.cookie("refresh_token", token)
    }

    /// Both cookies of a session, as a browser sends them.
    pub fn session(self, s: &Session) -> Req {
        self.cookie("access_token", &s.access)
            .cookie("refresh_token", &s.refresh)
    }

    pub fn bearer(self, token: &str) -> Req {
        let value = format!("Bearer {token}");
        self.header("Authorization", &value)
    }

    pub fn origin(self, origin: &str) -> Req {
        self.header("Origin", origin)
    }

    pub fn json(self, value: &Value) -> Req {
        self.body("application/json", value.to_string().as_bytes())
    }

    pub fn form(self, pairs: &[(&str, &str)]) -> Req {
        let mut out = String::new();
        for (i, (k, v)) in pairs.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(&form_escape(k));
            out.push('=');
            out.push_str(&form_escape(v));
        }
        self.body("application/x-www-form-urlencoded", out.as_bytes())
    }

    pub fn body(self, content_type: &str, body: &[u8]) -> Req {
        let mut r = self.header("Content-Type", content_type);
        r.body = Some(body.to_vec());
        r
    }

    /// A body without a `Content-Type`.
    pub fn raw_body(mut self, body: &[u8]) -> Req {
        self.body = Some(body.to_vec());
        self
    }

    pub async fn send(self) -> Resp {
        self.try_send().await.expect("request reaches the server")
    }

    /// Like [`Req::send`], but a connection that fails (e.g. a killed server) is an `Err`.
    pub async fn try_send(self) -> Result<Resp, reqwest::Error> {
        let mut rb = self.client.request(self.method, &self.url);
        let mut headers = self.headers;
        if !self.cookies.is_empty() {
            let joined = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            headers.append(
                reqwest::header::COOKIE,
                HeaderValue::from_str(&joined).expect("cookie header"),
            );
        }
        rb = rb.headers(headers);
        if let Some(body) = self.body {
            rb = rb.body(body);
        }
        let resp = rb.send().await?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = resp.bytes().await?.to_vec();
        Ok(Resp {
            status,
            headers,
            body,
        })
    }
}

fn form_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A response, fully read.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text()))
    }

    /// The single value of a header (panics if repeated).
    pub fn header(&self, name: &str) -> Option<String> {
        let all = self.all(name);
        assert!(all.len() <= 1, "header {name} repeated: {all:?}");
        all.into_iter().next()
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.headers
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect()
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.all("set-cookie")
    }

    /// The value a `Set-Cookie` gives cookie `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let prefix = format!("{name}=");
        self.set_cookies().into_iter().find_map(|c| {
            c.strip_prefix(&prefix)
                .map(|rest| rest.split(';').next().unwrap_or("").to_string())
        })
    }

    pub fn set_cookie_for(&self, name: &str) -> Option<String> {
        let prefix = format!("{name}=");
        self.set_cookies()
            .into_iter()
            .find(|c| c.starts_with(&prefix))
    }

    pub fn session(&self) -> Session {
        Session {
            access: self
                .cookie("access_token")
                .expect("access_token cookie set"),
            refresh: self
                .cookie("refresh_token")
                .expect("refresh_token cookie set"),
        }
    }

    /// Asserts the status and the exact body bytes of a JSON answer.
    #[track_caller]
    pub fn expect(&self, status: u16, body: &str) -> &Resp {
        assert_eq!(
            (self.status, self.text().as_str()),
            (status, body),
            "unexpected answer"
        );
        if self.headers.contains_key("content-type") && !body.is_empty() {
            assert_eq!(
                self.header("content-type").as_deref(),
                Some("application/json")
            );
        }
        self
    }

    /// [`Resp::expect`] plus the 401 challenge.
    #[track_caller]
    pub fn expect_401(&self, body: &str) -> &Resp {
        self.expect(401, body);
        assert_eq!(
            self.header("www-authenticate").as_deref(),
            Some("Bearer realm=\"api\""),
            "401 without the challenge"
        );
        self
    }

    /// The set of methods in `Allow`.
    pub fn allow(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .header("allow")
            .unwrap_or_default()
            .split(',')
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty())
            .collect();
        v.sort();
        v
    }

    #[track_caller]
    pub fn assert_security_headers(&self) {
        assert_eq!(
            self.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
        assert_eq!(
            self.header("referrer-policy").as_deref(),
            Some("same-origin")
        );
        assert_eq!(
            self.header("cross-origin-opener-policy").as_deref(),
            Some("same-origin")
        );
    }

    #[track_caller]
    pub fn assert_no_cors_headers(&self) {
        let cors: Vec<_> = self
            .headers
            .keys()
            .filter(|k| k.as_str().starts_with("access-control-"))
            .collect();
        assert!(cors.is_empty(), "unexpected CORS headers: {cors:?}");
    }
}

// ---- cookies ----

/// `Set-Cookie` as Django writes it for a token cookie with the default settings.
pub fn expected_set_cookie(name: &str, value: &str, max_age: i64, now: i64) -> String {
    format!(
        "{name}={value}; expires={}; HttpOnly; Max-Age={max_age}; Path=/; SameSite=Lax",
        http_date(now + max_age)
    )
}

/// Django's `delete_cookie(name)`.
pub fn expected_deletion(name: &str) -> String {
    format!("{name}=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/")
}

/// An IMF-fixdate (`Tue, 24 Nov 2026 22:23:25 GMT`) for epoch seconds.
pub fn http_date(secs: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        d,
        MONTHS[(m - 1) as usize],
        y,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Proleptic Gregorian date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

// ---- JWTs ----

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn unb64(s: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD
        .decode(s)
        .unwrap_or_else(|e| panic!("not base64url ({e}): {s}"))
}

pub const HS256_HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

pub fn hs256(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("hmac key");
    mac.update(msg);
    mac.finalize().into_bytes().to_vec()
}

pub fn hs512(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha512>::new_from_slice(key).expect("hmac key");
    mac.update(msg);
    mac.finalize().into_bytes().to_vec()
}

/// A JWT with the given header and payload JSON texts, signed HS256 with `key`.
pub fn jwt_raw(key: &[u8], header: &str, payload: &str) -> String {
    let input = format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()));
    let sig = hs256(key, input.as_bytes());
    format!("{input}.{}", b64(&sig))
}

/// simplejwt's claims in its order: token_type, exp, iat, jti, user_id.
pub fn claims(token_type: &str, iat: i64, lifetime: i64, user_id: Value) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("token_type".into(), json!(token_type));
    m.insert("exp".into(), json!(iat + lifetime));
    m.insert("iat".into(), json!(iat));
    m.insert("jti".into(), json!(fresh_jti()));
    m.insert("user_id".into(), user_id);
    m
}

/// A token as simplejwt mints it, signed with [`KEY`].
pub fn mint(claims: &Map<String, Value>) -> String {
    mint_with(KEY.as_bytes(), claims)
}

pub fn mint_with(key: &[u8], claims: &Map<String, Value>) -> String {
    jwt_raw(
        key,
        HS256_HEADER,
        &Value::Object(claims.clone()).to_string(),
    )
}

/// An access token for `user_id` (as a string), issued at `iat`.
pub fn access_for(user_id: &str, iat: i64) -> String {
    mint(&claims("access", iat, ACCESS_LIFETIME, json!(user_id)))
}

pub fn refresh_for(user_id: &str, iat: i64) -> String {
    mint(&claims("refresh", iat, REFRESH_LIFETIME, json!(user_id)))
}

/// 32 lowercase hex characters, different every call.
pub fn fresh_jti() -> String {
    let n = UNIQUE.fetch_add(1, Ordering::SeqCst);
    let seed = format!("{}-{}-{n}", std::process::id(), T0);
    hex::encode(&hs256(b"jti", seed.as_bytes())[..16])
}

/// A JWT split into its decoded header text, payload text and signature bytes.
pub struct Decoded {
    pub header_b64: String,
    pub header: String,
    pub payload: String,
    pub claims: Value,
    pub signing_input: String,
    pub signature: Vec<u8>,
}

pub fn decode(token: &str) -> Decoded {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "not a JWT: {token}");
    let header = String::from_utf8(unb64(parts[0])).expect("utf-8 header");
    let payload = String::from_utf8(unb64(parts[1])).expect("utf-8 payload");
    let claims = serde_json::from_str(&payload).expect("JSON payload");
    Decoded {
        header_b64: parts[0].to_string(),
        header,
        payload,
        claims,
        signing_input: format!("{}.{}", parts[0], parts[1]),
        signature: unb64(parts[2]),
    }
}

/// Keys of a JSON object in document order.
pub fn keys(v: &Value) -> Vec<String> {
    v.as_object().expect("object").keys().cloned().collect()
}

pub fn is_jti(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[test]
fn http_dates_are_formatted_like_django() {
    assert_eq!(http_date(1_795_559_005), "Tue, 24 Nov 2026 22:23:25 GMT");
    assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    assert_eq!(http_date(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT");
}
