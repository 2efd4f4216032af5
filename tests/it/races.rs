//! Races (issue 8): concurrent refreshes of one refresh token under rotation + blacklist,
//! without and with `refresh_reuse_grace`, and concurrent registrations of one username.
//! Each runs many rounds so that a nondeterministic outcome would show.

use serde_json::{json, Value};

use crate::support::*;

const API: &str = "/_latchkey/api";
const ROUNDS: usize = 25;
const CONCURRENT: usize = 8;

async fn rotating(grace: &str) -> TestServer {
    let grace = grace.to_string();
    TestServer::configured(move |c| {
        c.apply_flag("rotate_refresh_tokens", "true").unwrap();
        c.apply_flag("blacklist_after_rotation", "true").unwrap();
        c.apply_flag("refresh_reuse_grace", &grace).unwrap();
    })
    .await
}

/// `CONCURRENT` refreshes of `refresh` at once; every response.
async fn burst(s: &TestServer, refresh: &str) -> Vec<Resp> {
    let tasks: Vec<_> = (0..CONCURRENT)
        .map(|_| tokio::spawn(s.post("/token/refresh/").refresh_cookie(refresh).send()))
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.expect("request task"));
    }
    out
}

#[tokio::test]
async fn race_concurrent_refreshes_without_grace_exactly_one_succeeds_every_round() {
    let s = rotating("0").await;
    let mut refresh = s.alice().await.refresh;
    for round in 0..ROUNDS {
        let mut winners = Vec::new();
        for r in burst(&s, &refresh).await {
            match r.status {
                200 => winners.push(r),
                401 => {
                    r.expect_401(&refresh_token_error("Token is blacklisted"));
                }
                other => panic!("round {round}: unexpected {other}: {}", r.text()),
            }
        }
        assert_eq!(
            winners.len(),
            1,
            "round {round}: exactly one refresh succeeds"
        );
        refresh = winners[0].cookie("refresh_token").expect("rotated cookie");
    }
    // The chain of winners is the only valid one: its last token still works.
    s.post("/token/refresh/")
        .refresh_cookie(&refresh)
        .send()
        .await
        .expect(200, REFRESHED);
    s.shutdown().await;
}

#[tokio::test]
async fn race_concurrent_refreshes_within_grace_all_get_the_same_new_pair() {
    let s = rotating("30s").await;
    let mut refresh = s.alice().await.refresh;
    for round in 0..ROUNDS {
        let answers = burst(&s, &refresh).await;
        for r in &answers {
            assert_eq!(r.status, 200, "round {round}: {}", r.text());
            assert_eq!(r.text(), REFRESHED);
        }
        // One pair: identical Set-Cookie headers (tokens, expires, Max-Age) for everyone.
        let first = answers[0].set_cookies();
        assert_eq!(first.len(), 2, "{first:?}");
        for r in &answers[1..] {
            assert_eq!(r.set_cookies(), first, "round {round}: a different pair");
        }
        // Asked again later (no longer concurrent), still inside the window: the same pair.
        let again = s
            .post("/token/refresh/")
            .refresh_cookie(&refresh)
            .send()
            .await;
        assert_eq!(again.set_cookies(), first);
        let access = answers[0].cookie("access_token").unwrap();
        s.get("/auth-check/")
            .access_cookie(&access)
            .send()
            .await
            .expect(
                200,
                r#"{"authenticated":true,"user":{"id":1,"username":"alice","email":""}}"#,
            );
        refresh = answers[0].cookie("refresh_token").unwrap();
    }
    s.shutdown().await;
}

#[tokio::test]
async fn race_grace_ends_with_its_window_and_with_the_new_pairs_revocation() {
    let s = rotating("10s").await;
    let first = s.alice().await;
    let rotated = s
        .post("/token/refresh/")
        .refresh_cookie(&first.refresh)
        .send()
        .await;
    rotated.expect(200, REFRESHED);
    let pair = rotated.set_cookies();
    // 9 s later: replayed.
    s.advance(9);
    let r = s
        .post("/token/refresh/")
        .refresh_cookie(&first.refresh)
        .send()
        .await;
    assert_eq!(r.set_cookies(), pair);
    // The replayed access token is a working one.
    let access = r.cookie("access_token").unwrap();
    assert_eq!(
        s.get("/auth-check/")
            .access_cookie(&access)
            .send()
            .await
            .status,
        200
    );
    // 10 s after the rotation: the window is over.
    s.advance(1);
    s.post("/token/refresh/")
        .refresh_cookie(&first.refresh)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));

    // Inside a window, a logged-out new pair is not handed out again.
    s.advance(-10);
    let second = rotated.cookie("refresh_token").unwrap();
    let next = s
        .post("/token/refresh/")
        .refresh_cookie(&second)
        .send()
        .await;
    next.expect(200, REFRESHED);
    let third = next.cookie("refresh_token").unwrap();
    s.post("/logout/")
        .refresh_cookie(&third)
        .send()
        .await
        .expect(200, LOGGED_OUT);
    s.post("/token/refresh/")
        .refresh_cookie(&second)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));

    // A token blacklisted by logout (not rotation) is never replayed.
    let other = s.login("alice", PW).await;
    s.post("/logout/")
        .refresh_cookie(&other.refresh)
        .send()
        .await
        .expect(200, LOGGED_OUT);
    s.post("/token/refresh/")
        .refresh_cookie(&other.refresh)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));

    // Revoking the session through the control plane ends replays too.
    let fourth = s.login("alice", PW).await;
    let r = s
        .post("/token/refresh/")
        .refresh_cookie(&fourth.refresh)
        .send()
        .await;
    r.expect(200, REFRESHED);
    let sessions = s
        .get(&format!("{API}/sessions?user=1&state=active"))
        .send()
        .await
        .json();
    for item in sessions["items"].as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        let resp = s
            .post(&format!("{API}/sessions/{id}/revoke"))
            .json(&json!({}))
            .send()
            .await;
        assert_eq!(resp.status, 200, "{}", resp.text());
    }
    s.post("/token/refresh/")
        .refresh_cookie(&fourth.refresh)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));
    s.shutdown().await;
}

