//! A small HTTP client for a running server's control plane (`/_latchkey/api/`), used by
//! the CLI commands that drive it (`sessions`, `clock`, `fault`, `export`, `import`).

use std::time::Duration;

use anyhow::Context;
use reqwest::header::CONTENT_TYPE;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::config::ConfigError;

/// Where the CLI looks for a server when neither `--url` nor `LATCHKEY_URL` says.
pub const DEFAULT_URL: &str = "http://127.0.0.1:8000";

const API: &str = "/_latchkey/api";
/// Control-plane calls are quick (faults never apply to them); this only stops a hang.
const TIMEOUT: Duration = Duration::from_secs(30);

/// A control-plane error answer (`{"error", "detail"}`), or any other non-2xx answer.
#[derive(Debug, thiserror::Error)]
#[error("{detail} (HTTP {status})")]
pub struct ApiError {
    pub status: u16,
    pub error: String,
    pub detail: String,
}

pub struct Client {
    /// The server's root URL, without a trailing slash.
    base: String,
    http: reqwest::Client,
}

impl Client {
    /// A client for the server at `url` (its root, e.g. `http://127.0.0.1:8000`). A URL that
    /// cannot be a Latchkey server is a usage error.
    pub fn new(url: &str) -> Result<Client, ConfigError> {
        let base = root_url(url).map_err(|message| ConfigError {
            key: "url".into(),
            origin: "flag --url (or LATCHKEY_URL):".into(),
            message,
        })?;
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            // Through a proxy the peer would not be loopback, and the guard would refuse.
            .no_proxy()
            .build()
            .map_err(|e| ConfigError {
                key: "url".into(),
                origin: "flag --url (or LATCHKEY_URL):".into(),
                message: format!("cannot make an HTTP client: {e}"),
            })?;
        Ok(Client { base, http })
    }

    pub fn url(&self) -> &str {
        &self.base
    }

    /// `GET /_latchkey/api{path}`, answer parsed as `T`.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> anyhow::Result<T> {
        let body = self.send(Method::GET, path, None).await?;
        self.parse(path, &body)
    }

    /// `POST /_latchkey/api{path}` with a JSON body, answer parsed as `T`.
    pub async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> anyhow::Result<T> {
        let bytes = serde_json::to_vec(body)?;
        let answer = self.send(Method::POST, path, Some(bytes)).await?;
        self.parse(path, &answer)
    }

    /// `GET` returning the answer's bytes as they came.
    pub async fn get_bytes(&self, path: &str) -> anyhow::Result<Vec<u8>> {
        self.send(Method::GET, path, None).await
    }

    /// `POST` of an already serialized JSON document.
    pub async fn post_bytes(&self, path: &str, json: Vec<u8>) -> anyhow::Result<Vec<u8>> {
        self.send(Method::POST, path, Some(json)).await
    }

    /// `DELETE`; the answer's body (possibly empty) is returned as it came.
    pub async fn delete(&self, path: &str) -> anyhow::Result<Vec<u8>> {
        self.send(Method::DELETE, path, None).await
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        json: Option<Vec<u8>>,
    ) -> anyhow::Result<Vec<u8>> {
        let mut req = self
            .http
            .request(method, format!("{}{API}{path}", self.base));
        if let Some(json) = json {
            // The guard refuses mutating calls without it (no CSRF through simple requests).
            req = req.header(CONTENT_TYPE, "application/json").body(json);
        }
        let resp = req.send().await.map_err(|e| self.transport_error(e))?;
        let status = resp.status();
        let body = resp
            .bytes()
            .await
            .map_err(|e| self.transport_error(e))?
            .to_vec();
        if status.is_success() {
            return Ok(body);
        }
        Err(api_error(status.as_u16(), &body).into())
    }

    fn parse<T: DeserializeOwned>(&self, path: &str, body: &[u8]) -> anyhow::Result<T> {
        serde_json::from_slice(body).with_context(|| {
            format!(
                "unexpected answer from {}{API}{path} (is it a Latchkey of this version?)",
                self.base
            )
        })
    }

    fn transport_error(&self, e: reqwest::Error) -> anyhow::Error {
        if e.is_connect() {
            anyhow::anyhow!(
                "no Latchkey at {} — start one with `latchkey serve`",
                self.base
            )
        } else if e.is_timeout() {
            anyhow::anyhow!("{} did not answer within {}s", self.base, TIMEOUT.as_secs())
        } else {
            anyhow::Error::new(e).context(format!("talking to {} failed", self.base))
        }
    }
}

/// The control plane's `{"error", "detail"}`, or a description of an answer that is not one.
fn api_error(status: u16, body: &[u8]) -> ApiError {
    #[derive(serde::Deserialize)]
    struct Body {
        error: String,
        detail: String,
    }
    match serde_json::from_slice::<Body>(body) {
        Ok(b) => ApiError {
            status,
            error: b.error,
            detail: b.detail,
        },
        Err(_) => ApiError {
            status,
            error: "unexpected".into(),
            detail: "the server answered without a control-plane error body (is it Latchkey?)"
                .into(),
        },
    }
}

/// `http://host:port` from what the user typed; only the server's root is accepted.
fn root_url(url: &str) -> Result<String, String> {
    let parsed = reqwest::Url::parse(url.trim())
        .map_err(|e| format!("{url:?} is not a URL ({e}); expected e.g. {DEFAULT_URL}"))?;
    if parsed.scheme() != "http" {
        return Err(format!(
            "{url:?}: the control plane speaks plain http (e.g. {DEFAULT_URL})"
        ));
    }
    let Some(host) = parsed.host_str() else {
        return Err(format!("{url:?} has no host; expected e.g. {DEFAULT_URL}"));
    };
    if parsed.path() != "/" || parsed.query().is_some() {
        return Err(format!(
            "{url:?}: pass the server's root URL, without a path (e.g. {DEFAULT_URL})"
        ));
    }
    Ok(match parsed.port() {
        Some(port) => format!("http://{host}:{port}"),
        None => format!("http://{host}"),
    })
}

/// `id` as one path segment (session and fault ids are opaque strings).
pub fn segment(id: &str) -> String {
    percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_urls_are_normalised_and_others_refused() {
        assert_eq!(
            root_url("http://127.0.0.1:8000/").as_deref(),
            Ok("http://127.0.0.1:8000")
        );
        assert_eq!(
            root_url("http://[::1]:9000").as_deref(),
            Ok("http://[::1]:9000")
        );
        assert_eq!(
            root_url("http://localhost").as_deref(),
            Ok("http://localhost")
        );
        assert!(root_url("https://127.0.0.1:8000").is_err());
        assert!(root_url("127.0.0.1:8000").is_err());
        assert!(root_url("http://127.0.0.1:8000/_latchkey/api").is_err());
    }

    #[test]
    fn error_bodies_are_read_and_foreign_answers_described() {
        let e = api_error(404, br#"{"error":"not_found","detail":"no session abc"}"#);
        assert_eq!(e.to_string(), "no session abc (HTTP 404)");
        let e = api_error(502, b"<html>Bad gateway</html>");
        assert_eq!(e.status, 502);
        assert!(e.detail.contains("is it Latchkey?"));
    }

    #[test]
    fn ids_are_one_path_segment() {
        assert_eq!(segment("abc123"), "abc123");
        assert_eq!(segment("a/b c"), "a%2Fb%20c");
    }
}
