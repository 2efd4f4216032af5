//! Turning a handled request into a request-inspector record (and a live event).

use std::time::Duration;

use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::response::Response;
use latchkey_api::events::Event;
use latchkey_api::requests::{CookieInfo, RequestRecord};
use latchkey_api::UserRef;

use super::{cookies, Route, Trace};
use crate::clock::rfc3339_ms;
use crate::server::DropConnection;
use crate::state::AppState;
use crate::tokens;

pub fn record(state: &AppState, parts: &Parts, resp: &Response, mut trace: Trace, took: Duration) {
    let dropped = resp.extensions().get::<DropConnection>().is_some();
    if trace.jti.is_none() {
        identify(state, parts, resp.status().is_success(), &mut trace);
    }
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
    // Only copy the record for the live stream when someone listens.
    if state.events.receiver_count() > 0 {
        state.emit(Event::Request(record.clone()));
    }
    state.inspector.push(record);
}

/// When the view did not note the token it used (authentication only, or a refused token),
/// the token the request carried: its jti, and the session and user Latchkey issued it to.
/// A token Latchkey did not issue names its user only when the request succeeded.
fn identify(state: &AppState, parts: &Parts, succeeded: bool, trace: &mut Trace) {
    let Some(raw) = credential(state, parts) else {
        return;
    };
    let Some((_, claims)) = tokens::decode_unverified(&raw) else {
        return;
    };
    let Some(jti) = claims.get("jti").and_then(|j| j.as_str()) else {
        return;
    };
    trace.jti = Some(jti.to_string());
    let user_id = match state.token_meta(jti) {
        Some(meta) => {
            trace.session = Some(meta.session_id);
            Some(meta.user_id)
        }
        None if succeeded => claims.get(tokens::USER_ID_CLAIM).and_then(claim_int),
        None => None,
    };
    if trace.user.is_none() {
        trace.user = user_id
            .and_then(|id| state.users().get(id))
            .map(|u| UserRef {
                id: u.id,
                username: u.username.clone(),
            });
    }
}

/// The token a view would read: the refresh cookie for `/token/refresh/`, else the bearer
/// token or the access cookie (logout falls back to its refresh cookie).
fn credential(state: &AppState, parts: &Parts) -> Option<String> {
    let settings = state.settings();
    let path = parts.uri.path();
    let route = Route::resolve(path, &settings.prefix, &state.mock_routes())?;
    let names = &settings.cookies;
    let refresh = || cookies::get(&parts.headers, &names.refresh_name);
    match route {
        Route::Refresh => refresh(),
        Route::Token => None,
        route => {
            let bearer = text(&parts.headers, header::AUTHORIZATION)
                .and_then(|v| v.strip_prefix("Bearer ").map(|t| t.trim().to_string()));
            let access = bearer.or_else(|| cookies::get(&parts.headers, &names.access_name));
            match route {
                Route::Logout => access.or_else(refresh),
                _ => access,
            }
        }
    }
    .filter(|t| !t.is_empty())
}

/// A `user_id` claim as Django's `int()` reads a plain number or numeric string.
fn claim_int(v: &serde_json::Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
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