#[tokio::test]
async fn race_refresh_reuse_grace_is_a_setting_editable_at_run_time() {
    let s = rotating("0").await;
    let settings = s.get(&format!("{API}/settings")).send().await.json();
    let grace = &settings["settings"]["refresh_reuse_grace"];
    assert_eq!(grace["value"], "0s");
    assert_eq!(grace["editable"], true);
    assert_eq!(grace["source"], "flag");
    let session = s.alice().await;
    let r = s
        .post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await;
    r.expect(200, REFRESHED);
    // Off: the rotated-out token is refused.
    s.post("/token/refresh/")
        .refresh_cookie(&session.refresh)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));
    let patch = |v: Value| {
        s.req("PATCH", &format!("{API}/settings"))
            .json(&json!({"refresh_reuse_grace": v}))
            .send()
    };
    let r = patch(json!("1m")).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["settings"]["refresh_reuse_grace"]["value"], "1m");
    assert_eq!(
        r.json()["settings"]["refresh_reuse_grace"]["source"],
        "runtime"
    );
    let r = patch(json!(15)).await;
    assert_eq!(r.json()["settings"]["refresh_reuse_grace"]["value"], "15s");
    for bad in [json!("-5s"), json!("2d"), json!(true), json!("soon")] {
        let r = patch(bad.clone()).await;
        assert_eq!(r.status, 422, "{bad}: {}", r.text());
        assert!(r.text().contains("refresh_reuse_grace"), "{}", r.text());
    }
    // On (15 s): concurrent refreshes of a fresh token all succeed with one pair.
    let fresh = s.login("alice", PW).await;
    let answers = burst(&s, &fresh.refresh).await;
    assert!(answers.iter().all(|r| r.status == 200));
    assert!(answers
        .iter()
        .all(|r| r.set_cookies() == answers[0].set_cookies()));
    // Turned off again: takes effect at once, even for a token inside its old window.
    assert_eq!(patch(json!("0s")).await.status, 200);
    s.post("/token/refresh/")
        .refresh_cookie(&fresh.refresh)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));
    s.shutdown().await;
}

#[tokio::test]
async fn race_refresh_reuse_grace_from_config_file_and_env() {
    let mut config = base_config();
    config
        .apply_toml("refresh_reuse_grace = \"20s\"\n", "test.toml:")
        .unwrap();
    assert_eq!(config.settings.refresh_reuse_grace, 20);
    config
        .apply_env([("LATCHKEY_REFRESH_REUSE_GRACE".into(), "7".into())])
        .unwrap();
    assert_eq!(config.settings.refresh_reuse_grace, 7);
    let err = config
        .apply_flag("refresh_reuse_grace", "-1")
        .expect_err("negative grace");
    assert!(err.to_string().contains("refresh_reuse_grace"), "{err}");
}

#[tokio::test]
async fn race_concurrent_registrations_of_one_username_create_exactly_one_user_every_round() {
    let s = TestServer::start().await;
    for round in 0..ROUNDS {
        let name = format!("racer{round}");
        let tasks: Vec<_> = (0..CONCURRENT)
            .map(|_| {
                let req = s
                    .post("/register/")
                    .json(&json!({"username": name, "password": PW}));
                tokio::spawn(req.send())
            })
            .collect();
        let mut created = 0;
        for t in tasks {
            let r = t.await.unwrap();
            match r.status {
                201 => created += 1,
                400 => {
                    r.expect(
                        400,
                        r#"{"username":["A user with that username already exists."]}"#,
                    );
                }
                other => panic!("round {round}: unexpected {other}: {}", r.text()),
            }
        }
        assert_eq!(created, 1, "round {round}");
    }
    let users = s.get(&format!("{API}/users")).send().await.json();
    assert_eq!(users["total"], ROUNDS as u64);
    s.shutdown().await;
}
