//! `/_latchkey/api/export`, `/import`, `/reset`: the round trip is identical, imports and
//! resets take effect on the auth API, a Django fixture's users log in with their Django
//! passwords, and an export works as a `--seed` file.

use serde_json::{json, Value};

use crate::support::*;

const API: &str = "/_latchkey/api";

/// `manage.py dumpdata auth.User` from Django 5.2 (see tests/fixtures/make-django-users.sh).
const DJANGO_USERS: &str = include_str!("../fixtures/django-users.json");
const ADA_PASSWORD: &str = "analytical-engine-1843";
const GRACE_PASSWORD: &str = "c0bol-compiler-1959";
const LINUS_PASSWORD: &str = "inactive-but-known-1991";

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

async fn ok(s: &TestServer, method: &str, path: &str, body: Option<Value>) -> Value {
    let resp = api(s, method, path, body).await;
    assert_eq!(resp.status, 200, "{method} {path}: {}", resp.text());
    resp.json()
}

async fn export(s: &TestServer, secrets: bool) -> Value {
    let path = if secrets {
        "/export?include_secrets=true"
    } else {
        "/export"
    };
    ok(s, "GET", path, None).await
}

fn without_time(mut doc: Value) -> Value {
    doc.as_object_mut()
        .expect("export object")
        .remove("exported_at");
    doc
}

fn jti(token: &str) -> String {
    decode(token).claims["jti"]
        .as_str()
        .expect("jti")
        .to_string()
}

