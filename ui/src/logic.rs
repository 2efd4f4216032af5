//! Pure logic of the inspector: time parsing and formatting, countdowns, the state a session
//! shows locally between events, the reduction of server-sent events into UI effects, the
//! request log and its filters. No DOM, no wasm: unit-tested on the host.

use std::collections::BTreeMap;

use latchkey_api::events::Event;
use latchkey_api::requests::RequestRecord;
use latchkey_api::sessions::{Session, SessionState, TokenInfo};
use latchkey_api::ErrorBody;
use serde_json::Value;

/// How many requests the UI keeps (the server's ring is usually smaller).
pub const REQUEST_LOG_CAP: usize = 10_000;

// ---------------------------------------------------------------------------------------
// Time

/// Milliseconds since the epoch of an RFC 3339 timestamp (`2026-11-25T12:00:00Z`,
/// `2026-11-25T12:00:00.123+01:00`).
pub fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut i = 19;
    let mut ms = 0i64;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let frac = &s[start..i];
        if frac.is_empty() {
            return None;
        }
        let padded: String = frac.chars().chain("000".chars()).take(3).collect();
        ms = padded.parse().ok()?;
    }
    let offset_min = match &s[i..] {
        "Z" | "z" => 0,
        tz if tz.len() == 6 && (tz.starts_with('+') || tz.starts_with('-')) && &tz[3..4] == ":" => {
            let oh: i64 = tz[1..3].parse().ok()?;
            let om: i64 = tz[4..6].parse().ok()?;
            let m = oh * 60 + om;
            if tz.starts_with('-') {
                -m
            } else {
                m
            }
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo, d);
    let secs = days * 86_400 + h * 3600 + mi * 60 + sec - offset_min * 60;
    Some(secs * 1000 + ms)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A countdown to a deadline: `14:59`, `1:02:03`, `2d 03h`; `expired` at or after it.
pub fn format_countdown(remaining_ms: i64) -> String {
    if remaining_ms <= 0 {
        return "expired".into();
    }
    // Round up: a token with 0.4 s left still shows 0:01, and hits "expired" exactly at 0.
    let total = (remaining_ms + 999) / 1000;
    let (d, h, m, s) = (
        total / 86_400,
        total / 3600 % 24,
        total / 60 % 60,
        total % 60,
    );
    if d > 0 {
        format!("{d}d {h:02}h")
    } else if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// A compact duration: `45s`, `15m`, `1h 30m`, `2d 3h`, `0s`.
pub fn format_duration(secs: i64) -> String {
    let neg = secs < 0;
    let s = secs.unsigned_abs();
    let (d, h, m, sec) = (s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60);
    let parts: Vec<String> = [(d, "d"), (h, "h"), (m, "m"), (sec, "s")]
        .iter()
        .filter(|(v, _)| *v > 0)
        .take(2)
        .map(|(v, u)| format!("{v}{u}"))
        .collect();
    let body = if parts.is_empty() {
        "0s".to_string()
    } else {
        parts.join(" ")
    };
    if neg {
        format!("-{body}")
    } else {
        body
    }
}

/// The emulator's offset as a signed label: `+15m`, `-1h`, `+1d 2h`; empty when zero.
pub fn format_offset(offset_seconds: i64) -> String {
    match offset_seconds {
        0 => String::new(),
        o if o > 0 => format!("+{}", format_duration(o)),
        o => format_duration(o),
    }
}

/// `in 5m`, `3m ago`, `just now` for a time `delta_ms` from now.
pub fn format_relative(delta_ms: i64) -> String {
    let secs = delta_ms / 1000;
    if secs.abs() < 2 {
        return "just now".into();
    }
    let d = format_duration(secs.abs());
    let short = d.split(' ').next().unwrap_or(&d).to_string();
    if secs > 0 {
        format!("in {short}")
    } else {
        format!("{short} ago")
    }
}

/// Whether `"16m"`, `"1h30m"`, `"-5m"`, `"90s"` is a duration the clock accepts.
pub fn parse_duration_secs(s: &str) -> Option<i64> {
    let s = s.trim();
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if body.is_empty() {
        return None;
    }
    let mut total = 0i64;
    let mut digits = String::new();
    for c in body.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            let unit = match c {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86_400,
                _ => return None,
            };
            if digits.is_empty() {
                return None;
            }
            total = total.checked_add(digits.parse::<i64>().ok()?.checked_mul(unit)?)?;
            digits.clear();
        }
    }
    if !digits.is_empty() {
        return None;
    }
    Some(if neg { -total } else { total })
}

