//! The one place that reads and writes the auth cookies, byte-compatible with Django.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{header, HeaderMap};

use crate::config::CookieSettings;

/// `Set-Cookie` for a token, as Django's `set_cookie(..., max_age=N, httponly, samesite,
/// secure, path)` writes it: attributes in Python's `Morsel` order.
pub fn set(
    settings: &CookieSettings,
    name: &str,
    value: &str,
    max_age: i64,
    now: SystemTime,
) -> String {
    let expires = UNIX_EPOCH
        .checked_add(Duration::from_secs(
            now.duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0)
                .saturating_add(max_age.max(0).unsigned_abs()),
        ))
        .unwrap_or(UNIX_EPOCH);
    let mut out = format!("{name}={}", quote(value));
    if let Some(domain) = &settings.domain {
        out.push_str(&format!("; Domain={domain}"));
    }
    out.push_str(&format!("; expires={}", http_date(expires)));
    if settings.httponly {
        out.push_str("; HttpOnly");
    }
    out.push_str(&format!("; Max-Age={max_age}; Path={}", settings.path));
    if let Some(samesite) = settings.samesite.attribute() {
        out.push_str(&format!("; SameSite={samesite}"));
    }
    if settings.secure {
        out.push_str("; Secure");
    }
    out
}

/// `Set-Cookie` that deletes a cookie, as Django's `delete_cookie(name)` writes it.
pub fn delete(settings: &CookieSettings, name: &str) -> String {
    let mut out = format!("{name}=\"\"");
    if let Some(domain) = &settings.domain {
        out.push_str(&format!("; Domain={domain}"));
    }
    out.push_str(&format!(
        "; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path={}",
        settings.path
    ));
    // The seed's LogoutView calls `delete_cookie(name)` without samesite or secure.
    if name.starts_with("__Secure-") || name.starts_with("__Host-") {
        out.push_str("; Secure");
    }
    out
}

/// RFC 7231 date as Django's `http_date` writes it; years past 9999 are clamped.
fn http_date(t: SystemTime) -> String {
    const MAX: u64 = 253_402_300_799; // 9999-12-31T23:59:59Z
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
        .min(MAX);
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(secs))
}

/// Python's `SimpleCookie` quoting: values with characters outside its legal set are quoted.
fn quote(value: &str) -> String {
    let legal = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~:".contains(c);
    if value.chars().all(legal) {
        return value.to_string();
    }
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if legal(c) || " ()/<=>?@[]{}".contains(c) => out.push(c),
            c if u32::from(c) < 256 => out.push_str(&format!("\\{:03o}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The value of cookie `name`, as Django's `parse_cookie` reads the `Cookie` header (the
/// last occurrence wins; several headers are joined with `,` as gunicorn does).
pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    let mut joined = Vec::new();
    for (i, v) in headers.get_all(header::COOKIE).iter().enumerate() {
        if i > 0 {
            joined.push(b',');
        }
        joined.extend_from_slice(v.as_bytes());
    }
    if joined.is_empty() {
        return None;
    }
    // gunicorn decodes header bytes as latin-1.
    let text: String = joined.iter().map(|&b| char::from(b)).collect();
    let mut found = None;
    for chunk in text.split(';') {
        let (key, val) = chunk.split_once('=').unwrap_or(("", chunk));
        if key.trim() == name {
            found = Some(unquote(val.trim()));
        }
    }
    found
}

/// Python's `http.cookies._unquote`.
fn unquote(v: &str) -> String {
    if v.len() < 2 || !v.starts_with('"') || !v.ends_with('"') {
        return v.to_string();
    }
    let inner = &v[1..v.len() - 1];
    let bytes = inner.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 1 < bytes.len() {
            let octal = bytes
                .get(i + 1..i + 4)
                .filter(|d| d.iter().all(|c| (b'0'..=b'7').contains(c)) && d[0] <= b'3');
            if let Some(d) = octal {
                out.push((d[0] - b'0') * 64 + (d[1] - b'0') * 8 + (d[2] - b'0'));
                i += 4;
            } else {
                out.push(bytes[i + 1]);
                i += 2;
            }
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    // The header was decoded as latin-1, so these are code points < 256.
    out.into_iter().map(char::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use axum::http::HeaderValue;

    #[test]
    fn set_cookie_matches_django_byte_for_byte() {
        let s = Settings::default().cookies;
        let now = UNIX_EPOCH + Duration::from_secs(1_795_559_005); // 2026-11-24 22:23:25 UTC
        assert_eq!(
            set(&s, "access_token", "a.b.c", 900, now),
            "access_token=a.b.c; expires=Tue, 24 Nov 2026 22:38:25 GMT; HttpOnly; Max-Age=900; Path=/; SameSite=Lax"
        );
        assert_eq!(
            delete(&s, "access_token"),
            "access_token=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"
        );
    }

    #[test]
    fn cookie_header_is_parsed_like_django() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; access_token=x; access_token=\"y\\073z\"; junk"),
        );
        assert_eq!(get(&h, "access_token").as_deref(), Some("y;z"));
        assert_eq!(get(&h, "a").as_deref(), Some("1"));
        assert_eq!(get(&h, "refresh_token"), None);
    }
}
