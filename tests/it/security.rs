//! Security properties as named tests (issue 8): no listening beyond loopback without
//! `--allow-remote`, no secrets in the log, secrets in exports only when asked, and a control
//! plane that never serves the signing key otherwise. The control-plane guard (foreign Host,
//! foreign Origin, simple-request content types, non-loopback peers) is `control_guard.rs`.

use std::time::Duration;

use serde_json::{json, Value};
use tokio::time::timeout;

use crate::cli::latchkey;
use crate::proc::Proc;
use crate::support::*;

const API: &str = "/_latchkey/api";

/// Every JWT in a response: `Set-Cookie` values and any JSON string that looks like one.
fn jwts_in(r: &Resp, out: &mut Vec<String>) {
    for c in r.set_cookies() {
        let value = c
            .split(';')
            .next()
            .and_then(|kv| kv.split_once('='))
            .map(|(_, v)| v.to_string())
            .unwrap_or_default();
        if value.matches('.').count() == 2 && value.len() > 40 {
            out.push(value);
        }
    }
    if let Ok(v) = serde_json::from_slice::<Value>(&r.body) {
        collect_jwts(&v, out);
    }
}

fn collect_jwts(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if s.starts_with("eyJ") && s.matches('.').count() == 2 => {
            out.push(s.clone())
        }
        Value::Array(a) => a.iter().for_each(|x| collect_jwts(x, out)),
        Value::Object(m) => m.values().for_each(|x| collect_jwts(x, out)),
        _ => {}
    }
}

#[tokio::test]
async fn security_a_non_loopback_host_is_refused_without_allow_remote_from_every_source() {
    let dir = TempDir::new("sec-host");
    std::fs::write(dir.join("remote.toml"), "host = \"::\"\n").unwrap();
    type Case<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>);
    let cases: Vec<Case> = vec![
        (vec!["--host", "0.0.0.0"], vec![]),
        (vec!["--host", "::"], vec![]),
        (vec![], vec![("LATCHKEY_HOST", "0.0.0.0")]),
        (vec!["--config", "remote.toml"], vec![]),
        (vec!["--set", "host=0.0.0.0"], vec![]),
    ];
    for (args, env) in cases {
        let mut c = latchkey(dir.path());
        c.args(["serve", "--in-memory", "--port", "0"])
            .args(&args)
            .envs(env.iter().copied())
            .stdin(std::process::Stdio::null());
        let o = timeout(Duration::from_secs(60), c.output())
            .await
            .expect("exits in time")
            .expect("runs");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?} {env:?}: {err}");
        assert!(err.contains("--allow-remote"), "{args:?} {env:?}: {err}");
        assert!(o.stdout.is_empty(), "no ready line for {args:?} {env:?}");
    }
    // With the explicit opt-in it serves, and says so.
    let p = Proc::serve(
        dir.path(),
        "remote.log",
        &["--in-memory", "--host", "0.0.0.0", "--allow-remote"],
        &[],
    )
    .await;
    let port = p.url.rsplit(':').next().unwrap().to_string();
    let r = request(&format!("http://127.0.0.1:{port}"), "GET", "/auth-check/")
        .send()
        .await;
    r.expect(401, NOT_PROVIDED);
    let log = p.log();
    assert!(
        log.contains("other machines can reach the auth API"),
        "{log}"
    );
    p.terminate().await;
}