/// The emulator's now, estimated locally between clock fetches: the last fetched emulator
/// time plus the real time elapsed since (unless frozen).
pub fn emulator_now(
    clock_now_ms: i64,
    frozen: bool,
    synced_local_ms: f64,
    local_now_ms: f64,
) -> i64 {
    if frozen {
        clock_now_ms
    } else {
        clock_now_ms + (local_now_ms - synced_local_ms).max(0.0) as i64
    }
}

// ---------------------------------------------------------------------------------------
// Tokens and sessions

/// When a token stops working: its `exp`, or earlier when the control plane forced it.
pub fn token_deadline_ms(t: &TokenInfo) -> Option<i64> {
    let exp = parse_rfc3339_ms(&t.expires_at);
    let forced = t.forced_expired_at.as_deref().and_then(parse_rfc3339_ms);
    match (exp, forced) {
        (Some(e), Some(f)) => Some(e.min(f)),
        (e, f) => e.or(f),
    }
}

/// What a token's countdown shows at `now`.
#[derive(Clone, Debug, PartialEq)]
pub struct Countdown {
    pub text: String,
    /// Share of the lifetime left, 0.0 ..= 1.0 (for the progress bar).
    pub fraction: f64,
    pub level: Level,
}

/// How urgent a countdown is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Ok,
    /// Less than a fifth of the lifetime (or a minute) left.
    Soon,
    Expired,
    /// Blacklisted: the countdown no longer matters.
    Dead,
}

impl Level {
    pub fn class(self) -> &'static str {
        match self {
            Level::Ok => "ok",
            Level::Soon => "soon",
            Level::Expired => "expired",
            Level::Dead => "dead",
        }
    }
}

pub fn countdown(t: &TokenInfo, now_ms: i64) -> Countdown {
    let issued = parse_rfc3339_ms(&t.issued_at).unwrap_or(now_ms);
    let deadline = token_deadline_ms(t).unwrap_or(now_ms);
    let remaining = deadline - now_ms;
    let lifetime = (parse_rfc3339_ms(&t.expires_at).unwrap_or(deadline) - issued).max(1);
    let fraction = (remaining as f64 / lifetime as f64).clamp(0.0, 1.0);
    if t.blacklisted {
        return Countdown {
            text: "blacklisted".into(),
            fraction: 0.0,
            level: Level::Dead,
        };
    }
    let level = if remaining <= 0 {
        Level::Expired
    } else if fraction < 0.2 || remaining < 60_000 {
        Level::Soon
    } else {
        Level::Ok
    };
    let text = format_countdown(remaining);
    Countdown {
        text,
        fraction,
        level,
    }
}

/// The state to show at `now`: the server's, moved on locally when a deadline passes between
/// events (expiry by time produces no event).
pub fn effective_state(s: &Session, now_ms: i64) -> SessionState {
    let passed = |t: &Option<TokenInfo>| {
        t.as_ref()
            .and_then(token_deadline_ms)
            .is_some_and(|d| now_ms >= d)
    };
    match s.state {
        SessionState::Active | SessionState::AccessExpired if passed(&s.refresh) => {
            SessionState::Expired
        }
        SessionState::Active if passed(&s.access) => SessionState::AccessExpired,
        st => st,
    }
}

pub fn state_label(s: SessionState) -> &'static str {
    match s {
        SessionState::Active => "Active",
        SessionState::AccessExpired => "Access expired",
        SessionState::Expired => "Expired",
        SessionState::Revoked => "Revoked",
        SessionState::LoggedOut => "Logged out",
    }
}

pub fn state_class(s: SessionState) -> &'static str {
    match s {
        SessionState::Active => "active",
        SessionState::AccessExpired => "access-expired",
        SessionState::Expired => "expired",
        SessionState::Revoked => "revoked",
        SessionState::LoggedOut => "logged-out",
    }
}

/// Sessions whose tokens can still be used (actions make sense on them).
pub fn is_live(s: SessionState) -> bool {
    matches!(s, SessionState::Active | SessionState::AccessExpired)
}

