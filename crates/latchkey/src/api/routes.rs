//! The URLconf: which view a path reaches.

use std::sync::Arc;

use axum::http::Method;
use latchkey_api::routes::MockRoute;
use serde_json::json;

/// The views of the seed design, and the configured mock routes.
#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    Register,
    Token,
    Refresh,
    Logout,
    AuthCheck,
    Me,
    /// A mock protected route: a DRF `IsAuthenticated` view answering fixed JSON.
    Mock(Arc<MockRoute>),
}

impl Route {
    /// Resolves a decoded path against the URLconf (auth routes live under the prefix; the
    /// sample `/api/me/` and mock routes are absolute).
    pub fn resolve(path: &str, prefix: &str, mocks: &[MockRoute]) -> Option<Route> {
        if path == "/api/me/" {
            return Some(Route::Me);
        }
        let fixed = path.strip_prefix(prefix).and_then(|rest| match rest {
            "register/" => Some(Route::Register),
            "token/" => Some(Route::Token),
            "token/refresh/" => Some(Route::Refresh),
            "logout/" => Some(Route::Logout),
            "auth-check/" => Some(Route::AuthCheck),
            _ => None,
        });
        fixed.or_else(|| {
            mocks
                .iter()
                .find(|m| m.path == path)
                .map(|m| Route::Mock(Arc::new(m.clone())))
        })
    }

    /// The HTTP method the view handles (DRF answers OPTIONS itself).
    pub fn method(&self) -> Method {
        match self {
            Route::AuthCheck | Route::Me => Method::GET,
            Route::Mock(m) => Method::from_bytes(m.method.as_bytes()).unwrap_or(Method::GET),
            _ => Method::POST,
        }
    }

    /// The `Allow` header: the view's method and OPTIONS.
    pub fn allow(&self) -> String {
        format!("{}, OPTIONS", self.method())
    }

    /// Whether the view runs `CustomJWTAuthentication`.
    pub fn authenticates(&self) -> bool {
        !matches!(self, Route::Token | Route::Refresh)
    }

    /// Whether the view's permission is `IsAuthenticated` (else `AllowAny`).
    pub fn requires_auth(&self) -> bool {
        matches!(self, Route::AuthCheck | Route::Me | Route::Mock(_))
    }

    /// DRF's `SimpleMetadata` answer to OPTIONS.
    pub fn metadata(&self) -> serde_json::Value {
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
            Route::Mock(_) => ("Mock", None),
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
