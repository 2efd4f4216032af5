//! TEMPORARY stub of the token module (replaced by the PyJWT-faithful one).
use base64::Engine;
use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenType { Access, Refresh }
impl TokenType {
    pub fn as_str(self) -> &'static str { match self { TokenType::Access => "access", TokenType::Refresh => "refresh" } }
}
#[derive(Debug)]
pub struct TokenError(&'static str);
impl TokenError { pub fn message(&self) -> &str { self.0 } }
pub enum UserId { Missing, Id(i64), Unmatchable }
impl UserId { pub fn id(&self) -> Option<i64> { match self { UserId::Id(i) => Some(*i), _ => None } } }

pub fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut b = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

#[derive(Clone, Debug)]
pub struct Token { payload: Map<String, Value> }
const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;
fn sign(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let k = jsonwebtoken::EncodingKey::from_secret(key);
    let s = jsonwebtoken::crypto::sign(msg, &k, jsonwebtoken::Algorithm::HS256).unwrap_or_default();
    B64.decode(s).unwrap_or_default()
}
impl Token {
    fn new(ty: TokenType, lifetime: i64, now: i64) -> Token {
        let mut p = Map::new();
        p.insert("token_type".into(), ty.as_str().into());
        p.insert("exp".into(), (now + lifetime).into());
        p.insert("iat".into(), now.into());
        p.insert("jti".into(), random_hex(16).into());
        Token { payload: p }
    }
    pub fn for_user(user_id: i64, lifetime: i64, now: i64) -> Token {
        let mut t = Token::new(TokenType::Refresh, lifetime, now);
        t.payload.insert("user_id".into(), user_id.to_string().into());
        t
    }
    pub fn access_token(&self, lifetime: i64, now: i64) -> Token {
        let mut t = Token::new(TokenType::Access, lifetime, now);
        for (k, v) in &self.payload {
            if !matches!(k.as_str(), "token_type" | "exp" | "jti") { t.payload.insert(k.clone(), v.clone()); }
        }
        t
    }
    pub fn rotate(&mut self, lifetime: i64, now: i64) {
        self.payload.insert("jti".into(), random_hex(16).into());
        self.payload.insert("exp".into(), (now + lifetime).into());
        self.payload.insert("iat".into(), now.into());
    }
    pub fn jti(&self) -> &str { self.payload.get("jti").and_then(Value::as_str).unwrap_or("") }
    pub fn exp(&self) -> i64 { self.payload.get("exp").and_then(Value::as_i64).unwrap_or(0) }
    pub fn iat(&self) -> i64 { self.payload.get("iat").and_then(Value::as_i64).unwrap_or(0) }
    pub fn token_type(&self) -> TokenType { if self.payload.get("token_type").and_then(Value::as_str) == Some("refresh") { TokenType::Refresh } else { TokenType::Access } }
    pub fn user_id(&self) -> UserId {
        match self.payload.get("user_id") {
            None => UserId::Missing,
            Some(Value::String(s)) => s.trim().parse().map(UserId::Id).unwrap_or(UserId::Unmatchable),
            Some(Value::Number(n)) => n.as_i64().map(UserId::Id).unwrap_or(UserId::Unmatchable),
            Some(_) => UserId::Unmatchable,
        }
    }
    pub fn user_claim_is_truthy(&self) -> bool {
        match self.payload.get("user_id") { None | Some(Value::Null) => false, Some(Value::String(s)) => !s.is_empty(), Some(Value::Number(n)) => n.as_f64() != Some(0.0), Some(Value::Bool(b)) => *b, Some(Value::Array(a)) => !a.is_empty(), Some(Value::Object(o)) => !o.is_empty() }
    }
    pub fn encode(&self, key: &[u8]) -> String {
        let h = B64.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let p = B64.encode(Value::Object(self.payload.clone()).to_string());
        let msg = format!("{h}.{p}");
        let sig = B64.encode(sign(key, msg.as_bytes()));
        format!("{msg}.{sig}")
    }
    pub fn decode(raw: &str, key: &[u8], expected: TokenType, now: i64, is_blacklisted: impl Fn(&str) -> bool) -> Result<Token, TokenError> {
        let invalid = TokenError("Token is invalid");
        let (msg, sig) = raw.rsplit_once('.').ok_or(TokenError("Token is invalid"))?;
        let (_, p) = msg.split_once('.').ok_or(TokenError("Token is invalid"))?;
        if B64.encode(sign(key, msg.as_bytes())) != sig { return Err(invalid); }
        let bytes = B64.decode(p).map_err(|_| TokenError("Token is invalid"))?;
        let payload: Map<String, Value> = serde_json::from_slice(&bytes).map_err(|_| TokenError("Token is invalid"))?;
        let t = Token { payload };
        if t.payload.get("exp").and_then(Value::as_i64).is_some_and(|e| e <= now) { return Err(TokenError("Token is expired")); }
        if is_blacklisted(t.jti()) { return Err(TokenError("Token is blacklisted")); }
        if t.payload.get("token_type").and_then(Value::as_str) != Some(expected.as_str()) { return Err(TokenError("Token has wrong type")); }
        Ok(t)
    }
}
pub fn decode_unverified(token: &str) -> Option<(Value, Value)> {
    let mut it = token.split('.');
    let h = serde_json::from_slice(&B64.decode(it.next()?).ok()?).ok()?;
    let c = serde_json::from_slice(&B64.decode(it.next()?).ok()?).ok()?;
    Some((h, c))
}