/// A key that changes whenever a session row must be redrawn.
pub fn session_key(s: &Session) -> String {
    let tok = |t: &Option<TokenInfo>| {
        t.as_ref().map_or(String::new(), |t| {
            format!(
                "{}/{}/{}/{}",
                t.jti,
                t.forced_expired_at.as_deref().unwrap_or(""),
                t.blacklisted,
                t.expires_at
            )
        })
    };
    format!(
        "{}|{:?}|{}|{}|{}|{}",
        s.id,
        s.state,
        tok(&s.access),
        tok(&s.refresh),
        s.refresh_count,
        s.last_used_at.as_deref().unwrap_or("")
    )
}

/// Replaces the session with the same id, or adds it (newest first).
pub fn upsert_session(list: &mut Vec<Session>, s: Session) {
    match list.iter().position(|x| x.id == s.id) {
        Some(i) => list[i] = s,
        None => {
            list.push(s);
            sort_sessions(list);
        }
    }
}

/// Newest first.
pub fn sort_sessions(list: &mut [Session]) {
    list.sort_by(|a, b| {
        let (ta, tb) = (
            parse_rfc3339_ms(&a.created_at),
            parse_rfc3339_ms(&b.created_at),
        );
        tb.cmp(&ta).then_with(|| b.id.cmp(&a.id))
    });
}

/// A short description of a user agent: `Chrome 131 · Linux`, `curl/8.5.0`, `Node.js`.
pub fn short_user_agent(ua: &str) -> String {
    if ua.is_empty() {
        return "unknown client".into();
    }
    let find = |name: &str| -> Option<String> {
        let i = ua.find(name)?;
        let rest = &ua[i + name.len()..];
        let v: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        Some(if v.is_empty() {
            name.trim_end_matches('/').to_string()
        } else {
            format!("{} {v}", name.trim_end_matches('/'))
        })
    };
    let browser = if ua.contains("Edg/") {
        find("Edg/").map(|s| s.replace("Edg", "Edge"))
    } else if ua.contains("Chrome/") && !ua.contains("Chromium/") {
        find("Chrome/")
    } else if ua.contains("Chromium/") {
        find("Chromium/")
    } else if ua.contains("Firefox/") {
        find("Firefox/")
    } else if ua.contains("Safari/") && ua.contains("Version/") {
        find("Version/").map(|s| s.replace("Version", "Safari"))
    } else {
        None
    };
    let os = ["Windows", "Mac OS X", "Android", "iPhone", "Linux", "CrOS"]
        .iter()
        .find(|o| ua.contains(*o))
        .map(|o| match *o {
            "Mac OS X" => "macOS",
            "CrOS" => "ChromeOS",
            o => o,
        });
    match (browser, os) {
        (Some(b), Some(o)) => format!("{b} · {o}"),
        (Some(b), None) => b,
        _ => ua
            .split_whitespace()
            .next()
            .unwrap_or(ua)
            .chars()
            .take(40)
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------
// Events

/// Parses one server-sent event. The `data:` is the variant's payload (`event: session`,
/// `data: {"id":"..."}`); a whole tagged [`Event`] (`{"type":"session","data":{...}}`) is
/// accepted too.
pub fn parse_sse(name: &str, data: &str) -> Option<Event> {
    let value: Value = if data.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(data).ok()?
    };
    if value.get("type").and_then(Value::as_str).is_some() {
        if let Ok(ev) = serde_json::from_value::<Event>(value.clone()) {
            if name == "message" || ev.name() == name {
                return Some(ev);
            }
        }
    }
    let mut obj = serde_json::Map::new();
    obj.insert("type".into(), Value::String(name.to_string()));
    let bare = Value::Object(obj.clone());
    if !value.is_null() {
        obj.insert("data".into(), value);
    }
    // A payload-less event (`clock`, `settings`, `reset`) may still come with `{}`.
    serde_json::from_value(Value::Object(obj)).ok().or_else(|| {
        serde_json::from_value::<Event>(bare)
            .ok()
            .filter(|e| e.name() == name && is_unit(e))
    })
}

fn is_unit(e: &Event) -> bool {
    matches!(
        e,
        Event::Settings | Event::Clock | Event::Routes | Event::Reset
    )
}

/// The SSE event names the UI listens to.
pub const EVENT_NAMES: &[&str] = &[
    "request", "session", "user", "settings", "clock", "fault", "routes", "reset", "lag",
];

/// What the UI does about an event.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Add to the request log.
    LogRequest(Box<RequestRecord>),
    /// Fetch this session again.
    ReloadSession(String),
    ReloadSessions,
    ReloadUsers,
    ReloadClock,
    ReloadSettings,
    ReloadFaults,
    ReloadRequests,
}

