//! Each endpoint's success path, byte for byte.

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn register_returns_201_with_the_user_and_both_cookies() {
    let s = TestServer::start().await;
    let r = s
        .post("/register/")
        .json(&json!({"username": "alice", "password": PW, "email": "alice@example.com"}))
        .send()
        .await;
    r.expect(
        201,
        r#"{"user":{"id":1,"username":"alice","email":"alice@example.com"}}"#,
    );
    let cookies = r.set_cookies();
    assert_eq!(cookies.len(), 2, "{cookies:?}");
    let access = r.cookie("access_token").unwrap();
    let refresh = r.cookie("refresh_token").unwrap();
    assert_eq!(
        cookies,
        vec![
            expected_set_cookie("access_token", &access, 900, T0),
            expected_set_cookie("refresh_token", &refresh, 86400, T0),
        ]
    );
    assert!(!r.text().contains(&access) && !r.text().contains(&refresh));
    r.assert_security_headers();
    assert_eq!(r.header("vary").as_deref(), Some("Accept, origin"));
    s.shutdown().await;
}

#[tokio::test]
async fn register_cookie_expiry_follows_the_clock() {
    let s = TestServer::start().await;
    s.advance(12_345);
    let r = s
        .post("/register/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let now = T0 + 12_345;
    let a = r.set_cookie_for("access_token").unwrap();
    let f = r.set_cookie_for("refresh_token").unwrap();
    assert!(
        a.contains(&format!("; expires={}; ", http_date(now + 900))),
        "{a}"
    );
    assert!(
        f.contains(&format!("; expires={}; ", http_date(now + 86400))),
        "{f}"
    );
    s.shutdown().await;
}

#[tokio::test]
async fn register_without_email_gives_an_empty_email_and_ignores_other_fields() {
    let s = TestServer::start().await;
    let r = s
        .post("/register/")
        .json(&json!({"id": 42, "username": "bob", "password": PW, "is_staff": true}))
        .send()
        .await;
    r.expect(201, r#"{"user":{"id":1,"username":"bob","email":""}}"#);
    let r = s
        .post("/register/")
        .json(&json!({"username": "carol", "password": PW, "email": ""}))
        .send()
        .await;
    r.expect(201, r#"{"user":{"id":2,"username":"carol","email":""}}"#);
    s.shutdown().await;
}

#[tokio::test]
async fn register_accepts_a_form_body() {
    let s = TestServer::start().await;
    let r = s
        .post("/register/")
        .form(&[
            ("username", "dora"),
            ("password", PW),
            ("email", "dora@example.com"),
        ])
        .send()
        .await;
    r.expect(
        201,
        r#"{"user":{"id":1,"username":"dora","email":"dora@example.com"}}"#,
    );
    s.login("dora", PW).await;
    s.shutdown().await;
}

#[tokio::test]
async fn register_keeps_unicode_usernames_unescaped() {
    let s = TestServer::start().await;
    let r = s
        .post("/register/")
        .json(&json!({"username": "zoë.o+w@x-y_z", "password": PW}))
        .send()
        .await;
    r.expect(
        201,
        r#"{"user":{"id":1,"username":"zoë.o+w@x-y_z","email":""}}"#,
    );
    s.shutdown().await;
}

#[tokio::test]
async fn login_returns_the_user_and_both_cookies() {
    let s = TestServer::start().await;
    s.post("/register/")
        .json(&json!({"username": "alice", "password": PW, "email": "alice@example.com"}))
        .send()
        .await;
    s.advance(60);
    let r = s
        .post("/token/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await;
    r.expect(
        200,
        r#"{"user":{"id":1,"username":"alice","email":"alice@example.com"}}"#,
    );
    let access = r.cookie("access_token").unwrap();
    let refresh = r.cookie("refresh_token").unwrap();
    assert_eq!(
        r.set_cookies(),
        vec![
            expected_set_cookie("access_token", &access, 900, T0 + 60),
            expected_set_cookie("refresh_token", &refresh, 86400, T0 + 60),
        ]
    );
    assert!(!r.text().contains("access\"") && !r.text().contains("refresh"));
    r.assert_security_headers();
    s.shutdown().await;
}

#[tokio::test]
async fn login_accepts_a_form_body_and_numbers_as_strings() {
    let s = TestServer::start().await;
    s.register("424242", PW).await;
    s.post("/token/")
        .form(&[("username", "424242"), ("password", PW)])
        .send()
        .await
        .expect(200, r#"{"user":{"id":1,"username":"424242","email":""}}"#);
    s.post("/token/")
        .json(&json!({"username": 424242, "password": PW}))
        .send()
        .await
        .expect(200, r#"{"user":{"id":1,"username":"424242","email":""}}"#);
    s.shutdown().await;
}

#[tokio::test]
async fn each_login_issues_new_tokens() {
    let s = TestServer::start().await;
    let a = s.alice().await;
    let b = s.login("alice", PW).await;
    assert_ne!(a.access, b.access);
    assert_ne!(a.refresh, b.refresh);
    s.shutdown().await;
}

#[tokio::test]
async fn refresh_via_cookie_sets_only_a_new_access_cookie() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    s.advance(300);
    let r = s
        .post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await;
    r.expect(200, REFRESHED);
    let access = r.cookie("access_token").expect("new access cookie");
    assert_eq!(
        r.set_cookies(),
        vec![expected_set_cookie("access_token", &access, 900, T0 + 300)]
    );
    assert_ne!(access, session.access);
    s.get("/auth-check/")
        .access_cookie(&access)
        .send()
        .await
        .expect(
            200,
            r#"{"authenticated":true,"user":{"id":1,"username":"alice","email":""}}"#,
        );
    r.assert_security_headers();
    s.shutdown().await;
}

#[tokio::test]
async fn refresh_via_json_body() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    let r = s
        .post("/token/refresh/")
        .json(&json!({"refresh": session.refresh}))
        .send()
        .await;
    r.expect(200, REFRESHED);
    let access = r.cookie("access_token").unwrap();
    s.get("/api/me/")
        .bearer(&access)
        .send()
        .await
        .expect(200, r#"{"id":1,"username":"alice","email":""}"#);
    s.shutdown().await;
}

#[tokio::test]
async fn refresh_via_form_body() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    s.post("/token/refresh/")
        .form(&[("refresh", &session.refresh)])
        .send()
        .await
        .expect(200, REFRESHED);
    s.shutdown().await;
}

#[tokio::test]
async fn refresh_cookie_wins_over_the_body() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    s.post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .json(&json!({"refresh": "garbage"}))
        .send()
        .await
        .expect(200, REFRESHED);
    // The body is not even parsed when the cookie is there.
    s.post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .body("text/plain", b"hello")
        .send()
        .await
        .expect(200, REFRESHED);
    s.shutdown().await;
}

#[tokio::test]
async fn logout_deletes_both_cookies_and_blacklists_the_refresh_token() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    let r = s.post("/logout/").session(&session).send().await;
    r.expect(200, LOGGED_OUT);
    assert_eq!(
        r.set_cookies(),
        vec![
            expected_deletion("access_token"),
            expected_deletion("refresh_token")
        ]
    );
    r.assert_security_headers();
    s.post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));
    s.post("/token/refresh/")
        .json(&json!({"refresh": session.refresh}))
        .send()
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));
    s.shutdown().await;
}

