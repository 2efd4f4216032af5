//! Django/DRF plumbing: method checks and their order, OPTIONS, the slash redirect, 404,
//! and the headers every response carries.

use serde_json::json;

use crate::support::*;

const POST_ROUTES: [&str; 4] = ["/register/", "/token/", "/token/refresh/", "/logout/"];
const GET_ROUTES: [&str; 2] = ["/auth-check/", "/api/me/"];

#[tokio::test]
async fn get_on_a_post_route_is_405_with_allow() {
    let s = TestServer::start().await;
    for path in POST_ROUTES {
        let r = s.get(path).send().await;
        r.expect(405, &method_not_allowed("GET"));
        assert_eq!(r.allow(), ["OPTIONS", "POST"], "{path}");
        r.assert_security_headers();
        assert_eq!(r.header("vary").as_deref(), Some("Accept, origin"));
    }
    s.shutdown().await;
}

#[tokio::test]
async fn other_methods_on_post_routes_are_405() {
    let s = TestServer::start().await;
    for method in ["PUT", "PATCH", "DELETE"] {
        s.req(method, "/token/")
            .json(&json!({}))
            .send()
            .await
            .expect(405, &method_not_allowed(method));
    }
    s.shutdown().await;
}

#[tokio::test]
async fn allow_lists_the_routes_methods_on_every_drf_answer() {
    let s = TestServer::start().await;
    let r = s.post("/token/").send().await;
    assert_eq!(r.status, 400);
    assert_eq!(r.allow(), ["OPTIONS", "POST"]);
    let r = s.get("/auth-check/").send().await;
    assert_eq!(r.status, 401);
    assert_eq!(r.allow(), ["GET", "OPTIONS"]);
    s.shutdown().await;
}

#[tokio::test]
async fn put_on_auth_check_without_credentials_is_401_first() {
    let s = TestServer::start().await;
    for path in GET_ROUTES {
        for method in ["PUT", "POST", "DELETE"] {
            s.req(method, path).send().await.expect_401(NOT_PROVIDED);
        }
    }
    s.shutdown().await;
}

#[tokio::test]
async fn put_on_auth_check_with_credentials_is_405() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    for path in GET_ROUTES {
        let r = s
            .req("PUT", path)
            .access_cookie(&session.access)
            .send()
            .await;
        r.expect(405, &method_not_allowed("PUT"));
        assert_eq!(r.allow(), ["GET", "OPTIONS"]);
    }
    s.req("POST", "/auth-check/")
        .bearer(&session.access)
        .send()
        .await
        .expect(405, &method_not_allowed("POST"));
    s.shutdown().await;
}

#[tokio::test]
async fn a_bad_token_fails_before_the_method_check() {
    let s = TestServer::start().await;
    // /register/ and /logout/ authenticate (AllowAny): a bad token is a 401 even for GET.
    for path in ["/register/", "/logout/"] {
        s.get(path)
            .access_cookie("garbage")
            .send()
            .await
            .expect_401(&access_token_error("Token is invalid"));
        s.get(path)
            .send()
            .await
            .expect(405, &method_not_allowed("GET"));
    }
    // /token/ does not authenticate at all.
    s.get("/token/")
        .access_cookie("garbage")
        .send()
        .await
        .expect(405, &method_not_allowed("GET"));
    s.shutdown().await;
}