/// The reduction of one event to the fetches and local updates it needs.
pub fn effects_of(ev: Event) -> Vec<Effect> {
    use Effect::*;
    match ev {
        Event::Request(r) => vec![LogRequest(Box::new(r))],
        Event::Session { id } => vec![ReloadSession(id)],
        // A deleted or deactivated user changes their sessions' fate too.
        Event::User { .. } => vec![ReloadUsers, ReloadSessions],
        Event::Settings => vec![ReloadSettings],
        // Expiry flags are computed at the emulator's now: fetch sessions again.
        Event::Clock => vec![ReloadClock, ReloadSessions],
        Event::Fault { .. } => vec![ReloadFaults],
        Event::Routes => vec![],
        Event::Reset => vec![
            ReloadSessions,
            ReloadUsers,
            ReloadClock,
            ReloadSettings,
            ReloadFaults,
            ReloadRequests,
        ],
        // Missed events: start over from the server's state.
        Event::Lag { .. } => vec![ReloadSessions, ReloadUsers, ReloadFaults, ReloadRequests],
    }
}

// ---------------------------------------------------------------------------------------
// Request log

/// Adds a request to the log (newest first), ignoring one already there, keeping `cap`.
pub fn push_request(log: &mut Vec<RequestRecord>, r: RequestRecord, cap: usize) {
    if log.first().is_some_and(|f| f.id >= r.id) && log.iter().any(|x| x.id == r.id) {
        return;
    }
    let pos = log.iter().position(|x| x.id < r.id).unwrap_or(log.len());
    log.insert(pos, r);
    log.truncate(cap);
}

/// Merges a fetched page (any order) with what the log already holds.
pub fn merge_requests(log: &mut Vec<RequestRecord>, fetched: Vec<RequestRecord>, cap: usize) {
    let mut by_id: BTreeMap<u64, RequestRecord> = log.drain(..).map(|r| (r.id, r)).collect();
    for r in fetched {
        by_id.insert(r.id, r);
    }
    log.extend(by_id.into_values().rev().take(cap));
}

/// The request log's filters, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RequestFilter {
    /// `""`, `2xx`, `4xx`, `401`, ...
    pub status: String,
    pub path: String,
    /// Substring of the username (or the user id).
    pub user: String,
    pub session: Option<String>,
}

pub fn request_matches(f: &RequestFilter, r: &RequestRecord) -> bool {
    let status = f.status.trim();
    if !status.is_empty() {
        let s = r.status.to_string();
        let ok = if let Some(class) = status.strip_suffix("xx") {
            s.starts_with(class)
        } else {
            s == status
        };
        if !ok {
            return false;
        }
    }
    let path = f.path.trim();
    if !path.is_empty() && !r.path.to_lowercase().contains(&path.to_lowercase()) {
        return false;
    }
    let user = f.user.trim().to_lowercase();
    if !user.is_empty() {
        match &r.user {
            Some(u) if u.username.to_lowercase().contains(&user) || u.id.to_string() == user => {}
            _ => return false,
        }
    }
    if let Some(sid) = &f.session {
        if r.session_id.as_ref() != Some(sid) {
            return false;
        }
    }
    true
}

/// `2xx` → `s2`, ... for colouring a status.
pub fn status_class(status: u16) -> &'static str {
    match status {
        0..=199 => "s1",
        200..=299 => "s2",
        300..=399 => "s3",
        400..=499 => "s4",
        _ => "s5",
    }
}

/// How many pages of `per_page` a list of `n` needs (at least 1).
pub fn page_count(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page.max(1)).max(1)
}

// ---------------------------------------------------------------------------------------
// Forms

