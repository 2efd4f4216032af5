//! `/_latchkey/api/settings`: every key with its source, and run-time changes that the auth
//! API follows on its very next request.

use serde_json::{json, Value};

use crate::control_sessions::{api_get, api_send, ok};
use crate::support::*;

/// Every configuration key (`latchkey::config::KEYS`).
const KEYS: [&str; 24] = [
    "host",
    "port",
    "allow_remote",
    "data",
    "in_memory",
    "seed",
    "fast_hash",
    "request_log_size",
    "signing_key",
    "access_token_lifetime",
    "refresh_token_lifetime",
    "rotate_refresh_tokens",
    "blacklist_after_rotation",
    "refresh_reuse_grace",
    "cors_allowed_origins",
    "prefix",
    "allowed_hosts",
    "auth_cookie_access",
    "auth_cookie_refresh",
    "auth_cookie_path",
    "auth_cookie_domain",
    "auth_cookie_samesite",
    "auth_cookie_secure",
    "auth_cookie_httponly",
];

async fn settings(s: &TestServer) -> Value {
    ok(api_get(s, "/settings").await)["settings"].clone()
}

async fn patch(s: &TestServer, body: Value) -> Resp {
    api_send(s, "PATCH", "/settings", Some(body)).await
}

async fn login(s: &TestServer) -> Resp {
    s.post("/token/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await
}

#[tokio::test]
async fn get_lists_every_key_typed_with_its_source() {
    let s = TestServer::configured(|c| {
        c.apply_toml("refresh_token_lifetime = \"2d\"", "test.toml:")
            .expect("toml");
        c.apply_env([(
            "LATCHKEY_ROTATE_REFRESH_TOKENS".to_string(),
            "true".to_string(),
        )])
        .expect("env");
        c.apply_flag("access_token_lifetime", "5m").expect("flag");
    })
    .await;
    let got = settings(&s).await;
    let mut names: Vec<&str> = got
        .as_object()
        .expect("map")
        .keys()
        .map(String::as_str)
        .collect();
    names.sort_unstable();
    let mut expected = KEYS.to_vec();
    expected.sort_unstable();
    assert_eq!(names, expected);

    let setting = |k: &str| got[k].clone();
    assert_eq!(
        setting("access_token_lifetime"),
        json!({"value": "5m", "source": "flag", "editable": true})
    );
    assert_eq!(
        setting("refresh_token_lifetime"),
        json!({"value": "2d", "source": "file", "editable": true})
    );
    assert_eq!(
        setting("rotate_refresh_tokens"),
        json!({"value": true, "source": "env", "editable": true})
    );
    assert_eq!(
        setting("blacklist_after_rotation"),
        json!({"value": false, "source": "default", "editable": true})
    );
    assert_eq!(
        setting("cors_allowed_origins")["value"],
        json!(["http://localhost:3000"])
    );
    assert_eq!(
        setting("allowed_hosts")["value"],
        json!(["127.0.0.1", "localhost", "[::1]"])
    );
    assert_eq!(setting("auth_cookie_samesite")["value"], "Lax");
    assert_eq!(setting("auth_cookie_httponly")["value"], true);
    assert_eq!(setting("auth_cookie_domain")["value"], "");
    assert_eq!(setting("prefix")["value"], "/");
    assert_eq!(
        setting("request_log_size"),
        json!({"value": 1000, "source": "default", "editable": false})
    );
    assert_eq!(setting("in_memory")["value"], true);
    assert_eq!(setting("port")["editable"], false);
    // The signing key is masked and cannot be changed.
    let key = setting("signing_key");
    assert_eq!(key["editable"], false);
    let shown = key["value"].as_str().expect("string");
    assert!(!shown.contains(KEY), "signing key revealed: {shown}");
    assert!(!api_get(&s, "/settings").await.text().contains(KEY));
    s.shutdown().await;
}

#[tokio::test]
async fn a_shorter_access_lifetime_applies_to_the_next_login() {
    let s = TestServer::start().await;
    s.alice().await;
    let r = patch(&s, json!({"access_token_lifetime": "1m"})).await;
    let got = ok(r)["settings"]["access_token_lifetime"].clone();
    assert_eq!(
        got,
        json!({"value": "1m", "source": "runtime", "editable": true})
    );
    assert_eq!(
        settings(&s).await["access_token_lifetime"]["source"],
        "runtime"
    );

    let r = login(&s).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let access = r.cookie("access_token").expect("access cookie");
    assert_eq!(
        r.set_cookie_for("access_token"),
        Some(expected_set_cookie("access_token", &access, 60, T0))
    );
    let claims = decode(&access).claims;
    assert_eq!(
        claims["exp"]
            .as_i64()
            .zip(claims["iat"].as_i64())
            .map(|(e, i)| e - i),
        Some(60)
    );
    // And the refresh cookie kept its own lifetime.
    let refresh = r.cookie("refresh_token").expect("refresh cookie");
    assert_eq!(
        r.set_cookie_for("refresh_token"),
        Some(expected_set_cookie(
            "refresh_token",
            &refresh,
            REFRESH_LIFETIME,
            T0
        ))
    );
    // Integers are seconds, as in the config file.
    let r = patch(&s, json!({"access_token_lifetime": 120})).await;
    assert_eq!(ok(r)["settings"]["access_token_lifetime"]["value"], "2m");
    s.shutdown().await;
}

#[tokio::test]
async fn cors_origins_follow_a_patch() {
    let s = TestServer::start().await;
    let app = "http://app.test:5173";
    let allowed = |r: &Resp| r.header("access-control-allow-origin");
    let before = s.post("/logout/").origin(app).send().await;
    assert_eq!(allowed(&before), None);

    let r = patch(&s, json!({"cors_allowed_origins": [app]})).await;
    assert_eq!(
        ok(r)["settings"]["cors_allowed_origins"]["value"],
        json!([app])
    );
    let after = s.post("/logout/").origin(app).send().await;
    after.expect(200, LOGGED_OUT);
    assert_eq!(allowed(&after).as_deref(), Some(app));
    assert_eq!(
        after.header("access-control-allow-credentials").as_deref(),
        Some("true")
    );
    // The old default is gone.
    let old = s
        .post("/logout/")
        .origin("http://localhost:3000")
        .send()
        .await;
    old.assert_no_cors_headers();
    s.shutdown().await;
}

#[tokio::test]
async fn turning_rotation_on_makes_refresh_set_a_refresh_cookie() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    let r = s
        .post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await;
    r.expect(200, REFRESHED);
    assert_eq!(r.cookie("refresh_token"), None);

    ok(patch(
        &s,
        json!({"rotate_refresh_tokens": true, "blacklist_after_rotation": true}),
    )
    .await);
    let r = s
        .post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await;
    r.expect(200, REFRESHED);
    let rotated = r.cookie("refresh_token").expect("rotated refresh cookie");
    assert_ne!(rotated, session.refresh);
    s.post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));
    s.shutdown().await;
}

