//! The `latchkey` binary, run as a separate process.
//!
//! The binary is `$LATCHKEY_BIN` when set, else `latchkey` next to this test binary's
//! target directory (built once per test run with `cargo build -p latchkey`).

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::time::timeout;

use crate::support::*;

const STARTUP: Duration = Duration::from_secs(60);

pub(crate) fn bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("LATCHKEY_BIN") {
            return PathBuf::from(p);
        }
        let exe = std::env::current_exe().expect("test binary path");
        // <target>/<profile>/deps/it-<hash>
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("target profile dir")
            .to_path_buf();
        let target_dir = profile_dir.parent().expect("target dir").to_path_buf();
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("workspace root");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut build = std::process::Command::new(cargo);
        build
            .args(["build", "-p", "latchkey", "--bin", "latchkey"])
            .env("CARGO_TARGET_DIR", &target_dir)
            .current_dir(workspace);
        if profile_dir.file_name().is_some_and(|n| n == "release") {
            build.arg("--release");
        }
        let status = build.status().expect("run cargo build");
        let path = profile_dir.join(format!("latchkey{}", std::env::consts::EXE_SUFFIX));
        assert!(
            status.success() && path.is_file(),
            "cannot build {} (set LATCHKEY_BIN to a built binary)",
            path.display()
        );
        path
    })
    .clone()
}

/// `latchkey` run in `dir`, with no `LATCHKEY_*` variables inherited.
pub(crate) fn latchkey(dir: &Path) -> Command {
    let mut c = Command::new(bin());
    c.current_dir(dir).kill_on_drop(true);
    for (k, _) in std::env::vars() {
        if k.starts_with("LATCHKEY_") {
            c.env_remove(k);
        }
    }
    c
}

async fn run(mut c: Command) -> Output {
    c.stdin(Stdio::null());
    timeout(STARTUP, c.output())
        .await
        .expect("latchkey finishes in time")
        .expect("latchkey runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts a configuration error: exit status 2 and a single line naming `key`.
#[track_caller]
fn assert_config_error(o: &Output, key: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line expected: {err:?}");
    assert!(lines[0].contains(key), "{key} not named: {err:?}");
}

/// A running `latchkey serve`, with its URL from the ready line.
struct Served {
    child: Child,
    url: String,
}

async fn serve(dir: &Path, args: &[&str]) -> Served {
    let mut c = latchkey(dir);
    c.arg("serve")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = c.spawn().expect("spawn latchkey serve");
    let out = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(out).lines();
    let line = timeout(STARTUP, lines.next_line())
        .await
        .expect("ready line in time")
        .expect("read stdout")
        .expect("a ready line before exit");
    assert!(
        line.starts_with("Latchkey ready on http://127.0.0.1:"),
        "{line}"
    );
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("URL in the ready line")
        .trim_end_matches('/')
        .to_string();
    let port: u16 = url
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("a port in the URL");
    assert_ne!(port, 0);
    Served { child, url }
}

impl Served {
    async fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().expect("still running");
        let status = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
        timeout(STARTUP, self.child.wait())
            .await
            .expect("stops after SIGTERM")
            .expect("wait")
    }
}

#[tokio::test]
async fn serve_prints_a_ready_line_serves_and_stops_on_sigterm() {
    let dir = TempDir::new("cli-serve");
    let served = serve(dir.path(), &["--in-memory", "--port", "0", "--fast-hash"]).await;
    let http = client();
    let r = http
        .get(format!("{}/auth-check/", served.url))
        .send()
        .await
        .expect("server answers");
    assert_eq!(r.status(), 401);
    assert_eq!(r.text().await.unwrap(), NOT_PROVIDED);
    let r = http
        .post(format!("{}/register/", served.url))
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let status = served.terminate().await;
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[tokio::test]
async fn deeply_nested_json_does_not_crash_the_server() {
    let dir = TempDir::new("cli-nest");
    let served = serve(dir.path(), &["--in-memory", "--port", "0", "--fast-hash"]).await;
    let http = client();
    for depth in [1_000, 100_000] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let body = format!("{}{}", open.repeat(depth), close.repeat(depth));
            for path in ["/token/", "/register/", "/token/refresh/"] {
                let r = http
                    .post(format!("{}{path}", served.url))
                    .header("Content-Type", "application/json")
                    .body(body.clone())
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("server died on depth {depth} {path}: {e}"));
                assert!(
                    r.status().as_u16() < 500,
                    "{path} depth {depth}: {}",
                    r.status()
                );
            }
        }
    }
    let r = http
        .get(format!("{}/auth-check/", served.url))
        .send()
        .await
        .expect("still serving");
    assert_eq!(r.status(), 401);
    assert_eq!(served.terminate().await.code(), Some(0));
}

