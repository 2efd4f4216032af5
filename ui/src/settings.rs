//! The Settings screen: every setting with its source, live edits, export/import/reset.

use latchkey_api::settings::Setting;
use latchkey_api::state::{ResetRequest, StateSummary};
use sycamore::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use crate::api;
use crate::components::Empty;
use crate::logic;
use crate::state::App;

#[component]
pub fn SettingsScreen() -> View {
    let app = use_context::<App>();
    let rows = create_memo(move || {
        app.settings.with(|s| {
            s.as_ref()
                .map(|s| s.settings.clone().into_iter().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    view! {
        section(class="screen", aria-labelledby="settings-title") {
            div(class="screen-head") {
                div {
                    h2(id="settings-title") { "Settings" }
                    p(class="sub") { "Changes apply immediately to new tokens and requests. The source says where each value came from." }
                }
                StateTools {}
            }
            (if rows.with(Vec::is_empty) {
                view! { Empty(title="Loading settings…".to_string()) { p { "If this stays empty, the control plane is not answering." } } }
            } else {
                view! {
                    div(class="table-wrap") {
                        table(class="table settings") {
                            thead { tr { th(scope="col") { "Setting" } th(scope="col") { "Value" } th(scope="col") { "Source" } } }
                            tbody {
                                Keyed(
                                    list=rows,
                                    view=|(k, v)| view! { SettingRow(key=k, setting=v) },
                                    key=|(k, v)| format!("{k}={}|{}", v.value, v.source),
                                )
                            }
                        }
                    }
                }
            })
        }
    }
}

#[component(inline_props)]
fn SettingRow(key: String, setting: Setting) -> View {
    let app = use_context::<App>();
    let title = logic::humanize_key(&key);
    let key_text = key.clone();
    let source = setting.source.clone();
    let source_class = format!("badge source-{}", setting.source);
    let error = create_signal(String::new());
    let current = setting.value.clone();
    let apply = move |key: String, value: serde_json::Value| {
        spawn_local(async move {
            let mut patch = latchkey_api::settings::SettingsPatch::new();
            patch.insert(key.clone(), value);
            let r = app.patch_settings(patch).await;
            // A changed value redraws the row, disposing this one's signals.
            match r {
                Ok(_) => app.notify(format!("{key} updated")),
                Err(e) if error.is_alive() => error.set(e.describe()),
                Err(e) => app.fail(e),
            }
        });
    };
    let editor = if !setting.editable {
        let text = logic::setting_value_to_input(&setting.value);
        view! { span(class="mono") { (text) } span(class="muted small") { " (read-only)" } }
    } else if let serde_json::Value::Bool(b) = setting.value {
        let k = key.clone();
        let label = format!("{title}: on/off");
        view! {
            label(class="switch") {
                input(r#type="checkbox", checked=b, aria-label=label,
                    on:change=move |ev: web_sys::Event| {
                        let on = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).is_some_and(|i| i.checked());
                        apply(k.clone(), serde_json::Value::Bool(on));
                    })
                span(class="mono") { (if b { "true" } else { "false" }) }
            }
        }
    } else {
        let input = create_signal(logic::setting_value_to_input(&setting.value));
        let k = key.clone();
        let label = format!("{title} value");
        let save = move || match logic::setting_value_from_input(&current, &input.get_clone()) {
            Ok(v) => apply(k.clone(), v),
            Err(e) => error.set(e),
        };
        let save2 = save.clone();
        view! {
            form(class="inline-form", on:submit=move |ev: web_sys::SubmitEvent| { ev.prevent_default(); save(); }) {
                input(r#type="text", class="mono", aria-label=label, bind:value=input)
                button(class="btn btn-sm", r#type="button", on:click=move |_| save2()) { "Apply" }
            }
        }
    };
    view! {
        tr(class="row") {
            td {
                div(class="strong") { (title) }
                div(class="muted small mono") { (key_text) }
            }
            td {
                (editor)
                (if error.with(String::is_empty) { view! {} } else { view! { div(class="field-error", role="alert") { (error.get_clone()) } } })
            }
            td { span(class=source_class) { (source) } }
        }
    }
}

/// Export, import and reset of the whole state.
#[component]
fn StateTools() -> View {
    let app = use_context::<App>();
    let confirm_reset = create_signal(false);
    let export = move |_| {
        spawn_local(async move {
            match api::call("GET", "/export", None).await {
                Ok(text) => download("latchkey-export.json", &text),
                Err(e) => app.fail(e),
            }
        });
    };
    let import = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        spawn_local(async move {
            let text = JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            match api::call("POST", "/import", Some(text)).await {
                Ok(body) => {
                    let s: Option<StateSummary> = serde_json::from_str(&body).ok();
                    app.notify(match s {
                        Some(s) => format!("Imported {} users, {} sessions", s.users, s.sessions),
                        None => "Imported".to_string(),
                    });
                    app.load_all();
                }
                Err(e) => app.fail(e),
            }
        });
    };
    let reset = move |seed: bool| {
        confirm_reset.set(false);
        spawn_local(async move {
            match api::send::<_, StateSummary>("POST", "/reset", &ResetRequest { seed }).await {
                Ok(_) => {
                    app.notify(if seed {
                        "State reset to the seed"
                    } else {
                        "State emptied"
                    });
                    app.selected_session.set(None);
                    app.load_all();
                }
                Err(e) => app.fail(e),
            }
        });
    };
    view! {
        div(class="toolbar") {
            button(class="btn", r#type="button", on:click=export) { "Export state" }
            label(class="btn file-btn") {
                "Import…"
                input(r#type="file", accept="application/json,.json", class="sr-only", on:change=import)
            }
            (if confirm_reset.get() {
                view! {
                    span(class="confirm") {
                        "Reset all users and sessions?"
                        button(class="btn btn-sm btn-danger", r#type="button", on:click=move |_| reset(false)) { "Empty" }
                        button(class="btn btn-sm", r#type="button", on:click=move |_| reset(true)) { "Back to seed" }
                        button(class="btn btn-sm", r#type="button", on:click=move |_| confirm_reset.set(false)) { "Cancel" }
                    }
                }
            } else {
                view! { button(class="btn btn-danger-outline", r#type="button", on:click=move |_| confirm_reset.set(true)) { "Reset…" } }
            })
        }
    }
}

/// Saves `text` as a file through a temporary object URL.
fn download(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let doc = web_sys::window().and_then(|w| w.document());
    if let Some(a) = doc
        .and_then(|d| d.create_element("a").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
