//! Latchkey's desktop app: the same [`latchkey::Server`] as `latchkey serve`, started
//! in-process, with the inspector (`/_latchkey/`) in a window and a tray menu: Open inspector,
//! Copy server URL, Open data folder, Quit.
//!
//! Configuration is `latchkey serve`'s: defaults < `latchkey.toml` (or `--config PATH`) <
//! `LATCHKEY_*` environment. The desktop's own setting `close_to_tray` (default false: closing
//! the window quits) comes from the same file or `LATCHKEY_CLOSE_TO_TRAY`.
//!
//! No page gets Tauri IPC (see `capabilities/default.json`): the inspector talks HTTP to the
//! loopback server, and the app's own status page ("port in use") works with plain links that
//! the window intercepts.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod page;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use latchkey::config::{ConfigError, Storage};
use latchkey::{Config, RunningServer, Server};
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, RunEvent, Url, WebviewUrl, WebviewWindowBuilder, WindowEvent};

const WINDOW: &str = "main";

/// State shared by the window, the tray menu and the exit path.
struct Shell {
    /// `latchkey serve`'s configuration (file + environment), or why it could not be read.
    config: Result<Config, String>,
    close_to_tray: bool,
    server: Mutex<Option<RunningServer>>,
    /// What the window shows now: the inspector URL or the status page.
    current: Mutex<Url>,
    /// The status page: a counter (its URL changes with each page) and its HTML.
    page: Mutex<(u64, String)>,
    /// Whether a tray icon exists (without one, closing to the tray would strand the app).
    tray: Mutex<bool>,
    /// Quitting: the server is being stopped / has stopped.
    stopping: AtomicBool,
    stopped: AtomicBool,
}

impl Shell {
    fn server_url(&self) -> Option<String> {
        self.server.lock().unwrap().as_ref().map(loopback_url)
    }
}

fn main() {
    latchkey::tune_allocator();
    init_tracing();
    let config_file = config_arg();
    let config = Config::load(config_file.as_deref()).map_err(|e: ConfigError| e.to_string());
    let close_to_tray = close_to_tray(config_file.as_deref());
    let shell = Arc::new(Shell {
        config,
        close_to_tray,
        server: Mutex::new(None),
        current: Mutex::new(Url::parse("about:blank").unwrap()),
        page: Mutex::new((0, String::new())),
        tray: Mutex::new(false),
        stopping: AtomicBool::new(false),
        stopped: AtomicBool::new(false),
    });

    let app = tauri::Builder::default()
        .manage(shell.clone())
        .register_uri_scheme_protocol(page::SCHEME, |ctx, _request| serve_page(ctx.app_handle()))
        .setup(|app| {
            let handle = app.handle().clone();
            let shell = handle.state::<Arc<Shell>>().inner().clone();
            let first = start(&shell, None);
            *shell.current.lock().unwrap() = first;
            match tray(&handle, &shell) {
                Ok(()) => *shell.tray.lock().unwrap() = true,
                Err(e) => tracing::warn!("no tray icon ({e}); the menu goes in the window"),
            }
            open_window(&handle)?;
            quit_on_signal(&handle);
            Ok(())
        })
        .on_menu_event(|app, event| menu_action(app, event.id().as_ref()))
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                let shell = window.state::<Arc<Shell>>();
                if shell.close_to_tray && *shell.tray.lock().unwrap() {
                    api.prevent_close();
                    let _ = window.hide();
                }
            }
        })
        .build(tauri::generate_context!("../tauri.conf.json"))
        .expect("cannot start the desktop app");

    // Returns when the last window closes, on Quit, or on SIGTERM/SIGINT, once the server
    // has stopped (see `on_exit_requested`).
    let code = app.run_return(on_exit_requested);
    // Only if the event loop ended some other way.
    if let Some(server) = shell.server.lock().unwrap().take() {
        tauri::async_runtime::block_on(stop(server));
    }
    std::process::exit(code);
}

/// Stops the server gracefully before the event loop ends: the first exit request (last
/// window closed, Quit, a signal) is held while the windows close and the server shuts down,
/// then the exit goes ahead. WebKit only drops the inspector's connections (its live event
/// stream is an endless response) while the event loop runs, so stopping the server after
/// the loop would wait out the server's 5 s grace period.
fn on_exit_requested(app: &AppHandle, event: RunEvent) {
    let RunEvent::ExitRequested { api, code, .. } = event else {
        return;
    };
    let shell = app.state::<Arc<Shell>>().inner().clone();
    if shell.stopped.load(Ordering::SeqCst) {
        return;
    }
    api.prevent_exit();
    if shell.stopping.swap(true, Ordering::SeqCst) {
        return;
    }
    for window in app.webview_windows().into_values() {
        let _ = window.destroy();
    }
    let server = shell.server.lock().unwrap().take();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Some(server) = server {
            stop(server).await;
        }
        shell.stopped.store(true, Ordering::SeqCst);
        app.exit(code.unwrap_or(0));
    });
}

