//! The window's own status page, shown when the server cannot start (port in use, bad
//! configuration). The app serves it on its `latchkey:` URI scheme ([`url`]); it needs no IPC:
//! its buttons are links to `https://latchkey.invalid/ACTION`, which the window intercepts
//! ([`action`]) instead of loading.

use tauri::Url;

/// The URI scheme the status page is served on.
pub const SCHEME: &str = "latchkey";

/// The status page's URL; `n` changes with each new page so nothing stale is shown.
pub fn url(n: u64) -> Url {
    // WebKitGTK and WKWebView see custom schemes as scheme://host; WebView2 and Android as
    // http://scheme.localhost.
    let base = if cfg!(any(windows, target_os = "android")) {
        format!("http://{SCHEME}.localhost/")
    } else {
        format!("{SCHEME}://localhost/")
    };
    Url::parse(&format!("{base}?page={n}")).expect("a status page URL")
}

/// `.invalid` never resolves (RFC 2606), so a link that escaped interception goes nowhere.
const ACTION_HOST: &str = "latchkey.invalid";

/// Whether `url` is the status page.
pub fn is_page(url: &Url) -> bool {
    url.scheme() == SCHEME || url.host_str() == Some(&format!("{SCHEME}.localhost"))
}

/// The action a status-page link asks for (`free-port`, `retry`, `quit`), if `url` is one.
pub fn action(url: &Url) -> Option<String> {
    (url.scheme() == "https" && url.host_str() == Some(ACTION_HOST))
        .then(|| url.path().trim_matches('/').to_string())
}

/// A page saying what went wrong; with `port`, it offers a free port and a retry.
pub fn problem(title: &str, detail: &str, port: Option<u16>) -> String {
    let mut buttons = String::new();
    if let Some(port) = port {
        buttons.push_str(&format!(
            r#"<a class="primary" href="https://{ACTION_HOST}/free-port">Use a free port instead</a>
<a href="https://{ACTION_HOST}/retry">Try port {port} again</a>
"#
        ));
    }
    buttons.push_str(&format!(r#"<a href="https://{ACTION_HOST}/quit">Quit</a>"#));
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Latchkey</title>
<meta name="color-scheme" content="light dark">
<style>
:root {{ --bg:#f6f7f9; --card:#fff; --fg:#1c2330; --muted:#5b6678; --accent:#2f6fdf; --border:#d9dee7; }}
@media (prefers-color-scheme: dark) {{
  :root {{ --bg:#12161d; --card:#1b212b; --fg:#e6eaf0; --muted:#9aa5b5; --accent:#5b93f5; --border:#2c3440; }}
}}
body {{ margin:0; min-height:100vh; display:flex; align-items:center; justify-content:center;
  background:var(--bg); color:var(--fg); font:15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }}
main {{ max-width:560px; margin:24px; padding:28px 32px; background:var(--card);
  border:1px solid var(--border); border-radius:12px; box-shadow:0 4px 24px rgba(0,0,0,.08); }}
.brand {{ color:var(--muted); font-size:13px; letter-spacing:.04em; text-transform:uppercase; }}
h1 {{ font-size:22px; margin:6px 0 12px; }}
p {{ color:var(--muted); white-space:pre-wrap; word-break:break-word; }}
nav {{ display:flex; gap:10px; flex-wrap:wrap; margin-top:20px; }}
a {{ padding:8px 16px; border-radius:8px; border:1px solid var(--border); color:var(--fg);
  text-decoration:none; font-weight:500; }}
a:focus-visible {{ outline:3px solid var(--accent); outline-offset:2px; }}
a.primary {{ background:var(--accent); border-color:var(--accent); color:#fff; }}
</style></head>
<body><main role="alert">
<div class="brand">Latchkey</div>
<h1>{title}</h1>
<p>{detail}</p>
<nav>{buttons}</nav>
</main></body></html>"#,
        title = escape(title),
        detail = escape(detail),
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_links_are_actions_and_other_urls_are_not() {
        let a = |s: &str| action(&Url::parse(s).unwrap());
        assert_eq!(
            a("https://latchkey.invalid/free-port").as_deref(),
            Some("free-port")
        );
        assert_eq!(a("http://127.0.0.1:8000/_latchkey/"), None);
        assert_eq!(a("https://example.com/free-port"), None);
    }

    #[test]
    fn the_page_escapes_its_text_and_offers_a_free_port() {
        let html = problem("Port 8000 is already in use", "<b>busy</b>", Some(8000));
        assert!(html.contains("&lt;b&gt;busy&lt;/b&gt;"));
        assert!(html.contains("https://latchkey.invalid/free-port"));
        assert!(html.contains("Try port 8000 again"));
    }
}
