//! The control plane's OpenAPI document: served by the real server, OpenAPI 3.1 by a Rust
//! parser (`oas3`), listing every route of the route table with its method, every
//! `$ref` resolving, and every documented operation actually routed.

use std::collections::{BTreeSet, HashSet};
use std::time::Duration;

use serde_json::Value;

use crate::support::*;

const API: &str = "/_latchkey/api";

/// The route table of the control-plane issue: (method, path under `/_latchkey/api`).
const ROUTES: &[(&str, &str)] = &[
    ("GET", "/users"),
    ("POST", "/users"),
    ("GET", "/users/{}"),
    ("PATCH", "/users/{}"),
    ("DELETE", "/users/{}"),
    ("GET", "/sessions"),
    ("GET", "/sessions/{}"),
    ("POST", "/sessions/{}/force-refresh"),
    ("POST", "/sessions/{}/expire"),
    ("POST", "/sessions/{}/revoke"),
    ("POST", "/sessions/expire-all"),
    ("POST", "/sessions/revoke-all"),
    ("GET", "/clock"),
    ("POST", "/clock"),
    ("POST", "/clock/advance"),
    ("POST", "/clock/reset"),
    ("GET", "/settings"),
    ("PATCH", "/settings"),
    ("GET", "/faults"),
    ("POST", "/faults"),
    ("DELETE", "/faults/{}"),
    ("DELETE", "/faults"),
    ("GET", "/requests"),
    ("DELETE", "/requests"),
    ("GET", "/events"),
    ("POST", "/reset"),
    ("GET", "/export"),
    ("POST", "/import"),
    ("GET", "/routes"),
    ("POST", "/routes"),
    ("DELETE", "/routes/{}"),
    ("POST", "/tokens/decode"),
    ("GET", "/openapi.json"),
    ("GET", "/health"),
];

/// `/users/{id}` → `/users/{}`: parameter names are the handlers' business.
fn shape(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}

async fn fetch_document(s: &TestServer) -> (String, Value) {
    let r = s.get(&format!("{API}/openapi.json")).send().await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/json")
    );
    (r.text(), r.json())
}

/// Every documented (METHOD, shaped path).
fn documented(spec: &oas3::Spec) -> BTreeSet<(String, String)> {
    spec.operations()
        .map(|(path, method, _)| (method.as_str().to_string(), shape(&path)))
        .collect()
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_lists_every_route_of_the_table() {
    let s = TestServer::start().await;
    let (text, raw) = fetch_document(&s).await;
    let version = raw["openapi"].as_str().unwrap_or_default();
    assert!(version.starts_with("3.1."), "openapi version {version:?}");
    let spec = oas3::from_json(&text).unwrap_or_else(|e| panic!("not OpenAPI 3.1: {e}"));
    spec.validate_version()
        .unwrap_or_else(|e| panic!("version not supported by oas3: {e}"));
    assert_eq!(
        spec.servers.first().map(|srv| srv.url.as_str()),
        Some(API),
        "paths are relative to the control plane's prefix"
    );

    let have = documented(&spec);
    let missing: Vec<String> = ROUTES
        .iter()
        .filter(|(m, p)| !have.contains(&(m.to_string(), p.to_string())))
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    assert!(
        missing.is_empty(),
        "routes of the table missing from openapi.json: {missing:?}\ndocumented: {have:?}"
    );
    s.shutdown().await;
}

#[tokio::test]
async fn every_operation_has_a_unique_id_a_tag_and_resolvable_refs() {
    let s = TestServer::start().await;
    let (text, raw) = fetch_document(&s).await;
    let spec = oas3::from_json(&text).unwrap_or_else(|e| panic!("not OpenAPI 3.1: {e}"));
    let mut ids = HashSet::new();
    for (path, method, op) in spec.operations() {
        let id = op.operation_id.clone().unwrap_or_default();
        assert!(!id.is_empty(), "{method} {path} has no operationId");
        assert!(ids.insert(id.clone()), "operationId {id:?} is used twice");
        assert!(!op.tags.is_empty(), "{method} {path} has no tag");
        assert!(
            !op.responses.as_ref().is_none_or(|r| r.is_empty()),
            "{method} {path} documents no response"
        );
    }
    let mut refs = Vec::new();
    collect_refs(&raw, &mut refs);
    for r in refs {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("$ref {r:?} leaves the document"));
        assert!(
            raw.pointer(pointer).is_some(),
            "$ref {r:?} resolves to nothing"
        );
    }
    s.shutdown().await;
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => collect_refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// The document describes the router: each documented operation, called (with `{}` as
/// body and `x` for path parameters), is routed — not the fallback 404, not a 405 — and
/// never a 5xx.
#[tokio::test]
async fn every_documented_operation_is_routed_and_never_a_5xx() {
    let s = TestServer::start().await;
    let (text, _) = fetch_document(&s).await;
    let spec = oas3::from_json(&text).unwrap_or_else(|e| panic!("not OpenAPI 3.1: {e}"));
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let mut wrong = Vec::new();
    // Destructive calls (reset, DELETE) last, so they cannot hide what others would do.
    let mut ops: Vec<(String, String)> = spec
        .operations()
        .map(|(path, method, _)| (method.as_str().to_string(), path))
        .collect();
    ops.sort_by_key(|(m, p)| (m == "DELETE" || p == "/reset", p.clone()));
    for (method, path) in ops {
        let url = format!("{}{API}{}", s.url, shape(&path).replace("{}", "x"));
        let mut req = client.request(method.parse().expect("method"), &url);
        if matches!(method.as_str(), "POST" | "PATCH" | "PUT") {
            req = req.header("Content-Type", "application/json").body("{}");
        }
        let resp = req.send().await.expect("request reaches the server");
        let status = resp.status().as_u16();
        if path == "/events" {
            // A stream: the headers are the answer.
            assert_eq!(status, 200, "GET /events");
            continue;
        }
        let body = resp.text().await.unwrap_or_default();
        let fallback = status == 404 && body.contains("no such control-plane route");
        if fallback || status == 405 || status >= 500 {
            wrong.push(format!("{method} {path} -> {status} {body}"));
        }
    }
    assert!(wrong.is_empty(), "documented but not served: {wrong:#?}");
    s.shutdown().await;
}