async fn stop(server: RunningServer) {
    tracing::info!("shutting down");
    let started = std::time::Instant::now();
    // The server itself waits at most 5 s for in-flight requests.
    match tokio::time::timeout(Duration::from_secs(8), server.shutdown()).await {
        Ok(()) => tracing::info!("server stopped in {} ms", started.elapsed().as_millis()),
        Err(_) => tracing::warn!("server shutdown timed out"),
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

/// `--config PATH` (or `--config=PATH`), like `latchkey serve`.
fn config_arg() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--config" {
            return args.next().map(PathBuf::from);
        }
        if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--config=")) {
            return Some(PathBuf::from(path));
        }
    }
    None
}

/// `LATCHKEY_CLOSE_TO_TRAY`, else `close_to_tray` in the config file, else false.
fn close_to_tray(file: Option<&Path>) -> bool {
    if let Ok(v) = std::env::var("LATCHKEY_CLOSE_TO_TRAY") {
        match v.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => return true,
            "false" | "0" | "no" | "off" | "" => return false,
            _ => tracing::warn!("LATCHKEY_CLOSE_TO_TRAY={v:?}: expected true or false"),
        }
    }
    let local = Path::new("latchkey.toml");
    let path = match file {
        Some(p) => p,
        None if local.is_file() => local,
        None => return false,
    };
    let value = std::fs::read_to_string(path)
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|t| t.get("close_to_tray").cloned());
    match value {
        None => false,
        Some(toml::Value::Boolean(b)) => b,
        Some(other) => {
            tracing::warn!(
                "close_to_tray = {other} in {}: expected true or false",
                path.display()
            );
            false
        }
    }
}

/// `http://127.0.0.1:PORT`, even when listening on every interface.
fn loopback_url(server: &RunningServer) -> String {
    let addr = server.addr();
    if addr.ip().is_unspecified() {
        format!("http://127.0.0.1:{}", addr.port())
    } else {
        server.url()
    }
}

/// Starts the server (on `port` instead of the configured one when given) and returns what
/// the window should show: the inspector, or a page saying what went wrong.
fn start(shell: &Shell, port: Option<u16>) -> Url {
    let mut config = match &shell.config {
        Ok(c) => c.clone(),
        Err(e) => {
            return show(
                shell,
                page::problem("The configuration has an error", e, None),
            )
        }
    };
    if let Some(p) = port {
        config.port = p;
    }
    let wanted = config.port;
    match tauri::async_runtime::block_on(Server::builder().config(config).spawn()) {
        Ok(server) => {
            let url = loopback_url(&server);
            println!("Latchkey ready on {url}  (auth API {url}/  ·  inspector {url}/_latchkey/)");
            *shell.server.lock().unwrap() = Some(server);
            Url::parse(&format!("{url}/_latchkey/")).expect("a server URL")
        }
        Err(e) => {
            let detail = format!("{e:#}");
            tracing::error!("{detail}");
            // A bind failure (port taken, privileged port): offer a free port instead.
            let io = e.chain().find_map(|c| c.downcast_ref::<std::io::Error>());
            let html = match io {
                Some(io) if io.kind() == std::io::ErrorKind::AddrInUse => page::problem(
                    &format!("Port {wanted} is already in use"),
                    &format!("Another program (perhaps another Latchkey) is listening on port {wanted}. Stop it and try again, or let Latchkey pick a free port; your frontend then needs the new URL (Copy server URL in the tray menu).\n\n{detail}"),
                    Some(wanted),
                ),
                Some(_) => page::problem("Latchkey could not start", &detail, Some(wanted)),
                None => page::problem("Latchkey could not start", &detail, None),
            };
            show(shell, html)
        }
    }
}

/// Makes `html` the status page and returns its (new) URL.
fn show(shell: &Shell, html: String) -> Url {
    let mut page = shell.page.lock().unwrap();
    page.0 += 1;
    page.1 = html;
    page::url(page.0)
}

/// Serves the status page on the `latchkey:` scheme (whatever the path).
fn serve_page(app: &AppHandle) -> tauri::http::Response<Vec<u8>> {
    let html = app.state::<Arc<Shell>>().page.lock().unwrap().1.clone();
    tauri::http::Response::builder()
        .header("Content-Type", "text/html; charset=utf-8")
        .header("Cache-Control", "no-store")
        .body(html.into_bytes())
        .expect("a status page response")
}

