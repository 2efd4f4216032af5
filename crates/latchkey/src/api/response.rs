//! Response building: DRF's JSON renderer and view headers, and the pages Django makes itself.
//! Every emulated response is built here, so the headers the real stack sends are in one place.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::Value;

/// Bytes as DRF's JSONRenderer writes them: compact (or indented when the Accept header
/// asked), UTF-8 (not `\u` escapes), with U+2028 and U+2029 escaped.
pub fn render_json(value: &Value, indent: Option<usize>) -> Vec<u8> {
    let text = match indent {
        None => value.to_string(),
        Some(n) => {
            let pad = vec![b' '; n];
            let mut out = Vec::new();
            let fmt = serde_json::ser::PrettyFormatter::with_indent(&pad);
            let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
            match serde::Serialize::serialize(value, &mut ser) {
                Ok(()) => String::from_utf8(out).unwrap_or_default(),
                Err(_) => value.to_string(),
            }
        }
    };
    if text.contains(['\u{2028}', '\u{2029}']) {
        text.replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
            .into_bytes()
    } else {
        text.into_bytes()
    }
}

/// A DRF view's answer before the view's headers are added.
#[derive(Debug)]
pub struct DrfResponse {
    pub status: StatusCode,
    pub body: Value,
    /// Complete `Set-Cookie` values, in order.
    pub cookies: Vec<String>,
}

impl DrfResponse {
    pub fn new(status: StatusCode, body: Value) -> Self {
        DrfResponse {
            status,
            body,
            cookies: Vec::new(),
        }
    }

    pub fn ok(body: Value) -> Self {
        Self::new(StatusCode::OK, body)
    }

    pub fn with_cookies(mut self, cookies: Vec<String>) -> Self {
        self.cookies = cookies;
        self
    }
}

/// Adds what DRF's `finalize_response` adds (`Allow`, `Vary: Accept`) and, on 401s, the
/// `WWW-Authenticate` challenge.
pub fn drf(resp: DrfResponse, allow: &str, indent: Option<usize>) -> Response {
    let body = render_json(&resp.body, indent);
    let mut out = Response::new(Body::from(body));
    *out.status_mut() = resp.status;
    let h = out.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::VARY, HeaderValue::from_static("Accept"));
    if let Ok(allow) = HeaderValue::from_str(allow) {
        h.insert(header::ALLOW, allow);
    }
    if resp.status == StatusCode::UNAUTHORIZED {
        h.insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"api\""),
        );
    }
    for c in resp.cookies {
        if let Ok(v) = HeaderValue::from_str(&c) {
            h.append(header::SET_COOKIE, v);
        }
    }
    out
}

fn html(status: StatusCode, body: &'static str) -> Response {
    let mut out = Response::new(Body::from(body));
    *out.status_mut() = status;
    out.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    out
}

/// Django's `page_not_found` page with `DEBUG = False`.
pub fn not_found() -> Response {
    html(
        StatusCode::NOT_FOUND,
        "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n",
    )
}

/// Django's `bad_request` page (a body over the upload limits).
pub fn bad_request() -> Response {
    html(StatusCode::BAD_REQUEST, crate::body::BAD_REQUEST_HTML)
}

/// gunicorn's answer to a request line it refuses (e.g. a lower-case method): no Django
/// headers at all.
pub fn gunicorn_bad_request(detail: &str) -> Response {
    let escaped = detail
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;");
    let body = format!("<html>\n  <head>\n    <title>Bad Request</title>\n  </head>\n  <body>\n    <h1><p>Bad Request</p></h1>\n    {escaped}\n  </body>\n</html>\n");
    let mut out = Response::new(Body::from(body));
    *out.status_mut() = StatusCode::BAD_REQUEST;
    out.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
    out
}

/// CommonMiddleware's APPEND_SLASH redirect: an empty HTML 301.
pub fn moved_permanently(location: &str) -> Response {
    let mut out = html(StatusCode::MOVED_PERMANENTLY, "");
    if let Ok(v) = HeaderValue::from_str(location) {
        out.headers_mut().insert(header::LOCATION, v);
    }
    out
}

/// SecurityMiddleware's headers (DEBUG off, defaults of a new project).
pub fn add_security_headers(h: &mut HeaderMap) {
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_drf() {
        let v = serde_json::json!({"detail": "é\u{2028}\"x\"", "n": [1, 2]});
        assert_eq!(
            String::from_utf8(render_json(&v, None)).unwrap(),
            "{\"detail\":\"é\\u2028\\\"x\\\"\",\"n\":[1,2]}"
        );
        assert_eq!(
            String::from_utf8(render_json(&serde_json::json!({"a": [1]}), Some(4))).unwrap(),
            "{\n    \"a\": [\n        1\n    ]\n}"
        );
    }
}
