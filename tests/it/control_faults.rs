//! `/_latchkey/api/faults`: forced statuses, real latency and dropped connections on the
//! emulated site, observed through the auth API; never on the control plane.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::*;

const API: &str = "/_latchkey/api";
const UNAVAILABLE: &str = r#"{"detail":"Service temporarily unavailable, try again later."}"#;

async fn add_fault(s: &TestServer, spec: Value) -> Value {
    let resp = s.post(&format!("{API}/faults")).json(&spec).send().await;
    assert_eq!(resp.status, 201, "add fault {spec}: {}", resp.text());
    resp.json()
}

async fn faults(s: &TestServer) -> Value {
    let resp = s.get(&format!("{API}/faults")).send().await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    resp.json()
}

fn delete(s: &TestServer, path: &str) -> Req {
    s.req("DELETE", &format!("{API}{path}"))
        .header("Content-Type", "application/json")
}

/// The inspector's newest record for a path.
async fn last_request(s: &TestServer, path: &str) -> Value {
    let resp = s
        .get(&format!("{API}/requests?path={path}&limit=1"))
        .send()
        .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    resp.json()["items"][0].clone()
}

async fn login_resp(s: &TestServer) -> Resp {
    s.post("/token/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await
}

#[tokio::test]
async fn a_503_on_token_for_two_requests_then_normal() {
    let s = TestServer::start().await;
    s.alice().await;
    let fault = add_fault(
        &s,
        json!({"route": "/token/", "status": 503, "latency_ms": 0, "drop": false, "count": 2}),
    )
    .await;
    let id = fault["id"].as_str().expect("id").to_string();
    assert_eq!(
        fault,
        json!({"id": id, "route": "/token/", "status": 503, "latency_ms": 0, "drop": false, "remaining": 2, "hits": 0})
    );
    for hit in 1..=2 {
        let resp = login_resp(&s).await;
        resp.expect(503, UNAVAILABLE);
        assert_eq!(resp.allow(), ["OPTIONS", "POST"]);
        assert!(resp.set_cookies().is_empty(), "a faulted login set cookies");
        resp.assert_security_headers();
        // Other routes are untouched meanwhile.
        s.get("/auth-check/").send().await.expect_401(NOT_PROVIDED);
        let listed = faults(&s).await;
        if hit == 1 {
            assert_eq!(listed["items"][0]["remaining"], 1);
            assert_eq!(listed["items"][0]["hits"], 1);
        } else {
            assert_eq!(listed, json!({"items": [], "total": 0}));
        }
    }
    let resp = login_resp(&s).await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    resp.session();
    let record = last_request(&s, "/token/").await;
    assert_eq!(
        (record["status"].as_u64(), &record["fault"]),
        (Some(200), &Value::Null)
    );
    let resp = s
        .get(&format!("{API}/requests?path=/token/&status=503"))
        .send()
        .await;
    let faulted = resp.json();
    assert_eq!(faulted["total"], 2);
    assert_eq!(faulted["items"][0]["fault"], id.as_str());
    assert_eq!(
        faulted["items"][0]["rejection"],
        format!("fault {id}: forced 503")
    );
    s.shutdown().await;
}

#[tokio::test]
async fn a_500_until_cleared_with_the_drf_body() {
    let s = TestServer::start().await;
    let fault = add_fault(&s, json!({"route": "/auth-check/", "status": 500})).await;
    assert_eq!(fault["remaining"], Value::Null);
    for _ in 0..3 {
        s.get("/auth-check/")
            .send()
            .await
            .expect(500, r#"{"detail":"A server error occurred."}"#);
    }
    assert_eq!(faults(&s).await["items"][0]["hits"], 3);
    delete(&s, "/faults").send().await.expect(204, "");
    s.get("/auth-check/").send().await.expect_401(NOT_PROVIDED);
    s.shutdown().await;
}

#[tokio::test]
async fn faults_are_listed_removed_and_cleared() {
    let s = TestServer::start().await;
    assert_eq!(faults(&s).await, json!({"items": [], "total": 0}));
    let a = add_fault(&s, json!({"route": "/token/", "status": 503})).await;
    let b = add_fault(&s, json!({"route": "*", "latency_ms": 5, "count": 10})).await;
    assert_ne!(a["id"], b["id"]);
    let listed = faults(&s).await;
    assert_eq!(listed["total"], 2);
    assert_eq!(listed["items"], json!([a, b]));

    let a_id = a["id"].as_str().expect("id");
    delete(&s, &format!("/faults/{a_id}"))
        .send()
        .await
        .expect(204, "");
    assert_eq!(faults(&s).await["items"], json!([b]));
    let again = delete(&s, &format!("/faults/{a_id}")).send().await;
    assert_eq!(again.status, 404);
    assert_eq!(again.json()["error"], "not_found");

    delete(&s, "/faults").send().await.expect(204, "");
    assert_eq!(faults(&s).await, json!({"items": [], "total": 0}));
    // The login the removed fault would have broken works.
    s.alice().await;
    login_resp(&s).await.session();
    s.shutdown().await;
}

#[tokio::test]
async fn invalid_faults_are_refused() {
    let s = TestServer::start().await;
    for bad in [
        json!({"route": "token/", "status": 503}),
        json!({"route": "", "status": 503}),
        json!({"route": "/_latchkey/api/health", "status": 503}),
        json!({"route": "/token/", "status": 99}),
        json!({"route": "/token/", "status": 100}),
        json!({"route": "/token/", "status": 101}),
        json!({"route": "/token/", "status": 600}),
        json!({"route": "/token/", "latency_ms": 60_001}),
        json!({"route": "/token/", "status": 503, "count": 0}),
        json!({"route": "/token/"}),
        json!({"route": "/token/", "latency_ms": 0, "drop": false}),
        json!({"status": 503}),
        json!({"route": 5, "status": 503}),
        json!({"route": "/token/", "status": -1}),
        json!({"route": "/token/", "status": "503"}),
        json!([]),
    ] {
        let resp = s.post(&format!("{API}/faults")).json(&bad).send().await;
        assert_eq!(resp.status, 422, "{bad}: {}", resp.text());
        let body = resp.json();
        assert!(
            body["error"].is_string() && body["detail"].is_string(),
            "{body}"
        );
    }
    let resp = s
        .post(&format!("{API}/faults"))
        .body("application/json", b"{not json")
        .send()
        .await;
    assert_eq!(resp.status, 400, "{}", resp.text());
    assert_eq!(faults(&s).await["total"], 0);
    // The limits themselves are fine.
    add_fault(
        &s,
        json!({"route": "/token/", "latency_ms": 60_000, "count": 1}),
    )
    .await;
    add_fault(&s, json!({"route": "/token/", "status": 599, "count": 1})).await;
    add_fault(&s, json!({"route": "/token/", "status": 200, "count": 1})).await;
    s.shutdown().await;
}

#[tokio::test]
async fn latency_is_real_time_then_the_view_answers() {
    let s = TestServer::start().await;
    let fault = add_fault(
        &s,
        json!({"route": "/auth-check/", "latency_ms": 150, "count": 1}),
    )
    .await;
    let started = Instant::now();
    let resp = s.get("/auth-check/").send().await;
    let took = started.elapsed();
    resp.expect_401(NOT_PROVIDED);
    assert!(took >= Duration::from_millis(150), "took only {took:?}");
    let record = last_request(&s, "/auth-check/").await;
    assert_eq!(record["fault"], fault["id"]);
    assert_eq!(record["status"], 401);
    assert_eq!(
        record["rejection"],
        "Authentication credentials were not provided."
    );
    assert!(
        record["duration_ms"].as_f64().unwrap_or(0.0) >= 150.0,
        "{record}"
    );
    assert_eq!(faults(&s).await["total"], 0);
    s.shutdown().await;
}

#[tokio::test]
async fn drop_closes_the_connection_and_the_server_keeps_serving() {
    let s = TestServer::start().await;
    let fault = add_fault(
        &s,
        json!({"route": "/auth-check/", "drop": true, "count": 1}),
    )
    .await;
    // A fresh client: no pooled connection to retry on.
    let result = client().get(format!("{}/auth-check/", s.url)).send().await;
    let err = result.expect_err("a dropped connection is an error");
    assert!(!err.is_timeout() && !err.is_status(), "{err:?}");
    s.get("/auth-check/").send().await.expect_401(NOT_PROVIDED);
    let resp = s
        .get(&format!("{API}/requests?path=/auth-check/"))
        .send()
        .await;
    let items = resp.json()["items"].clone();
    assert_eq!(items[0]["status"], 401);
    assert_eq!(items[1]["status"], 0);
    assert_eq!(items[1]["fault"], fault["id"]);
    assert_eq!(items[1]["rejection"], "connection dropped by a fault");
    s.shutdown().await;
}

#[tokio::test]
async fn faults_never_apply_to_the_control_plane() {
    let s = TestServer::start().await;
    let all = add_fault(&s, json!({"route": "*", "status": 500})).await;
    add_fault(&s, json!({"route": "/health", "drop": true})).await;
    let health = s.get(&format!("{API}/health")).send().await;
    assert_eq!(health.status, 200, "{}", health.text());
    let page = s.get("/_latchkey/").send().await;
    assert_eq!(page.status, 200);
    let stray = s.get("/_latchkey/nothing-here").send().await;
    assert_ne!(stray.status, 500, "{}", stray.text());
    assert_ne!(stray.text(), r#"{"detail":"A server error occurred."}"#);
    // Every view of the emulated site is hit, stray paths are not.
    s.get("/auth-check/")
        .send()
        .await
        .expect(500, r#"{"detail":"A server error occurred."}"#);
    let me = s.get("/api/me/").send().await;
    me.expect(500, r#"{"detail":"A server error occurred."}"#);
    assert_eq!(me.allow(), ["GET", "OPTIONS"]);
    let stray = s.get("/favicon.ico").send().await;
    assert_eq!(
        (stray.status, stray.text()),
        (404, NOT_FOUND_PAGE.to_string())
    );
    let listed = faults(&s).await;
    assert_eq!(listed["items"][0]["id"], all["id"]);
    assert_eq!(listed["items"][0]["hits"], 2);
    assert_eq!(listed["items"][1]["hits"], 0);
    s.shutdown().await;
}

#[tokio::test]
async fn faults_follow_the_prefix() {
    let s = TestServer::configured(|c| {
        c.apply_flag("prefix", "/api/auth/").expect("prefix");
    })
    .await;
    add_fault(
        &s,
        json!({"route": "/token/refresh/", "status": 503, "count": 1}),
    )
    .await;
    s.post("/api/auth/token/refresh/")
        .json(&json!({}))
        .send()
        .await
        .expect(503, UNAVAILABLE);
    s.post("/api/auth/token/refresh/")
        .json(&json!({}))
        .send()
        .await
        .expect(400, REFRESH_REQUIRED);
    s.shutdown().await;
}
