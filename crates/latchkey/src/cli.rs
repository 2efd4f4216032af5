//! The `latchkey` command line.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};

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
