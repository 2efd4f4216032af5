//! Django's `ALLOWED_HOSTS` check (`HttpRequest.get_host`), which CommonMiddleware runs on
//! every request that is not a CORS preflight.

use axum::http::{header, HeaderMap};

/// Whether the request's `Host` passes `validate_host` (no Host header: Django falls back to
/// the server name, which is allowed).
pub fn allowed(allowed_hosts: &[String], headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST) else {
        return true;
    };
    let Some(domain) = host.to_str().ok().and_then(domain) else {
        return false;
    };
    allowed_hosts.iter().any(|pattern| {
        let pattern = pattern.to_ascii_lowercase();
        pattern == "*"
            || pattern == domain
            || pattern
                .strip_prefix('.')
                .is_some_and(|base| domain == base || domain.ends_with(&format!(".{base}")))
    })
}

/// `split_domain_port`: the lower-cased domain of a valid Host value.
fn domain(host: &str) -> Option<String> {
    let host = host.to_ascii_lowercase();
    let (domain, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        (&host[..=end], &host[end + 1..])
    } else {
        match host.rsplit_once(':') {
            Some((d, _)) => (d, &host[d.len()..]),
            None => (host.as_str(), ""),
        }
    };
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let domain_ok = if domain.starts_with('[') {
        domain.len() > 2
            && domain[1..domain.len() - 1]
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
    } else {
        !domain.is_empty()
            && domain
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
    };
    (port_ok && domain_ok).then(|| domain.trim_end_matches('.').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn check(host: &str) -> bool {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        let hosts = [
            "127.0.0.1".to_string(),
            "localhost".to_string(),
            "[::1]".to_string(),
        ];
        allowed(&hosts, &h)
    }

    #[test]
    fn hosts_are_validated_like_django() {
        assert!(check("localhost:9999"));
        assert!(check("127.0.0.1:8000"));
        assert!(check("LOCALHOST"));
        assert!(check("[::1]:8000"));
        assert!(!check("example.com"));
        assert!(!check("localhost:abc"));
        assert!(!check("evil.localhost"));
        assert!(allowed(&[], &HeaderMap::new()));
    }
}
