//! The emulated Django site: routing, django-cors-headers, SecurityMiddleware,
//! CommonMiddleware's slash redirect, and DRF's `APIView.dispatch` order of checks
//! (content negotiation → authentication → permission → method → handler).

mod authn;
pub mod cookies;
mod cors;
mod error;
mod hosts;
mod negotiation;
mod response;
mod views;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, Method, Uri};
use axum::response::Response;
use serde_json::json;

pub use error::ApiError;
use response::DrfResponse;

use crate::config::Settings;
use crate::state::AppState;

/// The largest body read: Django refuses JSON and form bodies over
/// DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) anyway, with its plain 400 page.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// The views of the seed design.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Register,
    Token,
    Refresh,
    Logout,
    AuthCheck,
    Me,
}

impl Route {
    /// Resolves a decoded path against the URLconf (auth routes live under the prefix).
    pub fn resolve(path: &str, prefix: &str) -> Option<Route> {
        if path == "/api/me/" {
            return Some(Route::Me);
        }
        match path.strip_prefix(prefix)? {
            "register/" => Some(Route::Register),
            "token/" => Some(Route::Token),
            "token/refresh/" => Some(Route::Refresh),
            "logout/" => Some(Route::Logout),
            "auth-check/" => Some(Route::AuthCheck),
            _ => None,
        }
    }

    /// The HTTP method the view handles (DRF answers OPTIONS itself).
    fn method(self) -> Method {
        match self {
            Route::AuthCheck | Route::Me => Method::GET,
            _ => Method::POST,
        }
    }

    fn allow(self) -> &'static str {
        match self.method() {
            Method::GET => "GET, OPTIONS",
            _ => "POST, OPTIONS",
        }
    }

    /// Whether the view runs `CustomJWTAuthentication`.
    fn authenticates(self) -> bool {
        !matches!(self, Route::Token | Route::Refresh)
    }

    /// Whether the view's permission is `IsAuthenticated` (else `AllowAny`).
    fn requires_auth(self) -> bool {
        matches!(self, Route::AuthCheck | Route::Me)
    }

    /// DRF's `SimpleMetadata` answer to OPTIONS.
    fn metadata(self) -> serde_json::Value {
        let field = |required: bool, read_only: bool, label: &str| json!({"type": "string", "required": required, "read_only": read_only, "label": label});
        let (name, actions) = match self {
            Route::Register => ("Register", None),
            Route::Token => (
                "Cookie Token Obtain Pair",
                Some(json!({"POST": {
                    "username": field(true, false, "Username"),
                    "password": field(true, false, "Password"),
                }})),
            ),
            Route::Refresh => (
                "Cookie Token Refresh",
                Some(json!({"POST": {
                    "refresh": field(true, false, "Refresh"),
                    "access": field(false, true, "Access"),
                }})),
            ),
            Route::Logout => ("Logout", None),
            Route::AuthCheck => ("Auth Check", None),
            Route::Me => ("Me", None),
        };
        let mut meta = json!({
            "name": name,
            "description": "",
            "renders": ["application/json", "text/html"],
            "parses": ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"],
        });
        if let (Some(actions), Some(obj)) = (actions, meta.as_object_mut()) {
            obj.insert("actions".into(), actions);
        }
        meta
    }
}

/// The request as a view sees it.
pub struct Ctx {
    pub state: AppState,
    pub settings: Arc<Settings>,
    pub headers: HeaderMap,
    pub peer: Option<SocketAddr>,
    /// The body, or `None` when it was larger than [`MAX_BODY_BYTES`].
    pub body: Option<Bytes>,
}

/// Entry point for everything outside `/_latchkey/`.
pub async fn site(State(state): State<AppState>, req: Request) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| *addr);
    let settings = state.settings();
    let (parts, body) = req.into_parts();
    let method = parts.method.as_str();
    if method.bytes().any(|b| b.is_ascii_lowercase() || b == b'#') {
        return response::gunicorn_bad_request(&format!(
            "Invalid Method 'Invalid HTTP method: '{method}''"
        ));
    }
    if cors::is_preflight(&parts.method, &parts.headers) {
        return cors::preflight(&settings, &parts.headers);
    }
    let mut resp = if hosts::allowed(&settings.allowed_hosts, &parts.headers) {
        django(
            &state,
            &settings,
            parts.method.clone(),
            &parts.uri,
            &parts.headers,
            body,
            peer,
        )
        .await
    } else {
        response::bad_request()
    };
    if parts.method == Method::HEAD {
        *resp.body_mut() = Body::empty();
    }
    response::add_security_headers(resp.headers_mut());
    cors::decorate(&settings, &parts.method, &parts.headers, &mut resp);
    resp
}

/// URL resolution, CommonMiddleware's slash redirect, and the views.
async fn django(
    state: &AppState,
    settings: &Arc<Settings>,
    method: Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: Body,
    peer: Option<SocketAddr>,
) -> Response {
    let path = decode_path(uri.path());
    let query = uri.query().unwrap_or("");
    match Route::resolve(&path, &settings.prefix) {
        Some(route) => {
            // Without Content-Length (a chunked body) WSGI gives DRF no body at all.
            let body = if headers.contains_key(header::CONTENT_LENGTH) {
                axum::body::to_bytes(body, MAX_BODY_BYTES).await.ok()
            } else {
                Some(Bytes::new())
            };
            let ctx = Ctx {
                state: state.clone(),
                settings: settings.clone(),
                headers: headers.clone(),
                peer,
                body,
            };
            dispatch(route, &method, query, ctx).await
        }
        None if !path.ends_with('/')
            && Route::resolve(&format!("{path}/"), &settings.prefix).is_some() =>
        {
            let location = if query.is_empty() {
                format!("{path}/")
            } else {
                format!("{path}/?{query}")
            };
            response::moved_permanently(&location)
        }
        None => response::not_found(),
    }
}

/// DRF's `APIView.dispatch`.
async fn dispatch(route: Route, method: &Method, query: &str, ctx: Ctx) -> Response {
    let mut indent = None;
    let result = async {
        indent = negotiation::check(&ctx.headers, query)?;
        let principal = if route.authenticates() {
            authn::authenticate(&ctx)?
        } else {
            None
        };
        if route.requires_auth() && principal.is_none() {
            return Err(ApiError::NotAuthenticated);
        }
        if method == Method::OPTIONS {
            return Ok(DrfResponse::ok(route.metadata()));
        }
        if method != route.method() {
            return Err(ApiError::MethodNotAllowed(method.as_str().to_string()));
        }
        views::handle(route, &ctx, principal).await
    }
    .await;
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
    response::drf(resp, route.allow(), indent)
}

/// `PATH_INFO` as Django sees it: percent-decoded, then read as UTF-8 (lossily).
fn decode_path(raw: &str) -> String {
    percent_encoding::percent_decode_str(raw)
        .decode_utf8_lossy()
        .into_owned()
}
