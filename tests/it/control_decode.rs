//! `/_latchkey/api/tokens/decode`: claims, signature, times at the emulator's now and the
//! auth API's verdict, which the tests check against the auth API itself.

use serde_json::{json, Value};

use crate::support::*;

const PATH: &str = "/_latchkey/api/tokens/decode";

async fn decode_token(s: &TestServer, token: &str) -> Value {
    let resp = s.post(PATH).json(&json!({ "token": token })).send().await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    resp.json()
}

#[tokio::test]
async fn a_fresh_access_token_then_expired_by_the_clock() {
    let s = TestServer::start().await;
    s.alice().await;
    let login = s.login("alice", PW).await;
    let session = decode(&login.refresh).claims["jti"].clone();
    let d = decode_token(&s, &login.access).await;
    assert_eq!(
        d,
        json!({
            "decodable": true,
            "header": {"alg": "HS256", "typ": "JWT"},
            "claims": decode(&login.access).claims,
            "signature_valid": true,
            "issued_at": "2027-01-15T08:00:00Z",
            "expires_at": "2027-01-15T08:15:00Z",
            "expires_in": 900,
            "verdict": null,
            "session_id": session,
        })
    );
    assert_eq!(
        s.get("/auth-check/").session(&login).send().await.status,
        200
    );
    // Claims keep simplejwt's order.
    assert_eq!(
        keys(&d["claims"]),
        ["token_type", "exp", "iat", "jti", "user_id"]
    );

    s.advance(16 * 60);
    let d = decode_token(&s, &login.access).await;
    assert_eq!(
        (&d["verdict"], &d["expires_in"]),
        (&json!("Token is expired"), &json!(-60))
    );
    s.get("/auth-check/")
        .session(&login)
        .send()
        .await
        .expect_401(&access_token_error("Token is expired"));
    s.shutdown().await;
}

#[tokio::test]
async fn refresh_tokens_are_judged_by_the_refresh_rules() {
    let s = TestServer::start().await;
    s.alice().await;
    let login = s.login("alice", PW).await;
    let d = decode_token(&s, &login.refresh).await;
    assert_eq!(
        (&d["verdict"], &d["expires_in"]),
        (&Value::Null, &json!(86_400))
    );
    assert_eq!(d["session_id"], decode(&login.refresh).claims["jti"]);

    s.post("/logout/")
        .session(&login)
        .send()
        .await
        .expect(200, LOGGED_OUT);
    let d = decode_token(&s, &login.refresh).await;
    assert_eq!(d["verdict"], "Token is blacklisted");
    s.post("/token/refresh/")
        .refresh_cookie(&login.refresh)
        .send()
        .await
        .expect(401, &refresh_token_error("Token is blacklisted"));
    s.shutdown().await;
}

#[tokio::test]
async fn foreign_and_odd_tokens() {
    let s = TestServer::start().await;
    s.alice().await;
    // Another key: readable, but not ours.
    let forged = mint_with(b"not the key", &claims("access", T0, 900, json!("1")));
    let d = decode_token(&s, &forged).await;
    assert_eq!(
        (
            &d["decodable"],
            &d["signature_valid"],
            &d["verdict"],
            &d["session_id"]
        ),
        (
            &json!(true),
            &json!(false),
            &json!("Token is invalid"),
            &Value::Null
        )
    );
    // Ours, but for a user that does not exist, or of the wrong type.
    let d = decode_token(&s, &access_for("99", T0)).await;
    assert_eq!(
        (&d["signature_valid"], &d["verdict"]),
        (&json!(true), &json!("User not found"))
    );
    let mut no_type = claims("access", T0, 900, json!("1"));
    no_type.remove("token_type");
    let d = decode_token(&s, &mint(&no_type)).await;
    assert_eq!(d["verdict"], "Token has no type");
    let d = decode_token(&s, &refresh_for("99", T0)).await;
    assert_eq!(d["verdict"], "No active account found for the given token.");
    // Issued in the emulator's future: PyJWT's "not yet valid" is "Token is invalid".
    let d = decode_token(&s, &access_for("1", T0 + 60)).await;
    assert_eq!(
        (&d["verdict"], &d["issued_at"]),
        (&json!("Token is invalid"), &json!("2027-01-15T08:01:00Z"))
    );
    s.shutdown().await;
}

#[tokio::test]
async fn garbage_is_an_answer_not_an_error() {
    let s = TestServer::start().await;
    let huge = "x".repeat(1 << 20);
    let dotted = format!("{}.{}.{}", "a".repeat(300_000), "b".repeat(300_000), "c");
    for token in [
        "",
        "abc",
        "a.b.c",
        "..",
        "Bearer x",
        "\u{0}\u{ffff}",
        &huge,
        &dotted,
    ] {
        let d = decode_token(&s, token).await;
        assert_eq!(
            d,
            json!({
                "decodable": false, "header": null, "claims": null, "signature_valid": false,
                "issued_at": null, "expires_at": null, "expires_in": null,
                "verdict": "Token is invalid", "session_id": null,
            }),
            "{}",
            &token[..token.len().min(20)]
        );
    }
    // Odd claim values stay readable and never break the times.
    let odd = jwt_raw(
        KEY.as_bytes(),
        HS256_HEADER,
        r#"{"token_type":"access","exp":1e300,"iat":"soon","jti":5,"user_id":null}"#,
    );
    let d = decode_token(&s, &odd).await;
    assert_eq!(d["decodable"], true);
    assert_eq!(
        (&d["issued_at"], &d["expires_at"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(d["verdict"], "Token is invalid");

    for (body, status) in [
        (json!({}), 422),
        (json!({"token": 5}), 422),
        (json!({"token": null}), 422),
    ] {
        let resp = s.post(PATH).json(&body).send().await;
        assert_eq!(resp.status, status, "{body}: {}", resp.text());
        assert!(resp.json()["detail"].is_string());
    }
    let resp = s
        .post(PATH)
        .body("application/json", b"{\"token\":")
        .send()
        .await;
    assert_eq!(resp.status, 400, "{}", resp.text());
    s.shutdown().await;
}
