//! Configuration: defaults < `latchkey.toml` < `LATCHKEY_*` environment < command-line flags.
//!
//! Key names mirror the Django settings being emulated (`ACCESS_TOKEN_LIFETIME`,
//! `ROTATE_REFRESH_TOKENS`, `CORS_ALLOWED_ORIGINS`, the seed's `AUTH_COOKIE_*`), lower-cased.
//! Every key is applied through [`Config::set`], so all layers share one parser and one
//! error message, and the config remembers where each value came from.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Where a setting's value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Default,
    File,
    Env,
    Flag,
    Runtime,
}

/// `SameSite` cookie attribute; `Disabled` leaves the attribute out, as Django does for `None`
/// given as Python's `None`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SameSite {
    Lax,
    Strict,
    None,
    Disabled,
}

impl SameSite {
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            SameSite::Lax => Some("Lax"),
            SameSite::Strict => Some("Strict"),
            SameSite::None => Some("None"),
            SameSite::Disabled => None,
        }
    }
}

/// The auth cookies, as the seed's `AUTH_COOKIE_*` settings describe them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieSettings {
    pub access_name: String,
    pub refresh_name: String,
    pub path: String,
    pub domain: Option<String>,
    pub samesite: SameSite,
    pub secure: bool,
    pub httponly: bool,
}

/// What the auth API does; the control plane may change these at run time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// HS256 key; `None` means "generate one and keep it in the data file".
    pub signing_key: Option<String>,
    pub access_token_lifetime: i64,
    pub refresh_token_lifetime: i64,
    pub rotate_refresh_tokens: bool,
    pub blacklist_after_rotation: bool,
    /// Seconds after a rotation (with `blacklist_after_rotation`) during which the rotated-out
    /// refresh token replays the same new pair instead of "Token is blacklisted"; 0 is off.
    pub refresh_reuse_grace: i64,
    pub cors_allowed_origins: Vec<String>,
    pub cookies: CookieSettings,
    /// URL prefix of the auth API, always starting and ending with `/`.
    pub prefix: String,
    /// Django's `ALLOWED_HOSTS`: other `Host` values get Django's 400 page.
    pub allowed_hosts: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            signing_key: None,
            access_token_lifetime: 15 * 60,
            refresh_token_lifetime: 24 * 60 * 60,
            rotate_refresh_tokens: false,
            blacklist_after_rotation: false,
            refresh_reuse_grace: 0,
            cors_allowed_origins: vec!["http://localhost:3000".to_string()],
            cookies: CookieSettings {
                access_name: "access_token".into(),
                refresh_name: "refresh_token".into(),
                path: "/".into(),
                domain: None,
                samesite: SameSite::Lax,
                secure: false,
                httponly: true,
            },
            prefix: "/".into(),
            allowed_hosts: vec!["127.0.0.1".into(), "localhost".into(), "[::1]".into()],
        }
    }
}

/// Where the data lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Storage {
    InMemory,
    File(PathBuf),
}

/// Everything `latchkey serve` needs.
#[derive(Clone, Debug)]
pub struct Config {
    pub host: String,
    pub port: u16,
    pub allow_remote: bool,
    /// `None`: the default data file in the user's data directory.
    pub data: Option<PathBuf>,
    pub in_memory: bool,
    pub seed: Option<PathBuf>,
    /// Cheap password hashing for CI; never the default.
    pub fast_hash: bool,
    /// How many requests the inspector keeps.
    pub request_log_size: usize,
    /// Mock protected routes from the config file (`[[routes]]`).
    pub routes: Vec<latchkey_api::routes::MockRouteCreate>,
    pub settings: Settings,
    sources: BTreeMap<&'static str, Source>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 8000,
            allow_remote: false,
            data: None,
            in_memory: false,
            seed: None,
            fast_hash: false,
            request_log_size: 1000,
            routes: Vec::new(),
            settings: Settings::default(),
            sources: BTreeMap::new(),
        }
    }
}

