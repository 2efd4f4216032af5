//! `CustomJWTAuthentication` failures: every 401 of WIRE.md's "Authentication errors".

use serde_json::{json, Map, Value};

use crate::support::*;

/// Asserts `/auth-check/` answers `body` for `Authorization: Bearer <token>` and, separately,
/// for the token in the access cookie.
async fn assert_rejected(s: &TestServer, token: &str, body: &str) {
    s.get("/auth-check/")
        .bearer(token)
        .send()
        .await
        .expect_401(body)
        .assert_security_headers();
    s.get("/auth-check/")
        .access_cookie(token)
        .send()
        .await
        .expect_401(body);
}

async fn assert_token_message(token: &str, message: &str) {
    let s = TestServer::start().await;
    s.alice().await;
    assert_rejected(&s, token, &access_token_error(message)).await;
    s.shutdown().await;
}

fn alice_access() -> Map<String, Value> {
    claims("access", T0, ACCESS_LIFETIME, json!("1"))
}

#[tokio::test]
async fn no_header_and_no_cookie_is_not_provided() {
    let s = TestServer::start().await;
    let r = s.get("/auth-check/").send().await;
    r.expect_401(NOT_PROVIDED);
    r.assert_security_headers();
    assert_eq!(r.header("vary").as_deref(), Some("Accept, origin"));
    s.shutdown().await;
}

#[tokio::test]
async fn an_unrelated_cookie_is_not_credentials() {
    let s = TestServer::start().await;
    s.get("/auth-check/")
        .cookie("sessionid", "x")
        .cookie("refresh_token", &refresh_for("1", T0))
        .send()
        .await
        .expect_401(NOT_PROVIDED);
    s.shutdown().await;
}

#[tokio::test]
async fn a_non_bearer_header_hides_a_valid_cookie() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    for header in [
        String::new(),
        "Basic YWxpY2U6cGFzcw==".to_string(),
        format!("bearer {}", session.access),
        format!("JWT {}", session.access),
        format!("BEARER {}", session.access),
    ] {
        s.get("/auth-check/")
            .header("Authorization", &header)
            .access_cookie(&session.access)
            .send()
            .await
            .expect_401(NOT_PROVIDED);
    }
    s.shutdown().await;
}

#[tokio::test]
async fn bearer_without_a_token_is_a_bad_header() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    s.get("/auth-check/")
        .header("Authorization", "Bearer")
        .access_cookie(&session.access)
        .send()
        .await
        .expect_401(BAD_AUTH_HEADER);
    s.shutdown().await;
}

#[tokio::test]
async fn bearer_with_two_values_is_a_bad_header() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    let two = format!("Bearer {} extra", session.access);
    s.get("/auth-check/")
        .header("Authorization", &two)
        .send()
        .await
        .expect_401(BAD_AUTH_HEADER);
    s.get("/auth-check/")
        .header("Authorization", "Bearer a b c")
        .send()
        .await
        .expect_401(BAD_AUTH_HEADER);
    s.shutdown().await;
}

#[tokio::test]
async fn token_signed_with_another_key_is_invalid() {
    let token = mint_with(b"some-other-key", &alice_access());
    assert_token_message(&token, "Token is invalid").await;
}

#[tokio::test]
async fn token_with_a_tampered_payload_is_invalid() {
    let good = mint(&alice_access());
    let mut other = alice_access();
    other.insert("user_id".into(), json!("2"));
    let forged = mint(&other);
    let parts: Vec<&str> = good.split('.').collect();
    let forged_parts: Vec<&str> = forged.split('.').collect();
    let tampered = format!("{}.{}.{}", parts[0], forged_parts[1], parts[2]);
    assert_token_message(&tampered, "Token is invalid").await;
}

