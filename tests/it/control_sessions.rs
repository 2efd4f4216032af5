//! `/_latchkey/api/sessions`: listing, states, and the actions, each observed through the
//! real auth API (cookies in, WIRE.md bodies out).

use serde_json::{json, Value};

use crate::support::*;

pub(crate) const API: &str = "/_latchkey/api";

/// `GET /_latchkey/api{path}`.
pub(crate) async fn api_get(s: &TestServer, path: &str) -> Resp {
    s.get(&format!("{API}{path}")).send().await
}

/// A mutating control-plane call, always with the JSON content type the guard requires;
/// `None` sends an empty body.
pub(crate) async fn api_send(
    s: &TestServer,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> Resp {
    let bytes = body.map(|b| b.to_string()).unwrap_or_default();
    s.req(method, &format!("{API}{path}"))
        .body("application/json", bytes.as_bytes())
        .send()
        .await
}

pub(crate) async fn api_post(s: &TestServer, path: &str, body: Value) -> Resp {
    api_send(s, "POST", path, Some(body)).await
}

/// Asserts a 200 and returns its JSON.
#[track_caller]
pub(crate) fn ok(r: Resp) -> Value {
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

/// A session's id: the jti of its first refresh token.
fn id_of(session: &Session) -> String {
    jti(&session.refresh)
}

fn jti(token: &str) -> String {
    decode(token).claims["jti"]
        .as_str()
        .expect("jti claim")
        .to_string()
}

async fn session(s: &TestServer, id: &str) -> Value {
    ok(api_get(s, &format!("/sessions/{id}")).await)
}

async fn action(s: &TestServer, id: &str, name: &str) -> Value {
    ok(api_send(s, "POST", &format!("/sessions/{id}/{name}"), None).await)
}

async fn list(s: &TestServer, query: &str) -> Value {
    ok(api_get(s, &format!("/sessions{query}")).await)
}

fn ids(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|s| s["id"].as_str().expect("id").to_string())
        .collect()
}

async fn auth_check(s: &TestServer, access: &str) -> Resp {
    s.get("/auth-check/").access_cookie(access).send().await
}

async fn refresh(s: &TestServer, refresh: &str) -> Resp {
    s.post("/token/refresh/")
        .refresh_cookie(refresh)
        .send()
        .await
}

const AT_T0: &str = "2027-01-15T08:00:00Z";

#[tokio::test]
async fn a_session_shows_its_user_client_and_decoded_tokens() {
    let s = TestServer::start().await;
    s.alice().await;
    let resp = s
        .post("/token/")
        .header("User-Agent", "frontend-test/1.0")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    let login = resp.session();
    let got = session(&s, &id_of(&login)).await;
    let access = decode(&login.access);
    let refresh = decode(&login.refresh);
    assert_eq!(
        got,
        json!({
            "id": id_of(&login),
            "user": {"id": 1, "username": "alice"},
            "state": "active",
            "created_at": AT_T0,
            "client": {"user_agent": "frontend-test/1.0", "remote_addr": "127.0.0.1"},
            "access": {
                "jti": jti(&login.access),
                "token": login.access,
                "issued_at": AT_T0,
                "expires_at": "2027-01-15T08:15:00Z",
                "expired": false,
                "blacklisted": false,
                "header": {"alg": "HS256", "typ": "JWT"},
                "claims": access.claims,
            },
            "refresh": {
                "jti": id_of(&login),
                "token": login.refresh,
                "issued_at": AT_T0,
                "expires_at": "2027-01-16T08:00:00Z",
                "expired": false,
                "blacklisted": false,
                "header": {"alg": "HS256", "typ": "JWT"},
                "claims": refresh.claims,
            },
            "last_used_at": AT_T0,
            "refresh_count": 0,
        })
    );
    // Claims keep simplejwt's order.
    assert_eq!(
        keys(&got["access"]["claims"]),
        ["token_type", "exp", "iat", "jti", "user_id"]
    );
    s.shutdown().await;
}

#[tokio::test]
async fn the_list_is_newest_first_filtered_and_paged() {
    let s = TestServer::start().await;
    let alice1 = s.alice().await;
    let bob = s.register("bob", PW).await;
    s.advance(60);
    let alice2 = s.login("alice", PW).await;
    let all = list(&s, "").await;
    assert_eq!(all["total"], 3);
    assert_eq!(ids(&all), [id_of(&alice2), id_of(&bob), id_of(&alice1)]);

    let bobs = list(&s, "?user=2").await;
    assert_eq!(
        (bobs["total"].clone(), ids(&bobs)),
        (json!(1), vec![id_of(&bob)])
    );
    assert_eq!(
        bobs["items"][0]["user"],
        json!({"id": 2, "username": "bob"})
    );
    assert_eq!(list(&s, "?user=99").await, json!({"items": [], "total": 0}));

    let page = list(&s, "?offset=1&limit=1").await;
    assert_eq!(
        (page["total"].clone(), ids(&page)),
        (json!(3), vec![id_of(&bob)])
    );
    assert_eq!(ids(&list(&s, "?offset=5").await), Vec::<String>::new());

    action(&s, &id_of(&bob), "revoke").await;
    let active = list(&s, "?state=active").await;
    assert_eq!(ids(&active), [id_of(&alice2), id_of(&alice1)]);
    assert_eq!(ids(&list(&s, "?state=revoked").await), [id_of(&bob)]);
    assert_eq!(
        ids(&list(&s, "?user=1&state=revoked").await),
        Vec::<String>::new()
    );
    s.shutdown().await;
}

#[tokio::test]
async fn bad_list_queries_are_400_json() {
    let s = TestServer::start().await;
    for q in ["?state=sleeping", "?user=alice", "?limit=-1"] {
        let r = api_get(&s, &format!("/sessions{q}")).await;
        assert_eq!(r.status, 400, "{q}: {}", r.text());
        assert_eq!(r.json()["error"], "bad_request", "{q}");
    }
    s.shutdown().await;
}

#[tokio::test]
async fn states_follow_the_clock_and_logout() {
    let s = TestServer::start().await;
    let login = s.alice().await;
    let id = id_of(&login);
    assert_eq!(session(&s, &id).await["state"], "active");
    s.advance(ACCESS_LIFETIME - 1);
    assert_eq!(session(&s, &id).await["state"], "active");
    s.advance(1); // exp <= now: expired, as PyJWT decides
    let got = session(&s, &id).await;
    assert_eq!(got["state"], "access_expired");
    assert_eq!(
        (
            got["access"]["expired"].clone(),
            got["refresh"]["expired"].clone()
        ),
        (json!(true), json!(false))
    );
    assert_eq!(ids(&list(&s, "?state=access_expired").await), [id.as_str()]);
    s.advance(REFRESH_LIFETIME);
    assert_eq!(session(&s, &id).await["state"], "expired");

    let other = s.login("alice", PW).await;
    s.post("/logout/")
        .session(&other)
        .send()
        .await
        .expect(200, LOGGED_OUT);
    let got = session(&s, &id_of(&other)).await;
    assert_eq!(got["state"], "logged_out");
    assert_eq!(got["refresh"]["blacklisted"], true);
    s.shutdown().await;
}

#[tokio::test]
async fn force_refresh_expires_the_access_token_and_the_refresh_recovers() {
    let s = TestServer::start().await;
    let login = s.alice().await;
    let id = id_of(&login);
    auth_check(&s, &login.access).await.expect(
        200,
        r#"{"authenticated":true,"user":{"id":1,"username":"alice","email":""}}"#,
    );
    s.advance(30);

    let got = action(&s, &id, "force-refresh").await;
    assert_eq!(got["id"], id.as_str());
    assert_eq!(got["state"], "access_expired");
    assert_eq!(got["access"]["expired"], true);
    assert_eq!(got["access"]["forced_expired_at"], "2027-01-15T08:00:30Z");
    assert_eq!(got["refresh"]["expired"], false);
    assert!(got["refresh"].get("forced_expired_at").is_none());
    // The JWT itself is untouched.
    assert_eq!(got["access"]["token"], login.access.as_str());

    let expired = access_token_error("Token is expired");
    auth_check(&s, &login.access).await.expect_401(&expired);
    s.get("/auth-check/")
        .bearer(&login.access)
        .send()
        .await
        .expect_401(&expired);

    let r = refresh(&s, &login.refresh).await;
    r.expect(200, REFRESHED);
    let fresh = r.cookie("access_token").expect("a new access cookie");
    auth_check(&s, &fresh).await.expect(
        200,
        r#"{"authenticated":true,"user":{"id":1,"username":"alice","email":""}}"#,
    );
    // The old one stays expired.
    auth_check(&s, &login.access).await.expect_401(&expired);

    let got = session(&s, &id).await;
    assert_eq!(got["state"], "active");
    assert_eq!(got["refresh_count"], 1);
    assert_eq!(got["access"]["jti"], jti(&fresh).as_str());
    assert_eq!(got["access"]["issued_at"], "2027-01-15T08:00:30Z");
    assert_eq!(got["last_used_at"], "2027-01-15T08:00:30Z");
    s.shutdown().await;
}

#[tokio::test]
async fn expire_makes_the_refresh_answer_the_expired_body() {
    let s = TestServer::start().await;
    let login = s.alice().await;
    let id = id_of(&login);
    let got = action(&s, &id, "expire").await;
    assert_eq!(got["state"], "expired");
    assert_eq!(got["access"]["forced_expired_at"], AT_T0);
    assert_eq!(got["refresh"]["forced_expired_at"], AT_T0);
    refresh(&s, &login.refresh)
        .await
        .expect_401(&refresh_token_error("Token is expired"));
    s.post("/token/refresh/")
        .json(&json!({"refresh": login.refresh}))
        .send()
        .await
        .expect_401(&refresh_token_error("Token is expired"));
    auth_check(&s, &login.access)
        .await
        .expect_401(&access_token_error("Token is expired"));
    // Other sessions of the same user are untouched.
    let other = s.login("alice", PW).await;
    refresh(&s, &other.refresh).await.expect(200, REFRESHED);
    s.shutdown().await;
}

#[tokio::test]
async fn revoke_makes_the_refresh_answer_the_blacklisted_body() {
    let s = TestServer::start().await;
    let login = s.alice().await;
    let id = id_of(&login);
    let got = action(&s, &id, "revoke").await;
    assert_eq!(got["state"], "revoked");
    assert_eq!(got["refresh"]["blacklisted"], true);
    refresh(&s, &login.refresh)
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));
    // As with simplejwt, the access token lives until it expires.
    assert_eq!(auth_check(&s, &login.access).await.status, 200);
    // Revoking again changes nothing and still answers the session.
    assert_eq!(action(&s, &id, "revoke").await["state"], "revoked");
    s.shutdown().await;
}

