//! `latchkey::Server`: the one way to start Latchkey, used by the CLI, the tests and the
//! desktop shell alike.

use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use anyhow::Context;
use axum::extract::{ConnectInfo, Request};
use axum::middleware::{self, Next};
use axum::response::{Redirect, Response};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower::ServiceExt;

use crate::clock::Clock;
use crate::config::{Config, ConfigError, Storage};
use crate::password::HashCost;
use crate::seed;
use crate::state::{AppState, Parts};
use crate::store::Store;

/// Entry point: `Server::builder().config(c).spawn().await?`.
pub struct Server;

impl Server {
    pub fn builder() -> ServerBuilder {
        ServerBuilder {
            config: Config::default(),
            clock: Clock::system(),
            listener: None,
        }
    }
}

pub struct ServerBuilder {
    config: Config,
    clock: Clock,
    listener: Option<TcpListener>,
}

impl ServerBuilder {
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// The clock every expiry decision reads (tests pass a frozen one).
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Serves on an already bound listener (e.g. `127.0.0.1:0`) instead of host/port.
    pub fn listener(mut self, listener: TcpListener) -> Self {
        self.listener = Some(listener);
        self
    }

    /// Opens the store, binds, and starts serving in the background.
    pub async fn spawn(self) -> anyhow::Result<RunningServer> {
        let ServerBuilder {
            config,
            clock,
            listener,
        } = self;
        let listener = match listener {
            Some(l) => l,
            None => bind(&config).await?,
        };
        let addr = listener.local_addr()?;
        let storage = config.storage()?;
        let store = Store::open(&storage).await?;
        let signing_key = signing_key(&config, &store).await?;
        let hash_cost = if config.fast_hash {
            HashCost::Fast
        } else {
            HashCost::Owasp
        };
        if let Some(path) = &config.seed {
            seed::apply_file(&store, path, hash_cost, clock.now()).await?;
        }
        let routes = crate::control::mock_routes_from_config(&store, &config.routes).await?;
        let state = AppState::load(
            store,
            Parts {
                clock,
                config,
                signing_key,
                hash_cost,
                routes,
            },
        )
        .await?;
        let app = app(state.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, app, rx));
        Ok(RunningServer {
            addr,
            state,
            storage,
            stop: Some(tx),
            task,
        })
    }
}

/// The whole HTTP application: the control plane under `/_latchkey/`, the emulated Django
/// site everywhere else.
pub fn app(state: AppState) -> Router {
    Router::new()
        .nest(
            crate::control::API_PREFIX,
            crate::control::router(state.clone()),
        )
        .route(
            "/_latchkey",
            get(|| async { Redirect::permanent("/_latchkey/") }),
        )
        .route("/_latchkey/", get(crate::ui::index))
        .route("/_latchkey/{*path}", axum::routing::any(crate::ui::asset))
        .fallback(crate::api::site)
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// Keeps memory flat under password hashing: glibc raises its mmap threshold after the first
/// freed 19 MiB argon2 buffer and from then on keeps such buffers in per-thread arenas it
/// never returns (hundreds of MB after a few dozen logins). A fixed threshold makes them
/// plain mmaps again, returned on free. Call once at process start.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called before other threads
    // allocate, and any threshold value is valid.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Set on a response to close the connection without sending it (the "drop" fault).
#[derive(Clone, Copy, Debug)]
pub struct DropConnection;

/// The accept loop: HTTP/1.1 connections served by the router, the peer address in each
/// request's extensions, graceful shutdown, and real connection drops for the drop fault
/// (a service error makes hyper close the connection without answering).
async fn serve(listener: TcpListener, app: Router, stop: oneshot::Receiver<()>) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service =
            hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                let app = app.clone();
                async move {
                    let resp = app.oneshot(req.map(axum::body::Body::new)).await;
                    match resp {
                        Ok(r) if r.extensions().get::<DropConnection>().is_some() => {
                            Err(DroppedByFault)
                        }
                        Ok(r) => Ok(r),
                        Err(never) => match never {},
                    }
                }
            });
        let conn = hyper::server::conn::http1::Builder::new()
            .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
    // Let in-flight requests finish, but do not wait forever on idle keep-alive clients.
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), graceful.shutdown()).await;
}

/// The service error that makes hyper drop a connection.
#[derive(Debug)]
struct DroppedByFault;

impl std::fmt::Display for DroppedByFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by a fault")
    }
}

impl std::error::Error for DroppedByFault {}

/// One line per request at info: method, path, status, milliseconds (never the query
/// string, cookies or bodies: they can carry tokens and passwords).
async fn log_request(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let started = Instant::now();
    let resp = next.run(req).await;
    tracing::info!(
        "{method} {path} {} {:.1}ms",
        resp.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    resp
}

async fn bind(config: &Config) -> anyhow::Result<TcpListener> {
    let ip: IpAddr = match config.host.as_str() {
        "localhost" => IpAddr::from([127, 0, 0, 1]),
        h => h.trim_start_matches('[').trim_end_matches(']').parse().map_err(|_| ConfigError {
            key: "host".into(),
            origin: "setting".into(),
            message: format!("{h:?} is not an IP address (use 127.0.0.1, ::1 or, with --allow-remote, 0.0.0.0)"),
        })?,
    };
    if !ip.is_loopback() {
        if !config.allow_remote {
            return Err(ConfigError {
                key: "host".into(),
                origin: "setting".into(),
                message: format!("{ip} is not a loopback address; Latchkey is a local emulator, so pass --allow-remote to expose it to other machines"),
            }
            .into());
        }
        tracing::warn!("listening on {ip}: other machines can reach the auth API (the control plane still answers only loopback peers)");
    }
    let addr = SocketAddr::new(ip, config.port);
    TcpListener::bind(addr).await.with_context(|| {
        format!("cannot listen on {addr}; is another server using port {}? Pass --port to choose another (0 picks a free one)", config.port)
    })
}

/// The configured key, else the one kept in the data file, else a new one kept there.
async fn signing_key(config: &Config, store: &Store) -> anyhow::Result<Vec<u8>> {
    if let Some(key) = &config.settings.signing_key {
        return Ok(key.as_bytes().to_vec());
    }
    if let Some(key) = store.meta("signing_key").await? {
        return Ok(key.into_bytes());
    }
    let key = {
        use rand::RngCore;
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        hex::encode(bytes)
    };
    store.set_meta("signing_key", &key).await?;
    Ok(key.into_bytes())
}

/// A server serving in the background; stop it with [`RunningServer::shutdown`].
pub struct RunningServer {
    addr: SocketAddr,
    state: AppState,
    storage: Storage,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl RunningServer {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn clock(&self) -> &Clock {
        &self.state.clock
    }

    /// The HS256 key in use (configured or generated).
    pub fn signing_key(&self) -> &[u8] {
        &self.state.signing_key
    }

    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    /// Stops accepting, lets in-flight requests finish, and closes the store cleanly.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
        self.state.store.close().await;
    }
}
