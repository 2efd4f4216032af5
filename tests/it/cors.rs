//! django-cors-headers with CORS_ALLOW_CREDENTIALS and the origin whitelist.

use serde_json::json;

use crate::support::*;

const FRONTEND: &str = "http://localhost:3000";
const ALLOW_HEADERS: &str =
    "accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with";
const ALLOW_METHODS: &str = "DELETE, GET, OPTIONS, PATCH, POST, PUT";

fn preflight(s: &TestServer, path: &str, origin: &str) -> Req {
    s.req("OPTIONS", path)
        .origin(origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")
}

#[track_caller]
fn assert_allowed_preflight(r: &Resp, origin: &str) {
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty(), "{}", r.text());
    assert_eq!(r.header("content-type").as_deref(), Some(HTML));
    assert_eq!(r.header("vary").as_deref(), Some("origin"));
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some(origin)
    );
    assert_eq!(
        r.header("access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(
        r.header("access-control-allow-headers").as_deref(),
        Some(ALLOW_HEADERS)
    );
    assert_eq!(
        r.header("access-control-allow-methods").as_deref(),
        Some(ALLOW_METHODS)
    );
    assert_eq!(r.header("access-control-max-age").as_deref(), Some("86400"));
    // The preflight is answered before SecurityMiddleware and DRF run.
    for h in [
        "x-content-type-options",
        "referrer-policy",
        "cross-origin-opener-policy",
        "allow",
        "www-authenticate",
        "set-cookie",
    ] {
        assert!(r.header(h).is_none(), "preflight has {h}");
    }
}

#[tokio::test]
async fn preflight_from_the_whitelisted_origin() {
    let s = TestServer::start().await;
    for path in [
        "/token/",
        "/register/",
        "/auth-check/",
        "/api/me/",
        "/logout/",
    ] {
        assert_allowed_preflight(&preflight(&s, path, FRONTEND).send().await, FRONTEND);
    }
    s.shutdown().await;
}

#[tokio::test]
async fn preflight_is_answered_even_for_unknown_paths_and_bad_tokens() {
    let s = TestServer::start().await;
    assert_allowed_preflight(&preflight(&s, "/nope/", FRONTEND).send().await, FRONTEND);
    assert_allowed_preflight(&preflight(&s, "/token", FRONTEND).send().await, FRONTEND);
    assert_allowed_preflight(
        &preflight(&s, "/auth-check/", FRONTEND)
            .access_cookie("garbage")
            .send()
            .await,
        FRONTEND,
    );
    s.shutdown().await;
}

#[tokio::test]
async fn preflight_from_a_foreign_origin_has_no_cors_headers() {
    let s = TestServer::start().await;
    for origin in [
        "http://evil.example",
        "http://localhost:3001",
        "https://localhost:3000",
        "null",
    ] {
        let r = preflight(&s, "/token/", origin).send().await;
        assert_eq!(r.status, 200);
        assert!(r.body.is_empty());
        assert_eq!(r.header("content-type").as_deref(), Some(HTML));
        assert_eq!(r.header("vary").as_deref(), Some("origin"));
        r.assert_no_cors_headers();
        assert!(r.header("x-content-type-options").is_none());
    }
    s.shutdown().await;
}

#[tokio::test]
async fn preflight_without_an_origin_is_still_answered_empty() {
    let s = TestServer::start().await;
    let r = s
        .req("OPTIONS", "/token/")
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await;
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    r.assert_no_cors_headers();
    s.shutdown().await;
}

#[tokio::test]
async fn actual_requests_from_the_whitelisted_origin_are_allowed_with_credentials() {
    let s = TestServer::start().await;
    let r = s
        .post("/register/")
        .origin(FRONTEND)
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await;
    r.expect(201, r#"{"user":{"id":1,"username":"alice","email":""}}"#);
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some(FRONTEND)
    );
    assert_eq!(
        r.header("access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert!(r.header("access-control-allow-methods").is_none());
    assert_eq!(r.header("vary").as_deref(), Some("Accept, origin"));
    r.assert_security_headers();
    // Errors too.
    let r = s.get("/auth-check/").origin(FRONTEND).send().await;
    r.expect_401(NOT_PROVIDED);
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some(FRONTEND)
    );
    let r = s.get("/missing/").origin(FRONTEND).send().await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some(FRONTEND)
    );
    assert_eq!(r.header("vary").as_deref(), Some("origin"));
    s.shutdown().await;
}

#[tokio::test]
async fn actual_requests_from_other_origins_are_processed_without_cors_headers() {
    let s = TestServer::start().await;
    let r = s
        .post("/register/")
        .origin("http://evil.example")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await;
    r.expect(201, r#"{"user":{"id":1,"username":"alice","email":""}}"#);
    r.assert_no_cors_headers();
    assert_eq!(r.header("vary").as_deref(), Some("Accept, origin"));
    let r = s.post("/token/").send().await;
    r.assert_no_cors_headers();
    assert_eq!(r.header("vary").as_deref(), Some("Accept, origin"));
    s.shutdown().await;
}

#[tokio::test]
async fn a_configured_extra_origin_is_allowed() {
    let extra = "http://app.test:5173";
    let s = TestServer::configured(|c| {
        c.apply_flag("cors_allowed_origins", &format!("{FRONTEND},{extra}"))
            .unwrap();
    })
    .await;
    assert_allowed_preflight(&preflight(&s, "/token/", extra).send().await, extra);
    assert_allowed_preflight(&preflight(&s, "/token/", FRONTEND).send().await, FRONTEND);
    let r = s.post("/logout/").origin(extra).send().await;
    r.expect(200, LOGGED_OUT);
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some(extra)
    );
    assert_eq!(
        r.header("access-control-allow-credentials").as_deref(),
        Some("true")
    );
    s.shutdown().await;
}

#[tokio::test]
async fn replacing_the_origin_list_drops_the_default() {
    let s = TestServer::configured(|c| {
        c.apply_flag("cors_allowed_origins", "http://only.test")
            .unwrap();
    })
    .await;
    let r = preflight(&s, "/token/", FRONTEND).send().await;
    r.assert_no_cors_headers();
    s.shutdown().await;
}

#[tokio::test]
async fn options_without_request_method_is_drf_metadata_not_a_preflight() {
    let s = TestServer::start().await;
    let r = s.req("OPTIONS", "/logout/").origin(FRONTEND).send().await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(r.json()["name"], "Logout");
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some(FRONTEND)
    );
    // django-cors-headers adds the preflight headers to every OPTIONS answer.
    assert_eq!(
        r.header("access-control-allow-methods").as_deref(),
        Some("DELETE, GET, OPTIONS, PATCH, POST, PUT")
    );
    assert_eq!(r.header("access-control-max-age").as_deref(), Some("86400"));
    r.assert_security_headers();
    s.shutdown().await;
}
