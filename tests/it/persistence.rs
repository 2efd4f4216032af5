//! A data file survives a restart: users, the blacklist and the generated signing key.

use latchkey::{Clock, Config};
use serde_json::json;

use crate::support::*;

fn file_config(path: &std::path::Path) -> Config {
    let mut config = Config::default();
    config.fast_hash = true;
    config.data = Some(path.to_path_buf());
    config
}

#[tokio::test]
async fn users_blacklist_and_generated_key_survive_a_restart() {
    let dir = TempDir::new("persist");
    let data = dir.join("latchkey.sqlite3");
    let clock = Clock::frozen_at(T0);

    let s = TestServer::start_with(file_config(&data), clock.clone()).await;
    let key = s.signing_key();
    assert!(!key.is_empty());
    assert_ne!(key, KEY.as_bytes());
    let first = s
        .post("/register/")
        .json(&json!({"username": "alice", "password": PW, "email": "a@example.com"}))
        .send()
        .await;
    assert_eq!(first.status, 201, "{}", first.text());
    let first = first.session();
    // The issued tokens are signed with the generated key.
    let d = decode(&first.access);
    assert_eq!(d.signature, hs256(&key, d.signing_input.as_bytes()));
    let second = s.login("alice", PW).await;
    s.post("/logout/")
        .session(&second)
        .send()
        .await
        .expect(200, LOGGED_OUT);
    s.shutdown().await;
    assert!(data.is_file());

    let s = TestServer::start_with(file_config(&data), clock.clone()).await;
    assert_eq!(s.signing_key(), key, "the generated key is kept");
    s.post("/token/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await
        .expect(
            200,
            r#"{"user":{"id":1,"username":"alice","email":"a@example.com"}}"#,
        );
    s.get("/auth-check/")
        .access_cookie(&first.access)
        .send()
        .await
        .expect(
            200,
            r#"{"authenticated":true,"user":{"id":1,"username":"alice","email":"a@example.com"}}"#,
        );
    s.post("/token/refresh/")
        .refresh_cookie(&second.refresh)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));
    s.post("/token/refresh/")
        .refresh_cookie(&first.refresh)
        .send()
        .await
        .expect(200, REFRESHED);
    // The username stays taken and ids continue.
    s.post("/register/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await
        .expect(
            400,
            r#"{"username":["A user with that username already exists."]}"#,
        );
    s.post("/register/")
        .json(&json!({"username": "bob", "password": PW}))
        .send()
        .await
        .expect(201, r#"{"user":{"id":2,"username":"bob","email":""}}"#);
    s.shutdown().await;
}

#[tokio::test]
async fn rotation_blacklist_survives_a_restart() {
    let dir = TempDir::new("persist-rotate");
    let data = dir.join("data.sqlite3");
    let config = || {
        let mut c = file_config(&data);
        c.apply_flag("rotate_refresh_tokens", "true").unwrap();
        c.apply_flag("blacklist_after_rotation", "true").unwrap();
        c
    };
    let s = TestServer::start_with(config(), Clock::frozen_at(T0)).await;
    let session = s.alice().await;
    let r = s
        .post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await;
    r.expect(200, REFRESHED);
    let rotated = r.cookie("refresh_token").unwrap();
    s.shutdown().await;

    let s = TestServer::start_with(config(), Clock::frozen_at(T0)).await;
    s.post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));
    s.post("/token/refresh/")
        .refresh_cookie(&rotated)
        .send()
        .await
        .expect(200, REFRESHED);
    s.shutdown().await;
}

#[tokio::test]
async fn a_configured_key_overrides_the_stored_one() {
    let dir = TempDir::new("persist-key");
    let data = dir.join("data.sqlite3");
    let s = TestServer::start_with(file_config(&data), Clock::frozen_at(T0)).await;
    let generated = s.signing_key();
    let session = s.alice().await;
    s.shutdown().await;

    let mut config = file_config(&data);
    config.settings.signing_key = Some(KEY.into());
    let s = TestServer::start_with(config, Clock::frozen_at(T0)).await;
    assert_eq!(s.signing_key(), KEY.as_bytes());
    assert_ne!(generated, KEY.as_bytes());
    s.get("/api/me/")
        .access_cookie(&session.access)
        .send()
        .await
        .expect_401(&access_token_error("Token is invalid"));
    s.get("/api/me/")
        .bearer(&access_for("1", T0))
        .send()
        .await
        .expect(200, r#"{"id":1,"username":"alice","email":""}"#);
    s.shutdown().await;
}

#[tokio::test]
async fn in_memory_servers_share_nothing() {
    let a = TestServer::start().await;
    let b = TestServer::start().await;
    a.alice().await;
    b.post("/token/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await
        .expect_401(NO_ACTIVE_ACCOUNT);
    a.shutdown().await;
    b.shutdown().await;
}
