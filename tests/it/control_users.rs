//! `/_latchkey/api/users`: list, get, create, patch, delete, and their effect on the auth
//! API (tokens of deactivated and deleted users fail as simplejwt's do).

use serde_json::{json, Value};

use crate::support::*;

const API: &str = "/_latchkey/api";

/// A control-plane call; mutating calls carry the JSON content type the guard requires.
async fn api(s: &TestServer, method: &str, path: &str, body: Option<Value>) -> Resp {
    let req = s.req(method, &format!("{API}{path}"));
    match body {
        Some(b) => req.json(&b),
        None if method == "GET" => req,
        None => req.header("Content-Type", "application/json"),
    }
    .send()
    .await
}

async fn get(s: &TestServer, path: &str) -> Value {
    let resp = api(s, "GET", path, None).await;
    assert_eq!(resp.status, 200, "GET {path}: {}", resp.text());
    resp.json()
}

fn usernames(list: &Value) -> Vec<&str> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|u| u["username"].as_str().expect("username"))
        .collect()
}

/// `/auth-check/` with the session's access cookie.
async fn auth_check(s: &TestServer, session: &Session) -> Resp {
    s.get("/auth-check/")
        .access_cookie(&session.access)
        .send()
        .await
}

async fn refresh(s: &TestServer, session: &Session) -> Resp {
    s.post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await
}

fn validation(detail: &str, fields: Value) -> String {
    json!({"error": "validation", "detail": detail, "fields": fields}).to_string()
}

const CREATE_REJECTED: &str = "the user was rejected by the /register/ validators";
const PATCH_REJECTED: &str = "the change was rejected by the auth API's validators";

#[tokio::test]
async fn list_searches_case_insensitively_and_pages() {
    let s = TestServer::start().await;
    s.alice().await;
    s.register("bob", PW).await;
    let carol = api(
        &s,
        "POST",
        "/users",
        Some(json!({"username": "carol", "password": PW, "email": "Carol@Example.COM"})),
    )
    .await;
    assert_eq!(carol.status, 201, "{}", carol.text());
    // Django's normalize_email lowercases the domain only.
    assert_eq!(
        carol.json(),
        json!({"id": 3, "username": "carol", "email": "Carol@example.com", "is_active": true,
               "date_joined": "2027-01-15T08:00:00Z", "active_sessions": 0})
    );

    let all = get(&s, "/users").await;
    assert_eq!(all["total"], 3);
    assert_eq!(usernames(&all), ["alice", "bob", "carol"]);
    assert_eq!(
        all["items"][0]["active_sessions"], 1,
        "registering starts a session"
    );

    assert_eq!(
        usernames(&get(&s, "/users?search=EXAMPLE.com").await),
        ["carol"]
    );
    assert_eq!(usernames(&get(&s, "/users?search=LiC").await), ["alice"]);
    let none = get(&s, "/users?search=zed").await;
    assert_eq!(none, json!({"items": [], "total": 0}));

    let page = get(&s, "/users?offset=1&limit=1").await;
    assert_eq!(
        (usernames(&page), page["total"].clone()),
        (vec!["bob"], json!(3))
    );
    let past_the_end = get(&s, "/users?offset=10").await;
    assert_eq!(past_the_end, json!({"items": [], "total": 3}));
    assert_eq!(usernames(&get(&s, "/users?limit=100000").await).len(), 3);

    let bad = api(&s, "GET", "/users?limit=lots", None).await;
    assert_eq!(bad.status, 400, "{}", bad.text());
    assert_eq!(bad.json()["error"], "bad_request");
}

#[tokio::test]
async fn get_answers_one_user_or_404() {
    let s = TestServer::start().await;
    s.alice().await;
    assert_eq!(
        get(&s, "/users/1").await,
        json!({"id": 1, "username": "alice", "email": "", "is_active": true,
               "date_joined": "2027-01-15T08:00:00Z", "active_sessions": 1})
    );
    api(&s, "GET", "/users/99", None).await.expect(
        404,
        r#"{"error":"not_found","detail":"no user with id 99"}"#,
    );
    let not_an_id = api(&s, "GET", "/users/alice", None).await;
    assert_eq!(not_an_id.status, 400, "{}", not_an_id.text());
    assert_eq!(not_an_id.json()["error"], "bad_request");
}