#[tokio::test]
async fn security_the_log_never_holds_a_password_a_token_or_the_signing_key() {
    let dir = TempDir::new("sec-log");
    let key = "sec-log-signing-key-which-must-never-be-logged-4242";
    let password = "Pw-that-must-not-leak-7319!";
    let wrong = "Wrong-pw-must-not-leak-5521!";
    let new_password = "Changed-pw-must-not-leak-8812!";
    let p = Proc::serve(
        dir.path(),
        "debug.log",
        &[
            "--data",
            "data.sqlite3",
            "--fast-hash",
            "--rotate-refresh-tokens",
            "--blacklist-after-rotation",
        ],
        &[("LATCHKEY_LOG", "debug"), ("LATCHKEY_SIGNING_KEY", key)],
    )
    .await;
    let mut jwts = Vec::new();
    let body = json!({"username": "alice", "password": password, "email": "a@example.com"});
    let r = p.req("POST", "/register/").json(&body).send().await;
    assert_eq!(r.status, 201, "{}", r.text());
    jwts_in(&r, &mut jwts);
    let r = p
        .req("POST", "/token/")
        .json(&json!({"username": "alice", "password": wrong}))
        .send()
        .await;
    r.expect(401, NO_ACTIVE_ACCOUNT);
    let r = p
        .req("POST", "/token/")
        .form(&[("username", "alice"), ("password", password)])
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    jwts_in(&r, &mut jwts);
    let login = r.session();
    // Tokens in the query string, the Authorization header, cookies and bodies.
    let r = p
        .req("GET", &format!("/auth-check/?token={}", login.access))
        .bearer(&login.access)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let r = p
        .req("POST", "/token/refresh/")
        .json(&json!({"refresh": login.refresh}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    jwts_in(&r, &mut jwts);
    let rotated = r.cookie("refresh_token").expect("rotated refresh cookie");
    // The blacklisted token again: a 401 must not echo it into the log either.
    p.req("POST", "/token/refresh/")
        .refresh_cookie(&login.refresh)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));
    // A garbage token that fails deep in validation.
    p.req("GET", "/api/me/")
        .access_cookie(&format!("{}x", login.access))
        .send()
        .await;
    let r = p
        .req("POST", "/logout/")
        .refresh_cookie(&rotated)
        .send()
        .await;
    r.expect(200, LOGGED_OUT);

    // Control-plane calls that carry or return secrets.
    let sessions = p.req("GET", &format!("{API}/sessions")).send().await;
    assert_eq!(sessions.status, 200);
    jwts_in(&sessions, &mut jwts);
    let sid = sessions.json()["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = p
        .req("POST", &format!("{API}/sessions/{sid}/revoke"))
        .json(&json!({}))
        .send()
        .await;
    assert!(r.status < 300, "{}", r.text());
    let r = p
        .req("POST", &format!("{API}/tokens/decode"))
        .json(&json!({"token": login.access}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let r = p
        .req("POST", &format!("{API}/users"))
        .json(&json!({"username": "bob", "password": password}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let bob = r.json()["id"].as_i64().unwrap();
    let r = p
        .req("PATCH", &format!("{API}/users/{bob}"))
        .json(&json!({"password": new_password}))
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let r = p
        .req("GET", &format!("{API}/export?include_secrets=true"))
        .send()
        .await;
    assert_eq!(r.status, 200);
    jwts_in(&r, &mut jwts);
    p.req("GET", &format!("{API}/requests")).send().await;
    // A rejected import carrying a password hash and secrets.
    let mut doc = r.json();
    doc["version"] = json!(999);
    p.req("POST", &format!("{API}/import"))
        .json(&doc)
        .send()
        .await;
    p.terminate().await;

    let log = std::fs::read_to_string(dir.join("debug.log")).unwrap();
    assert!(log.contains("DEBUG"), "debug logging is on: {log}");
    assert!(log.contains("POST /register/ 201"), "request lines: {log}");
    assert!(
        log.contains("POST /token/refresh/ 401"),
        "request lines: {log}"
    );
    jwts.sort();
    jwts.dedup();
    assert!(jwts.len() >= 6, "too few tokens collected: {}", jwts.len());
    for secret in [password, wrong, new_password, key] {
        assert!(!log.contains(secret), "{secret:?} is in the log:\n{log}");
    }
    for jwt in &jwts {
        assert!(!log.contains(jwt.as_str()), "a JWT is in the log: {jwt}");
        // Not even the signature alone.
        let sig = jwt.rsplit('.').next().unwrap();
        assert!(!log.contains(sig), "a JWT signature is in the log: {sig}");
    }
    assert!(!log.contains("panicked"), "{log}");
}

/// Registers, logs in twice and rotates once: tokens of every kind exist.
async fn populated(s: &TestServer) -> Vec<String> {
    let mut jwts = Vec::new();
    let r = s
        .post("/register/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await;
    jwts_in(&r, &mut jwts);
    let r = s
        .post("/token/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await;
    jwts_in(&r, &mut jwts);
    let r = s
        .post("/token/refresh/")
        .refresh_cookie(&r.session().refresh)
        .send()
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    jwts_in(&r, &mut jwts);
    jwts.sort();
    jwts.dedup();
    assert!(jwts.len() >= 5, "{jwts:?}");
    jwts
}

#[tokio::test]
async fn security_exports_hold_the_signing_key_and_jwts_only_when_asked() {
    let s = TestServer::configured(|c| {
        c.apply_flag("rotate_refresh_tokens", "true").unwrap();
    })
    .await;
    let jwts = populated(&s).await;
    let plain = s.get(&format!("{API}/export")).send().await;
    let asked_no = s
        .get(&format!("{API}/export?include_secrets=false"))
        .send()
        .await;
    for r in [&plain, &asked_no] {
        assert_eq!(r.status, 200);
        let text = r.text();
        assert!(!text.contains(KEY), "signing key in a plain export");
        assert!(!text.contains(PW), "password in an export");
        for jwt in &jwts {
            assert!(!text.contains(jwt.as_str()), "JWT in a plain export: {jwt}");
        }
        let doc = r.json();
        assert!(doc["settings"].get("signing_key").is_none());
        assert!(doc["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t.get("token").is_none_or(Value::is_null)));
    }
    let secret = s
        .get(&format!("{API}/export?include_secrets=true"))
        .send()
        .await;
    let text = secret.text();
    assert_eq!(secret.json()["settings"]["signing_key"], KEY);
    for jwt in &jwts {
        assert!(
            text.contains(jwt.as_str()),
            "JWT missing from a secrets export"
        );
    }
    assert!(!text.contains(PW), "a plain password in an export");
    s.shutdown().await;
}

/// Every GET route of the OpenAPI document (ids filled in), and the control plane's other
/// answers that describe tokens: none holds the signing key, configured or generated.
#[tokio::test]
async fn security_the_control_plane_never_serves_the_signing_key_unless_asked() {
    for configured in [true, false] {
        let mut config = base_config();
        if !configured {
            config.settings.signing_key = None;
        }
        let s = TestServer::start_with(config, latchkey::Clock::frozen_at(T0)).await;
        let key = String::from_utf8(s.signing_key()).unwrap();
        assert!(key.len() >= 32, "{key}");
        let jwts = populated(&s).await;
        let sid = s.get(&format!("{API}/sessions")).send().await.json()["items"][0]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let fault = s
            .post(&format!("{API}/faults"))
            .json(&json!({"route": "/nowhere/", "status": 503}))
            .send()
            .await;
        assert_eq!(fault.status, 201, "{}", fault.text());
        let route = s
            .post(&format!("{API}/routes"))
            .json(&json!({"path": "/api/secret/"}))
            .send()
            .await;
        assert_eq!(route.status, 201, "{}", route.text());
        let doc = s.get(&format!("{API}/openapi.json")).send().await.json();
        let mut checked = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            if item.get("get").is_none() || path == "/events" {
                continue;
            }
            let path = path
                .replace("{id}", "1")
                .replace("/sessions/1", &format!("/sessions/{sid}"));
            let r = s.get(&format!("{API}{path}")).send().await;
            assert!(r.status < 500, "{path}: {}", r.status);
            let text = r.text();
            assert!(!text.contains(&key), "GET {path} serves the signing key");
            if path == "/settings" {
                let shown = r.json()["settings"]["signing_key"]["value"].clone();
                assert!(shown.is_string(), "{shown}");
                assert_ne!(shown, json!(key));
            }
            checked += 1;
        }
        assert!(checked >= 12, "only {checked} GET routes");
        for jwt in &jwts {
            let r = s
                .post(&format!("{API}/tokens/decode"))
                .json(&json!({"token": jwt}))
                .send()
                .await;
            assert_eq!(r.status, 200);
            assert!(!r.text().contains(&key), "/tokens/decode serves the key");
        }
        let secrets = s
            .get(&format!("{API}/export?include_secrets=true"))
            .send()
            .await;
        assert_eq!(secrets.json()["settings"]["signing_key"], json!(key));
        s.shutdown().await;
    }
}