fn summary(users: u64, sessions: u64, tokens: u64, blacklisted: u64, routes: u64) -> Value {
    json!({"users": users, "sessions": sessions, "tokens": tokens,
           "blacklisted": blacklisted, "routes": routes})
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

async fn login_fails(s: &TestServer, username: &str, password: &str) {
    s.post("/token/")
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .expect_401(NO_ACTIVE_ACCOUNT);
}

/// Rotation with blacklisting, a mock route from the config file.
async fn rich_server() -> TestServer {
    TestServer::configured(|c| {
        c.apply_flag("rotate_refresh_tokens", "true").unwrap();
        c.apply_flag("blacklist_after_rotation", "true").unwrap();
        c.apply_toml(
            "[[routes]]\npath = \"/api/profile/\"\nbody = { name = \"{{user.username}}\" }\n",
            "test config",
        )
        .unwrap();
    })
    .await
}

/// The browser-side view of the state `populate` makes.
struct World {
    /// alice's first session, refreshed once (rotation).
    rotated: Session,
    old_refresh: String,
    /// bob's session, expired from the control plane.
    expired: Session,
    /// alice's second session, logged out.
    logged_out: Session,
}

async fn populate(s: &TestServer) -> World {
    let first = s.alice().await;
    s.advance(10);
    let expired = s.register("bob", PW).await;
    let logged_out = s.login("alice", PW).await;
    let resp = refresh(s, &first.refresh).await;
    resp.expect(200, REFRESHED);
    let rotated = Session {
        access: resp.cookie("access_token").expect("new access"),
        refresh: resp.cookie("refresh_token").expect("rotated refresh"),
    };
    s.post("/logout/")
        .session(&logged_out)
        .send()
        .await
        .expect(200, LOGGED_OUT);
    let session_b = jti(&expired.refresh);
    ok(s, "POST", &format!("/sessions/{session_b}/expire"), None).await;
    ok(
        s,
        "PATCH",
        "/users/2",
        Some(json!({"email": "bob@example.com"})),
    )
    .await;
    World {
        rotated,
        old_refresh: first.refresh,
        expired,
        logged_out,
    }
}

#[tokio::test]
async fn export_reset_import_round_trips_to_an_identical_export() {
    let s = rich_server().await;
    let w = populate(&s).await;
    let plain = export(&s, false).await;
    let secret = export(&s, true).await;

    // What an export holds, and which secrets only `include_secrets` adds.
    assert_eq!(plain["version"], 1);
    assert_eq!(plain["exported_at"], "2027-01-15T08:00:10Z");
    assert!(plain["settings"].get("signing_key").is_none());
    assert_eq!(secret["settings"]["signing_key"], KEY);
    assert_eq!(plain["settings"]["rotate_refresh_tokens"], true);
    assert_eq!(plain["settings"]["access_token_lifetime"], "15m");
    let tokens = plain["tokens"].as_array().expect("tokens");
    assert_eq!(
        tokens.len(),
        8,
        "2 per login or registration, 2 per refresh"
    );
    assert!(tokens.iter().all(|t| t.get("token").is_none()));
    let with_jwts = secret["tokens"].as_array().expect("tokens");
    assert!(with_jwts
        .iter()
        .any(|t| t["token"] == w.rotated.refresh.as_str()));
    assert!(with_jwts
        .iter()
        .all(|t| t["token"].as_str().is_some_and(|j| j.len() > 100)));
    let hashes: Vec<&str> = plain["users"]
        .as_array()
        .expect("users")
        .iter()
        .map(|u| u["password_hash"].as_str().expect("hash"))
        .collect();
    assert!(
        hashes.iter().all(|h| h.starts_with("$argon2id$")),
        "{hashes:?}"
    );
    let mut reasons: Vec<&str> = plain["blacklist"]
        .as_array()
        .expect("blacklist")
        .iter()
        .map(|b| b["reason"].as_str().expect("reason"))
        .collect();
    reasons.sort();
    assert_eq!(reasons, ["logout", "rotation"]);
    let forced = tokens
        .iter()
        .filter(|t| t.get("forced_expired_at").is_some())
        .count();
    assert_eq!(forced, 2, "bob's access and refresh token");
    assert_eq!(plain["routes"][0]["path"], "/api/profile/");
    assert_eq!(
        plain["sessions"].as_array().map(Vec::len),
        Some(3),
        "{}",
        plain["sessions"]
    );

    ok(&s, "POST", "/reset", Some(json!({}))).await;
    auth_check(&s, &w.rotated.access)
        .await
        .expect_401(USER_NOT_FOUND);
    assert_eq!(export(&s, false).await["users"], json!([]));

    let imported = ok(&s, "POST", "/import", Some(secret.clone())).await;
    assert_eq!(imported, summary(2, 3, 8, 2, 1));
    s.advance(1);
    let again = export(&s, true).await;
    assert_eq!(again["exported_at"], "2027-01-15T08:00:11Z");
    assert_eq!(without_time(again), without_time(secret.clone()));
    assert_eq!(
        without_time(export(&s, false).await),
        without_time(plain.clone())
    );

    // The imported state is the state: tokens, blacklist, forced expiry, passwords.
    assert_eq!(auth_check(&s, &w.rotated.access).await.status, 200);
    refresh(&s, &w.old_refresh)
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));
    refresh(&s, &w.logged_out.refresh)
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));
    refresh(&s, &w.expired.refresh)
        .await
        .expect_401(&refresh_token_error("Token is expired"));
    s.login("bob", PW).await;
    let profile = s
        .get("/api/profile/")
        .access_cookie(&w.rotated.access)
        .send()
        .await;
    profile.expect(200, r#"{"name":"alice"}"#);

    // Without the JWT strings the round trip is identical too; the tokens stay usable.
    ok(&s, "POST", "/reset", None).await;
    ok(&s, "POST", "/import", Some(plain.clone())).await;
    let reimported = export(&s, true).await;
    assert!(reimported["tokens"]
        .as_array()
        .expect("tokens")
        .iter()
        .all(|t| t.get("token").is_none()));
    assert_eq!(without_time(export(&s, false).await), without_time(plain));
    assert_eq!(auth_check(&s, &w.rotated.access).await.status, 200);
}

#[tokio::test]
async fn imported_settings_apply_to_new_tokens() {
    let s = TestServer::start().await;
    s.alice().await;
    let mut doc = export(&s, false).await;
    assert_eq!(doc["settings"]["access_token_lifetime"], "15m");
    doc["settings"]["access_token_lifetime"] = json!("5m");
    doc["settings"]["auth_cookie_samesite"] = json!("Strict");
    ok(&s, "POST", "/import", Some(doc)).await;
    let after = export(&s, false).await;
    assert_eq!(
        (
            &after["settings"]["access_token_lifetime"],
            &after["settings"]["auth_cookie_samesite"]
        ),
        (&json!("5m"), &json!("Strict"))
    );
    let resp = s
        .post("/token/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await;
    let access = resp.cookie("access_token").expect("access cookie");
    let claims = decode(&access).claims;
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        300
    );
    let set_cookie = resp.set_cookie_for("access_token").expect("set-cookie");
    assert!(set_cookie.ends_with("SameSite=Strict"), "{set_cookie}");
}