#[tokio::test]
async fn revoke_after_logout_keeps_logged_out() {
    let s = TestServer::start().await;
    let login = s.alice().await;
    s.post("/logout/")
        .session(&login)
        .send()
        .await
        .expect(200, LOGGED_OUT);
    assert_eq!(
        action(&s, &id_of(&login), "revoke").await["state"],
        "logged_out"
    );
    s.shutdown().await;
}

#[tokio::test]
async fn with_rotation_the_session_follows_the_newest_refresh_token() {
    let s = TestServer::configured(|c| {
        c.apply_flag("rotate_refresh_tokens", "true").expect("flag");
        c.apply_flag("blacklist_after_rotation", "true")
            .expect("flag");
    })
    .await;
    let login = s.alice().await;
    let id = id_of(&login);
    s.advance(5);
    let r = refresh(&s, &login.refresh).await;
    r.expect(200, REFRESHED);
    let rotated = r.cookie("refresh_token").expect("rotated refresh cookie");
    let got = session(&s, &id).await;
    assert_eq!(got["state"], "active");
    assert_eq!(got["refresh"]["jti"], jti(&rotated).as_str());
    assert_eq!(got["refresh"]["blacklisted"], false);
    assert_eq!(got["refresh_count"], 1);

    assert_eq!(action(&s, &id, "expire").await["state"], "expired");
    refresh(&s, &rotated)
        .await
        .expect_401(&refresh_token_error("Token is expired"));
    s.shutdown().await;
}