#[tokio::test]
async fn alg_none_token_is_invalid() {
    let payload = Value::Object(alice_access()).to_string();
    let token = format!(
        "{}.{}.",
        b64(br#"{"alg":"none","typ":"JWT"}"#),
        b64(payload.as_bytes())
    );
    assert_token_message(&token, "Token is invalid").await;
}

#[tokio::test]
async fn hs512_token_is_invalid_even_with_the_right_key() {
    let payload = Value::Object(alice_access()).to_string();
    let input = format!(
        "{}.{}",
        b64(br#"{"alg":"HS512","typ":"JWT"}"#),
        b64(payload.as_bytes())
    );
    let token = format!("{input}.{}", b64(&hs512(KEY.as_bytes(), input.as_bytes())));
    assert_token_message(&token, "Token is invalid").await;
}

#[tokio::test]
async fn malformed_tokens_are_invalid() {
    let s = TestServer::start().await;
    s.alice().await;
    for token in [
        "not-a-jwt",
        "a.b.c",
        "a.b",
        "....",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.%%%.abc",
    ] {
        assert_rejected(&s, token, &access_token_error("Token is invalid")).await;
    }
    s.shutdown().await;
}

#[tokio::test]
async fn expired_token_is_expired() {
    let token = mint(&claims("access", T0 - 1000, ACCESS_LIFETIME, json!("1")));
    assert_token_message(&token, "Token is expired").await;
}

#[tokio::test]
async fn token_expiring_exactly_now_is_expired() {
    let token = mint(&claims(
        "access",
        T0 - ACCESS_LIFETIME,
        ACCESS_LIFETIME,
        json!("1"),
    ));
    assert_token_message(&token, "Token is expired").await;
}

#[tokio::test]
async fn token_expiring_in_one_second_is_accepted() {
    let s = TestServer::start().await;
    s.alice().await;
    let token = mint(&claims(
        "access",
        T0 - ACCESS_LIFETIME + 1,
        ACCESS_LIFETIME,
        json!("1"),
    ));
    s.get("/api/me/")
        .bearer(&token)
        .send()
        .await
        .expect(200, r#"{"id":1,"username":"alice","email":""}"#);
    s.shutdown().await;
}

#[tokio::test]
async fn refresh_token_as_access_token_has_wrong_type() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    assert_rejected(
        &s,
        &session.refresh,
        &access_token_error("Token has wrong type"),
    )
    .await;
    s.shutdown().await;
}

#[tokio::test]
async fn unknown_token_type_has_wrong_type() {
    let mut c = alice_access();
    c.insert("token_type".into(), json!("sliding"));
    assert_token_message(&mint(&c), "Token has wrong type").await;
}

#[tokio::test]
async fn token_without_type_has_no_type() {
    let mut c = alice_access();
    c.remove("token_type");
    assert_token_message(&mint(&c), "Token has no type").await;
}

#[tokio::test]
async fn token_without_jti_has_no_id() {
    let mut c = alice_access();
    c.remove("jti");
    assert_token_message(&mint(&c), "Token has no id").await;
}

#[tokio::test]
async fn token_without_exp_has_no_exp_claim() {
    let mut c = alice_access();
    c.remove("exp");
    assert_token_message(&mint(&c), "Token has no 'exp' claim").await;
}

#[tokio::test]
async fn missing_exp_is_reported_before_missing_jti_and_type() {
    let mut c = alice_access();
    c.remove("exp");
    c.remove("jti");
    c.remove("token_type");
    assert_token_message(&mint(&c), "Token has no 'exp' claim").await;
}

#[tokio::test]
async fn missing_jti_is_reported_before_missing_type() {
    let mut c = alice_access();
    c.remove("jti");
    c.remove("token_type");
    assert_token_message(&mint(&c), "Token has no id").await;
}

#[tokio::test]
async fn non_integer_exp_is_invalid() {
    let mut c = alice_access();
    c.insert("exp".into(), json!("tomorrow"));
    assert_token_message(&mint(&c), "Token is invalid").await;
}

#[tokio::test]
async fn iat_in_the_future_is_invalid() {
    let token = mint(&claims("access", T0 + 60, ACCESS_LIFETIME, json!("1")));
    assert_token_message(&token, "Token is invalid").await;
}

#[tokio::test]
async fn token_without_user_id_has_no_user_identification() {
    let s = TestServer::start().await;
    s.alice().await;
    let mut c = alice_access();
    c.remove("user_id");
    assert_rejected(&s, &mint(&c), NO_USER_ID).await;
    s.shutdown().await;
}

#[tokio::test]
async fn token_for_an_unknown_user_is_user_not_found() {
    let s = TestServer::start().await;
    s.alice().await;
    assert_rejected(&s, &access_for("99", T0), USER_NOT_FOUND).await;
    s.shutdown().await;
}

#[tokio::test]
async fn inactive_user_is_rejected_everywhere() {
    let dir = TempDir::new("seed");
    let seed = dir.join("seed.json");
    std::fs::write(
        &seed,
        r#"[{"username":"ivan","password":"correct horse","email":"ivan@example.com","is_active":false}]"#,
    )
    .unwrap();
    let s = TestServer::configured(|c| c.seed = Some(seed.clone())).await;
    assert_rejected(&s, &access_for("1", T0), USER_INACTIVE).await;
    s.post("/token/")
        .json(&json!({"username": "ivan", "password": "correct horse"}))
        .send()
        .await
        .expect_401(NO_ACTIVE_ACCOUNT);
    s.post("/token/refresh/")
        .refresh_cookie(&refresh_for("1", T0))
        .send()
        .await
        .expect_401(NO_ACTIVE_ACCOUNT_FOR_TOKEN);
    s.shutdown().await;
}

#[tokio::test]
async fn a_valid_header_wins_over_an_invalid_cookie() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    s.get("/auth-check/")
        .bearer(&session.access)
        .access_cookie("garbage")
        .send()
        .await
        .expect(
            200,
            r#"{"authenticated":true,"user":{"id":1,"username":"alice","email":""}}"#,
        );
    s.shutdown().await;
}

#[tokio::test]
async fn an_invalid_header_fails_even_with_a_valid_cookie() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    s.get("/auth-check/")
        .bearer("garbage")
        .access_cookie(&session.access)
        .send()
        .await
        .expect_401(&access_token_error("Token is invalid"));
    s.shutdown().await;
}

