//! CORS exactly as django-cors-headers 4 does it with `CORS_ALLOW_CREDENTIALS = True` and an
//! origin whitelist: preflights answered before anything else, headers added only for
//! whitelisted origins, `Vary: origin` always.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;

use crate::config::Settings;

const ALLOW_HEADERS: &str =
    "accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with";
const ALLOW_METHODS: &str = "DELETE, GET, OPTIONS, PATCH, POST, PUT";
const MAX_AGE: &str = "86400";

/// A CORS preflight: `OPTIONS` with `Access-Control-Request-Method`.
pub fn is_preflight(method: &Method, headers: &HeaderMap) -> bool {
    method == Method::OPTIONS && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

/// The whitelisted `Origin` of a request, if it has one.
pub fn allowed_origin<'a>(settings: &Settings, headers: &'a HeaderMap) -> Option<&'a HeaderValue> {
    let origin = headers.get(header::ORIGIN)?;
    let text = origin.to_str().ok()?;
    let allowed = if text == "null" {
        settings.cors_allowed_origins.iter().any(|o| o == "null")
    } else {
        let (scheme, netloc) = split_origin(text);
        settings
            .cors_allowed_origins
            .iter()
            .any(|o| split_origin(o) == (scheme.clone(), netloc))
    };
    allowed.then_some(origin)
}

/// `(scheme, netloc)` as Python's `urlsplit` gives them: scheme lower-cased, netloc as is.
fn split_origin(url: &str) -> (String, &str) {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            (scheme.to_ascii_lowercase(), &rest[..end])
        }
        None => (String::new(), ""),
    }
}

/// The middleware's own answer to a preflight: empty, 200, no security headers.
pub fn preflight(settings: &Settings, headers: &HeaderMap) -> Response {
    let mut out = Response::new(Body::empty());
    *out.status_mut() = StatusCode::OK;
    let h = out.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    add_cors_headers(settings, &Method::OPTIONS, headers, h);
    out
}

/// Decorates any other response.
pub fn decorate(
    settings: &Settings,
    method: &Method,
    request: &HeaderMap,
    response: &mut Response,
) {
    add_cors_headers(settings, method, request, response.headers_mut());
}

/// `CorsMiddleware.add_response_headers`: the origin for whitelisted origins, the preflight
/// headers on every OPTIONS answer (preflight or not), `Vary: origin` always.
fn add_cors_headers(settings: &Settings, method: &Method, request: &HeaderMap, h: &mut HeaderMap) {
    if let Some(origin) = allowed_origin(settings, request).cloned() {
        add_origin(h, origin);
        if method == Method::OPTIONS {
            h.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(ALLOW_HEADERS),
            );
            h.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static(ALLOW_METHODS),
            );
            h.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static(MAX_AGE),
            );
        }
    }
    add_vary_origin(h);
}

fn add_origin(h: &mut HeaderMap, origin: HeaderValue) {
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    h.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
}

/// Django's `patch_vary_headers(response, ("origin",))`.
fn add_vary_origin(h: &mut HeaderMap) {
    let existing: Vec<String> = h
        .get_all(header::VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect();
    if existing
        .iter()
        .any(|v| v == "*" || v.eq_ignore_ascii_case("origin"))
    {
        return;
    }
    let mut all = existing;
    all.push("origin".to_string());
    if let Ok(v) = HeaderValue::from_str(&all.join(", ")) {
        h.insert(header::VARY, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(origin: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ORIGIN, HeaderValue::from_str(origin).unwrap());
        h
    }

    #[test]
    fn whitelist_compares_scheme_and_netloc_like_urlsplit() {
        let s = Settings::default();
        assert!(allowed_origin(&s, &headers("http://localhost:3000")).is_some());
        assert!(allowed_origin(&s, &headers("http://localhost:3000/")).is_some());
        assert!(allowed_origin(&s, &headers("HTTP://localhost:3000")).is_some());
        assert!(allowed_origin(&s, &headers("http://LOCALHOST:3000")).is_none());
        assert!(allowed_origin(&s, &headers("http://localhost:3001")).is_none());
        assert!(allowed_origin(&s, &headers("null")).is_none());
    }
}