#[tokio::test]
async fn revoke_reaches_every_refresh_token_of_a_rotated_session() {
    // Rotation without blacklisting leaves the older refresh tokens valid: revoke must
    // reach them too.
    let s = TestServer::configured(|c| {
        c.apply_flag("rotate_refresh_tokens", "true").expect("flag");
    })
    .await;
    let login = s.alice().await;
    let r = refresh(&s, &login.refresh).await;
    r.expect(200, REFRESHED);
    let rotated = r.cookie("refresh_token").expect("rotated refresh cookie");
    assert_eq!(
        action(&s, &id_of(&login), "revoke").await["state"],
        "revoked"
    );
    for token in [&login.refresh, &rotated] {
        refresh(&s, token)
            .await
            .expect_401(&refresh_token_error("Token is blacklisted"));
    }
    s.shutdown().await;
}

#[tokio::test]
async fn bulk_actions_reach_one_user_or_everyone() {
    let s = TestServer::start().await;
    let alice1 = s.alice().await;
    let alice2 = s.login("alice", PW).await;
    let bob = s.register("bob", PW).await;

    let r = ok(api_post(&s, "/sessions/expire-all", json!({"user": 1})).await);
    assert_eq!(r, json!({"affected": 2}));
    for a in [&alice1, &alice2] {
        refresh(&s, &a.refresh)
            .await
            .expect_401(&refresh_token_error("Token is expired"));
    }
    refresh(&s, &bob.refresh).await.expect(200, REFRESHED);
    assert_eq!(
        ids(&list(&s, "?state=expired").await),
        [id_of(&alice2), id_of(&alice1)]
    );
    // Nothing left to expire for alice.
    let r = ok(api_post(&s, "/sessions/expire-all", json!({"user": 1})).await);
    assert_eq!(r, json!({"affected": 0}));

    let r = ok(api_post(&s, "/sessions/revoke-all", json!({"user": 2})).await);
    assert_eq!(r, json!({"affected": 1}));
    refresh(&s, &bob.refresh)
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));
    assert_eq!(session(&s, &id_of(&bob)).await["state"], "revoked");
    s.shutdown().await;
}

