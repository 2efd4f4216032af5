//! The CLI over the control plane (`latchkey sessions|clock|fault|export|import`): the
//! built binary, run as a separate process against a server started in-process on
//! 127.0.0.1:0, its effects observed through the control plane and the auth API.

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::process::Command;
use tokio::time::timeout;

use crate::support::*;

const API: &str = "/_latchkey/api";

/// The built `latchkey` binary (the `cli` tests' rule: `$LATCHKEY_BIN`, else built once).
fn bin() -> PathBuf {
    crate::cli::bin()
}

/// The CLI's output and exit code.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// `latchkey ARGS...` with no `LATCHKEY_*` variables inherited, in a temp dir.
async fn cli(args: &[&str]) -> Run {
    cli_env(args, &[]).await
}

async fn cli_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let dir = std::env::temp_dir();
    let mut c = Command::new(bin());
    c.current_dir(dir).kill_on_drop(true).stdin(Stdio::null());
    for (k, _) in std::env::vars() {
        if k.starts_with("LATCHKEY_") {
            c.env_remove(k);
        }
    }
    c.args(args).envs(env.iter().copied());
    let o: Output = timeout(Duration::from_secs(120), c.output())
        .await
        .expect("latchkey finishes in time")
        .expect("latchkey runs");
    Run {
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

impl Run {
    #[track_caller]
    fn ok(&self) -> &str {
        assert_eq!(
            self.code,
            Some(0),
            "stdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        &self.stdout
    }
}

/// `latchkey ARGS... --url <server>`, expected to succeed; its stdout.
async fn ok(s: &TestServer, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--url", s.url.as_str()]);
    cli(&all).await.ok().to_string()
}

async fn api_get(s: &TestServer, path: &str) -> Value {
    let r = s.get(&format!("{API}{path}")).send().await;
    assert_eq!(r.status, 200, "GET {path}: {}", r.text());
    r.json()
}

/// The ids of the sessions the control plane lists, newest or oldest first as it likes.
async fn session_ids(s: &TestServer) -> Vec<String> {
    api_get(s, "/sessions").await["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().expect("id").to_string())
        .collect()
}

/// The table row (line) of stdout that mentions `needle`.
#[track_caller]
fn row<'a>(out: &'a str, needle: &str) -> &'a str {
    out.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{out}"))
}

#[tokio::test]
async fn sessions_list_shows_logged_in_sessions_with_their_time_left() {
    let s = TestServer::start().await;
    s.alice().await;
    s.register("bob", PW).await;
    s.advance(60);
    s.login("alice", PW).await;
    let ids = session_ids(&s).await;
    assert_eq!(ids.len(), 3);

    let out = ok(&s, &["sessions", "list"]).await;
    let header = out.lines().next().unwrap_or_default();
    for column in [
        "id",
        "user",
        "state",
        "access expires in",
        "refresh expires in",
        "refreshes",
    ] {
        assert!(header.contains(column), "header {header:?}");
    }
    for id in &ids {
        assert!(out.contains(id.as_str()), "{id} not listed:\n{out}");
    }
    assert!(out.ends_with("3 session(s)\n"), "{out}");
    // The newest login: 15m and 1d left on the frozen clock; the first ones 1m less.
    let newest = api_get(&s, "/sessions?user=1").await["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["created_at"] == "2027-01-15T08:01:00Z")
        .map(|i| i["id"].as_str().expect("id").to_string())
        .expect("the second login is a session");
    let line = row(&out, &newest);
    assert!(line.contains("alice (1)"), "{line}");
    assert!(line.contains("active"), "{line}");
    assert!(line.contains(" 15m "), "{line}");
    assert!(line.contains(" 1d "), "{line}");
    assert!(row(&out, "bob (2)").contains(" 14m "), "{out}");

    let out = ok(&s, &["sessions", "list", "--user", "2"]).await;
    assert!(out.contains("bob (2)") && !out.contains("alice"), "{out}");
    assert!(out.ends_with("1 session(s)\n"), "{out}");
    let out = ok(&s, &["sessions", "list", "--state", "revoked"]).await;
    assert!(out.ends_with("0 session(s)\n"), "{out}");

    // After 16 minutes every access token is expired, no refresh token is.
    s.advance(16 * 60);
    let out = ok(&s, &["sessions", "list", "--state", "access-expired"]).await;
    assert!(out.ends_with("3 session(s)\n"), "{out}");
    assert!(row(&out, &newest).contains("expired"), "{out}");
    s.shutdown().await;
}

#[tokio::test]
async fn session_actions_change_what_the_auth_api_answers() {
    let s = TestServer::start().await;
    let session = s.alice().await;
    let id = session_ids(&s).await.remove(0);

    let out = ok(&s, &["sessions", "force-refresh", &id]).await;
    assert_eq!(out, format!("session {id} (alice): access_expired\n"));
    s.get("/auth-check/")
        .session(&session)
        .send()
        .await
        .expect_401(&access_token_error("Token is expired"));

    let out = ok(&s, &["sessions", "revoke", &id]).await;
    assert_eq!(out, format!("session {id} (alice): revoked\n"));
    s.post("/token/refresh/")
        .session(&session)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is blacklisted"));

    let other = s.login("alice", PW).await;
    let out = ok(&s, &["sessions", "expire-all", "--user", "1"]).await;
    assert!(out.ends_with(" session(s) expired\n"), "{out}");
    s.post("/token/refresh/")
        .session(&other)
        .send()
        .await
        .expect_401(&refresh_token_error("Token is expired"));
    let out = ok(&s, &["sessions", "revoke-all"]).await;
    assert!(out.ends_with(" session(s) revoked\n"), "{out}");

    // The server's own error detail, and exit code 1.
    let detail = s
        .post(&format!("{API}/sessions/no-such-session/expire"))
        .json(&json!({}))
        .send()
        .await
        .json()["detail"]
        .as_str()
        .expect("detail")
        .to_string();
    let r = cli(&["sessions", "expire", "no-such-session", "--url", &s.url]).await;
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains(&detail), "{}", r.stderr);
    assert!(r.stderr.contains("HTTP 404"), "{}", r.stderr);
    s.shutdown().await;
}

#[tokio::test]
async fn clock_commands_move_the_servers_clock() {
    let s = TestServer::start().await;
    let out = ok(&s, &["clock", "advance", "16m"]).await;
    assert!(
        out.starts_with("now     2027-01-15T08:16:00Z  (frozen)\n"),
        "{out}"
    );
    assert_eq!(
        api_get(&s, "/clock").await["now_ms"],
        json!((T0 + 960) * 1000)
    );
    assert_eq!(s.now(), T0 + 960, "the server's clock itself moved");

    let out = ok(&s, &["clock", "advance", "-1m"]).await;
    assert!(out.starts_with("now     2027-01-15T08:15:00Z"), "{out}");
    assert_eq!(ok(&s, &["clock"]).await, ok(&s, &["clock", "show"]).await);

    ok(&s, &["clock", "set", "--offset", "3600", "--unfrozen"]).await;
    let clock = api_get(&s, "/clock").await;
    assert_eq!(clock["frozen"], false);
    assert_eq!(clock["offset_seconds"], 3600);
    let out = ok(&s, &["clock", "set", "--frozen"]).await;
    assert!(out.contains("(frozen)"), "{out}");
    assert_eq!(api_get(&s, "/clock").await["frozen"], true);

    let out = ok(&s, &["clock", "reset"]).await;
    assert!(out.contains("offset  none (real time)"), "{out}");
    let clock = api_get(&s, "/clock").await;
    assert_eq!(
        (clock["offset_seconds"].clone(), clock["frozen"].clone()),
        (json!(0), json!(false))
    );

    // Usage errors are caught before any request: exit 2.
    for args in [
        &["clock", "advance", "soon"][..],
        &["clock", "set"][..],
        &["clock", "set", "--frozen", "--unfrozen"][..],
    ] {
        let r = cli(&[args, &["--url", &s.url]].concat()).await;
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
    }
    s.shutdown().await;
}

#[tokio::test]
async fn fault_add_list_and_clear() {
    let s = TestServer::start().await;
    let out = ok(
        &s,
        &[
            "fault", "add", "--route", "/token/", "--status", "503", "--count", "1",
        ],
    )
    .await;
    let id = out
        .strip_prefix("added fault ")
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("{out}"))
        .to_string();
    assert_eq!(
        out,
        format!("added fault {id} on /token/: 503, next 1 request(s)\n")
    );
    let out = ok(
        &s,
        &[
            "fault",
            "add",
            "--route",
            "/token/refresh/",
            "--latency",
            "2000",
            "--drop",
        ],
    )
    .await;
    assert!(
        out.ends_with("on /token/refresh/: drop after 2000ms, until cleared\n"),
        "{out}"
    );

    let out = ok(&s, &["fault", "list"]).await;
    let line = row(&out, &id);
    assert!(line.contains("/token/") && line.contains("503"), "{line}");
    assert!(line.contains("next 1 request(s)"), "{line}");
    assert!(
        row(&out, "/token/refresh/").contains("until cleared"),
        "{out}"
    );
    assert!(out.ends_with("2 fault(s)\n"), "{out}");
    let listed = api_get(&s, "/faults").await;
    assert_eq!(listed["total"], 2, "{listed}");

    // The fault is real: the next /token/ is a 503, the one after is the view again.
    let r = s
        .post("/token/")
        .json(&json!({"username": "nobody", "password": "x"}))
        .send()
        .await;
    assert_eq!(r.status, 503, "{}", r.text());
    s.post("/token/")
        .json(&json!({"username": "nobody", "password": "x"}))
        .send()
        .await
        .expect_401(NO_ACTIVE_ACCOUNT);

    let refresh_id = api_get(&s, "/faults").await["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|f| f["route"] == "/token/refresh/")
        .map(|f| f["id"].as_str().expect("id").to_string())
        .expect("the drop fault is listed");
    assert_eq!(
        ok(&s, &["fault", "clear", &refresh_id]).await,
        format!("cleared fault {refresh_id}\n")
    );
    ok(&s, &["fault", "add", "--route", "*", "--latency", "1"]).await;
    assert_eq!(ok(&s, &["fault", "clear"]).await, "cleared all faults\n");
    assert!(ok(&s, &["fault", "list"]).await.ends_with("0 fault(s)\n"));
    assert_eq!(api_get(&s, "/faults").await["total"], 0);
    s.shutdown().await;
}

/// An export without its timestamp.
fn without_time(mut doc: Value) -> Value {
    if let Some(map) = doc.as_object_mut() {
        map.remove("exported_at");
    }
    doc
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("export written");
    serde_json::from_str(&text).expect("export is JSON")
}

#[tokio::test]
async fn export_then_import_round_trips_into_another_server() {
    let dir = TempDir::new("cli-export");
    let a = TestServer::start().await;
    a.alice().await;
    let bob = a.register("bob", PW).await;
    a.post("/logout/").session(&bob).send().await;
    let file = dir.join("state.json");
    let file_arg = file.display().to_string();
    let out = ok(&a, &["export", &file_arg]).await;
    assert_eq!(
        out,
        format!("exported 2 user(s), 2 session(s), 1 blacklisted token(s) to {file_arg}\n")
    );
    let exported = read_json(&file);
    assert_eq!(exported["version"], 1);
    assert!(exported["exported_at"].is_string());
    assert!(
        exported["tokens"]
            .as_array()
            .expect("tokens")
            .iter()
            .all(|t| t.get("token").is_none()),
        "JWTs only with --include-secrets"
    );
    let secret = dir.join("secret.json");
    ok(
        &a,
        &["export", &secret.display().to_string(), "--include-secrets"],
    )
    .await;
    assert!(read_json(&secret)["tokens"][0]["token"].is_string());

    // Another server (same signing key), empty: import, then export again.
    let b = TestServer::start().await;
    let out = ok(&b, &["import", &file_arg]).await;
    assert!(
        out.starts_with("imported 2 user(s), 2 session(s), "),
        "{out}"
    );
    let again = dir.join("again.json");
    ok(&b, &["export", &again.display().to_string()]).await;
    assert_eq!(without_time(read_json(&again)), without_time(exported));
    // The users came with their password hashes.
    b.login("bob", PW).await;

    // Not JSON: refused before any request, exit 1.
    let junk = dir.join("junk.json");
    std::fs::write(&junk, "users: alice").expect("write");
    let r = cli(&["import", &junk.display().to_string(), "--url", &b.url]).await;
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("is not JSON"), "{}", r.stderr);
    a.shutdown().await;
    b.shutdown().await;
}

