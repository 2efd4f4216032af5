//! The hostile HTTP sweep (issue 8): every route of both APIs (the auth routes, `/api/me/`,
//! a mock route, and every operation of the control plane's OpenAPI document) gets bodies
//! from 0 B to 10 MB, deeply nested JSON, invalid UTF-8, wrong content types, NUL bytes,
//! 8 KB usernames, JSON of the wrong shapes, duplicate and huge headers, thousands of
//! cookies, and forged tokens (alg none, HS512, missing claims, wrong claim types,
//! far-future and negative exp) in every place a token is read. The real binary runs with
//! its stderr captured. Asserted: never a 5xx, every JSON answer parses, every control-plane
//! answer is JSON, no panic in the log, and the server still serving at the end.
//! (`GET /events` is a never-ending stream; it is swept with headers only.)

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use tokio::sync::Semaphore;

use crate::proc::Proc;
use crate::support::*;

const API: &str = "/_latchkey/api";
const MB: usize = 1024 * 1024;

#[derive(Clone)]
struct Variant {
    name: String,
    content_type: Option<String>,
    body: Option<Vec<u8>>,
    headers: Vec<(String, Vec<u8>)>,
    /// Only sent to these kinds of route (None: all).
    big: bool,
}

fn v(name: &str, ct: Option<&str>, body: Option<Vec<u8>>) -> Variant {
    Variant {
        name: name.into(),
        content_type: ct.map(str::to_string),
        body,
        headers: Vec::new(),
        big: false,
    }
}

fn h(name: &str, headers: Vec<(&str, Vec<u8>)>) -> Variant {
    Variant {
        name: name.into(),
        content_type: Some("application/json".into()),
        body: Some(b"{}".to_vec()),
        headers: headers
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        big: false,
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn hs512_jwt(key: &[u8], header: &str, payload: &str) -> String {
    let input = format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()));
    format!("{input}.{}", b64(&hs512(key, input.as_bytes())))
}