#[tokio::test]
async fn cookie_names_and_attributes_change_at_run_time() {
    let s = TestServer::start().await;
    s.alice().await;
    let r = patch(
        &s,
        json!({"auth_cookie_access": "sid", "auth_cookie_samesite": "Strict", "auth_cookie_secure": true}),
    )
    .await;
    ok(r);
    let r = login(&s).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let sid = r.cookie("sid").expect("sid cookie");
    assert_eq!(
        r.set_cookie_for("sid"),
        Some(format!(
            "sid={sid}; expires={}; HttpOnly; Max-Age=900; Path=/; SameSite=Strict; Secure",
            http_date(T0 + 900)
        ))
    );
    s.get("/auth-check/")
        .cookie("sid", &sid)
        .send()
        .await
        .expect(
            200,
            r#"{"authenticated":true,"user":{"id":1,"username":"alice","email":""}}"#,
        );
    // `false` leaves SameSite out, and reads back as `false`.
    let r = patch(&s, json!({"auth_cookie_samesite": false})).await;
    assert_eq!(ok(r)["settings"]["auth_cookie_samesite"]["value"], false);
    s.shutdown().await;
}

#[tokio::test]
async fn a_bad_value_is_422_naming_the_key_and_nothing_changes() {
    let s = TestServer::start().await;
    let before = settings(&s).await;
    let r = patch(
        &s,
        json!({"access_token_lifetime": "1m", "auth_cookie_samesite": "sideways"}),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.text());
    let body = r.json();
    assert_eq!(body["error"], "unprocessable");
    let detail = body["detail"].as_str().expect("detail");
    assert!(
        detail.contains("auth_cookie_samesite") && detail.contains("Lax, Strict, None or false"),
        "{detail}"
    );
    assert_eq!(settings(&s).await, before);
    // The earlier valid key was not applied either.
    s.alice().await;
    let access = login(&s)
        .await
        .cookie("access_token")
        .expect("access cookie");
    let claims = decode(&access).claims;
    assert_eq!(claims["exp"].as_i64(), Some(T0 + ACCESS_LIFETIME));

    for (body, names) in [
        (
            json!({"access_token_lifetime": "soon"}),
            "access_token_lifetime",
        ),
        (
            json!({"access_token_lifetime": null}),
            "access_token_lifetime",
        ),
        (json!({"access_token_lifetime": 0}), "access_token_lifetime"),
        (
            json!({"rotate_refresh_tokens": "maybe"}),
            "rotate_refresh_tokens",
        ),
        (
            json!({"cors_allowed_origins": ["localhost:3000/app"]}),
            "cors_allowed_origins",
        ),
        (
            json!({"cors_allowed_origins": "http://a.test"}),
            "cors_allowed_origins",
        ),
        (json!({"prefix": "/_latchkey/"}), "prefix"),
    ] {
        let r = patch(&s, body.clone()).await;
        assert_eq!(r.status, 422, "{body}: {}", r.text());
        let detail = r.json()["detail"].as_str().expect("detail").to_string();
        assert!(detail.contains(names), "{body}: {detail}");
    }
    assert_eq!(settings(&s).await, before);
    s.shutdown().await;
}

