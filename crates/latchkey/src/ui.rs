//! `/_latchkey/`: the inspector UI, embedded into the binary by `build.rs` from `ui/dist`
//! (run `trunk build --release` in `ui/` before `cargo build`). Without a UI build it serves
//! a page that says how to make one; the control-plane API works either way.

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

include!(concat!(env!("OUT_DIR"), "/ui_assets.rs"));

/// Whether this binary carries a built UI.
#[allow(dead_code)]
pub fn embedded() -> bool {
    lookup("index.html").is_some()
}

/// `GET /_latchkey/`.
pub async fn index(headers: HeaderMap) -> Response {
    serve("", &headers)
}

/// `/_latchkey/{*path}`. axum's router prefers this catch-all over the nested API's own
/// fallback, so unknown `/_latchkey/api/...` paths arrive here too: they get the control
/// plane's JSON 404, never the UI's HTML.
pub async fn asset(
    method: Method,
    Path(path): Path<String>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
) -> Response {
    if path == "api" || path.starts_with("api/") {
        let peer = extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip());
        return crate::control::unknown_route(peer, &method, &headers);
    }
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    serve(&path, &headers)
}

fn lookup(path: &str) -> Option<&'static [u8]> {
    UI_ASSETS
        .binary_search_by(|(p, _)| (*p).cmp(path))
        .ok()
        .map(|i| UI_ASSETS[i].1)
}

fn serve(path: &str, headers: &HeaderMap) -> Response {
    let path = path.trim_start_matches('/');
    if let Some(bytes) = lookup(path).filter(|_| !path.is_empty()) {
        return file(path, bytes, headers);
    }
    // The app's own pages (`/_latchkey/`, `/_latchkey/sessions`, ...) get index.html; a
    // missing file (with an extension) is a 404 rather than HTML in place of a script.
    let last = path.rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        return (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "not found\n",
        )
            .into_response();
    }
    match lookup("index.html") {
        Some(bytes) => file("index.html", bytes, headers),
        None => not_built(),
    }
}

fn file(path: &str, bytes: &'static [u8], headers: &HeaderMap) -> Response {
    let etag = format!("\"{:016x}\"", fnv1a(bytes));
    let cache = cache_control(path);
    let not_modified = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = bytes.into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(content_type(path)),
        );
        r
    };
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::ETAG, HeaderValue::from_str(&etag).unwrap());
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Content type by extension; `application/wasm` matters (streaming compilation).
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// trunk names built assets `name-<16 hex digits>.ext`: those never change and may be cached
/// for good; everything else (index.html first) is revalidated every time.
pub fn cache_control(path: &str) -> &'static str {
    if is_hashed(path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, h)| h.len() >= 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

fn not_built() -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        NOT_BUILT_HTML,
    )
        .into_response()
}

const NOT_BUILT_HTML: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Latchkey — inspector not built</title>
<style>
:root{color-scheme:light dark;font-family:system-ui,sans-serif}
body{max-width:44rem;margin:3rem auto;padding:0 1.5rem;line-height:1.5}
code,pre{font-family:ui-monospace,monospace;background:rgba(127,127,127,.15);border-radius:4px}
code{padding:.1em .3em} pre{padding:.8rem 1rem;overflow:auto}
</style></head><body>
<h1>Latchkey is running</h1>
<p>The auth API and the control plane work, but this binary was built without the inspector UI.
To include it, build the UI first, then the server:</p>
<pre>scripts/setup-ui-toolchain.sh      # once: wasm target, trunk, wasm-bindgen, wasm-opt
(cd ui &amp;&amp; trunk build --release)
cargo build -p latchkey</pre>
<p>Meanwhile the control plane is at <a href="/_latchkey/api/openapi.json"><code>/_latchkey/api/</code></a>
(<a href="/_latchkey/api/health">health</a>).</p>
</body></html>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert_eq!(
            content_type("latchkey-ui-0123456789abcdef_bg.wasm"),
            "application/wasm"
        );
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert!(content_type("a.js").starts_with("text/javascript"));
        assert!(content_type("styles-0123456789abcdef.css").starts_with("text/css"));
    }

    #[test]
    fn hashed_assets_are_immutable() {
        assert_eq!(cache_control("index.html"), "no-cache");
        assert_eq!(
            cache_control("latchkey-ui-4f0c3a1d2b7e9f60.js"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control("latchkey-ui-4f0c3a1d2b7e9f60_bg.wasm"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control("style-4f0c3a1d2b7e9f60.css"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control("favicon.svg"), "no-cache");
    }

    #[test]
    fn assets_are_sorted_for_lookup() {
        assert!(UI_ASSETS.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
