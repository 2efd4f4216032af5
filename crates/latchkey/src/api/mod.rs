//! The emulated Django site: routing, django-cors-headers, SecurityMiddleware,
//! CommonMiddleware's slash redirect, and DRF's `APIView.dispatch` order of checks
//! (content negotiation → authentication → permission → method → handler). Around it, the
//! control plane's hooks: faults before, the request inspector after.

pub(crate) mod authn;
pub mod cookies;
mod cors;
mod error;
mod fault;
mod hosts;
mod inspect;
mod negotiation;
mod response;
mod routes;
mod views;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, Method, Uri};
use axum::response::Response;
use latchkey_api::UserRef;

pub use error::ApiError;
use response::DrfResponse;
pub use routes::Route;

use crate::config::Settings;
use crate::state::{lock, AppState};

/// The largest body read: Django refuses JSON and form bodies over
/// DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) anyway, with its plain 400 page.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// What the inspector learns about a request while it is handled.
#[derive(Default, Debug)]
pub struct Trace {
    pub user: Option<UserRef>,
    pub session: Option<Arc<str>>,
    pub jti: Option<String>,
    pub rejection: Option<String>,
    pub fault: Option<String>,
}

/// The request as a view sees it.
pub struct Ctx {
    pub state: AppState,
    pub settings: Arc<Settings>,
    pub headers: HeaderMap,
    pub peer: Option<SocketAddr>,
    /// The body, or `None` when it was larger than [`MAX_BODY_BYTES`].
    pub body: Option<Bytes>,
    pub trace: Mutex<Trace>,
}

impl Ctx {
    /// Notes who the request acted for and with which token.
    pub fn trace_token(&self, user: &crate::store::User, jti: &str) {
        let session = self.state.token_meta(jti).map(|m| m.session_id);
        if let Some(s) = &session {
            self.state.touch_session(s);
        }
        let mut t = lock(&self.trace);
        t.user = Some(UserRef {
            id: user.id,
            username: user.username.clone(),
        });
        t.jti = Some(jti.to_string());
        t.session = session;
    }
}

/// Entry point for everything outside `/_latchkey/`.
pub async fn site(State(state): State<AppState>, req: Request) -> Response {
    let started = Instant::now();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| *addr);
    let settings = state.settings();
    let (parts, body) = req.into_parts();
    let trace = Mutex::new(Trace::default());
    let resp = handle(&state, &settings, &parts, body, peer, &trace).await;
    if !parts.uri.path().starts_with("/_latchkey") {
        let trace = trace.into_inner().unwrap_or_else(|e| e.into_inner());
        inspect::record(&state, &parts, &resp, trace, started.elapsed());
    }
    resp
}

async fn handle(
    state: &AppState,
    settings: &Arc<Settings>,
    parts: &axum::http::request::Parts,
    body: Body,
    peer: Option<SocketAddr>,
    trace: &Mutex<Trace>,
) -> Response {
    let method = parts.method.as_str();
    if method.bytes().any(|b| b.is_ascii_lowercase() || b == b'#') {
        return response::gunicorn_bad_request(&format!(
            "Invalid Method 'Invalid HTTP method: '{method}''"
        ));
    }
    if cors::is_preflight(&parts.method, &parts.headers) {
        return cors::preflight(settings, &parts.headers);
    }
    let path = decode_path(parts.uri.path());
    let mut resp = match fault::apply(state, settings, &path, trace).await {
        Some(resp) => resp,
        None if hosts::allowed(&settings.allowed_hosts, &parts.headers) => {
            django(state, settings, parts, &path, body, peer, trace).await
        }
        None => response::bad_request(),
    };
    if parts.method == Method::HEAD {
        *resp.body_mut() = Body::empty();
    }
    response::add_security_headers(resp.headers_mut());
    cors::decorate(settings, &parts.method, &parts.headers, &mut resp);
    resp
}

/// URL resolution, CommonMiddleware's slash redirect, and the views.
async fn django(
    state: &AppState,
    settings: &Arc<Settings>,
    parts: &axum::http::request::Parts,
    path: &str,
    body: Body,
    peer: Option<SocketAddr>,
    trace: &Mutex<Trace>,
) -> Response {
    let query = parts.uri.query().unwrap_or("");
    let mocks = state.mock_routes();
    match Route::resolve(path, &settings.prefix, &mocks) {
        Some(route) => {
            // Without Content-Length (a chunked body) WSGI gives DRF no body at all.
            let body = if parts.headers.contains_key(header::CONTENT_LENGTH) {
                axum::body::to_bytes(body, MAX_BODY_BYTES).await.ok()
            } else {
                Some(Bytes::new())
            };
            let ctx = Ctx {
                state: state.clone(),
                settings: settings.clone(),
                headers: parts.headers.clone(),
                peer,
                body,
                trace: Mutex::new(Trace::default()),
            };
            let resp = dispatch(route, &parts.method, query, &ctx).await;
            let mut t = lock(&ctx.trace);
            let mut outer = lock(trace);
            // A latency-only fault let the view run: keep its id.
            let fault = outer.fault.take();
            *outer = std::mem::take(&mut *t);
            outer.fault = fault;
            drop(outer);
            resp
        }
        None if !path.ends_with('/')
            && Route::resolve(&format!("{path}/"), &settings.prefix, &mocks).is_some() =>
        {
            response::moved_permanently(&slash_location(&parts.uri, path))
        }
        None => response::not_found(),
    }
}

fn slash_location(uri: &Uri, path: &str) -> String {
    match uri.query() {
        Some(q) if !q.is_empty() => format!("{path}/?{q}"),
        _ => format!("{path}/"),
    }
}

/// DRF's `APIView.dispatch`.
async fn dispatch(route: Route, method: &Method, query: &str, ctx: &Ctx) -> Response {
    let mut indent = None;
    let result = async {
        indent = negotiation::check(&ctx.headers, query)?;
        let principal = if route.authenticates() {
            authn::authenticate(ctx)?
        } else {
            None
        };
        if route.requires_auth() && principal.is_none() {
            return Err(ApiError::NotAuthenticated);
        }
        if method == Method::OPTIONS {
            return Ok(DrfResponse::ok(route.metadata()));
        }
        if *method != route.method() {
            return Err(ApiError::MethodNotAllowed(method.as_str().to_string()));
        }
        views::handle(&route, ctx, principal).await
    }
    .await;
    if let Err(e) = &result {
        lock(&ctx.trace).rejection = Some(e.reason());
    }
    if let Err(ApiError::DjangoBadRequest) = result {
        return response::bad_request();
    }
    let resp = result.unwrap_or_else(|e| {
        if let ApiError::Internal(err) = &e {
            tracing::error!("{route:?} failed: {err:#}");
        }
        let (status, body) = e.status_and_body();
        DrfResponse::new(status, body)
    });
    response::drf(resp, &route.allow(), indent)
}

/// `PATH_INFO` as Django sees it: percent-decoded, then read as UTF-8 (lossily).
fn decode_path(raw: &str) -> String {
    percent_encoding::percent_decode_str(raw)
        .decode_utf8_lossy()
        .into_owned()
}
