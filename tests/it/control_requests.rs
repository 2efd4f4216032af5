//! `/_latchkey/api/requests` (the request inspector) and `/_latchkey/api/events` (live
//! events as server-sent events, read with a real streaming client).

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::support::*;

const API: &str = "/_latchkey/api";

async fn requests(s: &TestServer, query: &str) -> Value {
    let resp = s.get(&format!("{API}/requests{query}")).send().await;
    assert_eq!(resp.status, 200, "{query}: {}", resp.text());
    resp.json()
}

fn jti(token: &str) -> String {
    decode(token).claims["jti"]
        .as_str()
        .expect("jti")
        .to_string()
}

fn alice_ref() -> Value {
    json!({"id": 1, "username": "alice"})
}

/// Asserts a record's who-and-why fields.
#[track_caller]
fn assert_who(record: &Value, session: &str, token_jti: &str, rejection: Value) {
    assert_eq!(record["user"], alice_ref(), "{record}");
    assert_eq!(record["session_id"], session, "{record}");
    assert_eq!(record["token_jti"], token_jti, "{record}");
    assert_eq!(record["rejection"], rejection, "{record}");
}

#[tokio::test]
async fn records_say_who_used_which_token_and_why_it_was_refused() {
    let s = TestServer::start().await;
    s.alice().await;
    let login = s.login("alice", PW).await;
    let session = jti(&login.refresh);

    s.get("/auth-check/")
        .session(&login)
        .origin("http://localhost:3000")
        .send()
        .await;
    let ok = requests(&s, "?path=/auth-check/").await["items"][0].clone();
    assert_eq!(
        (ok["method"].as_str(), ok["status"].as_u64()),
        (Some("GET"), Some(200))
    );
    assert_eq!(ok["origin"], "http://localhost:3000");
    assert_who(&ok, &session, &jti(&login.access), Value::Null);

    s.advance(16 * 60);
    s.get("/auth-check/").session(&login).send().await;
    let expired = requests(&s, "?path=/auth-check/&status=401").await["items"][0].clone();
    assert_who(
        &expired,
        &session,
        &jti(&login.access),
        json!("Token is expired"),
    );

    let refreshed = s
        .post("/token/refresh/")
        .refresh_cookie(&login.refresh)
        .send()
        .await;
    refreshed.expect(200, REFRESHED);
    let refresh = requests(&s, "?path=/token/refresh/").await["items"][0].clone();
    assert_who(&refresh, &session, &session, Value::Null);
    // Cookies: names, shortened values, decoded claims; never a whole token.
    let new_access = refreshed.cookie("access_token").expect("new access");
    let out = &refresh["cookies_out"][0];
    assert_eq!(out["name"], "access_token");
    assert_eq!(out["claims"], decode(&new_access).claims);
    assert!(out["attributes"]
        .as_str()
        .is_some_and(|a| a.contains("HttpOnly") && a.contains("Max-Age=900")));
    let cin = &refresh["cookies_in"][0];
    assert_eq!(cin["name"], "refresh_token");
    assert_eq!(cin["claims"], decode(&login.refresh).claims);

    let login_record = requests(&s, "?path=/token/&status=200").await["items"]
        .as_array()
        .and_then(|items| items.iter().find(|r| r["path"] == "/token/").cloned())
        .expect("the login is logged");
    assert_who(&login_record, &session, &jti(&login.access), Value::Null);

    let all = s.get(&format!("{API}/requests")).send().await.text();
    for secret in [PW, &login.access, &login.refresh, &new_access] {
        assert!(
            !secret.is_empty() && !all.contains(secret),
            "the log shows {secret}"
        );
    }
    s.shutdown().await;
}

