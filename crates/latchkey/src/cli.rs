//! The `latchkey` command line.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
use latchkey_api::clock::{ClockAdvance, ClockSet};
use latchkey_api::faults::{Fault, FaultCreate};
use latchkey_api::sessions::{BulkAction, BulkResult, Session, SessionState, TokenInfo};
use latchkey_api::state::StateSummary;

use crate::client::Client;
use crate::config::{Config, ConfigError};
use crate::password::HashCost;
use crate::server::{RunningServer, Server};
use crate::store::Store;

#[derive(Parser, Debug)]
#[command(
    name = "latchkey",
    version,
    about = "A local emulator of a Django REST Framework + simplejwt cookie-JWT auth backend"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the auth API (and the control plane) until Ctrl-C.
    Serve(ServeArgs),
    /// Start the server, run a command with LATCHKEY_URL set, stop, exit with its status.
    Exec {
        #[command(flatten)]
        serve: ServeArgs,
        /// The command and its arguments (after `--`).
        #[arg(last = true, required = true)]
        command: Vec<OsString>,
    },
    /// Manage the users in the data file.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
        #[command(flatten)]
        serve: ServeArgs,
    },
    /// Work with JWTs.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
        #[command(flatten)]
        serve: ServeArgs,
    },
    /// Show the effective configuration.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
        #[command(flatten)]
        serve: ServeArgs,
    },
    /// List a running server's sessions and expire, force-refresh or revoke them.
    Sessions {
        #[command(subcommand)]
        command: SessionsCommand,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Show or move a running server's clock (`latchkey clock advance 16m`).
    Clock {
        #[command(subcommand)]
        command: Option<ClockCommand>,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Make a running server's auth routes slow, fail or drop connections.
    Fault {
        #[command(subcommand)]
        command: FaultCommand,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Write a running server's state (users, sessions, blacklist, settings) to FILE.
    Export {
        /// Where to write the JSON document (`-` for stdout).
        file: PathBuf,
        /// Also export the JWTs and the signing key.
        #[arg(long)]
        include_secrets: bool,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Replace a running server's state with FILE (an export, or a Django
    /// `dumpdata auth.User` fixture).
    Import {
        /// The JSON document to load (`-` for stdin).
        file: PathBuf,
        #[command(flatten)]
        remote: RemoteArgs,
    },
}

/// How the commands that drive a running server find it.
#[derive(Args, Debug, Clone)]
struct RemoteArgs {
    /// The running server's URL (`latchkey exec` sets LATCHKEY_URL for its command).
    #[arg(long, global = true, env = "LATCHKEY_URL", default_value = crate::client::DEFAULT_URL)]
    url: String,
}

#[derive(Subcommand, Debug)]
enum SessionsCommand {
    /// Print a table of sessions.
    List {
        /// Only this user's sessions (the user id).
        #[arg(long)]
        user: Option<i64>,
        /// Only sessions in this state.
        #[arg(long, value_parser = parse_state)]
        state: Option<SessionState>,
    },
    /// Expire the session's access and refresh tokens (the user must log in again).
    Expire { id: String },
    /// Expire the session's access token (the next refresh succeeds).
    ForceRefresh { id: String },
    /// Blacklist the session's refresh token.
    Revoke { id: String },
    /// Expire every session (or one user's).
    ExpireAll {
        #[arg(long)]
        user: Option<i64>,
    },
    /// Revoke every session (or one user's).
    RevokeAll {
        #[arg(long)]
        user: Option<i64>,
    },
}

#[derive(Subcommand, Debug)]
enum ClockCommand {
    /// Print the emulated time, its offset from real time and whether it is frozen.
    Show,
    /// Move the clock by a duration: 90s, 16m, 1h30m, 1d; negative (-5m) goes back.
    Advance {
        #[arg(allow_hyphen_values = true, value_parser = parse_duration_arg)]
        by: String,
    },
    /// Set the offset from real time and/or freeze the clock.
    #[command(group = clap::ArgGroup::new("change").required(true).multiple(true))]
    Set {
        /// Seconds ahead of real time (negative: behind).
        #[arg(long, allow_negative_numbers = true, group = "change")]
        offset: Option<i64>,
        /// Stop the clock.
        #[arg(long, group = "change", conflicts_with = "unfrozen")]
        frozen: bool,
        /// Let the clock run again.
        #[arg(long, group = "change")]
        unfrozen: bool,
    },
    /// Back to real time, running.
    Reset,
}

#[derive(Subcommand, Debug)]
enum FaultCommand {
    /// Add a fault on an auth route (e.g. /token/refresh/, or * for all).
    Add {
        /// The route, relative to the auth API's prefix.
        #[arg(long)]
        route: String,
        /// Answer this status with a DRF-shaped body, e.g. 503.
        #[arg(long)]
        status: Option<u16>,
        /// Milliseconds to wait before answering.
        #[arg(long, visible_alias = "latency-ms", value_name = "MS")]
        latency: Option<u64>,
        /// Close the connection without answering.
        #[arg(long)]
        drop: bool,
        /// Only for the next N requests (default: until cleared).
        #[arg(long, value_name = "N")]
        count: Option<u64>,
    },
    /// Print a table of faults.
    List,
    /// Remove one fault, or all of them.
    Clear { id: Option<String> },
}

#[derive(Subcommand, Debug)]
enum UsersCommand {
    /// Create a user (the password validators of /register/ apply).
    Add {
        username: String,
        #[arg(long)]
        password: String,
        #[arg(long, default_value = "")]
        email: String,
    },
    /// List users.
    List,
}

#[derive(Subcommand, Debug)]
enum TokenCommand {
    /// Print a JWT's header and claims and whether it verifies with the signing key.
    Decode { jwt: String },
}

#[derive(Subcommand, Debug)]
enum ConfigCommand {
    /// Print every setting with its value and where it came from.
    Show,
}

/// Options shared by every command that needs a configuration.
#[derive(Args, Debug, Default, Clone)]
struct ServeArgs {
    /// Configuration file (default: ./latchkey.toml when present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Address to listen on.
    #[arg(long, global = true)]
    host: Option<String>,
    /// Port to listen on (0 picks a free one).
    #[arg(long, global = true)]
    port: Option<String>,
    /// Allow listening on a non-loopback address.
    #[arg(long, global = true)]
    allow_remote: bool,
    /// SQLite data file (default: in the user's data directory).
    #[arg(long, global = true, conflicts_with = "in_memory")]
    data: Option<PathBuf>,
    /// Keep everything in memory; nothing survives a restart.
    #[arg(long, global = true)]
    in_memory: bool,
    /// Users to create at start (JSON; see README).
    #[arg(long, global = true)]
    seed: Option<PathBuf>,
    /// HS256 signing key (SIMPLE_JWT["SIGNING_KEY"]).
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_SIGNING_KEY",
        hide_env_values = true
    )]
    signing_key: Option<String>,
    /// ACCESS_TOKEN_LIFETIME, e.g. 15m.
    #[arg(long, global = true)]
    access_token_lifetime: Option<String>,
    /// REFRESH_TOKEN_LIFETIME, e.g. 1d.
    #[arg(long, global = true)]
    refresh_token_lifetime: Option<String>,
    /// ROTATE_REFRESH_TOKENS.
    #[arg(long, global = true)]
    rotate_refresh_tokens: bool,
    /// BLACKLIST_AFTER_ROTATION.
    #[arg(long, global = true)]
    blacklist_after_rotation: bool,
    /// A CORS origin allowed with credentials (repeatable; replaces the default list).
    #[arg(long = "cors-origin", global = true)]
    cors_origins: Vec<String>,
    /// URL prefix of the auth API, e.g. /api/auth/.
    #[arg(long, global = true)]
    prefix: Option<String>,
    /// Cheap password hashing for CI (argon2id m=1 MiB, t=1); never the default.
    #[arg(long, global = true)]
    fast_hash: bool,
    /// Any setting as KEY=VALUE (e.g. auth_cookie_samesite=Strict); repeatable.
    #[arg(long = "set", global = true, value_name = "KEY=VALUE")]
    set: Vec<String>,
}

impl ServeArgs {
    /// Defaults < file < LATCHKEY_* environment < flags.
    fn load(&self) -> Result<Config, ConfigError> {
        let mut config = Config::default();
        let file = self.config.clone().or_else(|| {
            let local = PathBuf::from("latchkey.toml");
            local.is_file().then_some(local)
        });
        if let Some(path) = file {
            config.apply_file(&path)?;
        }
        // The signing key's env var is read by clap (so it also shows in --help).
        config.apply_env(std::env::vars().filter(|(k, _)| k != "LATCHKEY_SIGNING_KEY"))?;
        let mut flags: Vec<(&str, String)> = Vec::new();
        let mut opt = |key, v: &Option<String>| {
            if let Some(v) = v {
                flags.push((key, v.clone()));
            }
        };
        opt("host", &self.host);
        opt("port", &self.port);
        opt("signing_key", &self.signing_key);
        opt("access_token_lifetime", &self.access_token_lifetime);
        opt("refresh_token_lifetime", &self.refresh_token_lifetime);
        opt("prefix", &self.prefix);
        opt("data", &self.data.as_ref().map(|p| p.display().to_string()));
        opt("seed", &self.seed.as_ref().map(|p| p.display().to_string()));
        for (key, on) in [
            ("allow_remote", self.allow_remote),
            ("in_memory", self.in_memory),
            ("rotate_refresh_tokens", self.rotate_refresh_tokens),
            ("blacklist_after_rotation", self.blacklist_after_rotation),
            ("fast_hash", self.fast_hash),
        ] {
            if on {
                flags.push((key, "true".into()));
            }
        }
        if !self.cors_origins.is_empty() {
            flags.push(("cors_allowed_origins", self.cors_origins.join(",")));
        }
        for (key, value) in flags {
            config.apply_flag(key, &value)?;
        }
        for kv in &self.set {
            let (key, value) = kv.split_once('=').ok_or_else(|| ConfigError {
                key: kv.clone(),
                origin: "flag --set:".into(),
                message: "expected KEY=VALUE".into(),
            })?;
            config.apply_flag(key.trim(), value)?;
        }
        Ok(config)
    }
}

/// Runs the CLI; bad configuration exits with 2, other failures with 1.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    crate::server::tune_allocator();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("latchkey: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("latchkey: {e:#}");
            if e.downcast_ref::<ConfigError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("LATCHKEY_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => {
            let server = start(&args).await?;
            wait_for_signal().await;
            tracing::info!("shutting down");
            server.shutdown().await;
            Ok(ExitCode::SUCCESS)
        }
        Command::Exec { serve, command } => exec(&serve, command).await,
        Command::Users { command, serve } => users(&serve, command).await,
        Command::Token {
            command: TokenCommand::Decode { jwt },
            serve,
        } => decode(&serve, &jwt).await,
        Command::Config {
            command: ConfigCommand::Show,
            serve,
        } => show_config(&serve).await,
        Command::Sessions { command, remote } => sessions(&remote.client()?, command).await,
        Command::Clock { command, remote } => {
            clock(&remote.client()?, command.unwrap_or(ClockCommand::Show)).await
        }
        Command::Fault { command, remote } => fault(&remote.client()?, command).await,
        Command::Export {
            file,
            include_secrets,
            remote,
        } => export(&remote.client()?, &file, include_secrets).await,
        Command::Import { file, remote } => import(&remote.client()?, &file).await,
    }
}

