//! Crash safety (issue 8): the real binary on a data file takes registrations, logins,
//! refreshes (rotation + blacklist), logouts and control-plane edits from concurrent clients
//! and is killed with SIGKILL at a random moment, several times. After each kill the data
//! file passes `PRAGMA integrity_check`, and after each restart every write that was
//! acknowledged with a 2xx, since the very first cycle, is checked to be there.
//!
//! The kill point is random (a random number of acknowledged writes, with the other clients'
//! requests in flight); the seed is printed and `LATCHKEY_CRASH_SEED` replays it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::json;
use sqlx::Connection;
use tokio::sync::Notify;

use crate::proc::Proc;
use crate::support::*;

const API: &str = "/_latchkey/api";
const CYCLES: usize = 5;
const WORKERS: usize = 4;

/// What the server acknowledged, to be found again after every restart.
#[derive(Default)]
struct Ledger {
    /// (id, username, password, expected is_active; `None` when a deactivation was in
    /// flight at the kill, so either state is right).
    users: Vec<(i64, String, String, Option<bool>)>,
    /// Refresh tokens blacklisted by an acknowledged logout or rotation.
    blacklisted: Vec<String>,
    /// Sessions revoked by an acknowledged control-plane call.
    revoked: Vec<String>,
    acks: usize,
    /// Any 5xx seen (there must be none).
    server_errors: Vec<String>,
}

struct Shared {
    ledger: Mutex<Ledger>,
    acked: Notify,
    stop: AtomicBool,
}

impl Shared {
    fn ack(&self, f: impl FnOnce(&mut Ledger)) {
        let mut l = self.ledger.lock().unwrap();
        f(&mut l);
        l.acks += 1;
        drop(l);
        self.acked.notify_waiters();
    }

    fn snapshot(&self) -> Ledger {
        let l = self.ledger.lock().unwrap();
        Ledger {
            users: l.users.clone(),
            blacklisted: l.blacklisted.clone(),
            revoked: l.revoked.clone(),
            acks: l.acks,
            server_errors: l.server_errors.clone(),
        }
    }

    fn seen(&self, what: &str, r: &Resp) {
        if r.status >= 500 {
            let mut l = self.ledger.lock().unwrap();
            l.server_errors
                .push(format!("{what}: {} {}", r.status, r.text()));
        }
    }
}

/// A worker's own users and sessions; it survives restarts (old tokens keep being used).
#[derive(Default)]
struct World {
    users: Vec<(i64, String)>,
    /// (user index, session id, current refresh token)
    sessions: Vec<(usize, String, String)>,
    serial: usize,
    rng: u64,
}

impl World {
    fn next(&mut self) -> u64 {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        self.rng
    }

