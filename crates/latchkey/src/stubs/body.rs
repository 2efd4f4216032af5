//! TEMPORARY stub.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload { Json(serde_json::Value), Form(Vec<(String, String)>) }
#[derive(Debug)]
pub enum BodyError { Parse(String), UnsupportedMediaType(String) }
pub fn parse(content_type: Option<&str>, body: &[u8]) -> Result<Payload, BodyError> {
    let Some(ct) = content_type else { return Ok(Payload::Json(serde_json::json!({}))) };
    if body.is_empty() { return Ok(Payload::Json(serde_json::json!({}))); }
    if ct.starts_with("application/json") {
        serde_json::from_slice(body).map(Payload::Json).map_err(|e| BodyError::Parse(format!("JSON parse error - {e}")))
    } else if ct.starts_with("application/x-www-form-urlencoded") {
        Ok(Payload::Form(form_urlencoded::parse(body).into_owned().collect()))
    } else {
        Err(BodyError::UnsupportedMediaType(format!("Unsupported media type \"{ct}\" in request.")))
    }
}
