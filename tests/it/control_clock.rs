//! `/_latchkey/api/clock`: reading and moving the emulator's time, observed through the auth
//! API's expiry decisions and new tokens.

use serde_json::{json, Value};

use crate::control_sessions::{api_get, api_post, api_send, ok};
use crate::support::*;

const ALICE: &str = r#"{"authenticated":true,"user":{"id":1,"username":"alice","email":""}}"#;

async fn advance(s: &TestServer, by: &str) -> Value {
    ok(api_post(s, "/clock/advance", json!({ "by": by })).await)
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

fn system_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64
}

#[tokio::test]
async fn get_shows_the_emulated_now() {
    let s = TestServer::start().await;
    let c = ok(api_get(&s, "/clock").await);
    assert_eq!(c["now"], "2027-01-15T08:00:00Z");
    assert_eq!(c["now_ms"], T0 * 1000);
    assert_eq!(c["frozen"], true);
    let offset = c["offset_seconds"].as_i64().expect("offset");
    assert!((offset - (T0 - system_secs())).abs() <= 2, "{c}");
    assert!(
        c["system"].as_str().is_some_and(|t| t.ends_with('Z')),
        "{c}"
    );
    s.shutdown().await;
}

#[tokio::test]
async fn advancing_16m_expires_access_but_not_refresh() {
    let s = TestServer::start().await;
    let login = s.alice().await;
    auth_check(&s, &login.access).await.expect(200, ALICE);

    let c = advance(&s, "16m").await;
    assert_eq!(c["now"], "2027-01-15T08:16:00Z");
    assert_eq!(c["now_ms"], (T0 + 960) * 1000);
    auth_check(&s, &login.access)
        .await
        .expect_401(&access_token_error("Token is expired"));

    let r = refresh(&s, &login.refresh).await;
    r.expect(200, REFRESHED);
    // New tokens follow the clock.
    let fresh = r.cookie("access_token").expect("new access cookie");
    let claims = decode(&fresh).claims;
    assert_eq!(
        (claims["iat"].as_i64(), claims["exp"].as_i64()),
        (Some(T0 + 960), Some(T0 + 960 + ACCESS_LIFETIME))
    );
    auth_check(&s, &fresh).await.expect(200, ALICE);
    s.shutdown().await;
}

#[tokio::test]
async fn advancing_past_a_day_expires_the_refresh_token() {
    let s = TestServer::start().await;
    let login = s.alice().await;
    advance(&s, "23h59m").await;
    refresh(&s, &login.refresh).await.expect(200, REFRESHED);
    advance(&s, "1m").await;
    refresh(&s, &login.refresh)
        .await
        .expect_401(&refresh_token_error("Token is expired"));
    s.shutdown().await;
}

#[tokio::test]
async fn going_back_makes_an_expired_token_valid_again() {
    let s = TestServer::start().await;
    let login = s.alice().await;
    advance(&s, "1d").await;
    auth_check(&s, &login.access)
        .await
        .expect_401(&access_token_error("Token is expired"));
    let c = advance(&s, "-24h").await;
    assert_eq!(c["now"], "2027-01-15T08:00:00Z");
    auth_check(&s, &login.access).await.expect(200, ALICE);
    s.shutdown().await;
}

#[tokio::test]
async fn set_offset_and_freeze() {
    let s = TestServer::start().await;
    // Frozen stays frozen at real time plus the offset.
    let c = ok(api_post(&s, "/clock", json!({"offset_seconds": 3600})).await);
    assert_eq!(
        (c["offset_seconds"].clone(), c["frozen"].clone()),
        (json!(3600), json!(true))
    );
    let now = c["now_ms"].as_i64().expect("now_ms") / 1000;
    assert!((now - (system_secs() + 3600)).abs() <= 2, "{c}");
    // A login now issues tokens at that time.
    let login = s.alice().await;
    let iat = decode(&login.access).claims["iat"].as_i64().expect("iat");
    assert_eq!(iat, now);

    let c = ok(api_post(&s, "/clock", json!({"frozen": false})).await);
    assert_eq!(c["frozen"], false);
    assert!(
        (c["offset_seconds"].as_i64().expect("offset") - 3600).abs() <= 1,
        "{c}"
    );
    let c = ok(api_post(&s, "/clock", json!({"frozen": true, "offset_seconds": -60})).await);
    assert_eq!(
        (c["offset_seconds"].clone(), c["frozen"].clone()),
        (json!(-60), json!(true))
    );
    // A frozen clock does not move between reads.
    let again = ok(api_get(&s, "/clock").await);
    assert_eq!(again["now_ms"], c["now_ms"]);
    // Nothing to change is fine, with or without a body.
    assert_eq!(
        ok(api_post(&s, "/clock", json!({})).await)["now_ms"],
        c["now_ms"]
    );
    assert_eq!(
        ok(api_send(&s, "POST", "/clock", None).await)["now_ms"],
        c["now_ms"]
    );
    s.shutdown().await;
}

#[tokio::test]
async fn reset_returns_to_running_real_time() {
    let s = TestServer::start().await;
    advance(&s, "3d").await;
    let c = ok(api_send(&s, "POST", "/clock/reset", None).await);
    assert_eq!(c["frozen"], false);
    assert_eq!(c["offset_seconds"], 0);
    let now = c["now_ms"].as_i64().expect("now_ms") / 1000;
    assert!((now - system_secs()).abs() <= 2, "{c}");
    s.shutdown().await;
}

#[tokio::test]
async fn bad_durations_are_422_naming_the_syntax() {
    let s = TestServer::start().await;
    for by in ["16x", "", "m", "1.5h", "soon"] {
        let r = api_post(&s, "/clock/advance", json!({ "by": by })).await;
        assert_eq!(r.status, 422, "{by:?}: {}", r.text());
        let detail = r.json()["detail"].as_str().expect("detail").to_string();
        assert!(
            detail.contains("s, m, h or d") && detail.contains("16m"),
            "{detail}"
        );
    }
    for body in [json!({}), json!({"by": 16})] {
        let r = api_post(&s, "/clock/advance", body.clone()).await;
        assert_eq!(r.status, 422, "{body}: {}", r.text());
    }
    // Far beyond any date: refused, and the clock did not move.
    for body in [
        json!({"by": "99999999999d"}),
        json!({"by": "-99999999999d"}),
    ] {
        let r = api_post(&s, "/clock/advance", body).await;
        assert_eq!(r.status, 422, "{}", r.text());
    }
    let r = api_post(&s, "/clock", json!({"offset_seconds": i64::MAX})).await;
    assert_eq!(r.status, 422, "{}", r.text());
    let r = api_post(&s, "/clock", json!({"frozen": "yes"})).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(ok(api_get(&s, "/clock").await)["now_ms"], T0 * 1000);
    s.shutdown().await;
}