/// Field errors of a rejected create/patch (`{"username": ["A user with that username
/// already exists."]}`), plus `non_field_errors`/`detail` under `""`.
pub fn field_errors(e: &ErrorBody) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    if let Some(Value::Object(map)) = &e.fields {
        for (k, v) in map {
            let msgs: Vec<String> = match v {
                Value::Array(a) => a
                    .iter()
                    .map(|m| m.as_str().map_or_else(|| m.to_string(), str::to_string))
                    .collect(),
                Value::String(s) => vec![s.clone()],
                other => vec![other.to_string()],
            };
            let key = if k == "non_field_errors" {
                String::new()
            } else {
                k.clone()
            };
            out.entry(key).or_insert_with(Vec::new).extend(msgs);
        }
    }
    if out.is_empty() {
        // A 409 names the field it is about (`a user with the username "x" already exists`).
        let field = ["username", "email"]
            .into_iter()
            .find(|f| e.error == "conflict" && e.detail.contains(f))
            .unwrap_or("");
        out.insert(field.to_string(), vec![e.detail.clone()]);
    }
    out
}

/// The JSON for a setting edited as text, shaped like its current value: booleans from
/// `true`/`false`, lists from comma-separated items, numbers as numbers, else a string.
pub fn setting_value_from_input(current: &Value, input: &str) -> Result<Value, String> {
    let t = input.trim();
    match current {
        Value::Bool(_) => match t {
            "true" | "on" | "yes" | "1" => Ok(Value::Bool(true)),
            "false" | "off" | "no" | "0" => Ok(Value::Bool(false)),
            _ => Err("expected true or false".into()),
        },
        Value::Array(_) => Ok(Value::Array(
            t.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.into()))
                .collect(),
        )),
        Value::Number(_) => t
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| t.parse::<f64>().map(Value::from))
            .map_err(|_| "expected a number".to_string()),
        Value::Null if t.is_empty() => Ok(Value::Null),
        _ => {
            if t.starts_with('[') || t.starts_with('{') {
                serde_json::from_str(t).map_err(|e| e.to_string())
            } else {
                Ok(Value::String(t.to_string()))
            }
        }
    }
}

