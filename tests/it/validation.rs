//! 400s and 401s of the token views and the register serializer, and request bodies.

use serde_json::json;

use crate::support::*;

// ---- /token/ ----

#[tokio::test]
async fn login_with_a_wrong_password_is_401() {
    let s = TestServer::start().await;
    s.alice().await;
    let r = s
        .post("/token/")
        .json(&json!({"username": "alice", "password": "wrong-password-1"}))
        .send()
        .await;
    r.expect_401(NO_ACTIVE_ACCOUNT);
    assert!(r.set_cookies().is_empty());
    r.assert_security_headers();
    s.shutdown().await;
}

#[tokio::test]
async fn login_of_an_unknown_user_is_401() {
    let s = TestServer::start().await;
    s.post("/token/")
        .json(&json!({"username": "nobody", "password": PW}))
        .send()
        .await
        .expect_401(NO_ACTIVE_ACCOUNT);
    s.shutdown().await;
}

#[tokio::test]
async fn login_usernames_are_case_sensitive() {
    let s = TestServer::start().await;
    s.alice().await;
    s.post("/token/")
        .json(&json!({"username": "Alice", "password": PW}))
        .send()
        .await
        .expect_401(NO_ACTIVE_ACCOUNT);
    s.shutdown().await;
}

#[tokio::test]
async fn login_with_missing_fields_is_400() {
    let s = TestServer::start().await;
    let both = r#"{"username":["This field is required."],"password":["This field is required."]}"#;
    s.post("/token/")
        .json(&json!({}))
        .send()
        .await
        .expect(400, both);
    // An empty body counts as {}.
    s.post("/token/").send().await.expect(400, both);
    s.post("/token/")
        .body("application/json", b"")
        .send()
        .await
        .expect(400, both);
    s.post("/token/")
        .json(&json!({"username": "alice"}))
        .send()
        .await
        .expect(400, r#"{"password":["This field is required."]}"#);
    s.shutdown().await;
}

#[tokio::test]
async fn login_with_blank_fields_is_400() {
    let s = TestServer::start().await;
    s.post("/token/")
        .json(&json!({"username": "", "password": ""}))
        .send()
        .await
        .expect(
            400,
            r#"{"username":["This field may not be blank."],"password":["This field may not be blank."]}"#,
        );
    s.shutdown().await;
}

#[tokio::test]
async fn login_with_null_fields_is_400() {
    let s = TestServer::start().await;
    s.post("/token/")
        .json(&json!({"username": null, "password": null}))
        .send()
        .await
        .expect(
            400,
            r#"{"username":["This field may not be null."],"password":["This field may not be null."]}"#,
        );
    s.shutdown().await;
}

// ---- /token/refresh/ ----

#[tokio::test]
async fn refresh_without_a_token_is_required() {
    let s = TestServer::start().await;
    let r = s.post("/token/refresh/").send().await;
    r.expect(400, REFRESH_REQUIRED);
    r.assert_security_headers();
    s.post("/token/refresh/")
        .json(&json!({}))
        .send()
        .await
        .expect(400, REFRESH_REQUIRED);
    s.post("/token/refresh/")
        .json(&json!({"refresh": null}))
        .send()
        .await
        .expect(400, REFRESH_REQUIRED);
    s.post("/token/refresh/")
        .json(&json!([]))
        .send()
        .await
        .expect(400, REFRESH_REQUIRED);
    s.shutdown().await;
}

#[tokio::test]
async fn refresh_with_a_blank_token_may_not_be_blank() {
    let s = TestServer::start().await;
    let blank = r#"{"refresh":["This field may not be blank."]}"#;
    s.post("/token/refresh/")
        .json(&json!({"refresh": ""}))
        .send()
        .await
        .expect(400, blank);
    s.post("/token/refresh/")
        .refresh_cookie("")
        .send()
        .await
        .expect(400, blank);
    s.shutdown().await;
}

#[tokio::test]
async fn refresh_with_garbage_is_invalid() {
    let s = TestServer::start().await;
    s.post("/token/refresh/")
        .refresh_cookie("garbage")
        .send()
        .await
        .expect_401(&refresh_token_error("Token is invalid"));
    s.post("/token/refresh/")
        .json(&json!({"refresh": "a.b.c"}))
        .send()
        .await
        .expect_401(&refresh_token_error("Token is invalid"));
    let wrong_key = mint_with(
        b"another-key",
        &claims("refresh", T0, REFRESH_LIFETIME, json!("1")),
    );
    s.post("/token/refresh/")
        .refresh_cookie(&wrong_key)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is invalid"));
    s.shutdown().await;
}

#[tokio::test]
async fn refresh_with_an_access_token_has_wrong_type() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    s.post("/token/refresh/")
        .refresh_cookie(&session.access)
        .send()
        .await
        .expect_401(&refresh_token_error("Token has wrong type"));
    s.shutdown().await;
}

