//! Security tests of the control plane's guard: only this machine (loopback peer and a
//! loopback `Host`, against DNS rebinding), no foreign `Origin` (a page on another site
//! cannot drive it), JSON on mutating calls (no CSRF through simple requests), a 403 with
//! a JSON reason otherwise — and the auth API untouched by any of it.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};

use latchkey::{Clock, Server};
use serde_json::{json, Value};

use crate::support::*;

const API: &str = "/_latchkey/api";

/// Asserts the guard's refusal: 403, JSON `{"error": "forbidden", "detail": ...}` whose
/// detail mentions `about`.
#[track_caller]
fn assert_refused(r: &Resp, about: &str) {
    assert_eq!(r.status, 403, "not refused: {}", r.text());
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/json")
    );
    let body = r.json();
    assert_eq!(body["error"], "forbidden", "{body}");
    let detail = body["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains(about),
        "detail {detail:?} does not mention {about:?}"
    );
}

fn port(s: &TestServer) -> u16 {
    s.url
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("server URL has a port")
}

async fn clock_now_ms(s: &TestServer) -> i64 {
    let r = s.get(&format!("{API}/clock")).send().await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["now_ms"].as_i64().expect("now_ms")
}

#[tokio::test]
async fn security_a_foreign_host_is_refused_with_a_json_reason() {
    let s = TestServer::start().await;
    // DNS rebinding: evil.example resolved to 127.0.0.1 still carries its own Host.
    for host in [
        "evil.example",
        "evil.example:8000",
        "127.0.0.1.evil.example",
        "localhost.evil.example",
        "192.0.2.7:8000",
        "[::1].evil.example",
    ] {
        let r = s
            .get(&format!("{API}/health"))
            .header("Host", host)
            .send()
            .await;
        assert_refused(&r, "Host");
    }
    s.shutdown().await;
}

#[tokio::test]
async fn security_unknown_control_plane_paths_are_guarded_json() {
    let s = TestServer::start().await;
    // No answer tells a foreign page which control-plane paths exist.
    for path in ["/no-such-thing", "/users/1/nope"] {
        let r = s
            .get(&format!("{API}{path}"))
            .header("Host", "evil.example")
            .send()
            .await;
        assert_refused(&r, "Host");
        // From this machine: the control plane's JSON 404, not a page.
        let r = s.get(&format!("{API}{path}")).send().await;
        assert_eq!(r.status, 404, "{path}: {}", r.text());
        assert_eq!(r.json()["error"], "not_found");
    }
    s.shutdown().await;
}

