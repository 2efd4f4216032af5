//! TEMPORARY stub.
pub fn username_errors(u: &str) -> impl Iterator<Item = &'static str> {
    let bad = u.is_empty() || u.chars().count() > 150 || !u.chars().all(|c| c.is_alphanumeric() || "@.+-_".contains(c));
    bad.then_some("Enter a valid username.").into_iter()
}