/// A setting's value as text for an input (the inverse of [`setting_value_from_input`]).
pub fn setting_value_to_input(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) if a.iter().all(Value::is_string) => a
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A human title for a settings key: `access_token_lifetime` → `Access token lifetime`.
pub fn humanize_key(k: &str) -> String {
    let s = k.replace(['_', '.'], " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Pretty JSON for display.
pub fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// The part of a JWT to show in a table: `eyJhbGciOi…x4Q`.
pub fn short_token(t: &str) -> String {
    if t.len() <= 24 {
        return t.to_string();
    }
    format!("{}…{}", &t[..12], &t[t.len() - 6..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use latchkey_api::sessions::Client;
    use latchkey_api::UserRef;
    use serde_json::json;

    fn tok(iat: &str, exp: &str) -> TokenInfo {
        TokenInfo {
            jti: "j".into(),
            token: "t".into(),
            issued_at: iat.into(),
            expires_at: exp.into(),
            forced_expired_at: None,
            expired: false,
            blacklisted: false,
            header: json!({}),
            claims: json!({}),
        }
    }

    fn session(state: SessionState) -> Session {
        Session {
            id: "s1".into(),
            user: UserRef {
                id: 1,
                username: "alice".into(),
            },
            state,
            created_at: "2026-11-25T12:00:00Z".into(),
            client: Client::default(),
            access: Some(tok("2026-11-25T12:00:00Z", "2026-11-25T12:15:00Z")),
            refresh: Some(tok("2026-11-25T12:00:00Z", "2026-11-26T12:00:00Z")),
            last_used_at: None,
            refresh_count: 0,
        }
    }

    fn ms(s: &str) -> i64 {
        parse_rfc3339_ms(s).unwrap()
    }

    fn record(id: u64, status: u16, path: &str, user: Option<&str>) -> RequestRecord {
        RequestRecord {
            id,
            at: "2026-11-25T12:00:00Z".into(),
            method: "GET".into(),
            path: path.into(),
            origin: None,
            status,
            duration_ms: 1.0,
            user: user.map(|u| UserRef {
                id: 7,
                username: u.into(),
            }),
            session_id: None,
            token_jti: None,
            rejection: None,
            fault: None,
            cookies_in: vec![],
            cookies_out: vec![],
        }
    }

    #[test]
    fn rfc3339() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339_ms("2026-11-25T12:00:00Z"),
            Some(1_795_608_000_000)
        );
        assert_eq!(
            parse_rfc3339_ms("2026-11-25T12:00:00.25Z"),
            Some(1_795_608_000_250)
        );
        assert_eq!(
            parse_rfc3339_ms("2026-11-25T13:00:00+01:00"),
            Some(1_795_608_000_000)
        );
        assert_eq!(
            parse_rfc3339_ms("2000-02-29T00:00:00Z"),
            Some(951_782_400_000)
        );
        assert_eq!(parse_rfc3339_ms("1969-12-31T23:59:59Z"), Some(-1000));
        assert_eq!(parse_rfc3339_ms("2026-11-25"), None);
        assert_eq!(parse_rfc3339_ms("2026-13-25T12:00:00Z"), None);
        assert_eq!(parse_rfc3339_ms("2026-11-25T12:00:00"), None);
    }

    #[test]
    fn countdown_formatting() {
        assert_eq!(format_countdown(0), "expired");
        assert_eq!(format_countdown(-5), "expired");
        assert_eq!(format_countdown(400), "0:01");
        assert_eq!(format_countdown(59_000), "0:59");
        assert_eq!(format_countdown(15 * 60_000), "15:00");
        assert_eq!(format_countdown(15 * 60_000 - 1), "15:00");
        assert_eq!(format_countdown(14 * 60_000 + 59_000), "14:59");
        assert_eq!(format_countdown(3_723_000), "1:02:03");
        assert_eq!(format_countdown(86_400_000), "1d 00h");
        assert_eq!(format_countdown(7 * 86_400_000 - 3_600_000), "6d 23h");
    }

    #[test]
    fn durations_and_relative() {
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(45), "45s");
        assert_eq!(format_duration(960), "16m");
        assert_eq!(format_duration(5400), "1h 30m");
        assert_eq!(format_duration(86_400 + 7200 + 5), "1d 2h");
        assert_eq!(format_offset(0), "");
        assert_eq!(format_offset(900), "+15m");
        assert_eq!(format_offset(-3600), "-1h");
        assert_eq!(format_relative(500), "just now");
        assert_eq!(format_relative(300_000), "in 5m");
        assert_eq!(format_relative(-5_400_000), "1h ago");
    }

    #[test]
    fn duration_input() {
        assert_eq!(parse_duration_secs("16m"), Some(960));
        assert_eq!(parse_duration_secs("1h30m"), Some(5400));
        assert_eq!(parse_duration_secs("-5m"), Some(-300));
        assert_eq!(parse_duration_secs("+1d"), Some(86_400));
        assert_eq!(parse_duration_secs("90s"), Some(90));
        assert_eq!(parse_duration_secs("90"), None);
        assert_eq!(parse_duration_secs("m"), None);
        assert_eq!(parse_duration_secs("5y"), None);
        assert_eq!(parse_duration_secs(""), None);
    }

    #[test]
    fn emulator_clock_estimate() {
        assert_eq!(emulator_now(1_000_000, false, 500.0, 2_500.0), 1_002_000);
        assert_eq!(emulator_now(1_000_000, true, 500.0, 2_500.0), 1_000_000);
        // A local clock that went backwards never moves the emulator back.
        assert_eq!(emulator_now(1_000_000, false, 500.0, 100.0), 1_000_000);
    }

    #[test]
    fn token_countdowns() {
        let t = tok("2026-11-25T12:00:00Z", "2026-11-25T12:15:00Z");
        let c = countdown(&t, ms("2026-11-25T12:00:01Z"));
        assert_eq!(c.text, "14:59");
        assert_eq!(c.level, Level::Ok);
        assert!((c.fraction - 899.0 / 900.0).abs() < 1e-9);

        let c = countdown(&t, ms("2026-11-25T12:14:30Z"));
        assert_eq!((c.text.as_str(), c.level), ("0:30", Level::Soon));

        let c = countdown(&t, ms("2026-11-25T12:16:00Z"));
        assert_eq!(
            (c.text.as_str(), c.level, c.fraction),
            ("expired", Level::Expired, 0.0)
        );

        let mut forced = t.clone();
        forced.forced_expired_at = Some("2026-11-25T12:05:00Z".into());
        assert_eq!(token_deadline_ms(&forced), Some(ms("2026-11-25T12:05:00Z")));
        let c = countdown(&forced, ms("2026-11-25T12:06:00Z"));
        assert_eq!((c.text.as_str(), c.level), ("expired", Level::Expired));

        let mut dead = t;
        dead.blacklisted = true;
        assert_eq!(
            countdown(&dead, ms("2026-11-25T12:00:01Z")).level,
            Level::Dead
        );
    }

    #[test]
    fn state_moves_on_locally_when_deadlines_pass() {
        let s = session(SessionState::Active);
        assert_eq!(
            effective_state(&s, ms("2026-11-25T12:10:00Z")),
            SessionState::Active
        );
        assert_eq!(
            effective_state(&s, ms("2026-11-25T12:15:00Z")),
            SessionState::AccessExpired
        );
        assert_eq!(
            effective_state(&s, ms("2026-11-26T12:00:00Z")),
            SessionState::Expired
        );
        let r = session(SessionState::Revoked);
        assert_eq!(
            effective_state(&r, ms("2026-11-27T00:00:00Z")),
            SessionState::Revoked
        );
        let mut f = session(SessionState::Active);
        f.access.as_mut().unwrap().forced_expired_at = Some("2026-11-25T12:01:00Z".into());
        assert_eq!(
            effective_state(&f, ms("2026-11-25T12:01:00Z")),
            SessionState::AccessExpired
        );
    }

    #[test]
    fn session_list_upserts_and_keys() {
        let mut list = vec![session(SessionState::Active)];
        let k1 = session_key(&list[0]);
        let mut changed = session(SessionState::AccessExpired);
        changed.refresh_count = 1;
        upsert_session(&mut list, changed);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].state, SessionState::AccessExpired);
        assert_ne!(session_key(&list[0]), k1);

        let mut newer = session(SessionState::Active);
        newer.id = "s2".into();
        newer.created_at = "2026-11-25T13:00:00Z".into();
        upsert_session(&mut list, newer);
        assert_eq!(
            list.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            ["s2", "s1"]
        );
    }

    #[test]
    fn sse_payloads_become_events() {
        assert_eq!(
            parse_sse("session", r#"{"id":"abc"}"#),
            Some(Event::Session { id: "abc".into() })
        );
        assert_eq!(
            parse_sse("user", r#"{"id":3}"#),
            Some(Event::User { id: 3 })
        );
        assert_eq!(parse_sse("clock", ""), Some(Event::Clock));
        assert_eq!(parse_sse("clock", "null"), Some(Event::Clock));
        assert_eq!(parse_sse("settings", "{}"), Some(Event::Settings));
        assert_eq!(parse_sse("session", "{}"), None);
        assert_eq!(
            parse_sse("fault", r#"{"id":null}"#),
            Some(Event::Fault { id: None })
        );
        assert_eq!(
            parse_sse("lag", r#"{"missed":4}"#),
            Some(Event::Lag { missed: 4 })
        );
        // The whole tagged event is accepted too.
        assert_eq!(
            parse_sse("session", r#"{"type":"session","data":{"id":"x"}}"#),
            Some(Event::Session { id: "x".into() })
        );
        let rec = serde_json::to_string(&record(5, 401, "/auth-check/", Some("alice"))).unwrap();
        match parse_sse("request", &rec) {
            Some(Event::Request(r)) => assert_eq!((r.id, r.status), (5, 401)),
            other => panic!("{other:?}"),
        }
        assert_eq!(parse_sse("session", "not json"), None);
        assert_eq!(parse_sse("nonsense", "{}"), None);
    }

    #[test]
    fn events_reduce_to_effects() {
        assert_eq!(
            effects_of(Event::Session { id: "a".into() }),
            vec![Effect::ReloadSession("a".into())]
        );
        assert_eq!(
            effects_of(Event::Clock),
            vec![Effect::ReloadClock, Effect::ReloadSessions]
        );
        assert!(effects_of(Event::Reset).contains(&Effect::ReloadRequests));
        assert!(matches!(
            effects_of(Event::Request(record(1, 200, "/", None)))[..],
            [Effect::LogRequest(_)]
        ));
    }

    #[test]
    fn request_log_is_newest_first_deduplicated_and_capped() {
        let mut log = Vec::new();
        for id in [1, 2, 3] {
            push_request(&mut log, record(id, 200, "/token/", None), 3);
        }
        push_request(&mut log, record(2, 200, "/token/", None), 3);
        assert_eq!(log.iter().map(|r| r.id).collect::<Vec<_>>(), [3, 2, 1]);
        push_request(&mut log, record(4, 200, "/token/", None), 3);
        assert_eq!(log.iter().map(|r| r.id).collect::<Vec<_>>(), [4, 3, 2]);

        merge_requests(
            &mut log,
            vec![record(1, 200, "/x/", None), record(5, 200, "/y/", None)],
            10,
        );
        assert_eq!(
            log.iter().map(|r| r.id).collect::<Vec<_>>(),
            [5, 4, 3, 2, 1]
        );
    }

    #[test]
    fn request_filters() {
        let r = record(1, 401, "/auth-check/", Some("alice"));
        let f = |status: &str, path: &str, user: &str| RequestFilter {
            status: status.into(),
            path: path.into(),
            user: user.into(),
            session: None,
        };
        assert!(request_matches(&f("", "", ""), &r));
        assert!(request_matches(&f("4xx", "AUTH", "ali"), &r));
        assert!(request_matches(&f("401", "", "7"), &r));
        assert!(!request_matches(&f("2xx", "", ""), &r));
        assert!(!request_matches(&f("", "/token/", ""), &r));
        assert!(!request_matches(&f("", "", "bob"), &r));
        assert!(!request_matches(
            &f("", "", "alice"),
            &record(2, 200, "/", None)
        ));
        assert_eq!(status_class(204), "s2");
        assert_eq!(status_class(503), "s5");
        assert_eq!(page_count(0, 100), 1);
        assert_eq!(page_count(10_000, 100), 100);
        assert_eq!(page_count(10_001, 100), 101);
    }

    #[test]
    fn validator_messages_by_field() {
        let e = ErrorBody {
            error: "validation".into(),
            detail: "invalid user".into(),
            fields: Some(json!({
                "username": ["A user with that username already exists."],
                "password": ["This password is too short. It must contain at least 8 characters.", "This password is too common."],
                "non_field_errors": ["Nope."]
            })),
        };
        let f = field_errors(&e);
        assert_eq!(f["password"].len(), 2);
        assert_eq!(f[""], vec!["Nope.".to_string()]);
        let plain = ErrorBody {
            error: "conflict".into(),
            detail: "exists".into(),
            fields: None,
        };
        assert_eq!(field_errors(&plain)[""], vec!["exists".to_string()]);
        let dup = ErrorBody {
            error: "conflict".into(),
            detail: "a user with the username \"alice\" already exists".into(),
            fields: None,
        };
        assert_eq!(field_errors(&dup).keys().collect::<Vec<_>>(), ["username"]);
    }

    #[test]
    fn settings_round_trip_through_inputs() {
        assert_eq!(
            setting_value_from_input(&json!(true), "false"),
            Ok(json!(false))
        );
        assert!(setting_value_from_input(&json!(true), "maybe").is_err());
        assert_eq!(
            setting_value_from_input(
                &json!(["a"]),
                "http://localhost:3000, http://127.0.0.1:3000"
            ),
            Ok(json!(["http://localhost:3000", "http://127.0.0.1:3000"]))
        );
        assert_eq!(setting_value_from_input(&json!(1000), "50"), Ok(json!(50)));
        assert_eq!(
            setting_value_from_input(&json!("15m"), " 5m "),
            Ok(json!("5m"))
        );
        assert_eq!(setting_value_to_input(&json!(["a", "b"])), "a, b");
        assert_eq!(setting_value_to_input(&json!("Lax")), "Lax");
        assert_eq!(
            humanize_key("access_token_lifetime"),
            "Access token lifetime"
        );
    }

    #[test]
    fn user_agents() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        assert_eq!(short_user_agent(chrome), "Chrome 131 · Linux");
        assert_eq!(short_user_agent("curl/8.5.0"), "curl/8.5.0");
        assert_eq!(short_user_agent(""), "unknown client");
        let ff = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(short_user_agent(ff), "Firefox 133 · Windows");
        assert_eq!(
            short_token("abcdefghijklmnopqrstuvwxyz0123456789"),
            "abcdefghijkl…456789"
        );
    }
}