#[tokio::test]
async fn rejected_imports_change_nothing() {
    let s = TestServer::start().await;
    s.alice().await;
    let good = export(&s, true).await;
    let with = |f: &dyn Fn(&mut Value)| {
        let mut doc = good.clone();
        f(&mut doc);
        doc
    };
    let cases = [
        (
            with(&|d| d["version"] = json!(2)),
            "export version 2 is not supported; this Latchkey reads version 1",
        ),
        (
            with(&|d| d["settings"]["signing_key"] = json!("another-key")),
            "settings.signing_key differs from this server's key, which cannot change while it runs; start Latchkey with --signing-key (or LATCHKEY_SIGNING_KEY) set to it, or remove it from the document",
        ),
        (
            with(&|d| d["settings"]["port"] = json!(9000)),
            "settings.port: not a run-time setting; an export carries access_token_lifetime, refresh_token_lifetime, rotate_refresh_tokens, blacklist_after_rotation, refresh_reuse_grace, cors_allowed_origins, auth_cookie_access, auth_cookie_refresh, auth_cookie_path, auth_cookie_domain, auth_cookie_samesite, auth_cookie_secure, auth_cookie_httponly",
        ),
        (
            with(&|d| d["settings"]["access_token_lifetime"] = json!("soon")),
            "settings.access_token_lifetime: expected a positive duration like 900s, 15m, 12h, 1d or 1h30m",
        ),
        (
            with(&|d| {
                let copy = d["users"][0].clone();
                d["users"].as_array_mut().unwrap().push(copy);
            }),
            "users[1]: id 1 repeats",
        ),
        (
            with(&|d| d["users"][0]["username"] = json!("no spaces")),
            "users[0]: username \"no spaces\": Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
        ),
        (
            with(&|d| d["users"][0]["date_joined"] = json!("yesterday")),
            "users[0].date_joined: \"yesterday\" is not an RFC 3339 time like 2027-01-15T08:00:00Z",
        ),
        (
            with(&|d| d["blacklist"] = json!([{"jti": "x", "blacklisted_at": 0, "reason": "bored"}])),
            "blacklist[0].reason: expected one of logout, rotation, revoked, not \"bored\"",
        ),
        (
            with(&|d| d["tokens"][0]["token_type"] = json!("sliding")),
            "tokens[0].token_type: expected \"access\" or \"refresh\", not \"sliding\"",
        ),
        (
            json!([{"model": "auth.group", "pk": 1, "fields": {"name": "staff"}}]),
            "fixture[0]: not a dumpdata entry like {\"model\": \"auth.user\", \"pk\": 1, \"fields\": {...}}: missing field `username`",
        ),
        (
            json!([{"model": "auth.permission", "pk": 1, "fields": {"username": "x", "password": "y"}}]),
            "fixture[0]: model \"auth.permission\" is not auth.user; make the fixture with `manage.py dumpdata auth.User`",
        ),
        (
            json!(42),
            "expected an export document (a JSON object) or a Django dumpdata fixture (a JSON list)",
        ),
    ];
    for (doc, detail) in cases {
        api(&s, "POST", "/import", Some(doc)).await.expect(
            422,
            &json!({"error": "unprocessable", "detail": detail}).to_string(),
        );
    }
    let missing = api(&s, "POST", "/import", Some(json!({"version": 1}))).await;
    assert_eq!(missing.status, 422, "{}", missing.text());
    assert!(missing.json()["detail"]
        .as_str()
        .unwrap()
        .starts_with("not an export document: missing field"));
    let malformed = s
        .post(&format!("{API}/import"))
        .body("application/json", b"{\"version\": 1,")
        .send()
        .await;
    assert_eq!(
        (malformed.status, malformed.json()["error"].clone()),
        (400, json!("bad_request"))
    );

    assert_eq!(without_time(export(&s, true).await), without_time(good));
    s.login("alice", PW).await;
}