    fn pick(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn jti(token: &str) -> String {
    decode(token).claims["jti"].as_str().unwrap().to_string()
}

/// One worker's traffic until its request fails (the kill) or it is told to stop.
async fn work(url: String, id: usize, cycle: usize, mut w: World, shared: Arc<Shared>) -> World {
    while !shared.stop.load(Ordering::SeqCst) {
        let roll = w.next() % 100;
        let req = |m: &str, p: &str| request(&url, m, p);
        if w.users.is_empty() || roll < 25 {
            w.serial += 1;
            let name = format!("w{id}c{cycle}n{}", w.serial);
            let pw = format!("{PW}{}", w.serial);
            let body = json!({"username": name, "password": pw});
            let Ok(r) = req("POST", "/register/").json(&body).try_send().await else {
                return w;
            };
            shared.seen("register", &r);
            if r.status == 201 {
                let uid = r.json()["user"]["id"].as_i64().unwrap();
                let refresh = r.cookie("refresh_token").unwrap();
                w.users.push((uid, name.clone()));
                w.sessions.push((w.users.len() - 1, jti(&refresh), refresh));
                shared.ack(|l| l.users.push((uid, name, pw, Some(true))));
            }
        } else if roll < 40 {
            let u = w.pick(w.users.len());
            let (uid, name) = w.users[u].clone();
            let pw = {
                let l = shared.ledger.lock().unwrap();
                l.users.iter().find(|x| x.0 == uid).unwrap().2.clone()
            };
            let body = json!({"username": name, "password": pw});
            let Ok(r) = req("POST", "/token/").json(&body).try_send().await else {
                return w;
            };
            shared.seen("login", &r);
            if r.status == 200 {
                let refresh = r.cookie("refresh_token").unwrap();
                w.sessions.push((u, jti(&refresh), refresh));
                shared.ack(|_| {});
            }
        } else if roll < 85 && !w.sessions.is_empty() {
            let i = w.pick(w.sessions.len());
            let old = w.sessions[i].2.clone();
            let logout = roll >= 70;
            let path = if logout {
                "/logout/"
            } else {
                "/token/refresh/"
            };
            let Ok(r) = req("POST", path).refresh_cookie(&old).try_send().await else {
                return w;
            };
            shared.seen(path, &r);
            match (logout, r.status) {
                (true, 200) => {
                    w.sessions.remove(i);
                    // Logout answers 200 for any token; only a valid one is blacklisted.
                    // This one was valid unless a write lost at an earlier kill says
                    // otherwise, so it is checked the same way: refused from now on.
                    shared.ack(|l| l.blacklisted.push(old));
                }
                (false, 200) => {
                    w.sessions[i].2 = r.cookie("refresh_token").unwrap();
                    shared.ack(|l| l.blacklisted.push(old));
                }
                _ => {
                    // A token an unacknowledged write (cut by a kill) made invalid.
                    w.sessions.remove(i);
                }
            }
        } else if roll < 92 && !w.sessions.is_empty() {
            let i = w.pick(w.sessions.len());
            let (_, sid, _) = w.sessions.remove(i);
            let path = format!("{API}/sessions/{sid}/revoke");
            let Ok(r) = req("POST", &path).json(&json!({})).try_send().await else {
                return w;
            };
            shared.seen("revoke", &r);
            if r.status == 200 {
                shared.ack(|l| l.revoked.push(sid));
            }
        } else if w.users.len() > 1 {
            let u = w.pick(w.users.len());
            let (uid, _) = w.users.remove(u);
            w.sessions.retain(|s| s.0 != u);
            for s in &mut w.sessions {
                if s.0 > u {
                    s.0 -= 1;
                }
            }
            let path = format!("{API}/users/{uid}");
            let sent = req("PATCH", &path)
                .json(&json!({"is_active": false}))
                .try_send()
                .await;
            let mark = |l: &mut Ledger, state: Option<bool>| {
                if let Some(u) = l.users.iter_mut().find(|x| x.0 == uid) {
                    u.3 = state;
                }
            };
            match sent {
                Ok(r) if r.status == 200 => shared.ack(|l| mark(l, Some(false))),
                Ok(r) => shared.seen("deactivate", &r),
                Err(_) => {
                    mark(&mut shared.ledger.lock().unwrap(), None);
                    return w;
                }
            }
        }
    }
    w
}

/// Every acknowledged write, checked against the restarted server; returns the count.
async fn verify(p: &Proc, ledger: &Ledger) -> usize {
    let mut checked = 0;
    for (uid, name, pw, active) in &ledger.users {
        let Some(active) = active else { continue };
        let r = p
            .req("POST", "/token/")
            .json(&json!({"username": name, "password": pw}))
            .send()
            .await;
        if *active {
            assert_eq!(r.status, 200, "acknowledged user {name} lost: {}", r.text());
        } else {
            r.expect(401, NO_ACTIVE_ACCOUNT);
            let u = p.req("GET", &format!("{API}/users/{uid}")).send().await;
            assert_eq!(u.json()["is_active"], false, "deactivation of {name} lost");
        }
        checked += 1;
    }
    for token in &ledger.blacklisted {
        p.req("POST", "/token/refresh/")
            .refresh_cookie(token)
            .send()
            .await
            .expect_401(&refresh_token_error("Token is blacklisted"));
        checked += 1;
    }
    for sid in &ledger.revoked {
        let r = p.req("GET", &format!("{API}/sessions/{sid}")).send().await;
        assert_eq!(r.status, 200, "session {sid}: {}", r.text());
        assert_eq!(r.json()["state"], "revoked", "revocation of {sid} lost");
        checked += 1;
    }
    checked
}

/// `PRAGMA integrity_check` on the data file, as the killed process left it.
async fn integrity_check(path: &std::path::Path) {
    let url = format!("sqlite://{}", path.display());
    let mut conn = sqlx::SqliteConnection::connect(&url)
        .await
        .expect("open the data file");
    let rows: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await
        .expect("integrity_check");
    assert_eq!(rows, vec![("ok".to_string(),)], "integrity_check");
    conn.close().await.expect("close");
}

#[tokio::test]
async fn crash_sigkill_mid_traffic_loses_no_acknowledged_write() {
    let seed: u64 = std::env::var("LATCHKEY_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("crash test seed: LATCHKEY_CRASH_SEED={seed}");
    let dir = TempDir::new("crash");
    let data = dir.join("data.sqlite3");
    let args = [
        "--data",
        "data.sqlite3",
        "--fast-hash",
        "--rotate-refresh-tokens",
        "--blacklist-after-rotation",
    ];
    let shared = Arc::new(Shared {
        ledger: Mutex::default(),
        acked: Notify::new(),
        stop: AtomicBool::new(false),
    });
    let mut worlds: Vec<World> = (0..WORKERS)
        .map(|i| World {
            rng: seed
                .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                .wrapping_add(i as u64)
                | 1,
            ..World::default()
        })
        .collect();
    let mut rng = World {
        rng: seed,
        ..World::default()
    };
    let mut total_checked = 0;
    for cycle in 0..CYCLES {
        let p = Proc::serve(dir.path(), "server.log", &args, &[]).await;
        if cycle > 0 {
            total_checked += verify(&p, &shared.snapshot()).await;
        }
        // Kill after a random number (20..80) of further acknowledged writes.
        let target = shared.ledger.lock().unwrap().acks + 20 + rng.pick(60);
        shared.stop.store(false, Ordering::SeqCst);
        let tasks: Vec<_> = worlds
            .drain(..)
            .enumerate()
            .map(|(i, w)| tokio::spawn(work(p.url.clone(), i, cycle, w, shared.clone())))
            .collect();
        loop {
            let notified = shared.acked.notified();
            if shared.ledger.lock().unwrap().acks >= target {
                break;
            }
            tokio::time::timeout(std::time::Duration::from_secs(120), notified)
                .await
                .expect("the workers keep getting writes acknowledged");
        }
        p.kill9().await;
        shared.stop.store(true, Ordering::SeqCst);
        for t in tasks {
            worlds.push(t.await.expect("worker"));
        }
        integrity_check(&data).await;
    }
    // A last restart checks the writes of the last cycle.
    let p = Proc::serve(dir.path(), "server.log", &args, &[]).await;
    let snapshot = shared.snapshot();
    let (acks, errors) = (snapshot.acks, snapshot.server_errors.clone());
    total_checked += verify(&p, &snapshot).await;
    p.terminate().await;
    integrity_check(&data).await;
    let log = std::fs::read_to_string(dir.join("server.log")).unwrap();
    assert!(errors.is_empty(), "5xx answers: {errors:?}");
    assert!(!log.contains("panicked"), "{log}");
    eprintln!(
        "crash: {CYCLES} SIGKILL cycles, {acks} acknowledged writes ({} users, {} blacklisted tokens, {} revoked sessions), {total_checked} checks after restarts",
        snapshot.users.len(),
        snapshot.blacklisted.len(),
        snapshot.revoked.len()
    );
}
