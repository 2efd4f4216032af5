//! DRF's `DefaultContentNegotiation` with the default renderers (JSON, browsable API).
//!
//! The real stack crashes (500) when the browsable API wins, because the reference project
//! has no templates; Latchkey answers JSON there instead.

use axum::http::{header, HeaderMap};

use super::ApiError;

/// Whether a request may be answered at all: the `?format=` override, then `Accept`.
pub fn check(headers: &HeaderMap, query: &str) -> Result<(), ApiError> {
    if let Some(format) = form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k == "format")
        .map(|(_, v)| v.into_owned())
        .last()
    {
        // `?format=xml` finds no renderer: DRF raises Http404 (NotFound).
        return match format.as_str() {
            "json" | "api" => Ok(()),
            _ => Err(ApiError::FormatNotFound),
        };
    }
    let accept: Vec<&str> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    if accept.is_empty() {
        return Ok(());
    }
    // The renderers' types have no parameters, so an item's parameters never disqualify it.
    let renderable = accept.iter().any(|item| {
        let media = media_type(item);
        matches(("application", "json"), media) || matches(("text", "html"), media)
    });
    if renderable {
        Ok(())
    } else {
        Err(ApiError::NotAcceptable)
    }
}

/// `(main, sub)` of one Accept item, parameters dropped.
fn media_type(item: &str) -> (&str, &str) {
    let full = item.split(';').next().unwrap_or(item).trim();
    let (main, sub) = full.split_once('/').unwrap_or((full, ""));
    (main.trim(), sub.trim())
}

fn matches(renderer: (&str, &str), accept: (&str, &str)) -> bool {
    let part = |a: &str, b: &str| a == "*" || b == "*" || a.eq_ignore_ascii_case(b);
    part(renderer.0, accept.0) && part(renderer.1, accept.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accept(v: &str) -> Result<(), ApiError> {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_str(v).unwrap());
        check(&h, "")
    }

    #[test]
    fn accept_headers_are_negotiated_like_drf() {
        assert!(accept("application/json").is_ok());
        assert!(accept("application/json; indent=4").is_ok());
        assert!(accept("*/*").is_ok());
        assert!(accept("text/html,application/xhtml+xml,*/*;q=0.8").is_ok());
        assert!(matches!(accept("application/xml"), Err(ApiError::NotAcceptable)));
        assert!(matches!(accept("image/png, text/plain"), Err(ApiError::NotAcceptable)));
        assert!(matches!(check(&HeaderMap::new(), "format=xml"), Err(ApiError::FormatNotFound)));
        assert!(check(&HeaderMap::new(), "format=json").is_ok());
    }
}
