//! Latchkey's inspector: a Sycamore app served by the server at `/_latchkey/`, talking only
//! to the control plane (`/_latchkey/api/`) and updating live from its server-sent events.
//! Build: `trunk build --release` in this directory (see scripts/setup-ui-toolchain.sh).

mod api;
mod clock;
mod components;
mod decoder;
mod logic;
mod requests;
mod sessions;
mod settings;
mod state;
mod users;

use sycamore::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::{local_time, CopyButton};
use crate::state::{App, Conn, Tab};

fn main() {
    console_error_panic_hook::set_once();
    sycamore::render(Root);
}

#[component]
fn Root() -> View {
    let app = App::new();
    provide_context(app);
    app.start();

    // Esc closes a drawer.
    let on_key =
        Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
            if ev.key() == "Escape" {
                app.selected_session.set(None);
                app.selected_request.set(None);
            }
        });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
    }
    on_key.forget();

    view! {
        div(class="app") {
            a(class="skip", href="#main") { "Skip to content" }
            Header {}
            Nav {}
            main(id="main", class="content", tabindex="-1") {
                (match app.tab.get() {
                    Tab::Sessions => view! { sessions::SessionsScreen {} },
                    Tab::Users => view! { users::UsersScreen {} },
                    Tab::Requests => view! { requests::RequestsScreen {} },
                    Tab::Clock => view! { clock::ClockScreen {} },
                    Tab::Settings => view! { settings::SettingsScreen {} },
                    Tab::Decoder => view! { decoder::DecoderScreen {} },
                })
            }
            sessions::SessionDrawer {}
            requests::RequestDrawer {}
            Toasts {}
        }
    }
}

#[component]
fn Header() -> View {
    let app = use_context::<App>();
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let env_line = format!("NEXT_PUBLIC_API_URL={origin}");
    let env_copy = env_line.clone();
    let offset = create_selector(move || {
        app.clock
            .with(|c| c.as_ref().map_or(0, |c| c.offset_seconds))
    });
    let frozen = create_selector(move || app.clock.with(|c| c.as_ref().is_some_and(|c| c.frozen)));
    view! {
        header(class="topbar") {
            div(class="brand") {
                svg(class="logo", viewBox="0 0 24 24", width="22", height="22", aria-hidden="true") {
                    path(d="M7 14a4 4 0 1 1 3.9-5H21v3h-2v3h-3v-3h-5.1A4 4 0 0 1 7 14zm0-2.2a1.8 1.8 0 1 0 0-3.6 1.8 1.8 0 0 0 0 3.6z", fill="currentColor")
                }
                span(class="brand-name") { "Latchkey" }
                span(class="version muted") { (app.version.with(|v| if v.is_empty() { String::new() } else { format!("v{v}") })) }
            }
            div(class="env", title="Put this in your frontend's environment") {
                span(class="env-label") { "Frontend env" }
                code(class="env-value", id="server-url") { (env_line) }
                CopyButton(text=env_copy, label="Copy the env line")
            }
            button(class="clock-chip", r#type="button", title="Emulator clock — open Clock & faults",
                on:click=move |_| app.go(Tab::Clock)) {
                span(class="muted small") { "Emulator" }
                span(class="mono clock-time", id="header-clock") { (local_time(app.emu_now())) }
                (if offset.get() != 0 { view! { span(class="pill warn") { (logic::format_offset(offset.get())) } } } else { view! {} })
                (if frozen.get() { view! { span(class="pill info") { "frozen" } } } else { view! {} })
            }
            div(class=move || format!("conn conn-{}", match app.conn.get() { Conn::Live => "live", Conn::Connecting => "connecting", Conn::Reconnecting => "down" }),
                role="status", aria-live="polite", id="connection") {
                span(class="dot", aria-hidden="true")
                span(class="conn-label") {
                    (match app.conn.get() { Conn::Live => "Live", Conn::Connecting => "Connecting…", Conn::Reconnecting => "Reconnecting…" })
                }
            }
        }
    }
}

#[component]
fn Nav() -> View {
    let app = use_context::<App>();
    let tabs = Tab::ALL
        .into_iter()
        .map(|t| {
            let href = format!("#{}", t.slug());
            let count = create_memo(move || match t {
                Tab::Sessions => {
                    let now = app.emu_now();
                    let n = app.sessions.with(|l| l.iter().filter(|s| logic::is_live(logic::effective_state(s, now))).count());
                    if n > 0 { n.to_string() } else { String::new() }
                }
                Tab::Users => {
                    let n = app.users.with(Vec::len);
                    if n > 0 { n.to_string() } else { String::new() }
                }
                Tab::Clock => {
                    let n = app.faults.with(Vec::len);
                    if n > 0 { format!("{n} fault{}", if n == 1 { "" } else { "s" }) } else { String::new() }
                }
                _ => String::new(),
            });
            view! {
                a(class=if app.tab.get() == t { "tab active" } else { "tab" }, href=href,
                    aria-current=if app.tab.get() == t { "page" } else { "false" },
                    on:click=move |ev: web_sys::MouseEvent| { ev.prevent_default(); app.go(t); }) {
                    (t.title())
                    (if count.with(String::is_empty) { view! {} } else { view! { span(class=if t == Tab::Clock { "count warn" } else { "count" }) { (count.get_clone()) } } })
                }
            }
        })
        .collect::<Vec<View>>();
    view! { nav(class="tabs", aria-label="Screens") { (tabs) } }
}

#[component]
fn Toasts() -> View {
    let app = use_context::<App>();
    view! {
        div(class="toasts", aria-live="polite", role="status") {
            Keyed(
                list=app.toasts,
                view=move |t| {
                    let id = t.id;
                    let text = t.text.clone();
                    view! {
                        div(class=if t.error { "toast error" } else { "toast" }) {
                            span { (text) }
                            button(class="toast-x", r#type="button", aria-label="Dismiss", on:click=move |_| app.dismiss(id)) { "×" }
                        }
                    }
                },
                key=|t| t.id,
            )
        }
    }
}