#[tokio::test]
async fn unknown_tokens_and_credentials_free_requests() {
    let s = TestServer::start().await;
    s.alice().await;
    // A token Latchkey did not issue: its jti, and its user since it authenticated.
    let minted = access_for("1", T0);
    s.get("/auth-check/").bearer(&minted).send().await;
    let r = requests(&s, "?limit=1").await["items"][0].clone();
    assert_eq!(
        (r["status"].as_u64(), &r["user"]),
        (Some(200), &alice_ref())
    );
    assert_eq!(r["token_jti"], jti(&minted));
    assert_eq!(r["session_id"], Value::Null);
    // A forged one names no user.
    let forged = mint_with(b"another key", &claims("access", T0, 900, json!("1")));
    s.get("/auth-check/").bearer(&forged).send().await;
    let r = requests(&s, "?limit=1").await["items"][0].clone();
    assert_eq!(r["rejection"], "Token is invalid");
    assert_eq!(r["user"], Value::Null);
    s.get("/auth-check/").send().await;
    let r = requests(&s, "?limit=1").await["items"][0].clone();
    assert_eq!(
        (&r["token_jti"], &r["rejection"]),
        (
            &Value::Null,
            &json!("Authentication credentials were not provided.")
        )
    );
    s.shutdown().await;
}

#[tokio::test]
async fn filters_paging_and_clearing() {
    let s = TestServer::start().await;
    let alice = s.alice().await;
    let bob = s.register("bob", PW).await;
    for _ in 0..3 {
        s.get("/auth-check/").session(&alice).send().await;
    }
    s.get("/auth-check/").session(&bob).send().await;
    s.get("/auth-check/").send().await;
    s.get("/api/me/").session(&alice).send().await;
    // Control-plane calls are not logged.
    s.get(&format!("{API}/health")).send().await;

    let all = requests(&s, "").await;
    assert_eq!(all["total"], 8);
    let ids: Vec<u64> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|r| r["id"].as_u64())
        .collect();
    assert!(
        ids.windows(2).all(|w| w[0] > w[1]),
        "not newest first: {ids:?}"
    );
    assert_eq!(all["items"][0]["path"], "/api/me/");

    assert_eq!(requests(&s, "?status=4xx").await["total"], 1);
    assert_eq!(requests(&s, "?status=401").await["total"], 1);
    assert_eq!(requests(&s, "?status=201").await["total"], 2);
    assert_eq!(
        requests(&s, "?status=2xx&path=auth-check").await["total"],
        4
    );
    assert_eq!(requests(&s, "?user=1").await["total"], 5);
    assert_eq!(requests(&s, "?user=2").await["total"], 2);
    let session = jti(&bob.refresh);
    let bobs = requests(&s, &format!("?session={session}")).await;
    assert_eq!(bobs["total"], 2);
    assert_eq!(bobs["items"][0]["user"]["username"], "bob");

    let page = requests(&s, "?offset=2&limit=3").await;
    assert_eq!(page["total"], 8);
    assert_eq!(
        page["items"],
        json!(all["items"].as_array().expect("items")[2..5])
    );
    assert_eq!(requests(&s, "?offset=100").await["items"], json!([]));

    for bad in ["?status=abc", "?status=4x", "?status=600"] {
        let resp = s.get(&format!("{API}/requests{bad}")).send().await;
        assert_eq!(resp.status, 422, "{bad}: {}", resp.text());
    }
    for bad in ["?user=abc", "?limit=-1"] {
        let resp = s.get(&format!("{API}/requests{bad}")).send().await;
        assert_eq!(resp.status, 400, "{bad}: {}", resp.text());
        assert_eq!(resp.json()["error"], "bad_request");
    }

    s.req("DELETE", &format!("{API}/requests"))
        .header("Content-Type", "application/json")
        .send()
        .await
        .expect(204, "");
    assert_eq!(requests(&s, "").await, json!({"items": [], "total": 0}));
    s.get("/auth-check/").send().await;
    assert_eq!(requests(&s, "").await["total"], 1);
    s.shutdown().await;
}

