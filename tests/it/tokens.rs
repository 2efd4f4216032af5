//! Token interoperability with simplejwt/PyJWT and expiry driven by the injectable clock.

use serde_json::{json, Value};

use crate::support::*;

const CLAIM_ORDER: [&str; 5] = ["token_type", "exp", "iat", "jti", "user_id"];

/// Asserts the token is exactly what simplejwt would encode.
fn assert_simplejwt_token(token: &str, token_type: &str, iat: i64, lifetime: i64, user_id: &str) {
    let d = decode(token);
    assert_eq!(d.header, HS256_HEADER);
    assert_eq!(d.header_b64, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
    assert_eq!(keys(&d.claims), CLAIM_ORDER, "{}", d.payload);
    let jti = d.claims["jti"].as_str().expect("jti is a string");
    assert!(is_jti(jti), "jti {jti:?} is not 32 lowercase hex");
    let expected = format!(
        r#"{{"token_type":"{token_type}","exp":{},"iat":{iat},"jti":"{jti}","user_id":"{user_id}"}}"#,
        iat + lifetime
    );
    assert_eq!(d.payload, expected, "payload bytes");
    assert_eq!(
        d.signature,
        hs256(KEY.as_bytes(), d.signing_input.as_bytes()),
        "HS256 signature under the shared key"
    );
    assert!(!token.contains('='), "base64url without padding");
}

#[tokio::test]
async fn issued_tokens_are_byte_compatible_with_simplejwt() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    assert_simplejwt_token(&session.access, "access", T0, 900, "1");
    assert_simplejwt_token(&session.refresh, "refresh", T0, 86400, "1");
    let a = decode(&session.access).claims;
    let r = decode(&session.refresh).claims;
    assert_ne!(a["jti"], r["jti"]);
    assert!(a["exp"].is_i64() && a["iat"].is_i64());
    s.shutdown().await;
}

#[tokio::test]
async fn login_tokens_carry_the_user_id_as_a_string() {
    let s = TestServer::start().await;
    s.register("first", PW).await;
    s.register("second", PW).await;
    s.advance(7);
    let session = s.login("second", PW).await;
    assert_simplejwt_token(&session.access, "access", T0 + 7, 900, "2");
    assert_simplejwt_token(&session.refresh, "refresh", T0 + 7, 86400, "2");
    s.shutdown().await;
}

#[tokio::test]
async fn the_configured_signing_key_is_in_use() {
    let s = TestServer::start().await;
    assert_eq!(s.signing_key(), KEY.as_bytes());
    s.shutdown().await;
}

#[tokio::test]
async fn refreshed_access_token_is_a_fresh_simplejwt_token() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    s.advance(1000);
    let r = s
        .post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await;
    r.expect(200, REFRESHED);
    let access = r.cookie("access_token").unwrap();
    assert_simplejwt_token(&access, "access", T0 + 1000, 900, "1");
    s.shutdown().await;
}

#[tokio::test]
async fn jtis_are_unique() {
    let s = TestServer::start().await;
    let mut seen = std::collections::HashSet::new();
    s.alice().await;
    for _ in 0..5 {
        let session = s.login("alice", PW).await;
        assert!(seen.insert(decode(&session.access).claims["jti"].to_string()));
        assert!(seen.insert(decode(&session.refresh).claims["jti"].to_string()));
    }
    s.shutdown().await;
}