/// A bad setting: names the key, where it came from and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub key: String,
    pub origin: String,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`: {}", self.origin, self.key, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Every key, in the order `config show` prints them.
pub const KEYS: &[&str] = &[
    "host",
    "port",
    "allow_remote",
    "data",
    "in_memory",
    "seed",
    "fast_hash",
    "request_log_size",
    "signing_key",
    "access_token_lifetime",
    "refresh_token_lifetime",
    "rotate_refresh_tokens",
    "blacklist_after_rotation",
    "refresh_reuse_grace",
    "cors_allowed_origins",
    "prefix",
    "allowed_hosts",
    "auth_cookie_access",
    "auth_cookie_refresh",
    "auth_cookie_path",
    "auth_cookie_domain",
    "auth_cookie_samesite",
    "auth_cookie_secure",
    "auth_cookie_httponly",
];

/// Keys a `latchkey.toml` may carry for the desktop app, which reads them itself
/// (`latchkey-desktop`); the server accepts and ignores them, so one file serves both.
pub const DESKTOP_KEYS: &[&str] = &["close_to_tray"];

/// A value before it is parsed: text (env, flags) or a typed TOML value.
#[derive(Debug, Clone)]
pub enum Raw {
    Text(String),
    Toml(toml::Value),
}

impl Raw {
    /// A JSON value (the control plane's `PATCH /settings`), typed like a config file's
    /// TOML value: `"15m"`, `true`, `["http://localhost:3000"]`, `900`. `null` has no TOML
    /// spelling, so it is refused rather than read as an empty value.
    pub fn from_json(value: &serde_json::Value) -> Result<Raw, String> {
        if value.is_null() {
            return Err("expected a value, not null".into());
        }
        toml::Value::try_from(value)
            .map(Raw::Toml)
            .map_err(|e| format!("unsupported value ({e})"))
    }

    fn describe(&self) -> String {
        match self {
            Raw::Text(s) => format!("{s:?}"),
            Raw::Toml(v) => v.to_string(),
        }
    }
}

impl Config {
    /// Defaults < config file < `LATCHKEY_*` environment: what `latchkey serve` reads before
    /// its flags, for embedders such as the desktop app. `file: None` reads `./latchkey.toml`
    /// when it exists. Unlike the CLI (whose clap reads it), this applies
    /// `LATCHKEY_SIGNING_KEY` from the environment too.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        let mut config = Config::default();
        let local = Path::new("latchkey.toml");
        match file {
            Some(path) => config.apply_file(path)?,
            None if local.is_file() => config.apply_file(local)?,
            None => {}
        }
        config.apply_env(std::env::vars())?;
        Ok(config)
    }

    /// The source of a key's current value.
    pub fn source(&self, key: &str) -> Source {
        self.sources.get(key).copied().unwrap_or(Source::Default)
    }

    /// Sets one key from any layer.
    pub fn set(&mut self, key: &str, raw: Raw, source: Source) -> Result<(), String> {
        let unknown = || format!("unknown setting; known settings are: {}", KEYS.join(", "));
        let Some(&key) = KEYS.iter().find(|k| **k == key) else {
            return Err(unknown());
        };
        let s = &mut self.settings;
        match key {
            "host" => self.host = text(&raw)?,
            "port" => self.port = port(&raw)?,
            "allow_remote" => {
                self.allow_remote = boolean(&raw)?;
                // Reached from other machines, requests carry their own Host names.
                if self.allow_remote && self.source("allowed_hosts") == Source::Default {
                    self.settings.allowed_hosts = vec!["*".into()];
                }
            }
            "data" => self.data = Some(PathBuf::from(text(&raw)?)),
            "in_memory" => self.in_memory = boolean(&raw)?,
            "seed" => self.seed = Some(PathBuf::from(text(&raw)?)),
            "fast_hash" => self.fast_hash = boolean(&raw)?,
            "request_log_size" => self.request_log_size = count(&raw)?,
            "signing_key" => {
                let k = text(&raw)?;
                if k.is_empty() {
                    return Err("expected a non-empty string".into());
                }
                s.signing_key = Some(k);
            }
            "access_token_lifetime" => s.access_token_lifetime = lifetime(&raw)?,
            "refresh_token_lifetime" => s.refresh_token_lifetime = lifetime(&raw)?,
            "rotate_refresh_tokens" => s.rotate_refresh_tokens = boolean(&raw)?,
            "blacklist_after_rotation" => s.blacklist_after_rotation = boolean(&raw)?,
            "refresh_reuse_grace" => s.refresh_reuse_grace = grace(&raw)?,
            "cors_allowed_origins" => s.cors_allowed_origins = origins(&raw)?,
            "prefix" => s.prefix = prefix(&text(&raw)?)?,
            "allowed_hosts" => s.allowed_hosts = list(&raw, "a list of host names")?,
            "auth_cookie_access" => s.cookies.access_name = cookie_name(&raw)?,
            "auth_cookie_refresh" => s.cookies.refresh_name = cookie_name(&raw)?,
            "auth_cookie_path" => s.cookies.path = text(&raw)?,
            "auth_cookie_domain" => {
                let d = text(&raw)?;
                s.cookies.domain = (!d.is_empty()).then_some(d);
            }
            "auth_cookie_samesite" => s.cookies.samesite = samesite(&raw)?,
            "auth_cookie_secure" => s.cookies.secure = boolean(&raw)?,
            "auth_cookie_httponly" => s.cookies.httponly = boolean(&raw)?,
            _ => return Err(unknown()),
        }
        self.sources.insert(key, source);
        Ok(())
    }

    /// Applies a `latchkey.toml` file.
    pub fn apply_file(&mut self, path: &Path) -> Result<(), ConfigError> {
        let origin = format!("config file {}:", path.display());
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            key: "config".into(),
            origin: origin.clone(),
            message: format!("cannot read it ({e})"),
        })?;
        self.apply_toml(&text, &origin)
    }

    /// Applies TOML text (top-level keys, or the cookie keys under `[cookies]` too).
    pub fn apply_toml(&mut self, text: &str, origin: &str) -> Result<(), ConfigError> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| ConfigError {
            key: "syntax".into(),
            origin: origin.to_string(),
            message: e.message().to_string(),
        })?;
        for (key, value) in table {
            if DESKTOP_KEYS.contains(&key.as_str()) {
                continue;
            }
            if key == "routes" {
                self.routes = routes(value).map_err(|message| ConfigError {
                    key: key.clone(),
                    origin: origin.to_string(),
                    message,
                })?;
                continue;
            }
            self.set(&key, Raw::Toml(value.clone()), Source::File)
                .map_err(|message| ConfigError {
                    key: key.clone(),
                    origin: origin.to_string(),
                    message: with_value(message, &Raw::Toml(value)),
                })?;
        }
        Ok(())
    }

    /// Applies every `LATCHKEY_<KEY>` variable present in `vars`.
    pub fn apply_env<I>(&mut self, vars: I) -> Result<(), ConfigError>
    where
        I: IntoIterator<Item = (String, String)>,
    {
        for (name, value) in vars {
            let Some(key) = name.strip_prefix("LATCHKEY_") else {
                continue;
            };
            let key = key.to_ascii_lowercase();
            if !KEYS.contains(&key.as_str()) {
                continue; // LATCHKEY_URL and friends belong to other tools
            }
            let raw = Raw::Text(value);
            self.set(&key, raw.clone(), Source::Env)
                .map_err(|message| ConfigError {
                    key: key.clone(),
                    origin: format!("environment variable {name}:"),
                    message: with_value(message, &raw),
                })?;
        }
        Ok(())
    }

    /// Applies a command-line flag value.
    pub fn apply_flag(&mut self, key: &str, value: &str) -> Result<(), ConfigError> {
        let raw = Raw::Text(value.to_string());
        self.set(key, raw.clone(), Source::Flag)
            .map_err(|message| ConfigError {
                key: key.to_string(),
                origin: format!("flag --{}:", key.replace('_', "-")),
                message: with_value(message, &raw),
            })
    }

    /// Where data is stored.
    pub fn storage(&self) -> Result<Storage, ConfigError> {
        if self.in_memory {
            return Ok(Storage::InMemory);
        }
        match &self.data {
            Some(p) => Ok(Storage::File(p.clone())),
            None => default_data_file().map(Storage::File).ok_or(ConfigError {
                key: "data".into(),
                origin: "setting".into(),
                message: "no user data directory on this system; pass --data PATH or --in-memory"
                    .into(),
            }),
        }
    }

    /// Each key with its current value (secrets masked unless `reveal`) and source.
    pub fn describe(&self, reveal: bool) -> Vec<(&'static str, String, Source)> {
        let s = &self.settings;
        KEYS.iter()
            .map(|&k| {
                let v = match k {
                    "host" => self.host.clone(),
                    "port" => self.port.to_string(),
                    "allow_remote" => self.allow_remote.to_string(),
                    "data" => self
                        .data
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .or_else(|| default_data_file().map(|p| p.display().to_string()))
                        .unwrap_or_default(),
                    "in_memory" => self.in_memory.to_string(),
                    "seed" => self
                        .seed
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    "fast_hash" => self.fast_hash.to_string(),
                    "request_log_size" => self.request_log_size.to_string(),
                    "signing_key" => match &s.signing_key {
                        Some(key) if reveal => key.clone(),
                        Some(_) => "(set; --reveal to show)".into(),
                        None => "(generated and kept in the data file)".into(),
                    },
                    "access_token_lifetime" => format_duration(s.access_token_lifetime),
                    "refresh_token_lifetime" => format_duration(s.refresh_token_lifetime),
                    "rotate_refresh_tokens" => s.rotate_refresh_tokens.to_string(),
                    "blacklist_after_rotation" => s.blacklist_after_rotation.to_string(),
                    "refresh_reuse_grace" => format_duration(s.refresh_reuse_grace),
                    "cors_allowed_origins" => s.cors_allowed_origins.join(", "),
                    "prefix" => s.prefix.clone(),
                    "allowed_hosts" => s.allowed_hosts.join(", "),
                    "auth_cookie_access" => s.cookies.access_name.clone(),
                    "auth_cookie_refresh" => s.cookies.refresh_name.clone(),
                    "auth_cookie_path" => s.cookies.path.clone(),
                    "auth_cookie_domain" => s.cookies.domain.clone().unwrap_or_default(),
                    "auth_cookie_samesite" => {
                        s.cookies.samesite.attribute().unwrap_or("false").into()
                    }
                    "auth_cookie_secure" => s.cookies.secure.to_string(),
                    "auth_cookie_httponly" => s.cookies.httponly.to_string(),
                    _ => String::new(),
                };
                (k, v, self.source(k))
            })
            .collect()
    }
}

/// The default data file: `<user data dir>/latchkey/latchkey.sqlite3`.
pub fn default_data_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("dev", "latchkey", "latchkey")
        .map(|d| d.data_dir().join("latchkey.sqlite3"))
}

fn with_value(message: String, raw: &Raw) -> String {
    format!("{} is not allowed: {message}", raw.describe())
}

fn text(raw: &Raw) -> Result<String, String> {
    match raw {
        Raw::Text(s) => Ok(s.clone()),
        Raw::Toml(toml::Value::String(s)) => Ok(s.clone()),
        Raw::Toml(_) => Err("expected a string".into()),
    }
}

fn boolean(raw: &Raw) -> Result<bool, String> {
    let err = || "expected true or false".to_string();
    match raw {
        Raw::Toml(toml::Value::Boolean(b)) => Ok(*b),
        Raw::Toml(_) => Err(err()),
        Raw::Text(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => Ok(true),
            "false" | "0" | "no" | "off" | "" => Ok(false),
            _ => Err(err()),
        },
    }
}

fn port(raw: &Raw) -> Result<u16, String> {
    let err = || "expected a port number from 0 to 65535".to_string();
    match raw {
        Raw::Toml(toml::Value::Integer(i)) => u16::try_from(*i).map_err(|_| err()),
        Raw::Toml(_) => Err(err()),
        Raw::Text(s) => s.trim().parse().map_err(|_| err()),
    }
}

fn count(raw: &Raw) -> Result<usize, String> {
    let err = || "expected a whole number from 1 to 1000000".to_string();
    let n = match raw {
        Raw::Toml(toml::Value::Integer(i)) => usize::try_from(*i).map_err(|_| err())?,
        Raw::Toml(_) => return Err(err()),
        Raw::Text(s) => s.trim().parse().map_err(|_| err())?,
    };
    if (1..=1_000_000).contains(&n) {
        Ok(n)
    } else {
        Err(err())
    }
}

/// `[[routes]]` tables: `method` (default GET), `path`, `status` (default 200), `body`.
fn routes(value: toml::Value) -> Result<Vec<latchkey_api::routes::MockRouteCreate>, String> {
    let expected = "expected [[routes]] tables with path = \"/api/profile/\" and optional method, status and body";
    let toml::Value::Array(items) = value else {
        return Err(expected.into());
    };
    items
        .into_iter()
        .map(|item| {
            let json = serde_json::to_value(&item).map_err(|e| format!("{expected} ({e})"))?;
            serde_json::from_value(json).map_err(|e| format!("{expected} ({e})"))
        })
        .collect()
}

fn lifetime(raw: &Raw) -> Result<i64, String> {
    let secs = match raw {
        Raw::Toml(toml::Value::Integer(i)) => Some(*i),
        Raw::Toml(toml::Value::String(s)) | Raw::Text(s) => parse_duration(s),
        Raw::Toml(_) => None,
    };
    match secs {
        Some(s) if s > 0 => Ok(s),
        _ => Err("expected a positive duration like 900s, 15m, 12h, 1d or 1h30m".into()),
    }
}

/// A duration that may be zero (off), at most a day: the refresh reuse grace.
fn grace(raw: &Raw) -> Result<i64, String> {
    let secs = match raw {
        Raw::Toml(toml::Value::Integer(i)) => Some(*i),
        Raw::Toml(toml::Value::String(s)) | Raw::Text(s) => parse_duration(s),
        Raw::Toml(_) => None,
    };
    match secs {
        Some(s) if (0..=86_400).contains(&s) => Ok(s),
        _ => Err("expected a duration from 0s (off) to 1d, like 0, 10s or 2m".into()),
    }
}

/// A list: comma-separated text, or a TOML array of strings.
fn list(raw: &Raw, what: &str) -> Result<Vec<String>, String> {
    match raw {
        Raw::Text(s) => Ok(s
            .split(',')
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty())
            .collect()),
        Raw::Toml(toml::Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<_>>()
            .ok_or_else(|| format!("expected {what}")),
        Raw::Toml(_) => Err(format!("expected {what}")),
    }
}

fn origins(raw: &Raw) -> Result<Vec<String>, String> {
    let list = list(raw, "a list of origins")?;
    for o in &list {
        check_origin(o)?;
    }
    Ok(list)
}

/// django-cors-headers' check: a scheme and a host, no path (`null` is allowed as is).
pub fn check_origin(origin: &str) -> Result<(), String> {
    if origin == "null" {
        return Ok(());
    }
    let ok = origin.split_once("://").is_some_and(|(scheme, rest)| {
        !scheme.is_empty() && !rest.is_empty() && !rest.contains('/')
    });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "origin {origin:?} must be a scheme and host like http://localhost:3000, with no path"
        ))
    }
}

fn prefix(p: &str) -> Result<String, String> {
    let trimmed = p.trim_matches('/');
    if trimmed
        .chars()
        .any(|c| !(c.is_ascii_alphanumeric() || "-._~/".contains(c)))
    {
        return Err("expected a URL path like /api/auth/".into());
    }
    if trimmed.split('/').any(|seg| seg == "_latchkey") {
        return Err("/_latchkey/ is reserved for the control plane".into());
    }
    Ok(if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    })
}

fn cookie_name(raw: &Raw) -> Result<String, String> {
    let name = text(raw)?;
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b));
    if valid {
        Ok(name)
    } else {
        Err("expected a cookie name (letters, digits and !#$%&'*+-.^_`|~)".into())
    }
}