#[tokio::test]
async fn security_a_foreign_origin_is_refused_on_reads_writes_and_preflights() {
    let s = TestServer::start().await;
    let before = clock_now_ms(&s).await;
    let own_port = port(&s);
    let other_port = format!("http://127.0.0.1:{}", own_port.wrapping_add(1).max(1));
    for origin in [
        "http://evil.example",
        "http://localhost:3000",
        other_port.as_str(),
        "https://127.0.0.1",
        "null",
    ] {
        let r = s
            .get(&format!("{API}/sessions"))
            .origin(origin)
            .send()
            .await;
        assert_refused(&r, "Origin");
        let r = s
            .post(&format!("{API}/clock/advance"))
            .origin(origin)
            .json(&json!({"by": "16m"}))
            .send()
            .await;
        assert_refused(&r, "Origin");
        let r = s
            .req("OPTIONS", &format!("{API}/clock/advance"))
            .origin(origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .send()
            .await;
        assert_refused(&r, "Origin");
        r.assert_no_cors_headers();
    }
    let r = s
        .req("DELETE", &format!("{API}/faults"))
        .origin("http://evil.example")
        .send()
        .await;
    assert_refused(&r, "Origin");
    assert_eq!(
        clock_now_ms(&s).await,
        before,
        "a refused call moved the clock"
    );
    s.shutdown().await;
}

#[tokio::test]
async fn security_simple_request_posts_are_refused_csrf_style() {
    let s = TestServer::start().await;
    let before = clock_now_ms(&s).await;
    let body = br#"{"by": "16m"}"#;
    // What an HTML form or a no-preflight fetch() can send cross-site.
    for content_type in [
        "text/plain",
        "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonp",
    ] {
        let r = s
            .post(&format!("{API}/clock/advance"))
            .body(content_type, body)
            .send()
            .await;
        assert_refused(&r, "Content-Type: application/json");
    }
    let r = s
        .post(&format!("{API}/clock/advance"))
        .raw_body(body)
        .send()
        .await;
    assert_refused(&r, "Content-Type: application/json");
    let r = s
        .req("PATCH", &format!("{API}/settings"))
        .body("text/plain", br#"{"access_token_lifetime": "1s"}"#)
        .send()
        .await;
    assert_refused(&r, "Content-Type: application/json");
    assert_eq!(
        clock_now_ms(&s).await,
        before,
        "a refused call moved the clock"
    );
    s.shutdown().await;
}

#[tokio::test]
async fn security_own_origin_and_loopback_hosts_are_served() {
    let s = TestServer::start().await;
    let p = port(&s);
    let own = format!("http://127.0.0.1:{p}");
    let r = s.get(&format!("{API}/health")).origin(&own).send().await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "ok");
    let r = s
        .post(&format!("{API}/clock/advance"))
        .origin(&own)
        .body("application/json; charset=utf-8", br#"{"by": "1m"}"#)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["now_ms"], json!((T0 + 60) * 1000));

    let hosts = [
        format!("localhost:{p}"),
        format!("LOCALHOST:{p}"),
        format!("app.localhost:{p}"),
        format!("[::1]:{p}"),
        format!("127.0.0.1:{p}"),
        format!("127.1.2.3:{p}"),
        "localhost".to_string(),
    ];
    for host in &hosts {
        let r = s
            .get(&format!("{API}/health"))
            .header("Host", host)
            .send()
            .await;
        assert_eq!(r.status, 200, "Host {host}: {}", r.text());
        // The page's own origin is the Host it was served from.
        let r = s
            .get(&format!("{API}/health"))
            .header("Host", host)
            .origin(&format!("http://{host}"))
            .send()
            .await;
        assert_eq!(r.status, 200, "Host and Origin {host}: {}", r.text());
    }
    // DELETE has no body, so it needs no content type.
    let r = s.req("DELETE", &format!("{API}/faults")).send().await;
    assert!(r.status < 300, "DELETE /faults: {} {}", r.status, r.text());
    s.shutdown().await;
}

#[tokio::test]
async fn security_the_auth_api_is_unaffected_by_the_guard() {
    let s = TestServer::start().await;
    s.alice().await;
    // A foreign origin (refused by the control plane) gets DRF's answers from the auth API.
    let r = s
        .post("/token/")
        .origin("http://evil.example")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await;
    r.expect(200, r#"{"user":{"id":1,"username":"alice","email":""}}"#);
    let session = r.session();
    r.assert_no_cors_headers();
    s.get("/auth-check/")
        .origin("http://evil.example")
        .session(&session)
        .send()
        .await
        .expect(
            200,
            r#"{"authenticated":true,"user":{"id":1,"username":"alice","email":""}}"#,
        );
    // text/plain (refused by the control plane) is DRF's 415 here.
    s.post("/token/")
        .origin("http://evil.example")
        .body("text/plain", b"{}")
        .send()
        .await
        .expect(
            415,
            r#"{"detail":"Unsupported media type \"text/plain\" in request."}"#,
        );
    s.post("/token/")
        .json(&json!({"username": "alice", "password": "wrong"}))
        .send()
        .await
        .expect_401(NO_ACTIVE_ACCOUNT);
    // A foreign Host is Django's ALLOWED_HOSTS 400 page, not the guard's JSON.
    let r = s
        .get("/auth-check/")
        .header("Host", "evil.example")
        .send()
        .await;
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(!r.text().contains("forbidden"), "{}", r.text());
    s.shutdown().await;
}

/// This machine's own non-loopback IPv4 address: the source address the kernel would pick
/// for an outside destination (a UDP `connect` only looks up the route; no packet is sent).
fn own_non_loopback_ip() -> Option<IpAddr> {
    ["192.0.2.1:9", "10.255.255.1:9", "1.1.1.1:9"]
        .iter()
        .find_map(|dest| {
            let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
            socket.connect(dest).ok()?;
            let ip = socket.local_addr().ok()?.ip();
            (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
        })
}

#[tokio::test]
async fn security_a_non_loopback_peer_is_refused_while_the_auth_api_answers_it() {
    let mut config = base_config();
    config.apply_flag("host", "0.0.0.0").expect("host");
    config.apply_flag("port", "0").expect("port");
    // Listening beyond loopback takes an explicit allow_remote.
    let refused = Server::builder().config(config.clone()).spawn().await;
    let message = format!("{:#}", refused.err().expect("0.0.0.0 needs allow_remote"));
    assert!(message.contains("--allow-remote"), "{message}");

    let Some(ip) = own_non_loopback_ip() else {
        eprintln!("note: skipped: this machine has no non-loopback IPv4 address");
        return;
    };
    config
        .apply_flag("allow_remote", "true")
        .expect("allow_remote");
    let server = Server::builder()
        .config(config)
        .clock(Clock::frozen_at(T0))
        .spawn()
        .await
        .expect("server on 0.0.0.0 with allow_remote");
    let port = server.addr().port();
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    let remote = SocketAddr::new(ip, port);

    // Even naming a loopback Host, a peer at a non-loopback address is refused.
    let r = client
        .get(format!("http://{remote}{API}/health"))
        .header("Host", format!("localhost:{port}"))
        .send()
        .await
        .expect("reaches the server");
    assert_eq!(r.status().as_u16(), 403);
    let body: Value = r.json().await.expect("JSON reason");
    assert_eq!(body["error"], "forbidden");
    let detail = body["detail"].as_str().unwrap_or_default();
    assert!(detail.contains(&ip.to_string()), "{detail}");

    // The same server answers its control plane over loopback...
    let r = client
        .get(format!("http://127.0.0.1:{port}{API}/health"))
        .send()
        .await
        .expect("reaches the server");
    assert_eq!(r.status().as_u16(), 200);

    // ...and its auth API to the non-loopback peer.
    let r = client
        .post(format!("http://{remote}/register/"))
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await
        .expect("reaches the server");
    assert_eq!(r.status().as_u16(), 201);
    let r = client
        .post(format!("http://{remote}/token/"))
        .json(&json!({"username": "alice", "password": "wrong"}))
        .send()
        .await
        .expect("reaches the server");
    assert_eq!(r.status().as_u16(), 401);
    assert_eq!(
        r.text().await.expect("body"),
        NO_ACTIVE_ACCOUNT,
        "the auth API answers remote peers as Django would"
    );
    server.shutdown().await;
}