/// Forged and odd tokens, signed with the server's key where a signature matters.
fn tokens(key: &[u8]) -> Vec<(String, String)> {
    let t = now();
    let claims = |token_type: &str, exp: Value| {
        json!({"token_type": token_type, "exp": exp, "iat": t, "jti": fresh_jti(), "user_id": 1})
            .to_string()
    };
    let sign = |payload: String| jwt_raw(key, HS256_HEADER, &payload);
    let mut out = vec![
        (
            "alg none".to_string(),
            format!(
                "{}.{}.",
                b64(br#"{"alg":"none","typ":"JWT"}"#),
                b64(claims("access", json!(t + 900)).as_bytes())
            ),
        ),
        (
            "alg HS512".into(),
            hs512_jwt(
                key,
                r#"{"alg":"HS512","typ":"JWT"}"#,
                &claims("access", json!(t + 900)),
            ),
        ),
        (
            "HS512 under an HS256 header".into(),
            hs512_jwt(key, HS256_HEADER, &claims("refresh", json!(t + 900))),
        ),
        ("no claims".into(), sign("{}".into())),
        ("payload not an object".into(), sign("[1,2]".into())),
        (
            "no exp".into(),
            sign(json!({"token_type": "refresh", "jti": "j", "user_id": 1}).to_string()),
        ),
        (
            "no jti".into(),
            sign(json!({"token_type": "refresh", "exp": t + 900, "user_id": 1}).to_string()),
        ),
        (
            "no user_id".into(),
            sign(json!({"token_type": "access", "exp": t + 900, "jti": "j"}).to_string()),
        ),
        ("far-future exp".into(), sign(claims("access", json!(1e20)))),
        (
            "huge integer exp".into(),
            sign(
                claims("refresh", json!(0)).replace("\"exp\":0", "\"exp\":99999999999999999999999999"),
            ),
        ),
        ("year 10000 exp".into(), sign(claims("refresh", json!(253_402_300_800i64)))),
        ("exp 1e308".into(), sign(claims("access", json!(1e308)))),
        (
            "exp Infinity".into(),
            sign(claims("refresh", json!(0)).replace("\"exp\":0", "\"exp\":Infinity")),
        ),
        (
            "exp NaN".into(),
            sign(claims("access", json!(0)).replace("\"exp\":0", "\"exp\":NaN")),
        ),
        ("negative exp".into(), sign(claims("refresh", json!(-1)))),
        ("i64::MIN exp".into(), sign(claims("access", json!(i64::MIN)))),
        ("exp string".into(), sign(claims("refresh", json!("soon")))),
        ("exp array".into(), sign(claims("access", json!([1])))),
        (
            "user_id object".into(),
            sign(json!({"token_type": "access", "exp": t + 900, "jti": "j", "user_id": {"a": 1}}).to_string()),
        ),
        (
            "user_id float string".into(),
            sign(json!({"token_type": "refresh", "exp": t + 900, "jti": "j", "user_id": "1e5"}).to_string()),
        ),
        (
            "user_id huge".into(),
            sign(json!({"token_type": "access", "exp": t + 900, "jti": "j", "user_id": u64::MAX}).to_string()),
        ),
        (
            "jti number".into(),
            sign(json!({"token_type": "refresh", "exp": t + 900, "jti": 5, "user_id": 1}).to_string()),
        ),
        (
            "token_type number".into(),
            sign(json!({"token_type": 1, "exp": t + 900, "jti": "j", "user_id": 1}).to_string()),
        ),
        (
            "iat far future".into(),
            sign(json!({"token_type": "access", "exp": t + 900, "iat": 1e300, "jti": "j", "user_id": 1}).to_string()),
        ),
        (
            "nested payload".into(),
            sign(format!("{}1{}", "[".repeat(5000), "]".repeat(5000))),
        ),
        ("8 KB garbage".into(), "e".repeat(8192)),
        ("dots only".into(), "..".into()),
        ("NUL".into(), "a\0b.c\0d.e".into()),
    ];
    out.push((
        "valid-looking, wrong key".into(),
        jwt_raw(b"other", HS256_HEADER, &claims("access", json!(t + 900))),
    ));
    out
}

fn variants(key: &[u8]) -> Vec<Variant> {
    let json = Some("application/json");
    let mut out = vec![
        v("no body", None, None),
        v("0 B json", json, Some(Vec::new())),
        v("1 B", json, Some(b"{".to_vec())),
        v("1 KB bytes", json, Some((0..1024u32).map(|i| (i * 37 % 256) as u8).collect())),
        v("100 KB json", json, Some(format!("\"{}\"", "x".repeat(100 * 1024)).into_bytes())),
        v(
            "2.5 MB + 1 json",
            json,
            Some(format!("\"{}\"", "x".repeat(2_621_440 - 1)).into_bytes()),
        ),
        Variant {
            big: true,
            ..v("10 MB json", json, Some(format!("{{\"username\":\"{}\"}}", "u".repeat(10 * MB)).into_bytes()))
        },
        Variant {
            big: true,
            ..v("10 MB form", Some("application/x-www-form-urlencoded"), Some(vec![b'a'; 10 * MB]))
        },
        v("nested arrays 100k", json, Some(format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes())),
        v(
            "nested objects 20k",
            json,
            Some(format!("{}1{}", "{\"a\":".repeat(20_000), "}".repeat(20_000)).into_bytes()),
        ),
        v("invalid utf-8", json, Some(b"{\"username\": \"\xff\xfe\xc3\", \"password\": \"\xed\xa0\x80\"}".to_vec())),
        v("utf-16 charset, utf-8 body", Some("application/json; charset=utf-16"), Some(b"{\"a\":1}".to_vec())),
        v("unknown charset", Some("application/json; charset=klingon"), Some(b"{}".to_vec())),
        v("text/plain", Some("text/plain"), Some(b"username=a&password=b".to_vec())),
        v("xml", Some("application/xml"), Some(b"<a>1</a>".to_vec())),
        v("multipart without boundary", Some("multipart/form-data"), Some(b"--x\r\n".to_vec())),
        v(
            "multipart garbage",
            Some("multipart/form-data; boundary=B"),
            Some(b"--B\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\n\0\xff\r\n--B".to_vec()),
        ),
        v("form with bad escapes", Some("application/x-www-form-urlencoded"), Some(b"username=%ZZ%&password=%00%ff&&&=".to_vec())),
        v("content type junk", Some("\t;;;=;charset=;/"), Some(b"{}".to_vec())),
        v("content type 8 KB", Some(&format!("application/json; x={}", "y".repeat(8192))), Some(b"{}".to_vec())),
        v("NUL bytes raw", json, Some(b"{\"username\": \"a\0b\"}\0\0".to_vec())),
        v(
            "NUL bytes escaped",
            json,
            Some(json!({"username": "a\u{0}b", "password": "\u{0}", "refresh": "\u{0}", "email": "\u{0}@x", "token": "\u{0}", "path": "/\u{0}/", "route": "/\u{0}"}).to_string().into_bytes()),
        ),
        v(
            "8 KB username",
            json,
            Some(json!({"username": "u".repeat(8192), "password": PW, "email": format!("{}@example.com", "e".repeat(8192))}).to_string().into_bytes()),
        ),
        v("json null", json, Some(b"null".to_vec())),
        v("json list", json, Some(b"[1,{},[]]".to_vec())),
        v("json NaN", json, Some(b"{\"by\": NaN, \"offset\": Infinity}".to_vec())),
        v(
            "extreme numbers",
            json,
            Some(
                b"{\"by\": 1e308, \"offset\": 9223372036854775807, \"offset_ms\": -9223372036854775808, \"status\": 99999999999999999999, \"latency_ms\": -1, \"count\": 18446744073709551616, \"user\": -9223372036854775808, \"now\": 1e400, \"access_token_lifetime\": 9223372036854775807}"
                    .to_vec(),
            ),
        ),
        v(
            "wrong types",
            json,
            Some(
                json!({"username": ["a"], "password": {"x": 1}, "refresh": [1], "email": 5, "is_active": "yes",
                       "by": {"a": 1}, "frozen": "no", "offset": "x", "route": 5, "status": "500", "drop": 1,
                       "path": [], "method": {}, "body": "x", "token": 7, "seed": "yes",
                       "access_token_lifetime": [], "prefix": 1, "user": "me", "include_secrets": 2})
                .to_string()
                .into_bytes(),
            ),
        ),
        v(
            "extreme strings",
            json,
            Some(
                json!({"by": "-9223372036854775808s", "offset": "99999999999999999999d", "route": "/".repeat(8192),
                       "status": 599, "path": format!("/{}/", "p".repeat(8192)), "method": "X".repeat(100),
                       "token": "a.b.c", "access_token_lifetime": "9999999999999d", "prefix": "//",
                       "version": 1, "users": [{"id": i64::MAX, "username": "\u{0}", "password_hash": "x", "date_joined": "-99999-01-01T00:00:00Z"}]})
                .to_string()
                .into_bytes(),
            ),
        ),
        h("duplicate content types", vec![("content-type", b"application/json".to_vec()), ("content-type", b"text/plain".to_vec())]),
        h(
            "duplicate authorization",
            vec![("authorization", b"Bearer a.b.c".to_vec()), ("authorization", b"Bearer d.e.f".to_vec())],
        ),
        h("duplicate hosts", vec![("host", b"127.0.0.1".to_vec()), ("host", b"evil.example".to_vec())]),
        h("duplicate origins", vec![("origin", b"http://localhost:3000".to_vec()), ("origin", b"http://evil.example".to_vec())]),
        h("huge header 32 KB", vec![("x-huge", vec![b'h'; 32 * 1024])]),
        h("huge authorization 16 KB", vec![("authorization", [b"Bearer ".as_slice(), &[b'x'; 16 * 1024]].concat())]),
        h("latin-1 header bytes", vec![("authorization", b"Bearer \xe9\xff.\xfe.\x80".to_vec()), ("cookie", b"access_token=\xff\xfe".to_vec())]),
        h("authorization scheme only", vec![("authorization", b"Bearer".to_vec())]),
        h("authorization three parts", vec![("authorization", b"Bearer a b".to_vec())]),
        h("60 headers", (0..60).map(|i| ("x-many", format!("v{i}").into_bytes())).collect()),
        h("host with port junk", vec![("host", b"localhost:99999999".to_vec())]),
        h("origin null", vec![("origin", b"null".to_vec())]),
        h("accept junk", vec![("accept", b"text/html;q=x, */*;;;".to_vec())]),
    ];
    let cookies: String = (0..3000).map(|i| format!("c{i}=v{i}; ")).collect();
    out.push(h(
        "3000 cookies",
        vec![(
            "cookie",
            format!("{cookies}access_token=a.b.c").into_bytes(),
        )],
    ));
    out.push(h(
        "quoted cookie escapes",
        vec![(
            "cookie",
            b"refresh_token=\"\\377\\000\\\"\\\\x\"; access_token=\"\\".to_vec(),
        )],
    ));
    out.push(h(
        "many cookie headers",
        (0..50)
            .map(|i| ("cookie", format!("refresh_token=r{i}").into_bytes()))
            .collect(),
    ));
    for (name, token) in tokens(key) {
        if token.bytes().any(|b| b < 0x20) {
            // Not sendable in a header: in the body only.
            out.push(v(
                &format!("token {name} (body)"),
                Some("application/json"),
                Some(
                    json!({"refresh": token, "token": token})
                        .to_string()
                        .into_bytes(),
                ),
            ));
            continue;
        }
        let mut bearer = b"Bearer ".to_vec();
        bearer.extend(token.as_bytes());
        let mut variant = h(
            &format!("token {name}"),
            vec![
                ("authorization", bearer),
                (
                    "cookie",
                    format!("access_token={token}; refresh_token={token}").into_bytes(),
                ),
            ],
        );
        variant.body = Some(
            json!({"refresh": token, "token": token})
                .to_string()
                .into_bytes(),
        );
        out.push(variant);
        let mut only_cookie = h(
            &format!("token {name} (cookies only)"),
            vec![(
                "cookie",
                format!("access_token={token}; refresh_token={token}").into_bytes(),
            )],
        );
        only_cookie.body = Some(json!({"refresh": token}).to_string().into_bytes());
        out.push(only_cookie);
    }
    out
}

/// (method, path) for every route: the auth API, a mock route, and every control-plane
/// operation of the OpenAPI document with real ids and hostile ones.
async fn routes(p: &Proc) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = [
        ("POST", "/register/"),
        ("POST", "/token/"),
        ("POST", "/token/refresh/"),
        ("POST", "/logout/"),
        ("GET", "/auth-check/"),
        ("GET", "/api/me/"),
        ("GET", "/api/hostile-mock/"),
        ("PUT", "/token/"),
        ("GET", "/token/refresh/"),
    ]
    .iter()
    .map(|(m, p)| (m.to_string(), p.to_string()))
    .collect();
    let doc = p
        .req("GET", &format!("{API}/openapi.json"))
        .send()
        .await
        .json();
    let sessions = p.req("GET", &format!("{API}/sessions")).send().await.json();
    let sid = sessions["items"][0]["id"].as_str().unwrap().to_string();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "post", "patch", "delete", "put"] {
            if item.get(method).is_none() || path == "/events" {
                continue;
            }
            let m = method.to_ascii_uppercase();
            if path.contains('{') {
                let real = if path.starts_with("/sessions") {
                    sid.as_str()
                } else {
                    "1"
                };
                for id in [
                    real,
                    "%00",
                    "99999999999999999999999",
                    "-1",
                    &"9".repeat(8192),
                ] {
                    let filled = path.replace("{id}", id);
                    out.push((m.clone(), format!("{API}{filled}")));
                }
            } else {
                out.push((m.clone(), format!("{API}{path}")));
            }
        }
        // A method no control-plane route has.
        out.push(("PUT".into(), format!("{API}{}", path.replace("{id}", "1"))));
    }
    out
}