#[tokio::test]
async fn the_ring_keeps_the_newest() {
    let s = TestServer::configured(|c| {
        c.apply_flag("request_log_size", "3")
            .expect("request_log_size");
    })
    .await;
    for _ in 0..5 {
        s.get("/auth-check/").send().await;
    }
    let log = requests(&s, "").await;
    assert_eq!(log["total"], 3);
    let ids: Vec<u64> = log["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|r| r["id"].as_u64())
        .collect();
    assert_eq!(ids, [5, 4, 3]);
    s.shutdown().await;
}

// ---- server-sent events ----

/// One SSE event as received, with when it arrived.
#[derive(Debug)]
struct Received {
    at: Instant,
    name: String,
    data: Value,
}

/// Opens `/events` and forwards every event it streams.
async fn subscribe(
    s: &TestServer,
) -> (
    mpsc::UnboundedReceiver<Received>,
    tokio::task::JoinHandle<()>,
) {
    let mut resp = client()
        .get(format!("{}{API}/events", s.url))
        .send()
        .await
        .expect("events stream opens");
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/event-stream")
    );
    let (tx, rx) = mpsc::unbounded_channel();
    let task = tokio::spawn(async move {
        let mut buf = String::new();
        while let Ok(Some(chunk)) = resp.chunk().await {
            let at = Instant::now();
            buf.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = buf.find("\n\n") {
                let block: String = buf.drain(..end + 2).collect();
                if let Some(event) = parse_event(&block, at) {
                    if tx.send(event).is_err() {
                        return;
                    }
                }
            }
        }
    });
    (rx, task)
}

fn parse_event(block: &str, at: Instant) -> Option<Received> {
    let mut name = None;
    let mut data = String::new();
    for line in block.lines() {
        if let Some(v) = line.strip_prefix("event:") {
            name = Some(v.trim().to_string());
        } else if let Some(v) = line.strip_prefix("data:") {
            data.push_str(v.strip_prefix(' ').unwrap_or(v));
        }
    }
    Some(Received {
        at,
        name: name?,
        data: serde_json::from_str(&data).expect("event data is JSON"),
    })
}

/// Waits (at most 5 s) for the next event named `name`; returns how long after `since`.
async fn wait_for(
    rx: &mut mpsc::UnboundedReceiver<Received>,
    name: &str,
    since: Instant,
) -> (Duration, Value) {
    let deadline = Duration::from_secs(5);
    let found = tokio::time::timeout(deadline, async {
        while let Some(e) = rx.recv().await {
            if e.name == name {
                return Some(e);
            }
        }
        None
    })
    .await;
    let event = found
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no {name} event within {deadline:?}"));
    (event.at.duration_since(since), event.data)
}

#[tokio::test]
async fn actions_reach_an_event_stream_within_100ms() {
    let s = TestServer::start().await;
    s.alice().await;
    let (mut rx, task) = subscribe(&s).await;
    let mut latencies = Vec::new();

    let t0 = Instant::now();
    let fault = s
        .post(&format!("{API}/faults"))
        .json(&json!({"route": "/token/", "latency_ms": 1, "count": 1}))
        .send()
        .await
        .json();
    let (took, data) = wait_for(&mut rx, "fault", t0).await;
    assert_eq!(data, json!({"type": "fault", "data": {"id": fault["id"]}}));
    latencies.push(("fault added", took));

    let t0 = Instant::now();
    let login = s.login("alice", PW).await;
    let (took, data) = wait_for(&mut rx, "session", t0).await;
    assert_eq!(
        data,
        json!({"type": "session", "data": {"id": jti(&login.refresh)}})
    );
    latencies.push(("login: session", took));
    let (took, data) = wait_for(&mut rx, "request", t0).await;
    assert_eq!(data["type"], "request");
    assert_eq!(data["data"]["path"], "/token/");
    assert_eq!(data["data"]["user"], alice_ref());
    assert_eq!(data["data"]["fault"], fault["id"]);
    latencies.push(("login: request", took));

    let t0 = Instant::now();
    let resp = s
        .post(&format!("{API}/routes"))
        .json(&json!({"path": "/api/sse-probe/"}))
        .send()
        .await;
    assert_eq!(resp.status, 201, "{}", resp.text());
    let (took, data) = wait_for(&mut rx, "routes", t0).await;
    assert_eq!(data, json!({"type": "routes"}));
    latencies.push(("route added", took));

    let t0 = Instant::now();
    s.get("/auth-check/").session(&login).send().await;
    let (took, data) = wait_for(&mut rx, "request", t0).await;
    assert_eq!(data["data"]["status"], 200);
    latencies.push(("auth-check: request", took));

    let t0 = Instant::now();
    let resp = s
        .post(&format!("{API}/clock/advance"))
        .json(&json!({"by": "16m"}))
        .send()
        .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    let (took, data) = wait_for(&mut rx, "clock", t0).await;
    assert_eq!(data, json!({"type": "clock"}));
    latencies.push(("clock advanced", took));

    println!("SSE latencies: {latencies:?}");
    for (what, took) in latencies {
        assert!(
            took < Duration::from_millis(100),
            "{what}: event after {took:?}"
        );
    }
    task.abort();
    let _ = task.await;
    s.shutdown().await;
}