async fn start(args: &ServeArgs) -> anyhow::Result<RunningServer> {
    let config = args.load()?;
    let server = Server::builder().config(config).spawn().await?;
    let url = server.url();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Latchkey ready on {url}  (auth API {url}/  ·  inspector {url}/_latchkey/)"
    )?;
    out.flush()?;
    Ok(server)
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

async fn exec(args: &ServeArgs, command: Vec<OsString>) -> anyhow::Result<ExitCode> {
    let server = start(args).await?;
    let Some((program, rest)) = command.split_first() else {
        bail!("exec needs a command after --");
    };
    let status = tokio::process::Command::new(program)
        .args(rest)
        .env("LATCHKEY_URL", server.url())
        .status()
        .await
        .with_context(|| format!("cannot run {}", program.to_string_lossy()));
    server.shutdown().await;
    let status = status?;
    let code = match status.code() {
        Some(c) => c,
        None => {
            #[cfg(unix)]
            {
                use std::os::unix::process::ExitStatusExt;
                128 + status.signal().unwrap_or(0)
            }
            #[cfg(not(unix))]
            {
                1
            }
        }
    };
    Ok(ExitCode::from(u8::try_from(code & 0xff).unwrap_or(1)))
}

/// The store a command works on, and the effective config.
async fn open_store(args: &ServeArgs) -> anyhow::Result<(Config, Store)> {
    let config = args.load()?;
    let store = Store::open(&config.storage()?).await?;
    Ok((config, store))
}