fn metadata(name: &str, actions: Option<&str>) -> String {
    let base = format!(
        r#"{{"name":"{name}","description":"","renders":["application/json","text/html"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"]"#
    );
    match actions {
        Some(a) => format!(r#"{base},"actions":{a}}}"#),
        None => format!("{base}}}"),
    }
}

#[tokio::test]
async fn options_answers_drf_metadata() {
    let s = TestServer::start().await;
    let r = s.req("OPTIONS", "/token/").send().await;
    r.expect(
        200,
        &metadata(
            "Cookie Token Obtain Pair",
            Some(
                r#"{"POST":{"username":{"type":"string","required":true,"read_only":false,"label":"Username"},"password":{"type":"string","required":true,"read_only":false,"label":"Password"}}}"#,
            ),
        ),
    );
    assert_eq!(r.allow(), ["OPTIONS", "POST"]);
    r.assert_security_headers();
    s.req("OPTIONS", "/token/refresh/").send().await.expect(
        200,
        &metadata(
            "Cookie Token Refresh",
            Some(
                r#"{"POST":{"refresh":{"type":"string","required":true,"read_only":false,"label":"Refresh"},"access":{"type":"string","required":false,"read_only":true,"label":"Access"}}}"#,
            ),
        ),
    );
    s.req("OPTIONS", "/register/")
        .send()
        .await
        .expect(200, &metadata("Register", None));
    s.req("OPTIONS", "/logout/")
        .send()
        .await
        .expect(200, &metadata("Logout", None));
    s.shutdown().await;
}

#[tokio::test]
async fn options_on_protected_routes_needs_credentials() {
    let s = TestServer::start().await;
    s.req("OPTIONS", "/auth-check/")
        .send()
        .await
        .expect_401(NOT_PROVIDED);
    let session = s.alice().await;
    s.req("OPTIONS", "/auth-check/")
        .access_cookie(&session.access)
        .send()
        .await
        .expect(200, &metadata("Auth Check", None));
    s.req("OPTIONS", "/api/me/")
        .access_cookie(&session.access)
        .send()
        .await
        .expect(200, &metadata("Me", None));
    s.shutdown().await;
}

#[track_caller]
fn assert_redirect(r: &Resp, location: &str) {
    assert_eq!(r.status, 301, "{}", r.text());
    assert_eq!(r.header("location").as_deref(), Some(location));
    assert_eq!(r.text(), "");
    assert_eq!(r.header("content-type").as_deref(), Some(HTML));
    assert_eq!(r.header("vary").as_deref(), Some("origin"));
    assert!(r.header("allow").is_none());
    r.assert_security_headers();
}

#[tokio::test]
async fn a_missing_trailing_slash_redirects_permanently() {
    let s = TestServer::start().await;
    for (path, location) in [
        ("/token", "/token/"),
        ("/register", "/register/"),
        ("/token/refresh", "/token/refresh/"),
        ("/logout", "/logout/"),
        ("/auth-check", "/auth-check/"),
        ("/api/me", "/api/me/"),
    ] {
        assert_redirect(&s.post(path).send().await, location);
        assert_redirect(&s.get(path).send().await, location);
    }
    s.shutdown().await;
}

#[tokio::test]
async fn the_redirect_keeps_the_query_string() {
    let s = TestServer::start().await;
    let r = s.post("/token?next=%2Fhome&a=1").send().await;
    assert_redirect(&r, "/token/?next=%2Fhome&a=1");
    s.shutdown().await;
}

#[track_caller]
fn assert_not_found(r: &Resp) {
    assert_eq!(r.status, 404);
    assert_eq!(r.text(), NOT_FOUND_PAGE);
    assert_eq!(r.header("content-type").as_deref(), Some(HTML));
    assert_eq!(r.header("vary").as_deref(), Some("origin"));
    r.assert_security_headers();
}

#[tokio::test]
async fn unknown_paths_get_djangos_404_page() {
    let s = TestServer::start().await;
    for path in [
        "/",
        "/nope/",
        "/nope",
        "/token/extra/",
        "/TOKEN/",
        "/api/",
        "/api/me/x/",
        "/register//",
    ] {
        assert_not_found(&s.get(path).send().await);
        assert_not_found(&s.post(path).send().await);
    }
    s.shutdown().await;
}

#[tokio::test]
async fn security_headers_are_on_every_kind_of_response() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    let answers = [
        s.get("/auth-check/")
            .access_cookie(&session.access)
            .send()
            .await,
        s.get("/auth-check/").send().await,
        s.post("/token/").send().await,
        s.get("/token/").send().await,
        s.post("/token/").body("text/plain", b"x").send().await,
        s.post("/logout/").send().await,
        s.get("/token").send().await,
        s.get("/missing/").send().await,
        s.req("OPTIONS", "/token/").send().await,
    ];
    let statuses: Vec<u16> = answers.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 401, 400, 405, 415, 200, 301, 404, 200]);
    for r in &answers {
        r.assert_security_headers();
    }
    s.shutdown().await;
}

#[tokio::test]
async fn vary_is_accept_origin_on_drf_answers() {
    let s = TestServer::start().await;
    for r in [
        s.post("/token/").send().await,
        s.get("/auth-check/").send().await,
        s.get("/token/").send().await,
        s.post("/logout/").send().await,
    ] {
        assert_eq!(r.header("vary").as_deref(), Some("Accept, origin"));
    }
    s.shutdown().await;
}

#[tokio::test]
async fn every_401_carries_the_bearer_challenge() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    let answers = [
        s.get("/auth-check/").send().await,
        s.get("/api/me/").bearer("x").send().await,
        s.get("/api/me/")
            .header("Authorization", "Bearer")
            .send()
            .await,
        s.post("/token/")
            .json(&json!({"username": "alice", "password": "nope-nope-nope"}))
            .send()
            .await,
        s.post("/token/refresh/").refresh_cookie("x").send().await,
        s.post("/token/refresh/")
            .refresh_cookie(&session.access)
            .send()
            .await,
        s.post("/register/").access_cookie("x").send().await,
    ];
    for r in &answers {
        assert_eq!(r.status, 401, "{}", r.text());
        assert_eq!(
            r.header("www-authenticate").as_deref(),
            Some("Bearer realm=\"api\"")
        );
    }
    let ok = s.post("/token/").send().await;
    assert!(ok.header("www-authenticate").is_none());
    s.shutdown().await;
}

#[tokio::test]
async fn head_is_not_a_method_of_these_views() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    let r = s
        .req("HEAD", "/auth-check/")
        .access_cookie(&session.access)
        .send()
        .await;
    assert_eq!(r.status, 405);
    assert!(r.body.is_empty());
    s.shutdown().await;
}