/// A port nothing listens on.
async fn closed_port() -> u16 {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = l.local_addr().expect("addr").port();
    drop(l);
    port
}

#[tokio::test]
async fn no_server_is_a_clear_message_and_exit_1() {
    let url = format!("http://127.0.0.1:{}", closed_port().await);
    let expected = format!("no Latchkey at {url} — start one with `latchkey serve`");
    let r = cli(&["sessions", "list", "--url", &url]).await;
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains(&expected), "{}", r.stderr);
    // LATCHKEY_URL (what `latchkey exec` sets) is honoured too.
    let r = cli_env(&["clock"], &[("LATCHKEY_URL", &url)]).await;
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains(&expected), "{}", r.stderr);
    // A URL that cannot be a server is a usage error.
    let r = cli(&["fault", "list", "--url", "ftp://127.0.0.1:1"]).await;
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("--url"), "{}", r.stderr);
}

#[tokio::test]
async fn latchkey_exec_runs_a_script_that_drives_its_server() {
    let bin = bin().display().to_string();
    let r = cli(&[
        "exec",
        "--in-memory",
        "--port",
        "0",
        "--fast-hash",
        "--",
        &bin,
        "clock",
        "advance",
        "1h",
    ])
    .await;
    let out = r.ok();
    assert!(out.contains("offset  +1h (3600s)"), "{out}");
}