#[tokio::test]
async fn header_user_wins_over_cookie_user() {
    let s = TestServer::start().await;
    let alice = s.alice().await;
    let bob = s.register("bob", PW).await;
    s.get("/api/me/")
        .bearer(&bob.access)
        .access_cookie(&alice.access)
        .send()
        .await
        .expect(200, r#"{"id":2,"username":"bob","email":""}"#);
    s.shutdown().await;
}

#[tokio::test]
async fn bad_access_cookie_fails_register() {
    let s = TestServer::start().await;
    let expired = mint(&claims("access", T0 - 2000, ACCESS_LIFETIME, json!("1")));
    let r = s
        .post("/register/")
        .access_cookie(&expired)
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await;
    r.expect_401(&access_token_error("Token is expired"));
    assert!(r.set_cookies().is_empty());
    // Nothing was created: the same registration without the cookie succeeds as user 1.
    s.post("/register/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await
        .expect(201, r#"{"user":{"id":1,"username":"alice","email":""}}"#);
    s.shutdown().await;
}

#[tokio::test]
async fn bad_access_cookie_fails_logout_which_then_clears_nothing() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    let r = s
        .post("/logout/")
        .access_cookie("garbage")
        .refresh_cookie(&session.refresh)
        .send()
        .await;
    r.expect_401(&access_token_error("Token is invalid"));
    assert!(r.set_cookies().is_empty(), "{:?}", r.set_cookies());
    // The refresh token was not blacklisted.
    s.post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await
        .expect(200, REFRESHED);
    s.shutdown().await;
}

#[tokio::test]
async fn bad_access_cookie_is_ignored_by_login_and_refresh() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    s.post("/token/")
        .access_cookie("garbage")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await
        .expect(200, r#"{"user":{"id":1,"username":"alice","email":""}}"#);
    s.post("/token/refresh/")
        .access_cookie("garbage")
        .refresh_cookie(&session.refresh)
        .send()
        .await
        .expect(200, REFRESHED);
    s.post("/token/")
        .bearer("garbage")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await
        .expect(200, r#"{"user":{"id":1,"username":"alice","email":""}}"#);
    s.shutdown().await;
}

#[tokio::test]
async fn valid_access_cookie_is_fine_on_register_and_logout() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    s.post("/register/")
        .access_cookie(&session.access)
        .json(&json!({"username": "bob", "password": PW}))
        .send()
        .await
        .expect(201, r#"{"user":{"id":2,"username":"bob","email":""}}"#);
    s.post("/logout/")
        .session(&session)
        .send()
        .await
        .expect(200, LOGGED_OUT);
    s.shutdown().await;
}

#[tokio::test]
async fn a_quoted_access_cookie_is_unquoted_like_django() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    s.get("/api/me/")
        .cookie("access_token", &format!("\"{}\"", session.access))
        .send()
        .await
        .expect(200, r#"{"id":1,"username":"alice","email":""}"#);
    s.shutdown().await;
}

#[tokio::test]
async fn the_last_access_cookie_wins() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    s.get("/api/me/")
        .access_cookie("garbage")
        .access_cookie(&session.access)
        .send()
        .await
        .expect(200, r#"{"id":1,"username":"alice","email":""}"#);
    s.get("/api/me/")
        .access_cookie(&session.access)
        .access_cookie("garbage")
        .send()
        .await
        .expect_401(&access_token_error("Token is invalid"));
    s.shutdown().await;
}