#[tokio::test]
async fn a_token_minted_the_simplejwt_way_is_accepted() {
    let s = TestServer::start().await;
    s.alice().await;
    let token = access_for("1", T0 - 10);
    s.get("/auth-check/").bearer(&token).send().await.expect(
        200,
        r#"{"authenticated":true,"user":{"id":1,"username":"alice","email":""}}"#,
    );
    s.get("/api/me/")
        .access_cookie(&token)
        .send()
        .await
        .expect(200, r#"{"id":1,"username":"alice","email":""}"#);
    s.shutdown().await;
}

#[tokio::test]
async fn an_integer_user_id_is_accepted() {
    let s = TestServer::start().await;
    s.alice().await;
    let token = mint(&claims("access", T0, ACCESS_LIFETIME, json!(1)));
    s.get("/api/me/")
        .bearer(&token)
        .send()
        .await
        .expect(200, r#"{"id":1,"username":"alice","email":""}"#);
    s.shutdown().await;
}

#[tokio::test]
async fn a_minted_refresh_token_is_accepted_and_its_user_id_carried_over() {
    let s = TestServer::start().await;
    s.alice().await;
    for (user_id, expected) in [
        (json!("1"), r#""user_id":"1""#),
        (json!(1), r#""user_id":1"#),
    ] {
        let refresh = mint(&claims("refresh", T0 - 100, REFRESH_LIFETIME, user_id));
        let r = s
            .post("/token/refresh/")
            .json(&json!({ "refresh": refresh }))
            .send()
            .await;
        r.expect(200, REFRESHED);
        let access = r.cookie("access_token").unwrap();
        let d = decode(&access);
        assert!(
            d.payload.ends_with(&format!("{expected}}}")),
            "{}",
            d.payload
        );
        assert_eq!(keys(&d.claims), CLAIM_ORDER);
        assert_eq!(d.claims["iat"], json!(T0));
        assert_eq!(d.claims["exp"], json!(T0 + 900));
        s.get("/api/me/")
            .bearer(&access)
            .send()
            .await
            .expect(200, r#"{"id":1,"username":"alice","email":""}"#);
    }
    s.shutdown().await;
}

#[tokio::test]
async fn extra_claims_of_a_refresh_token_are_copied_to_the_access_token() {
    let s = TestServer::start().await;
    s.alice().await;
    let mut c = claims("refresh", T0, REFRESH_LIFETIME, json!("1"));
    c.insert("scope".into(), json!("admin"));
    let r = s
        .post("/token/refresh/")
        .json(&json!({ "refresh": mint(&c) }))
        .send()
        .await;
    r.expect(200, REFRESHED);
    let d = decode(&r.cookie("access_token").unwrap());
    assert_eq!(
        keys(&d.claims),
        ["token_type", "exp", "iat", "jti", "user_id", "scope"]
    );
    assert_eq!(d.claims["scope"], Value::from("admin"));
    s.shutdown().await;
}

#[tokio::test]
async fn access_token_expires_after_fifteen_minutes_and_refresh_still_works() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    s.advance(16 * 60);
    s.get("/auth-check/")
        .access_cookie(&session.access)
        .send()
        .await
        .expect_401(&access_token_error("Token is expired"));
    let r = s
        .post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await;
    r.expect(200, REFRESHED);
    let access = r.cookie("access_token").unwrap();
    assert_eq!(
        r.set_cookie_for("access_token").unwrap(),
        expected_set_cookie("access_token", &access, 900, T0 + 960)
    );
    s.get("/auth-check/")
        .access_cookie(&access)
        .send()
        .await
        .expect(
            200,
            r#"{"authenticated":true,"user":{"id":1,"username":"alice","email":""}}"#,
        );
    s.shutdown().await;
}

#[tokio::test]
async fn access_token_is_valid_until_its_last_second() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    s.advance(899);
    s.get("/api/me/")
        .access_cookie(&session.access)
        .send()
        .await
        .expect(200, r#"{"id":1,"username":"alice","email":""}"#);
    s.advance(1);
    s.get("/api/me/")
        .access_cookie(&session.access)
        .send()
        .await
        .expect_401(&access_token_error("Token is expired"));
    s.shutdown().await;
}

#[tokio::test]
async fn refresh_token_expires_after_a_day() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    s.advance(86_399);
    s.post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await
        .expect(200, REFRESHED);
    s.advance(2);
    s.post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is expired"));
    s.post("/token/refresh/")
        .json(&json!({"refresh": session.refresh}))
        .send()
        .await
        .expect_401(&refresh_token_error("Token is expired"));
    s.shutdown().await;
}

#[tokio::test]
async fn moving_the_clock_back_makes_tokens_not_yet_valid() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    s.advance(-60);
    s.get("/api/me/")
        .access_cookie(&session.access)
        .send()
        .await
        .expect_401(&access_token_error("Token is invalid"));
    s.post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is invalid"));
    s.shutdown().await;
}

#[tokio::test]
async fn configured_lifetimes_drive_cookies_and_claims() {
    let s = TestServer::configured(|c| {
        c.apply_flag("access_token_lifetime", "5m").unwrap();
        c.apply_flag("refresh_token_lifetime", "2h").unwrap();
    })
    .await;
    let r = s
        .post("/register/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let session = r.session();
    assert_eq!(
        r.set_cookies(),
        vec![
            expected_set_cookie("access_token", &session.access, 300, T0),
            expected_set_cookie("refresh_token", &session.refresh, 7200, T0),
        ]
    );
    assert_simplejwt_token(&session.access, "access", T0, 300, "1");
    assert_simplejwt_token(&session.refresh, "refresh", T0, 7200, "1");
    s.advance(300);
    s.get("/api/me/")
        .access_cookie(&session.access)
        .send()
        .await
        .expect_401(&access_token_error("Token is expired"));
    s.shutdown().await;
}
