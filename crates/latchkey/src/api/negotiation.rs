//! DRF's `DefaultContentNegotiation` with the default renderers (JSON, browsable API).
//!
//! The real stack crashes (500) when the browsable API wins, because the reference project
//! has no templates; Latchkey answers JSON there instead.

use axum::http::{header, HeaderMap};

use super::ApiError;

/// How the JSON answer is rendered: DRF's `indent` media type parameter, if any.
pub type Indent = Option<usize>;

/// Whether a request may be answered at all (the `?format=` override, then `Accept`), and
/// with which indentation.
pub fn check(headers: &HeaderMap, query: &str) -> Result<Indent, ApiError> {
    if let Some(format) = form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k == "format")
        .map(|(_, v)| v.into_owned())
        .last()
    {
        // `?format=xml` finds no renderer: DRF raises Http404 (NotFound).
        return match format.as_str() {
            "json" | "api" => Ok(None),
            _ => Err(ApiError::FormatNotFound),
        };
    }
    // A missing header means `*/*`; a present but empty one matches nothing.
    let values: Vec<&str> = headers
        .get_all(header::ACCEPT)
        .iter()
        .map(|v| v.to_str().unwrap_or(""))
        .collect();
    if values.is_empty() {
        return Ok(None);
    }
    let items: Vec<&str> = values
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    // DRF tries the most specific items first (q is ignored), the JSON renderer before the
    // browsable one. The renderers' types have no parameters, so an item's parameters never
    // disqualify it.
    for precedence in (0..=3).rev() {
        let mut html = false;
        for item in items.iter().filter(|i| specificity(i) == precedence) {
            let media = media_type(item);
            if matches(("application", "json"), media) {
                return Ok(indent(item));
            }
            html |= matches(("text", "html"), media);
        }
        if html {
            // The browsable API would answer (and crash, in the reference): answer JSON.
            return Ok(None);
        }
    }
    Err(ApiError::NotAcceptable)
}

/// DRF's `_MediaType.precedence`.
fn specificity(item: &str) -> u8 {
    let (main, sub) = media_type(item);
    let has_params = item
        .split(';')
        .skip(1)
        .any(|p| p.split('=').next().map(str::trim) != Some("q"));
    match (main, sub) {
        ("*", _) => 0,
        (_, "*") => 1,
        _ if !has_params => 2,
        _ => 3,
    }
}

/// `indent=N` in an Accept item, clamped to 0..=8 as DRF does.
fn indent(item: &str) -> Indent {
    item.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim() == "indent")
            .then(|| v.trim().parse::<i64>().ok().map(|n| n.clamp(0, 8) as usize))?
    })
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

    fn accept(v: &str) -> Result<Indent, ApiError> {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_str(v).unwrap());
        check(&h, "")
    }

    #[test]
    fn accept_headers_are_negotiated_like_drf() {
        assert_eq!(accept("application/json").unwrap(), None);
        assert_eq!(accept("application/json; indent=4").unwrap(), Some(4));
        assert_eq!(accept("application/json; indent=40").unwrap(), Some(8));
        assert_eq!(accept("application/json; indent=x").unwrap(), None);
        assert!(matches!(accept(""), Err(ApiError::NotAcceptable)));
        assert!(accept("application/json; indent=4").is_ok());
        assert!(accept("*/*").is_ok());
        assert!(accept("text/html,application/xhtml+xml,*/*;q=0.8").is_ok());
        assert!(matches!(
            accept("application/xml"),
            Err(ApiError::NotAcceptable)
        ));
        assert!(matches!(
            accept("image/png, text/plain"),
            Err(ApiError::NotAcceptable)
        ));
        assert!(matches!(
            check(&HeaderMap::new(), "format=xml"),
            Err(ApiError::FormatNotFound)
        ));
        assert!(check(&HeaderMap::new(), "format=json").is_ok());
    }
}