#[tokio::test]
async fn exec_sets_latchkey_url_and_the_server_answers_on_it() {
    let dir = TempDir::new("cli-exec");
    let script = r#"case "$LATCHKEY_URL" in http://127.0.0.1:*) ;; *) exit 3 ;; esac
code=$(curl -s -o /dev/null -w '%{http_code}' "$LATCHKEY_URL/auth-check/") || exit 4
[ "$code" = 401 ] || exit 5
exit 0"#;
    let mut c = latchkey(dir.path());
    c.args([
        "exec",
        "--in-memory",
        "--port",
        "0",
        "--",
        "sh",
        "-c",
        script,
    ]);
    let o = run(c).await;
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
}

#[tokio::test]
async fn exec_returns_the_commands_exit_status() {
    let dir = TempDir::new("cli-exec-status");
    for code in [0, 7, 42] {
        let mut c = latchkey(dir.path());
        c.args(["exec", "--in-memory", "--port", "0", "--", "sh", "-c"])
            .arg(format!("exit {code}"));
        let o = run(c).await;
        assert_eq!(o.status.code(), Some(code), "stderr: {}", stderr(&o));
    }
}

#[tokio::test]
async fn a_bad_flag_value_exits_2_naming_the_key() {
    let dir = TempDir::new("cli-bad-flag");
    let mut c = latchkey(dir.path());
    c.args([
        "serve",
        "--in-memory",
        "--port",
        "0",
        "--access-token-lifetime",
        "15x",
    ]);
    let o = run(c).await;
    assert_config_error(&o, "access_token_lifetime");
    assert!(stderr(&o).contains("15x"), "{}", stderr(&o));
}

#[tokio::test]
async fn a_bad_config_file_value_exits_2_naming_the_key() {
    let dir = TempDir::new("cli-bad-toml");
    std::fs::write(
        dir.join("latchkey.toml"),
        "auth_cookie_samesite = \"sideways\"\n",
    )
    .unwrap();
    // Picked up from the working directory...
    let mut c = latchkey(dir.path());
    c.args(["serve", "--in-memory", "--port", "0"]);
    assert_config_error(&run(c).await, "auth_cookie_samesite");
    // ...and given explicitly.
    let other = TempDir::new("cli-bad-toml-cwd");
    let mut c = latchkey(other.path());
    c.args(["serve", "--in-memory", "--port", "0", "--config"])
        .arg(dir.join("latchkey.toml"));
    assert_config_error(&run(c).await, "auth_cookie_samesite");
}

#[tokio::test]
async fn a_bad_environment_value_exits_2_naming_the_variable() {
    let dir = TempDir::new("cli-bad-env");
    let mut c = latchkey(dir.path());
    c.args(["serve", "--in-memory"])
        .env("LATCHKEY_PORT", "eighty");
    assert_config_error(&run(c).await, "LATCHKEY_PORT");
}

#[tokio::test]
async fn a_non_loopback_host_needs_allow_remote() {
    let dir = TempDir::new("cli-host");
    let mut c = latchkey(dir.path());
    c.args(["serve", "--in-memory", "--port", "0", "--host", "0.0.0.0"]);
    let o = run(c).await;
    assert_config_error(&o, "host");
    assert!(stderr(&o).contains("--allow-remote"), "{}", stderr(&o));
}

