//! Request bodies as DRF's parsers (JSONParser, FormParser, MultiPartParser) hand them to a
//! serializer. (Stub: being written.)

/// A parsed request body, in the shape a DRF serializer receives as `request.data`.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// `json.loads` result (any top-level value). An empty body, or a body without a
    /// Content-Type, is `Json(Value::Object(empty))` as in DRF (a plain `{}`).
    Json(serde_json::Value),
    /// A Django `QueryDict` (urlencoded or multipart form data): keys may repeat, in order.
    Form(Vec<(String, String)>),
}