fn open_window(app: &AppHandle) -> tauri::Result<()> {
    let shell = app.state::<Arc<Shell>>().inner().clone();
    if let Some(window) = app.get_webview_window(WINDOW) {
        let _ = window.unminimize();
        window.show()?;
        return window.set_focus();
    }
    let url = shell.current.lock().unwrap().clone();
    let actions = app.clone();
    let url = if page::is_page(&url) {
        WebviewUrl::CustomProtocol(url)
    } else {
        WebviewUrl::External(url)
    };
    let mut builder = WebviewWindowBuilder::new(app, WINDOW, url)
        .title("Latchkey")
        .inner_size(1200.0, 780.0)
        .min_inner_size(800.0, 560.0)
        // The status page's buttons are links to https://latchkey.invalid/ACTION: run the
        // action here instead of loading anything.
        .on_navigation(move |url| match page::action(url) {
            Some(action) => {
                let app = actions.clone();
                let _ = actions.run_on_main_thread(move || page_action(&app, &action));
                false
            }
            None => true,
        });
    if !*shell.tray.lock().unwrap() {
        builder = builder.menu(menu(app)?);
    }
    builder.build()?;
    Ok(())
}

fn page_action(app: &AppHandle, action: &str) {
    let shell = app.state::<Arc<Shell>>().inner().clone();
    let url = match action {
        "free-port" => start(&shell, Some(0)),
        "retry" => start(&shell, None),
        "quit" => return quit(app),
        _ => return,
    };
    *shell.current.lock().unwrap() = url.clone();
    if let Some(window) = app.get_webview_window(WINDOW) {
        if let Err(e) = window.navigate(url) {
            tracing::warn!("cannot show the inspector: {e}");
        }
    }
}

fn menu(app: &AppHandle) -> tauri::Result<Menu<tauri::Wry>> {
    let shell = app.state::<Arc<Shell>>();
    let has_folder = data_folder(&shell).is_some();
    Menu::with_items(
        app,
        &[
            &MenuItem::with_id(app, "open", "Open inspector", true, None::<&str>)?,
            &MenuItem::with_id(app, "copy-url", "Copy server URL", true, None::<&str>)?,
            &MenuItem::with_id(
                app,
                "data-folder",
                "Open data folder",
                has_folder,
                None::<&str>,
            )?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, "quit", "Quit Latchkey", true, None::<&str>)?,
        ],
    )
}

fn tray(app: &AppHandle, shell: &Shell) -> tauri::Result<()> {
    let mut tray = TrayIconBuilder::with_id("latchkey")
        .tooltip(match shell.server_url() {
            Some(url) => format!("Latchkey on {url}"),
            None => "Latchkey".to_string(),
        })
        .menu(&menu(app)?);
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

/// Tray and window menu items (the handler sees every menu's events).
fn menu_action(app: &AppHandle, id: &str) {
    let shell = app.state::<Arc<Shell>>().inner().clone();
    match id {
        "open" => {
            if let Err(e) = open_window(app) {
                tracing::warn!("cannot open the inspector window: {e}");
            }
        }
        "copy-url" => match shell.server_url() {
            Some(url) => copy_text(&url),
            None => tracing::warn!("no server is running; nothing to copy"),
        },
        "data-folder" => {
            if let Some(dir) = data_folder(&shell) {
                open_folder(&dir);
            }
        }
        "quit" => quit(app),
        _ => {}
    }
}

/// The folder holding the data file; `None` when the data lives in memory.
fn data_folder(shell: &Shell) -> Option<PathBuf> {
    let server = shell.server.lock().unwrap();
    let storage = match server.as_ref() {
        Some(s) => s.storage().clone(),
        None => shell.config.as_ref().ok()?.storage().ok()?,
    };
    match storage {
        Storage::File(path) => path.parent().map(Path::to_path_buf),
        Storage::InMemory => None,
    }
}

fn open_folder(dir: &Path) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(dir).spawn() {
        tracing::warn!("cannot open {} with {opener}: {e}", dir.display());
    }
}

#[cfg(target_os = "linux")]
fn copy_text(text: &str) {
    // Menu events arrive on the GTK main thread; GTK serves the clipboard while the app runs.
    let clipboard = gtk::Clipboard::get(&gtk::gdk::SELECTION_CLIPBOARD);
    clipboard.set_text(text);
    clipboard.store();
    tracing::info!("copied {text}");
}

#[cfg(not(target_os = "linux"))]
fn copy_text(text: &str) {
    // Other platforms would need tauri-plugin-clipboard-manager; say what to copy instead.
    println!("Server URL: {text}");
}

/// Quits with status 0 (after a graceful server shutdown, see `on_exit_requested`).
fn quit(app: &AppHandle) {
    app.exit(0);
}

/// SIGTERM and SIGINT quit like the Quit menu item: the window closes and the server shuts
/// down gracefully, and the process exits 0.
fn quit_on_signal(app: &AppHandle) {
    #[cfg(unix)]
    {
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            use tokio::signal::unix::{signal, SignalKind};
            let (Ok(mut term), Ok(mut int)) = (
                signal(SignalKind::terminate()),
                signal(SignalKind::interrupt()),
            ) else {
                return;
            };
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
            tracing::info!("signal received; quitting");
            quit(&app);
        });
    }
    #[cfg(not(unix))]
    let _ = app;
}
