//! Bad input never earns a 5xx, and what comes back is still well-formed.

use serde_json::json;

use crate::support::*;

const ROUTES: [(&str, &str); 6] = [
    ("POST", "/register/"),
    ("POST", "/token/"),
    ("POST", "/token/refresh/"),
    ("POST", "/logout/"),
    ("GET", "/auth-check/"),
    ("GET", "/api/me/"),
];

#[track_caller]
fn assert_sane(r: &Resp, what: &str) {
    assert!(r.status < 500, "{what}: {} {}", r.status, r.text());
    if r.header("content-type").as_deref() == Some("application/json") {
        let _ = serde_json::from_slice::<serde_json::Value>(&r.body)
            .unwrap_or_else(|e| panic!("{what}: JSON body does not parse ({e}): {}", r.text()));
    }
    r.assert_security_headers();
}

#[tokio::test]
async fn odd_bodies_never_cause_a_server_error() {
    let s = TestServer::start().await;
    s.alice().await;
    let long = "x".repeat(200_000);
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("application/json", b"null".to_vec()),
        ("application/json", b"123".to_vec()),
        ("application/json", b"true".to_vec()),
        ("application/json", b"\"str\"".to_vec()),
        ("application/json", b"[1,2,3]".to_vec()),
        ("application/json", b"{".to_vec()),
        ("application/json", b"\xff\xfe\x00".to_vec()),
        ("application/json", b"\xef\xbb\xbf{}".to_vec()),
        ("application/json", b"NaN".to_vec()),
        (
            "application/json",
            b"{\"username\": NaN, \"password\": Infinity}".to_vec(),
        ),
        (
            "application/json",
            b"{\"username\": 1e999, \"password\": -0}".to_vec(),
        ),
        (
            "application/json",
            json!({"username": ["a"], "password": {"x": 1}, "refresh": [1], "email": 5})
                .to_string()
                .into_bytes(),
        ),
        (
            "application/json",
            json!({"username": "a\u{0}b", "password": "\u{0}", "refresh": "\u{0}"})
                .to_string()
                .into_bytes(),
        ),
        (
            "application/json",
            br#"{"username": "\ud800", "password": "\udfff", "refresh": "\ud800"}"#.to_vec(),
        ),
        (
            "application/json",
            json!({"username": long, "password": long, "email": long, "refresh": long})
                .to_string()
                .into_bytes(),
        ),
        (
            "application/json",
            format!("{}{}", "[".repeat(100), "]".repeat(100)).into_bytes(),
        ),
        (
            "application/json; charset=latin-1",
            b"{\"username\": \"\xe9\"}".to_vec(),
        ),
        ("application/json; charset=utf-16", b"{}".to_vec()),
        ("application/json; charset=nonsense", b"{}".to_vec()),
        (
            "application/x-www-form-urlencoded",
            b"username=%zz&password=%".to_vec(),
        ),
        (
            "application/x-www-form-urlencoded",
            b"&&&===&username".to_vec(),
        ),
        (
            "application/x-www-form-urlencoded",
            b"username=\xff&password=\xfe".to_vec(),
        ),
        ("multipart/form-data", b"garbage".to_vec()),
        (
            "multipart/form-data; boundary=xyz",
            b"--xyz\r\nbroken".to_vec(),
        ),
        ("application/xml", b"<a/>".to_vec()),
        ("", b"{}".to_vec()),
        ("application/", b"{}".to_vec()),
        (";;;", b"{}".to_vec()),
    ];
    for (method, path) in ROUTES {
        for (ct, body) in &bodies {
            let what = format!(
                "{method} {path} {ct:?} {:?}",
                String::from_utf8_lossy(&body[..body.len().min(40)])
            );
            let r = s.req(method, path).body(ct, body).send().await;
            assert_sane(&r, &what);
        }
    }
    s.shutdown().await;
}

#[tokio::test]
async fn odd_headers_never_cause_a_server_error() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    let huge = "A".repeat(6000);
    let headers: Vec<(&str, Vec<u8>)> = vec![
        ("authorization", b"Bearer \xff\xfe".to_vec()),
        ("authorization", format!("Bearer {huge}").into_bytes()),
        ("authorization", b"Bearer ..".to_vec()),
        ("authorization", b"Bearer a.b.c.d.e".to_vec()),
        ("authorization", b"\tBearer\ttoken".to_vec()),
        (
            "authorization",
            format!("Bearer  {}", session.access).into_bytes(),
        ),
        ("cookie", b"access_token=\"\\377\\000\"".to_vec()),
        ("cookie", b"access_token=\"unterminated".to_vec()),
        (
            "cookie",
            b"access_token=\xff\xfe; refresh_token=\xff".to_vec(),
        ),
        ("cookie", b";;;=;=x;access_token".to_vec()),
        ("cookie", format!("access_token={huge}").into_bytes()),
        ("accept", b"application/xml".to_vec()),
        ("accept", b"text/html;q=abc, */*".to_vec()),
        ("accept", b";;;".to_vec()),
        ("origin", b"http://\xff".to_vec()),
        ("origin", b"localhost:3000".to_vec()),
    ];
    for (method, path) in ROUTES {
        for (name, value) in &headers {
            let what = format!(
                "{method} {path} {name}: {:?}",
                String::from_utf8_lossy(&value[..value.len().min(40)])
            );
            let r = s.req(method, path).header_bytes(name, value).send().await;
            assert_sane(&r, &what);
        }
    }
    s.shutdown().await;
}

