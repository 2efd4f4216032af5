//! The control-plane client: `fetch` against `/_latchkey/api/...` (same origin), JSON bodies
//! of the shared `latchkey-api` types.

// An `ApiError` is built at most once per failed HTTP call and shown to the user; boxing it
// to shrink `Result` would only add an allocation to the error path.
#![allow(clippy::result_large_err)]

use latchkey_api::ErrorBody;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub const PREFIX: &str = "/_latchkey/api";

/// A failed call: the server's JSON error when it sent one.
#[derive(Clone, Debug)]
pub struct ApiError {
    pub status: u16,
    pub body: Option<ErrorBody>,
    pub message: String,
}

impl ApiError {
    fn network(e: JsValue) -> Self {
        ApiError {
            status: 0,
            body: None,
            message: format!("cannot reach Latchkey ({})", js_text(&e)),
        }
    }

    /// What to tell the user.
    pub fn describe(&self) -> String {
        match &self.body {
            Some(b) if !b.detail.is_empty() => b.detail.clone(),
            Some(b) => b.error.clone(),
            None => self.message.clone(),
        }
    }
}

fn js_text(v: &JsValue) -> String {
    v.as_string()
        .or_else(|| {
            v.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{v:?}"))
}

/// One call; answers the body text of a 2xx.
pub async fn call(method: &str, path: &str, body: Option<String>) -> Result<String, ApiError> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(ApiError::network)?;
    headers.set("Accept", "application/json").ok();
    // The guard wants JSON on every mutating call, even bodiless actions.
    let body = match (method, body) {
        ("GET" | "DELETE", None) => None,
        (_, b) => Some(b.unwrap_or_else(|| "{}".into())),
    };
    if let Some(b) = &body {
        headers.set("Content-Type", "application/json").ok();
        init.set_body(&JsValue::from_str(b));
    }
    init.set_headers(&headers);
    let url = format!("{PREFIX}{path}");
    let window = web_sys::window().expect("window");
    let resp = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .map_err(ApiError::network)?;
    let resp: web_sys::Response = resp.unchecked_into();
    let status = resp.status();
    let text = match resp.text() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    if (200..300).contains(&status) {
        Ok(text)
    } else {
        let body: Option<ErrorBody> = serde_json::from_str(&text).ok();
        Err(ApiError {
            status,
            message: format!("{method} {path}: HTTP {status}"),
            body,
        })
    }
}

fn decode<T: DeserializeOwned>(path: &str, text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError {
        status: 200,
        body: None,
        message: format!("unexpected answer from {path}: {e}"),
    })
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let text = call("GET", path, None).await?;
    decode(path, &text)
}

pub async fn send<B: Serialize, T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let text = call(
        method,
        path,
        Some(serde_json::to_string(body).unwrap_or_default()),
    )
    .await?;
    decode(path, &text)
}

/// A call whose answer body does not matter.
pub async fn act<B: Serialize>(method: &str, path: &str, body: Option<&B>) -> Result<(), ApiError> {
    let body = body.map(|b| serde_json::to_string(b).unwrap_or_default());
    call(method, path, body).await.map(|_| ())
}

/// Percent-encodes a query or path value.
pub fn enc(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}
