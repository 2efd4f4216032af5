//! The control plane's guard: it answers only loopback peers, with a loopback `Host`
//! (DNS-rebinding defence), no `Origin` but its own (a page on another site cannot drive
//! it), and a JSON content type on mutating calls (no CSRF through simple requests).

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::ControlError;

pub async fn guard(req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip());
    match check(peer, req.method(), req.headers()) {
        Ok(()) => next.run(req).await,
        Err(reason) => ControlError::Forbidden(reason).into_response(),
    }
}

/// Why a request may not use the control plane, if it may not.
pub fn check(peer: Option<IpAddr>, method: &Method, headers: &HeaderMap) -> Result<(), String> {
    match peer {
        Some(ip) if is_loopback(ip) => {}
        Some(ip) => {
            return Err(format!(
                "the control plane answers only this machine, not {ip}"
            ))
        }
        None => return Err("the control plane needs to know the peer address".into()),
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .ok_or("the control plane needs a Host header naming this machine")?;
    if !is_loopback_host(host) {
        return Err(format!(
            "Host {host:?} is not this machine; use localhost, 127.0.0.1 or [::1]"
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        let same = origin
            .strip_prefix("http://")
            .is_some_and(|rest| rest.eq_ignore_ascii_case(host));
        if !same {
            return Err(format!(
                "Origin {origin:?} is not this server's own; pages on other sites cannot use the control plane"
            ));
        }
    }
    if matches!(*method, Method::POST | Method::PUT | Method::PATCH) {
        let json = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
        if !json {
            return Err("mutating control-plane calls need Content-Type: application/json".into());
        }
    }
    Ok(())
}

fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

/// `localhost`, `*.localhost`, `127.x.y.z` or `[::1]`, with an optional port.
fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((inside, port)) if port.is_empty() || port.starts_with(':') => inside,
            _ => return false,
        }
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(is_loopback)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    const LOCAL: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));

    #[test]
    fn loopback_host_and_own_origin_pass() {
        let h = headers(&[
            (header::HOST, "127.0.0.1:8000"),
            (header::ORIGIN, "http://127.0.0.1:8000"),
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
        ]);
        assert!(check(LOCAL, &Method::POST, &h).is_ok());
        assert!(check(LOCAL, &Method::GET, &headers(&[(header::HOST, "[::1]:1")])).is_ok());
        assert!(check(
            LOCAL,
            &Method::GET,
            &headers(&[(header::HOST, "localhost")])
        )
        .is_ok());
    }

    #[test]
    fn foreign_peers_hosts_origins_and_simple_requests_are_refused() {
        let remote = Some(IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1)));
        assert!(check(
            remote,
            &Method::GET,
            &headers(&[(header::HOST, "localhost")])
        )
        .is_err());
        assert!(check(
            LOCAL,
            &Method::GET,
            &headers(&[(header::HOST, "evil.example")])
        )
        .is_err());
        assert!(check(
            LOCAL,
            &Method::GET,
            &headers(&[(header::HOST, "127.0.0.1.evil.example")])
        )
        .is_err());
        let foreign = headers(&[
            (header::HOST, "localhost:8000"),
            (header::ORIGIN, "http://localhost:3000"),
        ]);
        assert!(check(LOCAL, &Method::GET, &foreign).is_err());
        let form = headers(&[
            (header::HOST, "localhost"),
            (header::CONTENT_TYPE, "text/plain"),
        ]);
        assert!(check(LOCAL, &Method::POST, &form).is_err());
        assert!(check(
            LOCAL,
            &Method::DELETE,
            &headers(&[(header::HOST, "localhost")])
        )
        .is_ok());
    }
}