async fn users(args: &ServeArgs, command: UsersCommand) -> anyhow::Result<ExitCode> {
    let (config, store) = open_store(args).await?;
    let cost = if config.fast_hash {
        HashCost::Fast
    } else {
        HashCost::Owasp
    };
    match command {
        UsersCommand::Add {
            username,
            password,
            email,
        } => {
            let mut fields = serde_json::Map::new();
            fields.insert("username".into(), username.into());
            fields.insert("password".into(), password.into());
            fields.insert("email".into(), email.into());
            let taken: std::collections::HashSet<String> = store
                .users()
                .await?
                .into_iter()
                .map(|u| u.username)
                .collect();
            let payload = crate::body::Payload::Json(serde_json::Value::Object(fields));
            let new = match crate::serializers::register(&payload, &|n| taken.contains(n)) {
                Ok(new) => new,
                Err(errors) => bail!("not created: {}", errors.to_json()),
            };
            let hash = crate::password::hash(new.password, cost).await?;
            let now = crate::clock::Clock::system().now();
            let user = store
                .insert_user(&new.username, &new.email, &hash, true, now)
                .await?;
            println!("created user {} (id {})", user.username, user.id);
        }
        UsersCommand::List => {
            let users = store.users().await?;
            println!("{:>6}  {:<24} {:<32} active", "id", "username", "email");
            for u in &users {
                println!(
                    "{:>6}  {:<24} {:<32} {}",
                    u.id,
                    u.username,
                    u.email,
                    if u.is_active { "yes" } else { "no" }
                );
            }
            println!("{} user(s)", users.len());
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// The signing key a command should use: configured, else the data file's.
async fn key_for(args: &ServeArgs) -> anyhow::Result<(Config, Option<String>)> {
    let config = args.load()?;
    if let Some(k) = &config.settings.signing_key {
        return Ok((config.clone(), Some(k.clone())));
    }
    let key = match config.storage()? {
        crate::config::Storage::File(path) if path.is_file() => {
            let store = Store::open(&crate::config::Storage::File(path)).await?;
            let key = store.meta("signing_key").await?;
            store.close().await;
            key
        }
        _ => None,
    };
    Ok((config, key))
}

async fn decode(args: &ServeArgs, jwt: &str) -> anyhow::Result<ExitCode> {
    let (_, key) = key_for(args).await?;
    let Some((header, claims)) = crate::tokens::decode_unverified(jwt.trim()) else {
        bail!("not a JWT: expected three base64url parts separated by dots");
    };
    println!("header: {}", serde_json::to_string_pretty(&header)?);
    println!("claims: {}", serde_json::to_string_pretty(&claims)?);
    let now = crate::clock::Clock::system().now();
    if let Some(exp) = claims.get("exp").and_then(serde_json::Value::as_i64) {
        let left = exp - now;
        if left > 0 {
            println!(
                "expires in {} ({})",
                crate::config::format_duration(left),
                exp
            );
        } else {
            println!(
                "expired {} ago ({})",
                crate::config::format_duration(-left),
                exp
            );
        }
    }
    match key {
        None => println!("signature: not checked (no signing key: pass --signing-key or --data)"),
        Some(key) => {
            let expected = match claims.get("token_type").and_then(serde_json::Value::as_str) {
                Some("refresh") => crate::tokens::TokenType::Refresh,
                _ => crate::tokens::TokenType::Access,
            };
            match crate::tokens::validate(jwt.trim(), key.as_bytes(), expected, now) {
                Ok(_) => println!("verifies: yes (valid {} token)", expected.as_str()),
                Err(e) => println!("verifies: no ({e})"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn show_config(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let (config, key) = key_for(args).await?;
    for (name, value, source) in config.describe(true) {
        let value = if name == "signing_key" {
            key.clone().unwrap_or(value)
        } else {
            value
        };
        println!(
            "{name:<26} = {value:<40} ({})",
            serde_json::to_value(source)?.as_str().unwrap_or("")
        );
    }
    Ok(ExitCode::SUCCESS)
}

// ---- commands that drive a running server through its control plane ----

impl RemoteArgs {
    fn client(&self) -> Result<Client, ConfigError> {
        Client::new(&self.url)
    }
}

fn parse_state(s: &str) -> Result<SessionState, String> {
    serde_json::from_value(serde_json::Value::String(s.replace('-', "_")))
        .map_err(|_| "expected active, access_expired, expired, revoked or logged_out".to_string())
}

fn parse_duration_arg(s: &str) -> Result<String, String> {
    match crate::config::parse_duration(s) {
        Some(_) => Ok(s.trim().to_string()),
        None => Err("expected a duration such as 90s, 16m, 1h30m or 1d".into()),
    }
}

fn state_name(state: SessionState) -> String {
    serde_json::to_value(state)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

async fn sessions(client: &Client, command: SessionsCommand) -> anyhow::Result<ExitCode> {
    let action = match command {
        SessionsCommand::List { user, state } => return list_sessions(client, user, state).await,
        SessionsCommand::Expire { id } => ("expire", id),
        SessionsCommand::ForceRefresh { id } => ("force-refresh", id),
        SessionsCommand::Revoke { id } => ("revoke", id),
        SessionsCommand::ExpireAll { user } => return bulk(client, "expire-all", user).await,
        SessionsCommand::RevokeAll { user } => return bulk(client, "revoke-all", user).await,
    };
    let (verb, id) = action;
    let path = format!("/sessions/{}/{verb}", crate::client::segment(&id));
    let session: Session = client.post(&path, &serde_json::json!({})).await?;
    println!(
        "session {} ({}): {}",
        session.id,
        session.user.username,
        state_name(session.state)
    );
    Ok(ExitCode::SUCCESS)
}

async fn bulk(client: &Client, verb: &str, user: Option<i64>) -> anyhow::Result<ExitCode> {
    let result: BulkResult = client
        .post(&format!("/sessions/{verb}"), &BulkAction { user })
        .await?;
    let done = if verb == "expire-all" {
        "expired"
    } else {
        "revoked"
    };
    println!("{} session(s) {done}", result.affected);
    Ok(ExitCode::SUCCESS)
}

/// Every matching session, page by page.
async fn list_sessions(
    client: &Client,
    user: Option<i64>,
    state: Option<SessionState>,
) -> anyhow::Result<ExitCode> {
    const PAGE: usize = 500;
    let mut filter = String::new();
    if let Some(user) = user {
        filter.push_str(&format!("&user={user}"));
    }
    if let Some(state) = state {
        filter.push_str(&format!("&state={}", state_name(state)));
    }
    let mut all: Vec<Session> = Vec::new();
    loop {
        let page: latchkey_api::List<Session> = client
            .get(&format!(
                "/sessions?offset={}&limit={PAGE}{filter}",
                all.len()
            ))
            .await?;
        let done = page.items.len() < PAGE || all.len() + page.items.len() >= page.total as usize;
        all.extend(page.items);
        if done {
            break;
        }
    }
    // "Expires in" is measured on the emulator's clock, which may be far from real time.
    let now: latchkey_api::clock::Clock = client.get("/clock").await?;
    let now = now.now_ms.div_euclid(1000);
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|s| {
            vec![
                s.id.clone(),
                format!("{} ({})", s.user.username, s.user.id),
                state_name(s.state),
                expires_in(s.access.as_ref(), now),
                expires_in(s.refresh.as_ref(), now),
                s.refresh_count.to_string(),
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            &[
                "id",
                "user",
                "state",
                "access expires in",
                "refresh expires in",
                "refreshes"
            ],
            &rows
        )
    );
    println!("{} session(s)", all.len());
    Ok(ExitCode::SUCCESS)
}

/// `14m59s`, `expired`, or `-` when the session has no such token.
fn expires_in(token: Option<&TokenInfo>, now: i64) -> String {
    let Some(token) = token else {
        return "-".into();
    };
    let exp = token.claims.get("exp").and_then(serde_json::Value::as_i64);
    match exp {
        _ if token.expired => "expired".into(),
        Some(exp) if exp > now => crate::config::format_duration(exp - now),
        Some(_) => "expired".into(),
        None => "?".into(),
    }
}

/// Left-aligned columns as wide as their widest cell.
fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut out = String::new();
        for (cell, w) in cells.zip(&widths) {
            out.push_str(&format!("{cell:<w$}  "));
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    };
    let mut out = line(&mut headers.iter().copied());
    for row in rows {
        out.push_str(&line(&mut row.iter().map(String::as_str)));
    }
    out
}

async fn clock(client: &Client, command: ClockCommand) -> anyhow::Result<ExitCode> {
    let clock: latchkey_api::clock::Clock = match command {
        ClockCommand::Show => client.get("/clock").await?,
        ClockCommand::Advance { by } => client.post("/clock/advance", &ClockAdvance { by }).await?,
        ClockCommand::Set {
            offset,
            frozen,
            unfrozen,
        } => {
            let frozen = (frozen || unfrozen).then_some(frozen);
            let body = ClockSet {
                offset_seconds: offset,
                frozen,
            };
            client.post("/clock", &body).await?
        }
        ClockCommand::Reset => client.post("/clock/reset", &serde_json::json!({})).await?,
    };
    let offset = match clock.offset_seconds {
        0 => "none (real time)".to_string(),
        s if s > 0 => format!("+{} ({s}s)", crate::config::format_duration(s)),
        s => format!("{} ({s}s)", crate::config::format_duration(s)),
    };
    println!(
        "now     {}{}",
        clock.now,
        if clock.frozen { "  (frozen)" } else { "" }
    );
    println!("offset  {offset}");
    println!("system  {}", clock.system);
    Ok(ExitCode::SUCCESS)
}

async fn fault(client: &Client, command: FaultCommand) -> anyhow::Result<ExitCode> {
    match command {
        FaultCommand::Add {
            route,
            status,
            latency,
            drop,
            count,
        } => {
            let body = FaultCreate {
                route,
                status,
                latency_ms: latency,
                drop: drop.then_some(true),
                count,
            };
            let fault: Fault = client.post("/faults", &body).await?;
            println!(
                "added fault {} on {}: {}, {}",
                fault.id,
                fault.route,
                fault_effect(&fault),
                fault_remaining(&fault)
            );
        }
        FaultCommand::List => {
            let faults: latchkey_api::List<Fault> = client.get("/faults").await?;
            let rows: Vec<Vec<String>> = faults
                .items
                .iter()
                .map(|f| {
                    vec![
                        f.id.clone(),
                        f.route.clone(),
                        fault_effect(f),
                        fault_remaining(f),
                        f.hits.to_string(),
                    ]
                })
                .collect();
            print!(
                "{}",
                table(&["id", "route", "effect", "applies", "hits"], &rows)
            );
            println!("{} fault(s)", faults.items.len());
        }
        FaultCommand::Clear { id: Some(id) } => {
            client
                .delete(&format!("/faults/{}", crate::client::segment(&id)))
                .await?;
            println!("cleared fault {id}");
        }
        FaultCommand::Clear { id: None } => {
            client.delete("/faults").await?;
            println!("cleared all faults");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `503 after 2000ms`, `drop`, `+2000ms`.
fn fault_effect(f: &Fault) -> String {
    let answer = match (f.drop, f.status) {
        (true, _) => "drop".to_string(),
        (false, Some(status)) => status.to_string(),
        (false, None) => String::new(),
    };
    match (answer.is_empty(), f.latency_ms) {
        (true, ms) => format!("+{ms}ms"),
        (false, 0) => answer,
        (false, ms) => format!("{answer} after {ms}ms"),
    }
}

fn fault_remaining(f: &Fault) -> String {
    match f.remaining {
        Some(n) => format!("next {n} request(s)"),
        None => "until cleared".into(),
    }
}

async fn export(client: &Client, file: &Path, include_secrets: bool) -> anyhow::Result<ExitCode> {
    let path = if include_secrets {
        "/export?include_secrets=true"
    } else {
        "/export"
    };
    let body = client.get_bytes(path).await?;
    let doc: serde_json::Value = serde_json::from_slice(&body)
        .with_context(|| format!("{} answered an export that is not JSON", client.url()))?;
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    let count = |key: &str| doc.get(key).and_then(|v| v.as_array()).map_or(0, Vec::len);
    let summary = format!(
        "{} user(s), {} session(s), {} blacklisted token(s)",
        count("users"),
        count("sessions"),
        count("blacklist")
    );
    if file == Path::new("-") {
        std::io::stdout().lock().write_all(text.as_bytes())?;
        eprintln!("exported {summary}");
    } else {
        std::fs::write(file, text).with_context(|| format!("cannot write {}", file.display()))?;
        println!("exported {summary} to {}", file.display());
    }
    Ok(ExitCode::SUCCESS)
}

async fn import(client: &Client, file: &Path) -> anyhow::Result<ExitCode> {
    let bytes = if file == Path::new("-") {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf)?;
        buf
    } else {
        std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?
    };
    // Catch a wrong file here rather than as a server-side parse error.
    if let Err(e) = serde_json::from_slice::<serde_json::Value>(&bytes) {
        bail!(
            "{} is not JSON ({e}); expected a `latchkey export` document or a Django fixture",
            file.display()
        );
    }
    let answer = client.post_bytes("/import", bytes).await?;
    let summary: StateSummary = serde_json::from_slice(&answer)
        .with_context(|| format!("unexpected answer from {} to the import", client.url()))?;
    println!(
        "imported {} user(s), {} session(s), {} token(s), {} blacklisted, {} mock route(s)",
        summary.users, summary.sessions, summary.tokens, summary.blacklisted, summary.routes
    );
    Ok(ExitCode::SUCCESS)
}