#[tokio::test]
async fn keys_that_cannot_change_at_run_time_are_400() {
    let s = TestServer::start().await;
    let before = settings(&s).await;
    for body in [
        json!({"signing_key": "another-key"}),
        json!({"port": 9000}),
        json!({"request_log_size": 5}),
        json!({"no_such_setting": 1}),
        json!({"access_token_lifetime": "1m", "data": "/tmp/x"}),
    ] {
        let r = patch(&s, body.clone()).await;
        assert_eq!(r.status, 400, "{body}: {}", r.text());
        let body_json = r.json();
        assert_eq!(body_json["error"], "bad_request");
        assert!(
            body_json["detail"]
                .as_str()
                .is_some_and(|d| d.contains("editable settings are")),
            "{body_json}"
        );
    }
    assert_eq!(settings(&s).await, before);
    // Not an object at all.
    let r = patch(&s, json!(["access_token_lifetime"])).await;
    assert_eq!(r.status, 422, "{}", r.text());
    s.shutdown().await;
}

#[tokio::test]
async fn an_empty_patch_changes_nothing() {
    let s = TestServer::start().await;
    let before = settings(&s).await;
    let r = patch(&s, json!({})).await;
    assert_eq!(ok(r)["settings"], before);
    s.shutdown().await;
}

#[tokio::test]
async fn the_prefix_moves_the_auth_api() {
    let s = TestServer::start().await;
    ok(patch(&s, json!({"prefix": "/api/auth"})).await);
    assert_eq!(settings(&s).await["prefix"]["value"], "/api/auth/");
    let r = s
        .post("/api/auth/register/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(
        s.post("/register/").json(&json!({})).send().await.status,
        404
    );
    s.shutdown().await;
}
