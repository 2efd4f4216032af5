//! The soak (issue 8), ignored by default: `tests/soak/run.sh [SECONDS]` runs it against a
//! release build. The real binary on a data file takes mixed traffic from concurrent
//! clients (auth checks, `/api/me/`, refreshes with rotation + blacklist, logins, logouts,
//! registrations, control-plane reads) while a live SSE consumer reads `/events` and the
//! request inspector churns (its ring fills, is read and cleared). Records requests, errors,
//! p50/p99 and the server's RSS at the start and the end; asserts no error answers, a live
//! event stream, and RSS that stays flat (the growth a bounded amount, not proportional to
//! the requests). `LATCHKEY_SOAK_SECS` (default 90) sets the duration.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::proc::Proc;
use crate::support::*;

const API: &str = "/_latchkey/api";
const WORKERS: usize = 6;

fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

#[derive(Default)]
struct Stats {
    latencies_us: Vec<u32>,
    errors: Vec<String>,
}

async fn worker(url: String, id: usize, stop: Arc<AtomicBool>, stats: Arc<Mutex<Stats>>) {
    let name = format!("soak{id}");
    let pw = format!("{PW}{id}");
    let r = request(&url, "POST", "/register/")
        .json(&json!({"username": name, "password": pw}))
        .send()
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let mut session = r.session();
    let mut rng = 0x9e37_79b9_7f4a_7c15u64 ^ (id as u64 + 1);
    let mut serial = 0;
    let mut local = Stats::default();
    while !stop.load(Ordering::Relaxed) {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let roll = rng % 1000;
        let started = Instant::now();
        let (what, r) = if roll < 500 {
            (
                "auth-check",
                request(&url, "GET", "/auth-check/")
                    .session(&session)
                    .send()
                    .await,
            )
        } else if roll < 650 {
            (
                "me",
                request(&url, "GET", "/api/me/")
                    .bearer(&session.access)
                    .send()
                    .await,
            )
        } else if roll < 750 {
            let r = request(&url, "POST", "/token/refresh/")
                .refresh_cookie(&session.refresh)
                .send()
                .await;
            if r.status == 200 {
                session = Session {
                    access: r.cookie("access_token").unwrap(),
                    refresh: r.cookie("refresh_token").unwrap(),
                };
            }
            ("refresh", r)
        } else if roll < 770 {
            let r = request(&url, "POST", "/logout/")
                .session(&session)
                .send()
                .await;
            local
                .latencies_us
                .push(started.elapsed().as_micros() as u32);
            let login = request(&url, "POST", "/token/")
                .json(&json!({"username": name, "password": pw}))
                .send()
                .await;
            if login.status == 200 {
                session = login.session();
            } else {
                local
                    .errors
                    .push(format!("login: {} {}", login.status, login.text()));
            }
            ("logout", r)
        } else if roll < 775 {
            serial += 1;
            let r = request(&url, "POST", "/register/")
                .json(&json!({"username": format!("{name}x{serial}"), "password": PW}))
                .send()
                .await;
            ("register", r)
        } else if roll < 850 {
            (
                "sessions",
                request(&url, "GET", &format!("{API}/sessions?limit=20"))
                    .send()
                    .await,
            )
        } else if roll < 950 {
            (
                "requests",
                request(&url, "GET", &format!("{API}/requests?limit=50"))
                    .send()
                    .await,
            )
        } else if roll < 955 {
            (
                "clear requests",
                request(&url, "DELETE", &format!("{API}/requests"))
                    .send()
                    .await,
            )
        } else {
            (
                "users",
                request(&url, "GET", &format!("{API}/users?limit=20"))
                    .send()
                    .await,
            )
        };
        local
            .latencies_us
            .push(started.elapsed().as_micros() as u32);
        if r.status >= 300 {
            local
                .errors
                .push(format!("{what}: {} {}", r.status, r.text()));
        }
    }
    let mut s = stats.lock().unwrap();
    s.latencies_us.extend(local.latencies_us);
    s.errors.extend(local.errors);
}

#[tokio::test]
#[ignore = "soak: run with tests/soak/run.sh [SECONDS]"]
async fn soak_mixed_traffic_with_a_live_event_stream_and_request_log_churn() {
    let secs: u64 = std::env::var("LATCHKEY_SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(90);
    let dir = TempDir::new("soak");
    let p = Proc::serve(
        dir.path(),
        "server.log",
        &[
            "--data",
            "soak.sqlite3",
            "--fast-hash",
            "--rotate-refresh-tokens",
            "--blacklist-after-rotation",
        ],
        &[],
    )
    .await;
    let pid = p.pid();
    // The live event consumer.
    let events = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let consumer = {
        let (url, events, stop) = (p.url.clone(), events.clone(), stop.clone());
        tokio::spawn(async move {
            let mut resp = client()
                .get(format!("{url}{API}/events"))
                .send()
                .await
                .expect("events stream");
            assert_eq!(resp.status(), 200);
            while !stop.load(Ordering::Relaxed) {
                match resp.chunk().await {
                    Ok(Some(chunk)) => {
                        let n = chunk
                            .windows(6)
                            .filter(|w| w == b"event:" || w == b"data: ")
                            .count();
                        events.fetch_add(n.max(1) as u64, Ordering::Relaxed);
                    }
                    _ => break,
                }
            }
        })
    };
    let stats = Arc::new(Mutex::new(Stats::default()));
    let tasks: Vec<_> = (0..WORKERS)
        .map(|i| tokio::spawn(worker(p.url.clone(), i, stop.clone(), stats.clone())))
        .collect();
    // RSS after a short warm-up (allocator arenas, the inspector ring filling), then sampled.
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(secs.min(10) / 2)).await;
    let rss_start = rss_kb(pid);
    let mut rss_max = rss_start;
    while started.elapsed() < Duration::from_secs(secs) {
        tokio::time::sleep(Duration::from_secs(1)).await;
        rss_max = rss_max.max(rss_kb(pid));
    }
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.expect("worker");
    }
    let rss_end = rss_kb(pid);
    let elapsed = started.elapsed().as_secs_f64();
    // Let the consumer see the stop (an event arrives with the next request).
    p.req("GET", "/auth-check/").send().await;
    let _ = tokio::time::timeout(Duration::from_secs(10), consumer).await;
    let log = p.log();
    p.terminate().await;

    let mut s = std::mem::take(&mut *stats.lock().unwrap());
    s.latencies_us.sort_unstable();
    let n = s.latencies_us.len();
    let pct = |q: f64| s.latencies_us[((n as f64 * q) as usize).min(n - 1)] as f64 / 1000.0;
    eprintln!(
        "soak: {elapsed:.0} s, {n} requests ({:.0}/s), {} errors, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {} events streamed, RSS start {} KB, max {} KB, end {} KB",
        n as f64 / elapsed,
        s.errors.len(),
        pct(0.50),
        pct(0.99),
        pct(1.0),
        events.load(Ordering::Relaxed),
        rss_start,
        rss_max,
        rss_end,
    );
    s.errors.truncate(20);
    assert!(s.errors.is_empty(), "error answers: {:#?}", s.errors);
    assert!(!log.contains("panicked"), "{log}");
    assert!(
        events.load(Ordering::Relaxed) > 0,
        "the event stream stayed silent"
    );
    // Flat: bounded growth (sessions and tokens are state and do grow, a little per write).
    assert!(
        rss_end < rss_start + 48 * 1024,
        "RSS grew from {rss_start} KB to {rss_end} KB"
    );
}
