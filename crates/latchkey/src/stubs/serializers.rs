//! TEMPORARY stub.
use crate::body::Payload;
use serde_json::Value;
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(pub Vec<(String, Vec<String>)>);
impl FieldErrors {
    pub fn single(field: &str, msg: &str) -> Self { FieldErrors(vec![(field.into(), vec![msg.into()])]) }
    pub fn to_json(&self) -> Value { Value::Object(self.0.iter().map(|(k, v)| (k.clone(), Value::from(v.clone()))).collect()) }
}
pub struct NewUser { pub username: String, pub email: String, pub password: String }
pub struct Credentials { pub username: String, pub password: String }
fn field(p: &Payload, name: &str) -> Option<String> {
    match p { Payload::Json(Value::Object(m)) => m.get(name).and_then(|v| v.as_str().map(str::to_string)), Payload::Form(f) => f.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone()), _ => None }
}
pub fn register(data: &Payload, taken: &dyn Fn(&str) -> bool) -> Result<NewUser, FieldErrors> {
    let mut e = FieldErrors::default();
    let u = field(data, "username"); let p = field(data, "password");
    if u.is_none() { e.0.push(("username".into(), vec!["This field is required.".into()])); }
    if p.is_none() { e.0.push(("password".into(), vec!["This field is required.".into()])); }
    if let Some(u) = &u { if taken(u) { e.0.push(("username".into(), vec!["A user with that username already exists.".into()])); } }
    if !e.0.is_empty() { return Err(e); }
    Ok(NewUser { username: u.unwrap_or_default(), email: field(data, "email").unwrap_or_default(), password: p.unwrap_or_default() })
}
pub fn login(data: &Payload) -> Result<Credentials, FieldErrors> {
    let mut e = FieldErrors::default();
    let u = field(data, "username"); let p = field(data, "password");
    if u.is_none() { e.0.push(("username".into(), vec!["This field is required.".into()])); }
    if p.is_none() { e.0.push(("password".into(), vec!["This field is required.".into()])); }
    if !e.0.is_empty() { return Err(e); }
    Ok(Credentials { username: u.unwrap_or_default(), password: p.unwrap_or_default() })
}
pub fn refresh_field(raw: Option<&Value>) -> Result<String, FieldErrors> {
    match raw { Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()), Some(_) => Err(FieldErrors::single("refresh", "This field may not be blank.")), None => Err(FieldErrors::single("refresh", "This field is required.")) }
}