#[tokio::test]
async fn odd_tokens_never_cause_a_server_error() {
    let s = TestServer::start().await;
    s.alice().await;
    let payloads = [
        r#"{"token_type":"access","exp":1e400,"iat":0,"jti":"x","user_id":"1"}"#.to_string(),
        r#"{"token_type":"access","exp":99999999999999999999999,"jti":"x","user_id":"1"}"#
            .to_string(),
        r#"{"token_type":"access","exp":-99999999999,"jti":"x","user_id":"1"}"#.to_string(),
        format!(
            r#"{{"token_type":"access","exp":{},"jti":"x","user_id":"1"}}"#,
            T0 + 10
        ),
        format!(
            r#"{{"token_type":"access","exp":{},"jti":"x","user_id":null}}"#,
            T0 + 10
        ),
        format!(
            r#"{{"token_type":"access","exp":{},"jti":"x","user_id":"99999999999999999999999"}}"#,
            T0 + 10
        ),
        format!(
            r#"{{"token_type":"access","exp":{},"jti":"x","user_id":{{"a":1}}}}"#,
            T0 + 10
        ),
        format!(
            r#"{{"token_type":"access","exp":{},"jti":"x","user_id":1.5}}"#,
            T0 + 10
        ),
        format!(
            r#"{{"token_type":"access","exp":{},"jti":"x","user_id":" 1 "}}"#,
            T0 + 10
        ),
        format!(
            r#"{{"token_type":"access","exp":{},"jti":"x","user_id":true}}"#,
            T0 + 10
        ),
        format!(
            r#"{{"token_type":"access","exp":{}.5,"jti":"x","user_id":"1"}}"#,
            T0 + 10
        ),
        format!(
            r#"{{"token_type":"access","exp":"{}","jti":"x","user_id":"1"}}"#,
            T0 + 10
        ),
        format!(
            r#"{{"token_type":7,"exp":{},"jti":null,"user_id":"1"}}"#,
            T0 + 10
        ),
        r#"[1,2,3]"#.to_string(),
        r#""just a string""#.to_string(),
        "not json at all".to_string(),
        String::new(),
    ];
    let headers = [
        HS256_HEADER,
        r#"{"alg":"HS256"}"#,
        r#"{"typ":"JWT"}"#,
        r#"{"alg":"HS256","typ":"JWT","kid":"x","crit":["b64"]}"#,
        r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#,
        r#"[]"#,
        "",
    ];
    for header in headers {
        for payload in &payloads {
            let token = jwt_raw(KEY.as_bytes(), header, payload);
            let what = format!("{header} {payload}");
            assert_sane(&s.get("/api/me/").bearer(&token).send().await, &what);
            assert_sane(
                &s.post("/token/refresh/")
                    .refresh_cookie(&token)
                    .send()
                    .await,
                &what,
            );
            assert_sane(
                &s.post("/logout/").refresh_cookie(&token).send().await,
                &what,
            );
        }
    }
    s.shutdown().await;
}

#[tokio::test]
async fn odd_paths_and_methods_never_cause_a_server_error() {
    let s = TestServer::start().await;
    for path in [
        "/%00/",
        "/%ff/",
        "/token%2F",
        "/token/%2e%2e/",
        "/..%2f..%2fetc/passwd",
        "/token/?format=xml",
        "/token/?format=json",
        "/token/?%zz=%",
        "//token/",
        "/token;x/",
        "/api/me/?x=1",
        "/_latchkey",
    ] {
        for method in [
            "GET", "POST", "PUT", "OPTIONS", "DELETE", "PATCH", "TRACE", "FOO",
        ] {
            let r = s.req(method, path).send().await;
            assert!(r.status < 500, "{method} {path}: {} {}", r.status, r.text());
        }
    }
    s.shutdown().await;
}

#[tokio::test]
async fn many_parallel_registrations_of_one_name_create_one_user() {
    let s = TestServer::start().await;
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let req = s
            .post("/register/")
            .json(&json!({"username": "racer", "password": PW}));
        tasks.push(tokio::spawn(req.send()));
    }
    let mut created = 0;
    for t in tasks {
        let r = t.await.unwrap();
        match r.status {
            201 => created += 1,
            400 => {
                r.expect(
                    400,
                    r#"{"username":["A user with that username already exists."]}"#,
                );
            }
            other => panic!("unexpected {other}: {}", r.text()),
        }
    }
    assert_eq!(created, 1);
    s.shutdown().await;
}
