//! Non-default settings: cookie attributes and names, URL prefix, refresh-token rotation.

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn cookie_settings_are_reflected_in_set_cookie() {
    let s = TestServer::configured(|c| {
        c.apply_flag("auth_cookie_access", "my_access").unwrap();
        c.apply_flag("auth_cookie_refresh", "my_refresh").unwrap();
        c.apply_flag("auth_cookie_samesite", "Strict").unwrap();
        c.apply_flag("auth_cookie_secure", "true").unwrap();
        c.apply_flag("auth_cookie_domain", "example.test").unwrap();
    })
    .await;
    let r = s
        .post("/register/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await;
    r.expect(201, r#"{"user":{"id":1,"username":"alice","email":""}}"#);
    let access = r.cookie("my_access").expect("my_access cookie");
    let refresh = r.cookie("my_refresh").expect("my_refresh cookie");
    assert_eq!(
        r.set_cookies(),
        vec![
            format!(
                "my_access={access}; Domain=example.test; expires={}; HttpOnly; Max-Age=900; Path=/; SameSite=Strict; Secure",
                http_date(T0 + 900)
            ),
            format!(
                "my_refresh={refresh}; Domain=example.test; expires={}; HttpOnly; Max-Age=86400; Path=/; SameSite=Strict; Secure",
                http_date(T0 + 86400)
            ),
        ]
    );
    // The configured names are the ones read back.
    s.get("/api/me/")
        .cookie("my_access", &access)
        .send()
        .await
        .expect(200, r#"{"id":1,"username":"alice","email":""}"#);
    s.get("/api/me/")
        .cookie("access_token", &access)
        .send()
        .await
        .expect_401(NOT_PROVIDED);
    s.post("/token/refresh/")
        .cookie("my_refresh", &refresh)
        .send()
        .await
        .expect(200, REFRESHED);
    s.post("/token/refresh/")
        .cookie("refresh_token", &refresh)
        .send()
        .await
        .expect(400, REFRESH_REQUIRED);
    let r = s
        .post("/logout/")
        .cookie("my_access", &access)
        .cookie("my_refresh", &refresh)
        .send()
        .await;
    r.expect(200, LOGGED_OUT);
    assert_eq!(
        r.set_cookies(),
        vec![
            "my_access=\"\"; Domain=example.test; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/".to_string(),
            "my_refresh=\"\"; Domain=example.test; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/".to_string(),
        ]
    );
    s.post("/token/refresh/")
        .cookie("my_refresh", &refresh)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));
    s.shutdown().await;
}

#[tokio::test]
async fn samesite_none_and_httponly_off() {
    let s = TestServer::configured(|c| {
        c.apply_flag("auth_cookie_samesite", "None").unwrap();
        c.apply_flag("auth_cookie_httponly", "false").unwrap();
    })
    .await;
    let r = s
        .post("/register/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await;
    assert_eq!(r.status, 201);
    let access = r.cookie("access_token").unwrap();
    assert_eq!(
        r.set_cookie_for("access_token").unwrap(),
        format!(
            "access_token={access}; expires={}; Max-Age=900; Path=/; SameSite=None",
            http_date(T0 + 900)
        )
    );
    s.shutdown().await;
}

#[tokio::test]
async fn a_url_prefix_moves_the_auth_routes() {
    let s = TestServer::configured(|c| {
        c.apply_flag("prefix", "/api/auth/").unwrap();
    })
    .await;
    let r = s
        .post("/api/auth/register/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await;
    r.expect(201, r#"{"user":{"id":1,"username":"alice","email":""}}"#);
    let session = r.session();
    s.post("/api/auth/token/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await
        .expect(200, r#"{"user":{"id":1,"username":"alice","email":""}}"#);
    s.post("/api/auth/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await
        .expect(200, REFRESHED);
    s.get("/api/auth/auth-check/")
        .access_cookie(&session.access)
        .send()
        .await
        .expect(
            200,
            r#"{"authenticated":true,"user":{"id":1,"username":"alice","email":""}}"#,
        );
    // /api/me/ is not an auth route: it stays.
    s.get("/api/me/")
        .access_cookie(&session.access)
        .send()
        .await
        .expect(200, r#"{"id":1,"username":"alice","email":""}"#);
    s.post("/api/auth/logout/")
        .session(&session)
        .send()
        .await
        .expect(200, LOGGED_OUT);
    for old in [
        "/register/",
        "/token/",
        "/token/refresh/",
        "/logout/",
        "/auth-check/",
    ] {
        let r = s.post(old).send().await;
        assert_eq!(r.status, 404, "{old}");
        assert_eq!(r.text(), NOT_FOUND_PAGE);
    }
    assert_eq!(s.post("/token").send().await.status, 404);
    let r = s.post("/api/auth/token?x=1").send().await;
    assert_eq!(r.status, 301);
    assert_eq!(
        r.header("location").as_deref(),
        Some("/api/auth/token/?x=1")
    );
    // Cookies keep Path=/.
    let r = s
        .post("/api/auth/token/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await;
    assert!(r.set_cookies().iter().all(|c| c.contains("; Path=/;")));
    s.shutdown().await;
}

#[tokio::test]
async fn rotation_with_blacklist_sets_a_new_refresh_cookie_and_blacklists_the_old() {
    let s = TestServer::configured(|c| {
        c.apply_flag("rotate_refresh_tokens", "true").unwrap();
        c.apply_flag("blacklist_after_rotation", "true").unwrap();
    })
    .await;
    let session = s.alice().await;
    s.advance(120);
    let r = s
        .post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await;
    r.expect(200, REFRESHED);
    let access = r.cookie("access_token").expect("new access cookie");
    let refresh = r.cookie("refresh_token").expect("new refresh cookie");
    assert_ne!(refresh, session.refresh);
    assert_eq!(
        r.set_cookies(),
        vec![
            expected_set_cookie("access_token", &access, 900, T0 + 120),
            expected_set_cookie("refresh_token", &refresh, 86400, T0 + 120),
        ]
    );
    // The rotated token keeps simplejwt's claim order with fresh jti, exp and iat.
    let old = decode(&session.refresh).claims;
    let new = decode(&refresh);
    assert_eq!(
        keys(&new.claims),
        ["token_type", "exp", "iat", "jti", "user_id"]
    );
    assert_eq!(new.claims["iat"], json!(T0 + 120));
    assert_eq!(new.claims["exp"], json!(T0 + 120 + 86400));
    assert_eq!(new.claims["user_id"], json!("1"));
    assert_ne!(new.claims["jti"], old["jti"]);
    assert!(is_jti(new.claims["jti"].as_str().unwrap()));
    assert_eq!(
        new.signature,
        hs256(KEY.as_bytes(), new.signing_input.as_bytes())
    );
    // The old one is now blacklisted, the new one works.
    s.post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));
    s.post("/token/refresh/")
        .json(&json!({ "refresh": refresh }))
        .send()
        .await
        .expect(200, REFRESHED);
    s.shutdown().await;
}

#[tokio::test]
async fn rotation_without_blacklist_keeps_the_old_refresh_token_usable() {
    let s = TestServer::configured(|c| {
        c.apply_flag("rotate_refresh_tokens", "true").unwrap();
    })
    .await;
    let session = s.alice().await;
    let r = s
        .post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await;
    r.expect(200, REFRESHED);
    let rotated = r.cookie("refresh_token").expect("new refresh cookie");
    assert_ne!(rotated, session.refresh);
    for token in [&session.refresh, &rotated] {
        let r = s.post("/token/refresh/").refresh_cookie(token).send().await;
        r.expect(200, REFRESHED);
        assert_eq!(r.set_cookies().len(), 2);
    }
    s.shutdown().await;
}

#[tokio::test]
async fn logout_blacklists_a_rotated_refresh_token() {
    let s = TestServer::configured(|c| {
        c.apply_flag("rotate_refresh_tokens", "true").unwrap();
        c.apply_flag("blacklist_after_rotation", "true").unwrap();
    })
    .await;
    let session = s.alice().await;
    let r = s
        .post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await;
    let rotated = r.cookie("refresh_token").unwrap();
    s.post("/logout/")
        .refresh_cookie(&rotated)
        .send()
        .await
        .expect(200, LOGGED_OUT);
    s.post("/token/refresh/")
        .refresh_cookie(&rotated)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));
    s.shutdown().await;
}

#[tokio::test]
async fn concurrent_refreshes_with_one_token_under_blacklist_rotation_succeed_once() {
    let s = TestServer::configured(|c| {
        c.apply_flag("rotate_refresh_tokens", "true").unwrap();
        c.apply_flag("blacklist_after_rotation", "true").unwrap();
    })
    .await;
    let session = s.alice().await;
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let req = s.post("/token/refresh/").refresh_cookie(&session.refresh);
        tasks.push(tokio::spawn(req.send()));
    }
    let mut ok = 0;
    for t in tasks {
        let r = t.await.unwrap();
        match r.status {
            200 => ok += 1,
            401 => {
                r.expect_401(&refresh_token_error("Token is blacklisted"));
            }
            other => panic!("unexpected {other}: {}", r.text()),
        }
    }
    assert_eq!(ok, 1);
    s.shutdown().await;
}
