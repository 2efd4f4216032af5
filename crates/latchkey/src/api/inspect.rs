//! Turning a handled request into a request-inspector record (and a live event).

use std::time::Duration;

use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::response::Response;
use latchkey_api::events::Event;
use latchkey_api::requests::{CookieInfo, RequestRecord};

use super::Trace;
use crate::clock::rfc3339_ms;
use crate::server::DropConnection;
use crate::state::AppState;
use crate::tokens;

pub fn record(state: &AppState, parts: &Parts, resp: &Response, trace: Trace, took: Duration) {
    let dropped = resp.extensions().get::<DropConnection>().is_some();
    let record = RequestRecord {
        id: state.inspector.next_id(),
        at: rfc3339_ms(state.clock.now_ms()),
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        origin: text(&parts.headers, header::ORIGIN),
        status: if dropped { 0 } else { resp.status().as_u16() },
        duration_ms: (took.as_secs_f64() * 1e6).round() / 1e3,
        user: trace.user,
        session_id: trace.session.map(|s| s.to_string()),
        token_jti: trace.jti,
        rejection: trace.rejection,
        fault: trace.fault,
        cookies_in: cookies_in(&parts.headers),
        cookies_out: cookies_out(resp.headers()),
    };
    state.inspector.push(record.clone());
    state.emit(Event::Request(record));
}

fn text(h: &HeaderMap, name: header::HeaderName) -> Option<String> {
    h.get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

/// Cookies a request sent, JWTs decoded.
fn cookies_in(h: &HeaderMap) -> Vec<CookieInfo> {
    h.get_all(header::COOKIE)
        .iter()
        .flat_map(|v| {
            String::from_utf8_lossy(v.as_bytes())
                .into_owned()
                .split(';')
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter_map(|chunk| {
            let (name, value) = chunk.split_once('=')?;
            Some(info(name.trim(), value.trim(), None))
        })
        .collect()
}

/// Cookies a response set or deleted.
fn cookies_out(h: &HeaderMap) -> Vec<CookieInfo> {
    h.get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| {
            let text = String::from_utf8_lossy(v.as_bytes()).into_owned();
            let (pair, attributes) = text.split_once("; ").unwrap_or((text.as_str(), ""));
            let (name, value) = pair.split_once('=')?;
            Some(info(name, value, Some(attributes.to_string())))
        })
        .collect()
}

/// A cookie with a JWT value shown as its claims and a shortened value (never whole).
fn info(name: &str, value: &str, attributes: Option<String>) -> CookieInfo {
    let claims = tokens::decode_unverified(value).map(|(_, claims)| claims);
    let shown = if value.chars().count() > 24 {
        format!("{}…", value.chars().take(20).collect::<String>())
    } else {
        value.to_string()
    };
    CookieInfo {
        name: name.to_string(),
        value: shown,
        claims,
        attributes,
    }
}