fn samesite(raw: &Raw) -> Result<SameSite, String> {
    if let Raw::Toml(toml::Value::Boolean(false)) = raw {
        return Ok(SameSite::Disabled);
    }
    match text(raw).unwrap_or_default().to_ascii_lowercase().as_str() {
        "lax" => Ok(SameSite::Lax),
        "strict" => Ok(SameSite::Strict),
        "none" => Ok(SameSite::None),
        "false" | "" => Ok(SameSite::Disabled),
        _ => Err("expected Lax, Strict, None or false".into()),
    }
}

/// Parses `900`, `900s`, `15m`, `12h`, `1d`, `1h30m` into seconds.
pub fn parse_duration(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(n) = s.parse::<i64>() {
        return Some(n);
    }
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let mut total: i64 = 0;
    let mut digits = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            'w' => 7 * 86400,
            _ => return None,
        };
        let n: i64 = digits.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        digits.clear();
    }
    if !digits.is_empty() {
        return None;
    }
    Some(if negative { -total } else { total })
}

/// Formats seconds the way they are written in config: `15m`, `1d`, `1h30m`, `45s`.
pub fn format_duration(secs: i64) -> String {
    if secs == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    let mut rest = secs.unsigned_abs();
    if secs < 0 {
        out.push('-');
    }
    for (unit, name) in [(86400, 'd'), (3600, 'h'), (60, 'm'), (1, 's')] {
        if rest >= unit {
            out.push_str(&format!("{}{name}", rest / unit));
            rest %= unit;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_in_all_supported_forms() {
        assert_eq!(parse_duration("15m"), Some(900));
        assert_eq!(parse_duration("1d"), Some(86400));
        assert_eq!(parse_duration("900"), Some(900));
        assert_eq!(parse_duration("1h30m"), Some(5400));
        assert_eq!(parse_duration("-2m"), Some(-120));
        assert_eq!(parse_duration("15x"), None);
        assert_eq!(parse_duration("m"), None);
        assert_eq!(parse_duration("99999999999999999999d"), None);
        assert_eq!(format_duration(5400), "1h30m");
        assert_eq!(format_duration(86400), "1d");
    }

    #[test]
    fn layers_override_in_order_and_remember_their_source() {
        let mut c = Config::default();
        c.apply_toml("access_token_lifetime = \"5m\"\nport = 9000", "f")
            .unwrap();
        c.apply_env([("LATCHKEY_PORT".to_string(), "9100".to_string())])
            .unwrap();
        c.apply_flag("port", "9200").unwrap();
        assert_eq!(c.settings.access_token_lifetime, 300);
        assert_eq!(c.source("access_token_lifetime"), Source::File);
        assert_eq!(c.port, 9200);
        assert_eq!(c.source("port"), Source::Flag);
        assert_eq!(c.source("prefix"), Source::Default);
    }

    #[test]
    fn bad_values_name_the_key_and_the_allowed_values() {
        let mut c = Config::default();
        let e = c
            .apply_toml("auth_cookie_samesite = \"sideways\"", "latchkey.toml:")
            .unwrap_err();
        assert_eq!(e.key, "auth_cookie_samesite");
        assert!(e.to_string().contains("Lax, Strict, None or false"), "{e}");
        let e = c.apply_toml("no_such_key = 1", "f").unwrap_err();
        assert!(e.message.contains("unknown setting"));
        let e = c.apply_flag("prefix", "/_latchkey/").unwrap_err();
        assert!(e.message.contains("reserved"));
    }

    #[test]
    fn desktop_keys_are_accepted_and_left_to_the_desktop_app() {
        let mut c = Config::default();
        c.apply_toml("close_to_tray = true\nport = 9000", "f")
            .unwrap();
        assert_eq!(c.port, 9000);
    }

    #[test]
    fn prefixes_are_normalised() {
        assert_eq!(prefix("api/auth").unwrap(), "/api/auth/");
        assert_eq!(prefix("/").unwrap(), "/");
        assert_eq!(prefix("").unwrap(), "/");
    }
}