#[tokio::test]
async fn every_subscriber_gets_every_event() {
    let s = TestServer::start().await;
    let (mut a, task_a) = subscribe(&s).await;
    let (mut b, task_b) = subscribe(&s).await;
    let t0 = Instant::now();
    s.req("DELETE", &format!("{API}/faults"))
        .header("Content-Type", "application/json")
        .send()
        .await
        .expect(204, "");
    for rx in [&mut a, &mut b] {
        let (_, data) = wait_for(rx, "fault", t0).await;
        assert_eq!(data, json!({"type": "fault", "data": {"id": null}}));
    }
    task_a.abort();
    task_b.abort();
    let _ = (task_a.await, task_b.await);
    s.shutdown().await;
}

#[tokio::test]
async fn a_stalled_consumer_neither_slows_the_auth_api_nor_misses_silently() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let s = TestServer::start().await;
    let addr = s.url.trim_start_matches("http://").to_string();
    // A small receive buffer, so the server's writes back up soon.
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(4096).expect("SO_RCVBUF");
    let mut stalled = socket
        .connect(addr.parse().expect("address"))
        .await
        .expect("connect");
    stalled
        .write_all(format!("GET {API}/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .await
        .expect("write");
    // Wait until the stream is subscribed (its headers arrive), then stop reading.
    let mut head = [0u8; 512];
    let n = stalled.read(&mut head).await.expect("headers");
    assert!(String::from_utf8_lossy(&head[..n]).contains("text/event-stream"));

    // Far more events than the channel holds (1024), each large (the path is logged): even
    // with 4 MiB of socket buffers in the way (~250 events), the stream falls behind.
    let long = format!("/{}", "x".repeat(16_000));
    let started = Instant::now();
    for _ in 0..1500 {
        assert_eq!(s.get(&long).send().await.status, 404);
    }
    let flood = started.elapsed();
    let t0 = Instant::now();
    s.get("/auth-check/").send().await.expect_401(NOT_PROVIDED);
    let one = t0.elapsed();
    println!("1500 logged requests in {flood:?} with a stalled SSE consumer; then one in {one:?}");
    assert!(one < Duration::from_secs(1), "auth API slowed: {one:?}");

    // Reading again, the consumer is told what it missed.
    let found = tokio::time::timeout(Duration::from_secs(20), async {
        let mut tail = Vec::new();
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = stalled.read(&mut buf).await.ok().filter(|n| *n > 0)?;
            tail.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&tail);
            if let Some(at) = text.find("event: lag\ndata: ") {
                let line = text[at..].lines().nth(1)?.to_string();
                return Some(line);
            }
            // Keep only what a lag event could span.
            let keep = tail.len().saturating_sub(256);
            tail.drain(..keep);
        }
    })
    .await;
    let line = found.ok().flatten().expect("a lag event");
    let data: Value = serde_json::from_str(line.trim_start_matches("data: ")).expect("JSON");
    assert!(data["data"]["missed"].as_u64().unwrap_or(0) > 0, "{data}");
    drop(stalled);
    s.shutdown().await;
}
