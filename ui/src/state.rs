//! The app's state as a struct of signals, with one method per intent (load, act, advance...).
//! Views read the signals and call the intents; server-sent events feed `effects_of`.

use latchkey_api::clock::{Clock, ClockAdvance, ClockSet};
use latchkey_api::faults::{Fault, FaultCreate};
use latchkey_api::requests::RequestRecord;
use latchkey_api::sessions::{BulkAction, BulkResult, Session};
use latchkey_api::settings::{Settings, SettingsPatch};
use latchkey_api::users::{User, UserCreate, UserPatch};
use latchkey_api::{Health, List};
use sycamore::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;

use crate::api::{self, enc, ApiError};
use crate::logic::{self, Effect, REQUEST_LOG_CAP};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Sessions,
    Users,
    Requests,
    Clock,
    Settings,
    Decoder,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Sessions,
        Tab::Users,
        Tab::Requests,
        Tab::Clock,
        Tab::Settings,
        Tab::Decoder,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Tab::Sessions => "sessions",
            Tab::Users => "users",
            Tab::Requests => "requests",
            Tab::Clock => "clock",
            Tab::Settings => "settings",
            Tab::Decoder => "decoder",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Tab::Sessions => "Sessions",
            Tab::Users => "Users",
            Tab::Requests => "Requests",
            Tab::Clock => "Clock & faults",
            Tab::Settings => "Settings",
            Tab::Decoder => "Token decoder",
        }
    }

    pub fn from_hash(hash: &str) -> Tab {
        let h = hash.trim_start_matches('#').trim_start_matches('/');
        Tab::ALL
            .into_iter()
            .find(|t| t.slug() == h)
            .unwrap_or(Tab::Sessions)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conn {
    Connecting,
    Live,
    Reconnecting,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u32,
    pub text: String,
    pub error: bool,
}

#[derive(Clone, Copy)]
pub struct App {
    pub tab: Signal<Tab>,
    pub conn: Signal<Conn>,
    /// `Date.now()`, ticked once a second by a local timer.
    pub local_now: Signal<f64>,
    pub clock: Signal<Option<Clock>>,
    /// `Date.now()` when `clock` was fetched.
    pub clock_synced: Signal<f64>,
    pub version: Signal<String>,
    pub sessions: Signal<Vec<Session>>,
    pub sessions_loaded: Signal<bool>,
    /// Sessions screen: only this user's.
    pub session_user: Signal<Option<(i64, String)>>,
    pub selected_session: Signal<Option<String>>,
    pub users: Signal<Vec<User>>,
    pub users_loaded: Signal<bool>,
    /// Newest first, at most `REQUEST_LOG_CAP`.
    pub requests: Signal<Vec<RequestRecord>>,
    pub paused: Signal<bool>,
    /// Requests that arrived while paused.
    pub held: Signal<Vec<RequestRecord>>,
    pub selected_request: Signal<Option<u64>>,
    pub faults: Signal<Vec<Fault>>,
    pub settings: Signal<Option<Settings>>,
    pub decoder_input: Signal<String>,
    pub toasts: Signal<Vec<Toast>>,
    next_toast: Signal<u32>,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl App {
    pub fn new() -> App {
        let hash = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        App {
            tab: create_signal(Tab::from_hash(&hash)),
            conn: create_signal(Conn::Connecting),
            local_now: create_signal(now_ms()),
            clock: create_signal(None),
            clock_synced: create_signal(now_ms()),
            version: create_signal(String::new()),
            sessions: create_signal(Vec::new()),
            sessions_loaded: create_signal(false),
            session_user: create_signal(None),
            selected_session: create_signal(None),
            users: create_signal(Vec::new()),
            users_loaded: create_signal(false),
            requests: create_signal(Vec::new()),
            paused: create_signal(false),
            held: create_signal(Vec::new()),
            selected_request: create_signal(None),
            faults: create_signal(Vec::new()),
            settings: create_signal(None),
            decoder_input: create_signal(String::new()),
            toasts: create_signal(Vec::new()),
            next_toast: create_signal(0),
        }
    }

    /// The emulator's now (ms), moving with the local 1 s timer between clock fetches.
    /// Tracked: reading it subscribes to the timer and the clock.
    pub fn emu_now(self) -> i64 {
        let local = self.local_now.get();
        self.clock.with(|c| match c {
            Some(c) => logic::emulator_now(c.now_ms, c.frozen, self.clock_synced.get(), local),
            None => local as i64,
        })
    }

    // ----- navigation -----------------------------------------------------------------

    pub fn go(self, tab: Tab) {
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_hash(tab.slug());
        }
        self.tab.set(tab);
    }

    pub fn show_user_sessions(self, id: i64, username: String) {
        self.session_user.set(Some((id, username)));
        self.go(Tab::Sessions);
    }

    // ----- start-up -------------------------------------------------------------------

    /// Timer, hash routing, events, first load.
    pub fn start(self) {
        let window = web_sys::window().expect("window");
        let tick = Closure::<dyn FnMut()>::new(move || self.local_now.set(now_ms()));
        window
            .set_interval_with_callback_and_timeout_and_arguments_0(
                tick.as_ref().unchecked_ref(),
                1000,
            )
            .ok();
        tick.forget();

        let on_hash = Closure::<dyn FnMut()>::new(move || {
            let hash = web_sys::window()
                .and_then(|w| w.location().hash().ok())
                .unwrap_or_default();
            self.tab.set(Tab::from_hash(&hash));
        });
        window
            .add_event_listener_with_callback("hashchange", on_hash.as_ref().unchecked_ref())
            .ok();
        on_hash.forget();

        self.connect_events();
        self.load_all();
        spawn_local(async move {
            if let Ok(h) = api::get::<Health>("/health").await {
                self.version.set(h.version);
            }
        });
    }

    fn connect_events(self) {
        let Ok(es) = web_sys::EventSource::new(&format!("{}/events", api::PREFIX)) else {
            self.conn.set(Conn::Reconnecting);
            return;
        };
        let on_open = Closure::<dyn FnMut()>::new(move || {
            let was_down = self.conn.get_untracked() == Conn::Reconnecting;
            self.conn.set(Conn::Live);
            if was_down {
                // Events were missed while away.
                self.load_all();
            }
        });
        es.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        on_open.forget();
        let on_error = Closure::<dyn FnMut()>::new(move || self.conn.set(Conn::Reconnecting));
        es.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        for name in logic::EVENT_NAMES.iter().chain(["message"].iter()) {
            let name = name.to_string();
            let listen_to = name.clone();
            let handler = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |ev: web_sys::MessageEvent| {
                    let data = ev.data().as_string().unwrap_or_default();
                    if let Some(event) = logic::parse_sse(&name, &data) {
                        for effect in logic::effects_of(event) {
                            self.apply(effect);
                        }
                    }
                },
            );
            es.add_event_listener_with_callback(&listen_to, handler.as_ref().unchecked_ref())
                .ok();
            handler.forget();
        }
        // Keep the EventSource alive for the page's lifetime.
        std::mem::forget(es);
    }

    fn apply(self, effect: Effect) {
        match effect {
            Effect::LogRequest(r) => self.log_request(*r),
            Effect::ReloadSession(id) => self.load_session(id),
            Effect::ReloadSessions => self.load_sessions(),
            Effect::ReloadUsers => self.load_users(),
            Effect::ReloadClock => self.load_clock(),
            Effect::ReloadSettings => self.load_settings(),
            Effect::ReloadFaults => self.load_faults(),
            Effect::ReloadRequests => self.load_requests(),
        }
    }

    pub fn load_all(self) {
        self.load_clock();
        self.load_sessions();
        self.load_users();
        self.load_requests();
        self.load_faults();
        self.load_settings();
    }

    // ----- loads ----------------------------------------------------------------------

    pub fn load_clock(self) {
        spawn_local(async move {
            match api::get::<Clock>("/clock").await {
                Ok(c) => {
                    self.clock_synced.set(now_ms());
                    self.clock.set(Some(c));
                }
                Err(e) => self.fail(e),
            }
        });
    }

    pub fn load_sessions(self) {
        spawn_local(async move {
            match api::get::<List<Session>>("/sessions?limit=1000").await {
                Ok(list) => {
                    let mut items = list.items;
                    logic::sort_sessions(&mut items);
                    self.sessions.set(items);
                    self.sessions_loaded.set(true);
                }
                Err(e) => self.fail(e),
            }
        });
    }

    pub fn load_session(self, id: String) {
        spawn_local(async move {
            match api::get::<Session>(&format!("/sessions/{}", enc(&id))).await {
                Ok(s) => self.sessions.update(|list| logic::upsert_session(list, s)),
                Err(e) if e.status == 404 => {
                    self.sessions.update(|list| list.retain(|s| s.id != id))
                }
                Err(e) => self.fail(e),
            }
        });
    }

    pub fn load_users(self) {
        spawn_local(async move {
            match api::get::<List<User>>("/users?limit=1000").await {
                Ok(list) => {
                    self.users.set(list.items);
                    self.users_loaded.set(true);
                }
                Err(e) => self.fail(e),
            }
        });
    }

    pub fn load_requests(self) {
        spawn_local(async move {
            match api::get::<List<RequestRecord>>(&format!("/requests?limit={REQUEST_LOG_CAP}"))
                .await
            {
                Ok(list) => self.requests.update(|log| {
                    log.clear();
                    logic::merge_requests(log, list.items, REQUEST_LOG_CAP);
                }),
                Err(e) => self.fail(e),
            }
        });
    }

    pub fn load_faults(self) {
        spawn_local(async move {
            match api::get::<List<Fault>>("/faults").await {
                Ok(list) => self.faults.set(list.items),
                Err(e) => self.fail(e),
            }
        });
    }

    pub fn load_settings(self) {
        spawn_local(async move {
            match api::get::<Settings>("/settings").await {
                Ok(s) => self.settings.set(Some(s)),
                Err(e) => self.fail(e),
            }
        });
    }

    fn log_request(self, r: RequestRecord) {
        if self.paused.get_untracked() {
            self.held
                .update(|h| logic::push_request(h, r, REQUEST_LOG_CAP));
        } else {
            self.requests
                .update(|log| logic::push_request(log, r, REQUEST_LOG_CAP));
        }
    }

    // ----- session intents ------------------------------------------------------------

    /// `force-refresh`, `expire` or `revoke`.
    pub fn session_action(self, id: String, action: &'static str) {
        spawn_local(async move {
            let path = format!("/sessions/{}/{action}", enc(&id));
            match api::send::<_, Session>("POST", &path, &serde_json::json!({})).await {
                Ok(s) => {
                    let verb = match action {
                        "force-refresh" => "Access token expired; the next refresh will succeed",
                        "expire" => "Session expired; refresh will fail",
                        _ => "Refresh token revoked",
                    };
                    self.notify(format!("{verb} ({})", s.user.username));
                    self.sessions.update(|list| logic::upsert_session(list, s));
                }
                Err(e) => self.fail(e),
            }
        });
    }

    pub fn bulk(self, action: &'static str, user: Option<i64>) {
        spawn_local(async move {
            let path = format!("/sessions/{action}");
            match api::send::<_, BulkResult>("POST", &path, &BulkAction { user }).await {
                Ok(r) => {
                    let n = r.affected;
                    self.notify(format!(
                        "{n} session{} changed",
                        if n == 1 { "" } else { "s" }
                    ));
                    self.load_sessions();
                }
                Err(e) => self.fail(e),
            }
        });
    }

    // ----- user intents ---------------------------------------------------------------

    pub async fn create_user(self, body: UserCreate) -> Result<User, ApiError> {
        let r = api::send::<_, User>("POST", "/users", &body).await;
        if let Ok(u) = &r {
            self.notify(format!("Created user {}", u.username));
            self.load_users();
        }
        r
    }

    pub async fn patch_user(self, id: i64, patch: UserPatch) -> Result<User, ApiError> {
        let r = api::send::<_, User>("PATCH", &format!("/users/{id}"), &patch).await;
        match &r {
            Ok(u) => {
                let u2 = u.clone();
                self.users.update(|list| {
                    if let Some(x) = list.iter_mut().find(|x| x.id == u2.id) {
                        *x = u2;
                    }
                });
            }
            Err(e) => self.fail(e.clone()),
        }
        r
    }

    pub fn delete_user(self, id: i64, username: String) {
        spawn_local(async move {
            match api::act::<()>("DELETE", &format!("/users/{id}"), None).await {
                Ok(()) => {
                    self.notify(format!(
                        "Deleted {username}; their tokens now fail with user_not_found"
                    ));
                    self.users.update(|l| l.retain(|u| u.id != id));
                    self.load_sessions();
                }
                Err(e) => self.fail(e),
            }
        });
    }

    // ----- clock intents --------------------------------------------------------------

    pub fn advance(self, by: String) {
        spawn_local(async move {
            match api::send::<_, Clock>("POST", "/clock/advance", &ClockAdvance { by: by.clone() })
                .await
            {
                Ok(c) => {
                    self.clock_synced.set(now_ms());
                    self.clock.set(Some(c));
                    self.load_sessions();
                }
                Err(e) => self.fail(e),
            }
        });
    }

    pub fn set_frozen(self, frozen: bool) {
        spawn_local(async move {
            let body = ClockSet {
                offset_seconds: None,
                frozen: Some(frozen),
            };
            match api::send::<_, Clock>("POST", "/clock", &body).await {
                Ok(c) => {
                    self.clock_synced.set(now_ms());
                    self.clock.set(Some(c));
                }
                Err(e) => self.fail(e),
            }
        });
    }

    pub fn reset_clock(self) {
        spawn_local(async move {
            match api::send::<_, Clock>("POST", "/clock/reset", &serde_json::json!({})).await {
                Ok(c) => {
                    self.clock_synced.set(now_ms());
                    self.clock.set(Some(c));
                    self.load_sessions();
                }
                Err(e) => self.fail(e),
            }
        });
    }

    // ----- fault intents --------------------------------------------------------------

    pub async fn add_fault(self, f: FaultCreate) -> Result<Fault, ApiError> {
        let r = api::send::<_, Fault>("POST", "/faults", &f).await;
        if r.is_ok() {
            self.load_faults();
        }
        r
    }

    pub fn delete_fault(self, id: Option<String>) {
        spawn_local(async move {
            let path = match &id {
                Some(id) => format!("/faults/{}", enc(id)),
                None => "/faults".to_string(),
            };
            match api::act::<()>("DELETE", &path, None).await {
                Ok(()) => {
                    if id.is_none() {
                        self.notify("All faults cleared");
                    }
                    self.load_faults();
                }
                Err(e) => self.fail(e),
            }
        });
    }

    // ----- requests -------------------------------------------------------------------

    pub fn set_paused(self, paused: bool) {
        self.paused.set(paused);
        if !paused {
            let held = self.held.take();
            self.requests
                .update(|log| logic::merge_requests(log, held, REQUEST_LOG_CAP));
        }
    }

    pub fn clear_requests(self) {
        spawn_local(async move {
            match api::act::<()>("DELETE", "/requests", None).await {
                Ok(()) => {
                    self.requests.set(Vec::new());
                    self.held.set(Vec::new());
                    self.selected_request.set(None);
                }
                Err(e) => self.fail(e),
            }
        });
    }

    // ----- settings and state ---------------------------------------------------------

    pub async fn patch_settings(self, patch: SettingsPatch) -> Result<Settings, ApiError> {
        let r = api::send::<_, Settings>("PATCH", "/settings", &patch).await;
        if let Ok(s) = &r {
            self.settings.set(Some(s.clone()));
        }
        r
    }

    // ----- notifications --------------------------------------------------------------

    pub fn notify(self, text: impl Into<String>) {
        self.push_toast(text.into(), false);
    }

    pub fn fail(self, e: ApiError) {
        let text = if e.status == 0 {
            e.describe()
        } else {
            format!("{} (HTTP {})", e.describe(), e.status)
        };
        self.push_toast(text, true);
    }

    fn push_toast(self, text: String, error: bool) {
        let id = self.next_toast.get_untracked() + 1;
        self.next_toast.set(id);
        self.toasts.update(|t| {
            t.push(Toast { id, text, error });
            if t.len() > 3 {
                t.remove(0);
            }
        });
        let dismiss = Closure::once_into_js(move || self.dismiss(id));
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                dismiss.unchecked_ref(),
                if error { 8000 } else { 3000 },
            );
        }
    }

    pub fn dismiss(self, id: u32) {
        self.toasts.update(|t| t.retain(|x| x.id != id));
    }
}