#[tokio::test]
async fn logout_blacklists_only_the_presented_refresh_token() {
    let s = TestServer::start().await;
    let first = s.alice().await;
    let second = s.login("alice", PW).await;
    s.post("/logout/")
        .refresh_cookie(&second.refresh)
        .send()
        .await
        .expect(200, LOGGED_OUT);
    s.post("/token/refresh/")
        .refresh_cookie(&first.refresh)
        .send()
        .await
        .expect(200, REFRESHED);
    s.shutdown().await;
}

#[tokio::test]
async fn logout_without_cookies_still_deletes_both() {
    let s = TestServer::start().await;
    let r = s.post("/logout/").send().await;
    r.expect(200, LOGGED_OUT);
    assert_eq!(
        r.set_cookies(),
        vec![
            expected_deletion("access_token"),
            expected_deletion("refresh_token")
        ]
    );
    s.shutdown().await;
}

#[tokio::test]
async fn logout_with_an_invalid_refresh_cookie_still_succeeds() {
    let s = TestServer::start().await;
    for bad in ["garbage", "", "a.b.c"] {
        let r = s.post("/logout/").refresh_cookie(bad).send().await;
        r.expect(200, LOGGED_OUT);
        assert_eq!(r.set_cookies().len(), 2);
    }
    s.shutdown().await;
}

#[tokio::test]
async fn logout_twice_is_fine() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    s.post("/logout/")
        .refresh_cookie(&session.refresh)
        .send()
        .await
        .expect(200, LOGGED_OUT);
    s.post("/logout/")
        .refresh_cookie(&session.refresh)
        .send()
        .await
        .expect(200, LOGGED_OUT);
    s.shutdown().await;
}

#[tokio::test]
async fn auth_check_answers_the_user_via_cookie_and_via_header() {
    let s = TestServer::start().await;
    s.post("/register/")
        .json(&json!({"username": "alice", "password": PW, "email": "a@example.com"}))
        .send()
        .await;
    let session = s.login("alice", PW).await;
    let expected =
        r#"{"authenticated":true,"user":{"id":1,"username":"alice","email":"a@example.com"}}"#;
    let r = s
        .get("/auth-check/")
        .access_cookie(&session.access)
        .send()
        .await;
    r.expect(200, expected);
    r.assert_security_headers();
    assert_eq!(r.header("vary").as_deref(), Some("Accept, origin"));
    assert!(r.set_cookies().is_empty());
    s.get("/auth-check/")
        .bearer(&session.access)
        .send()
        .await
        .expect(200, expected);
    s.shutdown().await;
}

#[tokio::test]
async fn api_me_answers_the_user_object_alone() {
    let s = TestServer::start().await;
    s.post("/register/")
        .json(&json!({"username": "alice", "password": PW, "email": "a@example.com"}))
        .send()
        .await;
    let session = s.login("alice", PW).await;
    s.get("/api/me/")
        .access_cookie(&session.access)
        .send()
        .await
        .expect(
            200,
            r#"{"id":1,"username":"alice","email":"a@example.com"}"#,
        );
    s.get("/api/me/").send().await.expect_401(NOT_PROVIDED);
    s.shutdown().await;
}

#[tokio::test]
async fn user_ids_count_up_from_one() {
    let s = TestServer::start().await;
    for (i, name) in ["u1", "u2", "u3"].iter().enumerate() {
        s.post("/register/")
            .json(&json!({"username": name, "password": PW}))
            .send()
            .await
            .expect(
                201,
                &format!(
                    r#"{{"user":{{"id":{},"username":"{name}","email":""}}}}"#,
                    i + 1
                ),
            );
    }
    s.shutdown().await;
}