#[tokio::test]
async fn users_add_and_list_work_on_a_data_file_the_server_then_uses() {
    let dir = TempDir::new("cli-users");
    let data = dir.join("users.sqlite3");
    let data_arg = data.to_str().unwrap();
    let mut c = latchkey(dir.path());
    c.args([
        "users",
        "add",
        "alice",
        "--password",
        PW,
        "--email",
        "alice@example.com",
    ])
    .args(["--data", data_arg, "--fast-hash"]);
    let o = run(c).await;
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    assert!(
        stdout(&o).contains("created user alice (id 1)"),
        "{}",
        stdout(&o)
    );

    let mut c = latchkey(dir.path());
    c.args([
        "users",
        "add",
        "alice",
        "--password",
        PW,
        "--data",
        data_arg,
        "--fast-hash",
    ]);
    let o = run(c).await;
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("A user with that username already exists."),
        "{}",
        stderr(&o)
    );

    let mut c = latchkey(dir.path());
    c.args([
        "users",
        "add",
        "bob",
        "--password",
        "short",
        "--data",
        data_arg,
        "--fast-hash",
    ]);
    let o = run(c).await;
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("This password is too short. It must contain at least 8 characters."),
        "{}",
        stderr(&o)
    );

    let mut c = latchkey(dir.path());
    c.args(["users", "list", "--data", data_arg]);
    let o = run(c).await;
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    let row = out
        .lines()
        .find(|l| l.split_whitespace().nth(1) == Some("alice"))
        .unwrap_or_else(|| panic!("no alice row: {out}"));
    let cols: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cols, ["1", "alice", "alice@example.com", "yes"], "{out}");
    assert!(out.contains("1 user(s)"), "{out}");
    assert!(!out.contains("bob"), "{out}");

    let mut config = latchkey::Config::default();
    config.data = Some(data.clone());
    config.fast_hash = true;
    let s = TestServer::start_with(config, latchkey::Clock::frozen_at(T0)).await;
    s.post("/token/")
        .json(&json!({"username": "alice", "password": PW}))
        .send()
        .await
        .expect(
            200,
            r#"{"user":{"id":1,"username":"alice","email":"alice@example.com"}}"#,
        );
    s.shutdown().await;
}

fn system_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[tokio::test]
async fn token_decode_shows_the_claims_and_checks_the_signature() {
    let dir = TempDir::new("cli-decode");
    let token = mint(&claims("access", system_now(), ACCESS_LIFETIME, json!("1")));

    let mut c = latchkey(dir.path());
    c.args(["token", "decode", &token, "--signing-key", KEY]);
    let o = run(c).await;
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    for needle in [
        "\"alg\": \"HS256\"",
        "\"typ\": \"JWT\"",
        "\"token_type\": \"access\"",
        "\"user_id\": \"1\"",
        "expires in ",
        "verifies: yes",
    ] {
        assert!(out.contains(needle), "{needle} missing from: {out}");
    }

    let mut c = latchkey(dir.path());
    c.args(["token", "decode", &token, "--signing-key", "another-key"]);
    let o = run(c).await;
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    assert!(
        stdout(&o).contains("verifies: no (Token is invalid)"),
        "{}",
        stdout(&o)
    );

    let mut c = latchkey(dir.path());
    c.args(["token", "decode", &token, "--in-memory"]);
    let o = run(c).await;
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    assert!(stdout(&o).contains("not checked"), "{}", stdout(&o));

    let mut c = latchkey(dir.path());
    c.args(["token", "decode", "not-a-jwt", "--in-memory"]);
    let o = run(c).await;
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not a JWT"), "{}", stderr(&o));
}

#[tokio::test]
async fn token_decode_reports_an_expired_token() {
    let dir = TempDir::new("cli-decode-exp");
    let token = mint(&claims(
        "refresh",
        system_now() - 2 * 86_400,
        REFRESH_LIFETIME,
        json!("1"),
    ));
    let mut c = latchkey(dir.path());
    c.args(["token", "decode", &token, "--signing-key", KEY]);
    let o = run(c).await;
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("expired "), "{out}");
    assert!(out.contains("verifies: no (Token is expired)"), "{out}");
}