#[tokio::test]
async fn hostile_input_to_every_route_never_earns_a_5xx() {
    let dir = TempDir::new("hostile");
    let key = "hostile-sweep-signing-key-0123456789abcdef";
    let p = Proc::serve(
        dir.path(),
        "server.log",
        &[
            "--in-memory",
            "--fast-hash",
            "--rotate-refresh-tokens",
            "--blacklist-after-rotation",
        ],
        &[("LATCHKEY_SIGNING_KEY", key)],
    )
    .await;
    let r = p
        .req("POST", "/register/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await;
    assert_eq!(r.status, 201);
    let r = p
        .req("POST", &format!("{API}/routes"))
        .json(&json!({"path": "/api/hostile-mock/"}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let routes = routes(&p).await;
    let variants = variants(key.as_bytes());
    let url = Arc::new(p.url.clone());
    let limit = Arc::new(Semaphore::new(8));
    let mut tasks = Vec::new();
    for (method, path) in &routes {
        for variant in &variants {
            // The 10 MB bodies go to each route once, not to each hostile id of it.
            if variant.big && (path.contains("%00") || path.contains("-1") || path.contains("999"))
            {
                continue;
            }
            let permit = limit.clone().acquire_owned().await.unwrap();
            let (url, method, path, variant) =
                (url.clone(), method.clone(), path.clone(), variant.clone());
            tasks.push(tokio::spawn(async move {
                let mut req = request(&url, &method, &path);
                for (k, v) in &variant.headers {
                    req = req.header_bytes(k, v);
                }
                if let Some(ct) = &variant.content_type {
                    if !variant.headers.iter().any(|(k, _)| k == "content-type") {
                        req = req.header_bytes("content-type", ct.as_bytes());
                    }
                }
                if let Some(body) = &variant.body {
                    req = req.raw_body(body);
                }
                let out = req.try_send().await;
                drop(permit);
                (method, path, variant.name, variant.big, out)
            }));
        }
    }
    let mut sent = 0;
    let mut by_status = std::collections::BTreeMap::<u16, usize>::new();
    let mut problems = Vec::new();
    let mut cut = Vec::new();
    for t in tasks {
        let (method, path, name, big, out) = t.await.unwrap();
        sent += 1;
        let what = format!("{method} {} [{name}]", &path[..path.len().min(80)]);
        let r = match out {
            Ok(r) => r,
            // A server may answer a 10 MB upload early and close; the client may then see
            // the reset instead of the answer. Anything else is a failure.
            Err(e) if big => {
                cut.push(format!("{what}: {e}"));
                continue;
            }
            Err(e) => {
                problems.push(format!("{what}: no answer: {e}"));
                continue;
            }
        };
        *by_status.entry(r.status).or_default() += 1;
        if r.status >= 500 {
            problems.push(format!(
                "{what}: {} {}",
                r.status,
                &r.text()[..r.text().len().min(300)]
            ));
        }
        let ct = r.header("content-type").unwrap_or_default();
        if ct.starts_with("application/json") && !r.body.is_empty() {
            if let Err(e) = serde_json::from_slice::<Value>(&r.body) {
                problems.push(format!("{what}: JSON does not parse ({e})"));
            }
        }
        if path.starts_with(API) && r.status >= 400 && r.status != 431 {
            let ok = serde_json::from_slice::<Value>(&r.body)
                .is_ok_and(|v| v["error"].is_string() && v["detail"].is_string());
            if !ok {
                problems.push(format!(
                    "{what}: {} not a JSON error: {ct} {:?}",
                    r.status,
                    r.text()
                ));
            }
        }
    }
    // The event stream, with the header variants (headers only: the stream never ends).
    let mut events = 0;
    for variant in variants.iter().filter(|v| !v.headers.is_empty()) {
        let mut req = client().get(format!("{}{API}/events", p.url));
        for (k, v) in &variant.headers {
            req = req.header(
                k.as_str(),
                reqwest::header::HeaderValue::from_bytes(v).unwrap(),
            );
        }
        let resp = req.send().await.expect("events answer");
        assert!(resp.status().as_u16() < 500, "events [{}]", variant.name);
        events += 1;
    }
    sent += events;
    // Still serving, and nothing panicked.
    p.req("GET", "/auth-check/")
        .send()
        .await
        .expect(401, NOT_PROVIDED);
    let health = p.req("GET", &format!("{API}/health")).send().await;
    assert_eq!(health.status, 200);
    let log = p.log();
    p.terminate().await;
    problems.truncate(40);
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(!log.contains("panicked"), "{log}");
    for c in &cut {
        eprintln!("cut short: {c}");
    }
    let five_xx: usize = by_status.range(500..).map(|(_, n)| n).sum();
    eprintln!(
        "hostile sweep: {sent} requests to {} routes x {} variants, 5xx: {five_xx}, statuses {by_status:?}, 10 MB uploads cut short by the server: {}",
        routes.len(),
        variants.len(),
        cut.len()
    );
}
