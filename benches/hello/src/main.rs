//! `latchkey-bench-hello [--port N]`: the smallest axum server on Latchkey's stack (same axum,
//! hyper and tokio versions, multi-threaded runtime, TCP_NODELAY, HTTP/1.1 keep-alive), with
//! one route, `GET /hello/`, answering a fixed JSON body the size of Latchkey's
//! `/auth-check/` answer. The benchmark harness (`benches/run`) uses it as the ceiling of
//! what this stack does on the machine.

use std::io::Write;
use std::net::SocketAddr;

use axum::http::header;
use axum::routing::get;
use axum::serve::ListenerExt;
use axum::Router;

/// The same bytes Latchkey answers `/auth-check/` with for the benchmark user.
const BODY: &str =
    r#"{"authenticated":true,"user":{"id":1,"username":"bench","email":"bench@example.com"}}"#;

fn main() -> std::process::ExitCode {
    let mut port: u16 = 8000;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "--port" => args.next(),
            a if a.starts_with("--port=") => Some(a["--port=".len()..].to_string()),
            "-h" | "--help" => {
                println!(
                    "usage: latchkey-bench-hello [--port N]   (serves GET /hello/ on 127.0.0.1)"
                );
                return std::process::ExitCode::SUCCESS;
            }
            _ => None,
        };
        match value.and_then(|v| v.parse().ok()) {
            Some(p) => port = p,
            None => {
                eprintln!("latchkey-bench-hello: bad argument {arg:?}; usage: latchkey-bench-hello [--port N]");
                return std::process::ExitCode::from(2);
            }
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("latchkey-bench-hello: cannot start the async runtime: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    match runtime.block_on(serve(port)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("latchkey-bench-hello: {e}");
            std::process::ExitCode::from(1)
        }
    }
}

async fn serve(port: u16) -> std::io::Result<()> {
    let app = Router::new().route(
        "/hello/",
        get(|| async { ([(header::CONTENT_TYPE, "application/json")], BODY) }),
    );
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
    let addr = listener.local_addr()?;
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "hello ready on http://{addr}/hello/")?;
        out.flush()?;
    }
    axum::serve(listener, app).await
}