#[tokio::test]
async fn a_django_fixture_logs_its_users_in_with_their_django_passwords() {
    let s = TestServer::start().await;
    s.alice().await;
    let fixture: Value = serde_json::from_str(DJANGO_USERS).expect("fixture is JSON");
    let imported = ok(&s, "POST", "/import", Some(fixture)).await;
    assert_eq!(imported, summary(3, 0, 0, 0, 0));
    let users = ok(&s, "GET", "/users", None).await;
    assert_eq!(
        users["items"],
        json!([
            {"id": 1, "username": "ada", "email": "ada@example.com", "is_active": true,
             "date_joined": "2026-03-01T09:30:00Z", "active_sessions": 0},
            {"id": 2, "username": "grace", "email": "grace@example.com", "is_active": true,
             "date_joined": "2026-03-02T09:30:00Z", "active_sessions": 0},
            {"id": 4, "username": "linus", "email": "linus@example.com", "is_active": false,
             "date_joined": "2026-03-04T09:30:00Z", "active_sessions": 0},
        ])
    );
    login_fails(&s, "alice", PW).await;

    // 1,000,000 PBKDF2 rounds each (slow unoptimised): the three logins run side by side.
    // A wrong password is checked by the unit tests on a cheaper Django hash.
    let login = |username: &'static str, password: &'static str| {
        s.post("/token/")
            .json(&json!({"username": username, "password": password}))
            .send()
    };
    let (ada, grace, linus) = tokio::join!(
        login("ada", ADA_PASSWORD),
        login("grace", GRACE_PASSWORD),
        login("linus", LINUS_PASSWORD),
    );
    ada.expect(
        200,
        r#"{"user":{"id":1,"username":"ada","email":"ada@example.com"}}"#,
    );
    grace.expect(
        200,
        r#"{"user":{"id":2,"username":"grace","email":"grace@example.com"}}"#,
    );
    linus.expect_401(NO_ACTIVE_ACCOUNT);
    let access = ada.cookie("access_token").expect("access cookie");
    assert_eq!(decode(&access).claims["user_id"], "1");
    assert_eq!(
        auth_check(&s, &access).await.json()["user"]["username"],
        "ada"
    );

    // Each correct password replaced its Django hash with an argon2id one, the inactive
    // user's too: Django's check_password upgrades the hash before is_active is looked at.
    let doc = export(&s, false).await;
    for user in doc["users"].as_array().expect("users") {
        let hash = user["password_hash"].as_str().expect("hash");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
    }
    s.login("ada", ADA_PASSWORD).await;
    login_fails(&s, "ada", GRACE_PASSWORD).await;
    // New users continue after the highest imported id, as Django's sequence would.
    let dan = s.register("dan", PW).await;
    assert_eq!(auth_check(&s, &dan.access).await.json()["user"]["id"], 5);
}

#[tokio::test]
async fn reset_empties_or_goes_back_to_the_seed() {
    // The seed is another server's export: ids (with a gap), hashes and dates are kept.
    let origin = TestServer::start().await;
    origin.alice().await;
    origin.register("tmp", PW).await;
    origin.register("bob", PW).await;
    let gone = api(&origin, "DELETE", "/users/2", None).await;
    assert_eq!(gone.status, 204);
    let seed_doc = export(&origin, false).await;
    let dir = TempDir::new("export-seed");
    let seed = dir.join("seed.json");
    std::fs::write(&seed, seed_doc.to_string()).unwrap();
    let seed_path = seed.clone();

    let s = TestServer::configured(move |c| c.seed = Some(seed_path)).await;
    assert_eq!(export(&s, false).await["users"], seed_doc["users"]);
    s.login("bob", PW).await;
    s.register("carol", PW).await;

    let back = ok(&s, "POST", "/reset", Some(json!({"seed": true}))).await;
    assert_eq!(back, summary(2, 0, 0, 0, 0));
    assert_eq!(export(&s, false).await["users"], seed_doc["users"]);
    login_fails(&s, "carol", PW).await;

    let empty = ok(&s, "POST", "/reset", None).await;
    assert_eq!(empty, summary(0, 0, 0, 0, 0));
    login_fails(&s, "alice", PW).await;
    let fresh = s.register("dora", PW).await;
    assert_eq!(
        auth_check(&s, &fresh.access).await.json()["user"]["id"],
        1,
        "ids start again"
    );

    api(&s, "POST", "/reset", Some(json!({"seed": "yes"})))
        .await
        .expect(422, r#"{"error":"unprocessable","detail":"invalid type: string \"yes\", expected a boolean at line 1 column 13"}"#);
    let malformed = s
        .post(&format!("{API}/reset"))
        .body("application/json", b"{seed")
        .send()
        .await;
    assert_eq!(malformed.status, 400, "{}", malformed.text());
    assert_eq!(
        ok(&s, "GET", "/users", None).await["total"],
        1,
        "rejected resets change nothing"
    );
}

#[tokio::test]
async fn reset_to_the_seed_needs_a_seed() {
    let s = TestServer::start().await;
    s.alice().await;
    api(&s, "POST", "/reset", Some(json!({"seed": true})))
        .await
        .expect(
            422,
            r#"{"error":"unprocessable","detail":"this server was started without --seed; send {\"seed\": false} to empty it"}"#,
        );
    s.login("alice", PW).await;
}