#[tokio::test]
async fn create_runs_the_register_validators_with_their_messages() {
    let s = TestServer::start().await;
    let cases = [
        (
            json!({"username": "no spaces", "password": PW}),
            json!({"username": ["Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."]}),
        ),
        (
            json!({"username": null, "email": "x", "is_active": "yes"}),
            json!({"username": ["This field may not be null."],
                   "email": ["Enter a valid email address."],
                   "password": ["This field is required."],
                   "is_active": ["Must be a valid boolean."]}),
        ),
        (
            json!({"username": "dave", "password": "12345"}),
            json!({"password": ["This password is too short. It must contain at least 8 characters.",
                                "This password is too common.",
                                "This password is entirely numeric."]}),
        ),
        (
            json!({"username": "margaret", "password": "margaret1"}),
            json!({"password": ["The password is too similar to the username.",
                                "This password is too common."]}),
        ),
        (
            json!([1, 2]),
            json!({"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}),
        ),
    ];
    for (body, fields) in cases {
        api(&s, "POST", "/users", Some(body))
            .await
            .expect(422, &validation(CREATE_REJECTED, fields));
    }
    api(
        &s,
        "POST",
        "/users",
        Some(json!({"username": "eve", "password": PW, "is_active": null})),
    )
    .await
    .expect(
        422,
        &validation(
            CREATE_REJECTED,
            json!({"is_active": ["This field may not be null."]}),
        ),
    );
    let malformed = s
        .post(&format!("{API}/users"))
        .body("application/json", b"{\"username\": ")
        .send()
        .await;
    assert_eq!(malformed.status, 400, "{}", malformed.text());
    assert_eq!(malformed.json()["error"], "bad_request");
    assert_eq!(get(&s, "/users").await["total"], 0, "nothing was created");
}

#[tokio::test]
async fn created_users_log_in_and_taken_usernames_conflict() {
    let s = TestServer::start().await;
    let created = api(
        &s,
        "POST",
        "/users",
        Some(json!({"username": "  frank ", "password": PW})),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.text());
    assert_eq!(
        created.json()["username"],
        "frank",
        "trimmed like /register/"
    );
    s.login("frank", PW).await;

    api(
        &s,
        "POST",
        "/users",
        Some(json!({"username": "frank", "password": PW})),
    )
    .await
    .expect(
        409,
        r#"{"error":"conflict","detail":"a user with the username \"frank\" already exists"}"#,
    );
    // An inactive user exists but cannot log in, exactly as Django answers.
    let inactive = api(
        &s,
        "POST",
        "/users",
        Some(json!({"username": "gina", "password": PW, "is_active": false})),
    )
    .await;
    assert_eq!(
        (inactive.status, inactive.json()["is_active"].clone()),
        (201, json!(false))
    );
    s.post("/token/")
        .json(&json!({"username": "gina", "password": PW}))
        .send()
        .await
        .expect_401(NO_ACTIVE_ACCOUNT);
}

#[tokio::test]
async fn deactivating_makes_tokens_fail_as_user_inactive() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    auth_check(&s, &session).await;
    let patched = api(&s, "PATCH", "/users/1", Some(json!({"is_active": false}))).await;
    assert_eq!(patched.status, 200, "{}", patched.text());
    assert_eq!(patched.json()["is_active"], false);

    auth_check(&s, &session).await.expect_401(USER_INACTIVE);
    refresh(&s, &session)
        .await
        .expect_401(NO_ACTIVE_ACCOUNT_FOR_TOKEN);
    s.post("/token/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await
        .expect_401(NO_ACTIVE_ACCOUNT);

    api(&s, "PATCH", "/users/1", Some(json!({"is_active": true}))).await;
    assert_eq!(auth_check(&s, &session).await.status, 200, "reactivated");
}

#[tokio::test]
async fn deleting_makes_tokens_fail_as_user_not_found() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    let deleted = api(&s, "DELETE", "/users/1", None).await;
    assert_eq!((deleted.status, deleted.text()), (204, String::new()));

    auth_check(&s, &session).await.expect_401(USER_NOT_FOUND);
    refresh(&s, &session)
        .await
        .expect_401(NO_ACTIVE_ACCOUNT_FOR_TOKEN);
    api(&s, "GET", "/users/1", None)
        .await
        .expect(404, r#"{"error":"not_found","detail":"no user with id 1"}"#);
    api(&s, "DELETE", "/users/1", None)
        .await
        .expect(404, r#"{"error":"not_found","detail":"no user with id 1"}"#);

    // Like Django's auto-increment: the id is not handed out again.
    let again = s.alice().await;
    assert_eq!(auth_check(&s, &again).await.json()["user"]["id"], 2);
    auth_check(&s, &session).await.expect_401(USER_NOT_FOUND);
}

#[tokio::test]
async fn patching_the_password_changes_which_password_logs_in() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    let new_password = "n3w-Sunrise-over-Lisbon";
    api(&s, "PATCH", "/users/1", Some(json!({"password": "alice1"})))
        .await
        .expect(
            422,
            &validation(
                PATCH_REJECTED,
                json!({"password": ["The password is too similar to the username.",
                                    "This password is too short. It must contain at least 8 characters.",
                                    "This password is too common."]}),
            ),
        );
    let patched = api(
        &s,
        "PATCH",
        "/users/1",
        Some(json!({"password": new_password})),
    )
    .await;
    assert_eq!(patched.status, 200, "{}", patched.text());

    s.post("/token/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await
        .expect_401(NO_ACTIVE_ACCOUNT);
    s.login("alice", new_password).await;
    // simplejwt does not tie tokens to the password: the old session still authenticates.
    assert_eq!(auth_check(&s, &session).await.status, 200);
}

#[tokio::test]
async fn patching_the_email_validates_and_normalises_it() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    for (email, messages) in [
        (
            json!("not-an-email"),
            json!(["Enter a valid email address."]),
        ),
        (json!(null), json!(["This field may not be null."])),
        (json!(42), json!(["Enter a valid email address."])),
        // A valid address (Django's EmailValidator allows 320 characters), too long for the field.
        (
            json!(format!("{}@example.com", "a".repeat(250))),
            json!(["Ensure this field has no more than 254 characters."]),
        ),
    ] {
        api(&s, "PATCH", "/users/1", Some(json!({"email": email})))
            .await
            .expect(422, &validation(PATCH_REJECTED, json!({"email": messages})));
    }
    api(
        &s,
        "PATCH",
        "/users/1",
        Some(json!({"email": "ok@example.com", "is_active": 1})),
    )
    .await
    .expect(
        422,
        &validation(
            PATCH_REJECTED,
            json!({"is_active": ["Must be a valid boolean."]}),
        ),
    );

    let patched = api(
        &s,
        "PATCH",
        "/users/1",
        Some(json!({"email": " Alice@Example.ORG "})),
    )
    .await;
    assert_eq!(patched.json()["email"], "Alice@example.org");
    assert_eq!(
        auth_check(&s, &session).await.json()["user"],
        json!({"id": 1, "username": "alice", "email": "Alice@example.org"})
    );
    let blank = api(&s, "PATCH", "/users/1", Some(json!({"email": ""}))).await;
    assert_eq!(blank.json()["email"], "");
}

#[tokio::test]
async fn patch_rejects_other_fields_shapes_and_unknown_users() {
    let s = TestServer::start().await;
    s.alice().await;
    api(&s, "PATCH", "/users/1", Some(json!({"username": "mallory"})))
        .await
        .expect(
            422,
            r#"{"error":"unprocessable","detail":"unknown field `username`: a user's email, is_active and password can change"}"#,
        );
    api(&s, "PATCH", "/users/1", Some(json!(["is_active"])))
        .await
        .expect(
            422,
            r#"{"error":"unprocessable","detail":"expected a JSON object with any of email, is_active, password"}"#,
        );
    api(&s, "PATCH", "/users/7", Some(json!({"is_active": false})))
        .await
        .expect(404, r#"{"error":"not_found","detail":"no user with id 7"}"#);
    let malformed = s
        .req("PATCH", &format!("{API}/users/1"))
        .body("application/json", b"{is_active: false}")
        .send()
        .await;
    assert_eq!(malformed.status, 400, "{}", malformed.text());
    assert_eq!(get(&s, "/users/1").await["username"], "alice");
}

#[tokio::test]
async fn active_sessions_count_live_sessions_only() {
    let s = TestServer::start().await;
    let first = s.alice().await;
    s.login("alice", PW).await;
    s.login("alice", PW).await;
    assert_eq!(get(&s, "/users/1").await["active_sessions"], 3);

    s.post("/logout/")
        .session(&first)
        .send()
        .await
        .expect(200, LOGGED_OUT);
    assert_eq!(get(&s, "/users/1").await["active_sessions"], 2);

    // An expired access token still leaves the session live; an expired refresh does not.
    s.advance(ACCESS_LIFETIME + 1);
    assert_eq!(get(&s, "/users/1").await["active_sessions"], 2);
    s.advance(REFRESH_LIFETIME);
    assert_eq!(get(&s, "/users").await["items"][0]["active_sessions"], 0);
}