#[tokio::test]
async fn bulk_actions_without_a_user_reach_every_session() {
    let s = TestServer::start().await;
    let alice = s.alice().await;
    let bob = s.register("bob", PW).await;
    // No body at all, then an empty object: both mean everyone.
    let r = ok(api_send(&s, "POST", "/sessions/revoke-all", None).await);
    assert_eq!(r, json!({"affected": 2}));
    for t in [&alice.refresh, &bob.refresh] {
        refresh(&s, t)
            .await
            .expect_401(&refresh_token_error("Token is blacklisted"));
    }
    let carol = s.register("carol", PW).await;
    let r = ok(api_post(&s, "/sessions/expire-all", json!({})).await);
    assert_eq!(r, json!({"affected": 3}));
    auth_check(&s, &carol.access)
        .await
        .expect_401(&access_token_error("Token is expired"));
    assert_eq!(list(&s, "?state=revoked").await["total"], 2);
    assert_eq!(ids(&list(&s, "?state=expired").await), [id_of(&carol)]);
    s.shutdown().await;
}

#[tokio::test]
async fn bad_bulk_bodies_are_rejected() {
    let s = TestServer::start().await;
    let r = api_send(&s, "POST", "/sessions/expire-all", None).await;
    assert_eq!(r.status, 200);
    let r = s
        .post(&format!("{API}/sessions/expire-all"))
        .body("application/json", b"{\"user\":")
        .send()
        .await;
    assert_eq!(
        (r.status, r.json()["error"].clone()),
        (400, json!("bad_request"))
    );
    let r = api_post(&s, "/sessions/revoke-all", json!({"user": "alice"})).await;
    assert_eq!(
        (r.status, r.json()["error"].clone()),
        (422, json!("unprocessable"))
    );
    s.shutdown().await;
}

#[tokio::test]
async fn unknown_sessions_are_404() {
    let s = TestServer::start().await;
    s.alice().await;
    let r = api_get(&s, "/sessions/no-such-session").await;
    assert_eq!(r.status, 404, "{}", r.text());
    assert_eq!(r.json()["error"], "not_found");
    for name in ["force-refresh", "expire", "revoke"] {
        let r = api_send(&s, "POST", &format!("/sessions/nope/{name}"), None).await;
        assert_eq!(r.status, 404, "{name}: {}", r.text());
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/json")
        );
        assert_eq!(r.json()["error"], "not_found");
    }
    s.shutdown().await;
}

#[tokio::test]
async fn a_deleted_users_session_keeps_the_id_with_an_empty_name() {
    let s = TestServer::start().await;
    let login = s.alice().await;
    let r = s.req("DELETE", &format!("{API}/users/1")).send().await;
    assert_eq!(r.status, 204, "delete user: {}", r.text());
    let got = session(&s, &id_of(&login)).await;
    assert_eq!(got["user"], json!({"id": 1, "username": ""}));
    // Its tokens now fail as simplejwt's do for a missing user.
    auth_check(&s, &login.access)
        .await
        .expect_401(USER_NOT_FOUND);
    s.shutdown().await;
}
