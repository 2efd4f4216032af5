//! Small view pieces shared by the screens.

use latchkey_api::sessions::{SessionState, TokenInfo};
use serde_json::Value;
use sycamore::prelude::*;

use crate::logic;
use crate::state::App;

/// Local wall-clock time of an epoch-ms instant: `14:03:27`.
pub fn local_time(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    String::from(d.to_locale_time_string("en-GB"))
}

/// Local date and time: `25 Nov 2026, 14:03:27`.
pub fn local_datetime(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let opts = js_sys::Object::new();
    for (k, v) in [
        ("day", "2-digit"),
        ("month", "short"),
        ("year", "numeric"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("second", "2-digit"),
    ] {
        let _ = js_sys::Reflect::set(&opts, &k.into(), &v.into());
    }
    let _ = js_sys::Reflect::set(&opts, &"hour12".into(), &false.into());
    String::from(d.to_locale_string("en-GB", &opts))
}

/// An RFC 3339 time as local date-time, or the raw text.
pub fn local_from_rfc(s: &str) -> String {
    logic::parse_rfc3339_ms(s)
        .map(local_datetime)
        .unwrap_or_else(|| s.to_string())
}

#[component(inline_props)]
pub fn StateBadge(state: ReadSignal<SessionState>) -> View {
    view! {
        span(class=format!("badge state-{}", logic::state_class(state.get()))) {
            (logic::state_label(state.get()))
        }
    }
}

/// A token that may be missing (an alias: sycamore would make an `Option` prop optional).
pub type MaybeToken = Option<TokenInfo>;

/// A token's live countdown with its progress bar.
#[component(inline_props)]
pub fn TokenCountdown(token: MaybeToken, label: &'static str) -> View {
    let app = use_context::<App>();
    let Some(token) = token else {
        return view! { span(class="muted") { "—" } };
    };
    let forced = token.forced_expired_at.is_some();
    let cd = create_selector(move || logic::countdown(&token, app.emu_now()));
    view! {
        div(class=format!("countdown lvl-{}", cd.with(|c| c.level.class())),
            title=if forced { "Expired early by the control plane (force refresh / expire)" } else { "" }) {
            span(class="countdown-text mono", aria-label=format!("{label} {}", cd.with(|c| c.text.clone()))) {
                (cd.with(|c| c.text.clone()))
            }
            div(class="bar", role="progressbar", aria-valuemin="0", aria-valuemax="100",
                aria-valuenow=format!("{:.0}", cd.with(|c| c.fraction * 100.0))) {
                div(class="bar-fill", style=format!("width:{:.1}%", cd.with(|c| c.fraction * 100.0)))
            }
        }
    }
}

/// Pretty JSON in a scrollable block.
#[component(inline_props)]
pub fn Json(value: Value) -> View {
    let text = logic::pretty(&value);
    view! { pre(class="json") { (text) } }
}

/// What a screen says when it has nothing to show.
#[component(inline_props)]
pub fn Empty(title: String, children: Children) -> View {
    view! {
        div(class="empty") {
            svg(class="empty-icon", viewBox="0 0 24 24", width="34", height="34", aria-hidden="true") {
                path(fill="currentColor", d="M7 14a4 4 0 1 1 3.9-5H21v3h-2v3h-3v-3h-5.1A4 4 0 0 1 7 14zm0-2.2a1.8 1.8 0 1 0 0-3.6 1.8 1.8 0 0 0 0 3.6z")
            }
            h3 { (title) }
            div(class="empty-body") { (children) }
        }
    }
}

/// A copy-to-clipboard button.
#[component(inline_props)]
pub fn CopyButton(text: String, label: &'static str) -> View {
    let copied = create_signal(false);
    let on_click = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&text);
            copied.set(true);
            let reset = wasm_bindgen::closure::Closure::once_into_js(move || copied.set(false));
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                wasm_bindgen::JsCast::unchecked_ref(&reset),
                1500,
            );
        }
    };
    view! {
        button(class="btn btn-ghost btn-sm", r#type="button", on:click=on_click, title=label) {
            (if copied.get() { "Copied" } else { "Copy" })
        }
    }
}

/// Reads the value of an `<input>`/`<textarea>`/`<select>` event target.
pub fn target_value(ev: &web_sys::Event) -> String {
    use wasm_bindgen::JsCast;
    let Some(t) = ev.target() else {
        return String::new();
    };
    if let Some(i) = t.dyn_ref::<web_sys::HtmlInputElement>() {
        i.value()
    } else if let Some(a) = t.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        a.value()
    } else if let Some(s) = t.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.value()
    } else {
        String::new()
    }
}
