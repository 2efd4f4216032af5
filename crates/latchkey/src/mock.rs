//! Mock protected routes' bodies: JSON with `{{user.id}}`, `{{user.username}}` and
//! `{{user.email}}` filled in for the authenticated user.

use serde_json::Value;

use crate::store::User;

/// The body with every placeholder replaced; a string that is only `{{user.id}}` becomes the
/// number itself.
pub fn render(body: &Value, user: &User) -> Value {
    match body {
        Value::String(s) if s.trim() == "{{user.id}}" => Value::from(user.id),
        Value::String(s) => Value::String(
            s.replace("{{user.id}}", &user.id.to_string())
                .replace("{{user.username}}", &user.username)
                .replace("{{user.email}}", &user.email),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| render(v, user)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), render(v, user)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders_are_filled() {
        let user = User {
            id: 7,
            username: "ada".into(),
            email: "ada@example.com".into(),
            password: String::new(),
            is_active: true,
            date_joined: 0,
        };
        let body = json!({"id": "{{user.id}}", "greeting": "hi {{user.username}}", "tags": ["{{user.email}}", 1]});
        assert_eq!(
            render(&body, &user),
            json!({"id": 7, "greeting": "hi ada", "tags": ["ada@example.com", 1]})
        );
    }
}