#[tokio::test]
async fn refresh_with_an_expired_token_is_expired() {
    let s = TestServer::start().await;
    s.alice().await;
    let old = mint(&claims(
        "refresh",
        T0 - 90_000,
        REFRESH_LIFETIME,
        json!("1"),
    ));
    s.post("/token/refresh/")
        .json(&json!({ "refresh": old }))
        .send()
        .await
        .expect_401(&refresh_token_error("Token is expired"));
    s.shutdown().await;
}

#[tokio::test]
async fn refresh_for_a_deleted_user_is_no_active_account() {
    let s = TestServer::start().await;
    s.alice().await;
    s.post("/token/refresh/")
        .refresh_cookie(&refresh_for("99", T0))
        .send()
        .await
        .expect_401(NO_ACTIVE_ACCOUNT_FOR_TOKEN);
    s.shutdown().await;
}

// ---- /register/ ----

#[tokio::test]
async fn register_with_missing_fields_lists_each() {
    let s = TestServer::start().await;
    let both = r#"{"username":["This field is required."],"password":["This field is required."]}"#;
    s.post("/register/")
        .json(&json!({}))
        .send()
        .await
        .expect(400, both);
    s.post("/register/").send().await.expect(400, both);
    s.post("/register/")
        .json(&json!({"username": "alice", "email": "a@example.com"}))
        .send()
        .await
        .expect(400, r#"{"password":["This field is required."]}"#);
    s.shutdown().await;
}

#[tokio::test]
async fn register_with_a_taken_username_is_400() {
    let s = TestServer::start().await;
    s.alice().await;
    let r = s
        .post("/register/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await;
    r.expect(
        400,
        r#"{"username":["A user with that username already exists."]}"#,
    );
    assert!(r.set_cookies().is_empty());
    s.shutdown().await;
}

#[tokio::test]
async fn register_with_a_151_character_username_is_400() {
    let s = TestServer::start().await;
    let long = "a".repeat(151);
    s.post("/register/")
        .json(&json!({"username": long, "password": PW}))
        .send()
        .await
        .expect(
            400,
            r#"{"username":["Ensure this field has no more than 150 characters."]}"#,
        );
    let ok = "a".repeat(150);
    s.post("/register/")
        .json(&json!({"username": ok, "password": PW}))
        .send()
        .await
        .expect(
            201,
            &format!(r#"{{"user":{{"id":1,"username":"{ok}","email":""}}}}"#),
        );
    s.shutdown().await;
}

#[tokio::test]
async fn register_with_invalid_username_characters_is_400() {
    let s = TestServer::start().await;
    for name in ["bad name", "semi;colon", "hash#tag", "o'neil"] {
        s.post("/register/")
            .json(&json!({"username": name, "password": PW}))
            .send()
            .await
            .expect(
                400,
                r#"{"username":["Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."]}"#,
            );
    }
    s.shutdown().await;
}

#[tokio::test]
async fn register_with_a_blank_username_may_not_be_blank() {
    let s = TestServer::start().await;
    s.post("/register/")
        .json(&json!({"username": "", "password": PW}))
        .send()
        .await
        .expect(400, r#"{"username":["This field may not be blank."]}"#);
    s.shutdown().await;
}

#[tokio::test]
async fn register_with_an_invalid_email_is_400() {
    let s = TestServer::start().await;
    for email in ["not-an-email", "a@", "@example.com", "a b@example.com"] {
        s.post("/register/")
            .json(&json!({"username": "alice", "password": PW, "email": email}))
            .send()
            .await
            .expect(400, r#"{"email":["Enter a valid email address."]}"#);
    }
    s.shutdown().await;
}

#[tokio::test]
async fn register_field_errors_come_in_field_order() {
    let s = TestServer::start().await;
    s.post("/register/")
        .json(&json!({"password": PW, "email": "nope", "username": "bad name"}))
        .send()
        .await
        .expect(
            400,
            r#"{"username":["Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."],"email":["Enter a valid email address."]}"#,
        );
    s.shutdown().await;
}

async fn assert_password_errors(username: &str, email: &str, password: &str, messages: &[&str]) {
    let s = TestServer::start().await;
    let list = messages
        .iter()
        .map(|m| format!("\"{m}\""))
        .collect::<Vec<_>>()
        .join(",");
    let r = s
        .post("/register/")
        .json(&json!({"username": username, "password": password, "email": email}))
        .send()
        .await;
    r.expect(400, &format!(r#"{{"password":[{list}]}}"#));
    assert!(r.set_cookies().is_empty());
    // Nothing was created.
    s.post("/token/")
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .expect_401(NO_ACTIVE_ACCOUNT);
    s.shutdown().await;
}

#[tokio::test]
async fn password_too_short() {
    assert_password_errors(
        "alice",
        "",
        "xQ7#kLp",
        &["This password is too short. It must contain at least 8 characters."],
    )
    .await;
}

#[tokio::test]
async fn password_too_common() {
    assert_password_errors(
        "alice",
        "",
        "password123",
        &["This password is too common."],
    )
    .await;
}

#[tokio::test]
async fn password_entirely_numeric() {
    assert_password_errors(
        "alice",
        "",
        "80417395216",
        &["This password is entirely numeric."],
    )
    .await;
}

#[tokio::test]
async fn password_too_similar_to_the_username() {
    assert_password_errors(
        "zebrafinch42x",
        "",
        "zebrafinch42x",
        &["The password is too similar to the username."],
    )
    .await;
}

#[tokio::test]
async fn password_too_similar_to_the_email() {
    assert_password_errors(
        "kx",
        "quixoticlemur@example.com",
        "quixoticlemur",
        &["The password is too similar to the email address."],
    )
    .await;
}

#[tokio::test]
async fn password_failing_every_validator_lists_all_in_order() {
    assert_password_errors(
        "1234",
        "",
        "1234",
        &[
            "The password is too similar to the username.",
            "This password is too short. It must contain at least 8 characters.",
            "This password is too common.",
            "This password is entirely numeric.",
        ],
    )
    .await;
}

// ---- bodies ----

#[tokio::test]
async fn malformed_json_is_a_parse_error_with_pythons_message() {
    let s = TestServer::start().await;
    let cases: [(&[u8], &str); 4] = [
        (
            br#"{"username": }"#,
            "Expecting value: line 1 column 14 (char 13)",
        ),
        (
            br#"{"username": "a""#,
            "Expecting ',' delimiter: line 1 column 17 (char 16)",
        ),
        (
            b"{'username': 'a'}",
            "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
        (br#"{"a": 1} x"#, "Extra data: line 1 column 10 (char 9)"),
    ];
    for (body, message) in cases {
        for path in ["/token/", "/register/", "/token/refresh/"] {
            let r = s.post(path).body("application/json", body).send().await;
            r.expect(
                400,
                &format!(r#"{{"detail":"JSON parse error - {message}"}}"#),
            );
            r.assert_security_headers();
        }
    }
    s.shutdown().await;
}

#[tokio::test]
async fn a_json_array_is_not_a_dictionary() {
    let s = TestServer::start().await;
    for path in ["/token/", "/register/"] {
        s.post(path)
            .json(&json!([{"username": "alice", "password": PW}]))
            .send()
            .await
            .expect(
                400,
                r#"{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}"#,
            );
    }
    s.post("/token/").json(&json!("alice")).send().await.expect(
        400,
        r#"{"non_field_errors":["Invalid data. Expected a dictionary, but got str."]}"#,
    );
    s.shutdown().await;
}

#[tokio::test]
async fn an_unsupported_content_type_is_415() {
    let s = TestServer::start().await;
    for path in ["/token/", "/register/", "/token/refresh/"] {
        let r = s
            .post(path)
            .body("text/plain", b"username=alice")
            .send()
            .await;
        r.expect(
            415,
            r#"{"detail":"Unsupported media type \"text/plain\" in request."}"#,
        );
        r.assert_security_headers();
    }
    s.shutdown().await;
}

#[tokio::test]
async fn logout_never_reads_the_body() {
    let s = TestServer::start().await;
    s.post("/logout/")
        .body("text/plain", b"{{{")
        .send()
        .await
        .expect(200, LOGGED_OUT);
    s.post("/logout/")
        .body("application/json", b"{{{")
        .send()
        .await
        .expect(200, LOGGED_OUT);
    s.shutdown().await;
}

#[tokio::test]
async fn register_with_null_fields_may_not_be_null() {
    let s = TestServer::start().await;
    s.post("/register/")
        .json(&json!({"username": null, "password": null}))
        .send()
        .await
        .expect(
            400,
            r#"{"username":["This field may not be null."],"password":["This field may not be null."]}"#,
        );
    s.shutdown().await;
}

#[tokio::test]
async fn an_empty_form_body_counts_as_no_fields() {
    let s = TestServer::start().await;
    s.post("/token/")
        .body("application/x-www-form-urlencoded", b"")
        .send()
        .await
        .expect(
            400,
            r#"{"username":["This field is required."],"password":["This field is required."]}"#,
        );
    s.post("/token/refresh/")
        .body("application/x-www-form-urlencoded", b"")
        .send()
        .await
        .expect(400, REFRESH_REQUIRED);
    s.shutdown().await;
}
