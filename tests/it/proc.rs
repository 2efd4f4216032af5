//! `latchkey serve` as a separate process: started with chosen flags and environment, its
//! stderr captured to a file (the log the security, crash and soak tests read), ready when
//! it prints its ready line, stopped with SIGTERM or killed with SIGKILL.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Child;
use tokio::time::timeout;

use crate::cli::latchkey;
use crate::support::{request, Req};

const STARTUP: Duration = Duration::from_secs(60);

pub struct Proc {
    child: Child,
    pub url: String,
    pub log_path: PathBuf,
}

impl Proc {
    /// `latchkey serve --port 0 ARGS` in `dir` with `env` (no inherited `LATCHKEY_*`), its
    /// stderr appended to `dir/<log_name>`. Returns once the ready line was printed.
    pub async fn serve(dir: &Path, log_name: &str, args: &[&str], env: &[(&str, &str)]) -> Proc {
        let log_path = dir.join(log_name);
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .expect("open log file");
        let mut c = latchkey(dir);
        c.arg("serve")
            .args(["--port", "0"])
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log));
        let mut child = c.spawn().expect("spawn latchkey serve");
        let out = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(out).lines();
        let line = match timeout(STARTUP, lines.next_line()).await {
            Ok(Ok(Some(line))) => line,
            other => panic!(
                "no ready line ({other:?}); log:\n{}",
                std::fs::read_to_string(&log_path).unwrap_or_default()
            ),
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("URL in the ready line: {line}"))
            .trim_end_matches('/')
            .to_string();
        Proc {
            child,
            url,
            log_path,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id().expect("running")
    }

    pub fn req(&self, method: &str, path: &str) -> Req {
        request(&self.url, method, path)
    }

    /// Everything the process wrote to stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// SIGKILL, then reap: no chance to flush or clean up.
    pub async fn kill9(mut self) {
        self.child.start_kill().expect("SIGKILL");
        let _ = timeout(STARTUP, self.child.wait()).await.expect("reaped");
    }

    /// SIGTERM and wait for the graceful exit.
    pub async fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.pid();
        // SAFETY: kill(2) on our own child's pid; no memory is involved.
        let rc = unsafe { libc_kill(pid as i32, 15) };
        assert_eq!(rc, 0, "SIGTERM");
        timeout(STARTUP, self.child.wait())
            .await
            .expect("stops after SIGTERM")
            .expect("wait")
    }
}

extern "C" {
    #[link_name = "kill"]
    fn libc_kill(pid: i32, sig: i32) -> i32;
}
