//! `/_latchkey/api/routes`: mock protected routes answer like DRF `IsAuthenticated` views,
//! from the API and from the config file, and survive a restart.

use latchkey::{Clock, Config};
use serde_json::{json, Value};

use crate::support::*;

const API: &str = "/_latchkey/api";

async fn add_route(s: &TestServer, spec: Value) -> Value {
    let resp = s.post(&format!("{API}/routes")).json(&spec).send().await;
    assert_eq!(resp.status, 201, "add route {spec}: {}", resp.text());
    resp.json()
}

async fn routes(s: &TestServer) -> Value {
    let resp = s.get(&format!("{API}/routes")).send().await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    resp.json()
}

fn delete(s: &TestServer, path: &str) -> Req {
    s.req("DELETE", &format!("{API}{path}"))
        .header("Content-Type", "application/json")
}

#[tokio::test]
async fn a_mock_route_is_an_is_authenticated_view() {
    let s = TestServer::start().await;
    let alice = s.alice().await;
    let route = add_route(
        &s,
        json!({"path": "/api/profile/", "body": {"id": "{{user.id}}", "hello": "hi {{user.username}}", "mail": "{{user.email}}", "n": [1, true]}}),
    )
    .await;
    let id = route["id"].as_str().expect("id").to_string();
    assert_eq!(
        route,
        json!({"id": id, "method": "GET", "path": "/api/profile/", "status": 200,
               "body": {"id": "{{user.id}}", "hello": "hi {{user.username}}", "mail": "{{user.email}}", "n": [1, true]}})
    );
    assert_eq!(routes(&s).await, json!({"items": [route], "total": 1}));

    s.get("/api/profile/").send().await.expect_401(NOT_PROVIDED);
    s.get("/api/profile/")
        .access_cookie("garbage")
        .send()
        .await
        .expect_401(&access_token_error("Token is invalid"));
    let wrong = s.post("/api/profile/").session(&alice).send().await;
    wrong.expect(405, &method_not_allowed("POST"));
    assert_eq!(wrong.header("allow").as_deref(), Some("GET, OPTIONS"));
    let ok = s.get("/api/profile/").session(&alice).send().await;
    ok.expect(200, r#"{"id":1,"hello":"hi alice","mail":"","n":[1,true]}"#);
    assert_eq!(ok.header("allow").as_deref(), Some("GET, OPTIONS"));
    // No trailing slash: Django's APPEND_SLASH redirect, as for any view.
    let bare = s.get("/api/profile").send().await;
    assert_eq!(
        (bare.status, bare.header("location").as_deref()),
        (301, Some("/api/profile/"))
    );

    s.advance(16 * 60);
    s.get("/api/profile/")
        .session(&alice)
        .send()
        .await
        .expect_401(&access_token_error("Token is expired"));

    // The inspector shows who called it and why it was refused.
    let log = s
        .get(&format!("{API}/requests?path=/api/profile/"))
        .send()
        .await
        .json();
    let statuses: Vec<u64> = log["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|r| r["status"].as_u64())
        .collect();
    assert_eq!(statuses, [401, 200, 405, 401, 401]);
    assert_eq!(log["items"][0]["rejection"], "Token is expired");
    assert_eq!(log["items"][0]["user"]["username"], "alice");
    assert_eq!(
        log["items"][1]["user"],
        json!({"id": 1, "username": "alice"})
    );
    assert_eq!(log["items"][1]["rejection"], Value::Null);
    assert_eq!(
        log["items"][2]["rejection"],
        r#"Method "POST" not allowed."#
    );
    assert_eq!(log["items"][3]["rejection"], "Token is invalid");

    delete(&s, &format!("/routes/{id}"))
        .send()
        .await
        .expect(204, "");
    let gone = s.get("/api/profile/").session(&alice).send().await;
    assert_eq!(
        (gone.status, gone.text()),
        (404, NOT_FOUND_PAGE.to_string())
    );
    assert_eq!(routes(&s).await, json!({"items": [], "total": 0}));
    let again = delete(&s, &format!("/routes/{id}")).send().await;
    assert_eq!(again.status, 404);
    assert_eq!(again.json()["error"], "not_found");
    s.shutdown().await;
}

#[tokio::test]
async fn other_methods_and_statuses() {
    let s = TestServer::start().await;
    let alice = s.alice().await;
    add_route(
        &s,
        json!({"method": "POST", "path": "/api/orders/", "status": 201, "body": {"owner": "{{user.username}}"}}),
    )
    .await;
    s.post("/api/orders/")
        .session(&alice)
        .json(&json!({"anything": 1}))
        .send()
        .await
        .expect(201, r#"{"owner":"alice"}"#);
    let get = s.get("/api/orders/").session(&alice).send().await;
    get.expect(405, &method_not_allowed("GET"));
    assert_eq!(get.header("allow").as_deref(), Some("POST, OPTIONS"));
    // Authentication comes before the method check, as in DRF.
    s.get("/api/orders/").send().await.expect_401(NOT_PROVIDED);
    s.shutdown().await;
}

#[tokio::test]
async fn invalid_and_duplicate_routes_are_refused() {
    let s = TestServer::start().await;
    add_route(&s, json!({"path": "/api/profile/"})).await;
    for bad in [
        json!({"method": "get", "path": "/api/x/"}),
        json!({"method": "OPTIONS", "path": "/api/x/"}),
        json!({"method": "", "path": "/api/x/"}),
        json!({"path": "/api/x"}),
        json!({"path": "api/x/"}),
        json!({"path": "/api/x y/"}),
        json!({"path": "/api/x/?q=1/"}),
        json!({"path": "/_latchkey/x/"}),
        json!({"path": "/_latchkey/api/"}),
        json!({"path": "/token/"}),
        json!({"path": "/token/refresh/"}),
        json!({"path": "/auth-check/"}),
        json!({"path": "/api/me/"}),
        json!({"path": "/api/x/", "status": 404}),
        json!({"path": "/api/x/", "status": 199}),
        json!({"path": "/api/x/", "status": 300}),
        json!({"method": "GET"}),
        json!({"path": 1}),
    ] {
        let resp = s.post(&format!("{API}/routes")).json(&bad).send().await;
        assert_eq!(resp.status, 422, "{bad}: {}", resp.text());
    }
    for taken in [
        json!({"path": "/api/profile/"}),
        json!({"method": "POST", "path": "/api/profile/"}),
    ] {
        let resp = s.post(&format!("{API}/routes")).json(&taken).send().await;
        assert_eq!(resp.status, 409, "{taken}: {}", resp.text());
        assert_eq!(resp.json()["error"], "conflict");
    }
    assert_eq!(routes(&s).await["total"], 1);
    s.shutdown().await;
}

#[tokio::test]
async fn auth_routes_under_a_prefix_are_reserved_there() {
    let s = TestServer::configured(|c| {
        c.apply_flag("prefix", "/api/auth/").expect("prefix");
    })
    .await;
    let resp = s
        .post(&format!("{API}/routes"))
        .json(&json!({"path": "/api/auth/token/"}))
        .send()
        .await;
    assert_eq!(resp.status, 422, "{}", resp.text());
    // Outside the prefix, /token/ is an ordinary path.
    add_route(&s, json!({"path": "/token/"})).await;
    s.get("/token/").send().await.expect_401(NOT_PROVIDED);
    s.shutdown().await;
}

fn example_config() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/nextjs/latchkey.toml")
}

#[tokio::test]
async fn the_nextjs_example_config_serves_its_profile_route() {
    let s = TestServer::configured(|c| {
        c.apply_file(&example_config())
            .expect("the example config loads");
    })
    .await;
    let listed = routes(&s).await;
    assert_eq!(listed["total"], 1);
    let route = &listed["items"][0];
    assert_eq!(
        (&route["method"], &route["path"], &route["status"]),
        (&json!("GET"), &json!("/api/profile/"), &json!(200))
    );
    s.get("/api/profile/").send().await.expect_401(NOT_PROVIDED);
    let alice = s.alice().await;
    let resp = s.get("/api/profile/").session(&alice).send().await;
    resp.expect(
        200,
        r#"{"username":"alice","email":"","display_name":"alice (mock profile)","plan":"free","theme":"system"}"#,
    );
    s.shutdown().await;
}

fn file_config(data: &std::path::Path, routes_toml: &str) -> Config {
    let mut config = Config::default();
    config.fast_hash = true;
    config.data = Some(data.to_path_buf());
    config
        .apply_toml(routes_toml, "test config:")
        .expect("routes config");
    config
}

#[tokio::test]
async fn routes_persist_and_the_config_file_updates_its_own() {
    let dir = TempDir::new("mock-routes");
    let data = dir.join("data.sqlite3");
    let v1 = "[[routes]]\npath = \"/api/a/\"\n[routes.body]\nv = 1\n";
    let s = TestServer::start_with(file_config(&data, v1), Clock::frozen_at(T0)).await;
    let from_config = routes(&s).await["items"][0].clone();
    add_route(
        &s,
        json!({"method": "PUT", "path": "/api/b/", "status": 202}),
    )
    .await;
    s.shutdown().await;

    // Same method and path in the file: same route, new body; the API's route is kept.
    let v2 =
        "[[routes]]\nmethod = \"GET\"\npath = \"/api/a/\"\nstatus = 200\n[routes.body]\nv = 2\n";
    let s = TestServer::start_with(file_config(&data, v2), Clock::frozen_at(T0)).await;
    let listed = routes(&s).await;
    assert_eq!(listed["total"], 2, "{listed}");
    assert_eq!(listed["items"][0]["id"], from_config["id"]);
    assert_eq!(listed["items"][0]["body"], json!({"v": 2}));
    assert_eq!(listed["items"][1]["path"], "/api/b/");
    let alice = s.alice().await;
    s.get("/api/a/")
        .session(&alice)
        .send()
        .await
        .expect(200, r#"{"v":2}"#);
    s.req("PUT", "/api/b/")
        .session(&alice)
        .send()
        .await
        .expect(202, "{}");
    s.shutdown().await;
}

#[tokio::test]
async fn an_invalid_config_route_stops_the_start() {
    let mut config = base_config();
    config
        .apply_toml("[[routes]]\npath = \"/api/no-slash\"\n", "test config:")
        .expect("the file parses");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let err = latchkey::Server::builder()
        .config(config)
        .clock(Clock::frozen_at(T0))
        .listener(listener)
        .spawn()
        .await
        .err()
        .expect("the start fails");
    let message = format!("{err:#}");
    assert!(
        message.contains("/api/no-slash") && message.contains("must start and end with /"),
        "{message}"
    );
}
