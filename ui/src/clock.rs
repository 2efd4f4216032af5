//! The Clock & faults screen.

use latchkey_api::faults::{Fault, FaultCreate};
use sycamore::prelude::*;
use wasm_bindgen_futures::spawn_local;

use crate::components::{local_datetime, local_time, Empty};
use crate::logic;
use crate::state::App;

#[component]
pub fn ClockScreen() -> View {
    view! {
        section(class="screen", aria-labelledby="clock-title") {
            div(class="screen-head") {
                div {
                    h2(id="clock-title") { "Clock & faults" }
                    p(class="sub") { "Move the emulator's time to expire tokens, and make auth routes slow or failing." }
                }
            }
            div(class="two-col") {
                ClockCard {}
                FaultsCard {}
            }
        }
    }
}

#[component]
fn ClockCard() -> View {
    let app = use_context::<App>();
    let custom = create_signal(String::new());
    let custom_error = create_signal(String::new());
    let frozen = create_selector(move || app.clock.with(|c| c.as_ref().is_some_and(|c| c.frozen)));
    let offset = create_selector(move || {
        app.clock
            .with(|c| c.as_ref().map_or(0, |c| c.offset_seconds))
    });
    let advance_custom = move || {
        let v = custom.get_clone();
        if logic::parse_duration_secs(&v).is_some() {
            custom_error.set(String::new());
            app.advance(v.trim().to_string());
            custom.set(String::new());
        } else {
            custom_error
                .set("Use a duration like 90s, 16m, 2h, 1d or 1h30m (negative goes back)".into());
        }
    };
    view! {
        div(class="card clock-card") {
            h3 { "Emulator clock" }
            div(class="clock-big mono", id="emulator-time", aria-live="off") { (local_time(app.emu_now())) }
            div(class="muted") { (local_datetime(app.emu_now())) }
            dl(class="facts") {
                dt { "Real time" } dd(class="mono") { (local_time(app.local_now.get() as i64)) }
                dt { "Offset" } dd(class="mono", id="clock-offset") {
                    (if offset.get() == 0 { "none (real time)".to_string() } else { logic::format_offset(offset.get()) })
                }
                dt { "State" } dd { (if frozen.get() { "frozen" } else { "running" }) }
            }
            div(class="btn-row", role="group", aria-label="Advance the clock") {
                button(class="btn", r#type="button", on:click=move |_| app.advance("1m".into())) { "+1m" }
                button(class="btn", r#type="button", on:click=move |_| app.advance("15m".into())) { "+15m" }
                button(class="btn", r#type="button", on:click=move |_| app.advance("1h".into())) { "+1h" }
                button(class="btn", r#type="button", on:click=move |_| app.advance("1d".into())) { "+1d" }
            }
            form(class="inline-form", on:submit=move |ev: web_sys::SubmitEvent| { ev.prevent_default(); advance_custom(); }) {
                input(r#type="text", placeholder="e.g. 2h30m or -5m", aria-label="Custom duration", bind:value=custom)
                button(class="btn", r#type="submit") { "Advance" }
            }
            (if custom_error.with(String::is_empty) { view! {} } else {
                view! { div(class="field-error", role="alert") { (custom_error.get_clone()) } }
            })
            div(class="btn-row") {
                button(class=if frozen.get() { "btn btn-primary" } else { "btn" }, r#type="button",
                    aria-pressed=if frozen.get() { "true" } else { "false" },
                    on:click=move |_| app.set_frozen(!frozen.get())) {
                    (if frozen.get() { "Unfreeze" } else { "Freeze" })
                }
                button(class="btn", r#type="button", disabled=offset.get() == 0 && !frozen.get(), on:click=move |_| app.reset_clock()) { "Reset to real time" }
            }
        }
    }
}

#[component]
fn FaultsCard() -> View {
    let app = use_context::<App>();
    let route = create_signal("/token/refresh/".to_string());
    let status = create_signal("503".to_string());
    let latency = create_signal(String::new());
    let drop = create_signal(false);
    let count = create_signal(String::new());
    let error = create_signal(String::new());
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let parse = |s: String| -> Result<Option<u64>, ()> {
            let t = s.trim().to_string();
            if t.is_empty() {
                Ok(None)
            } else {
                t.parse::<u64>().map(Some).map_err(|_| ())
            }
        };
        let (Ok(st), Ok(lat), Ok(cnt)) = (
            parse(status.get_clone()),
            parse(latency.get_clone()),
            parse(count.get_clone()),
        ) else {
            error.set("Status, latency and count must be whole numbers".into());
            return;
        };
        let body = FaultCreate {
            route: route.get_clone().trim().to_string(),
            status: st.map(|s| s as u16),
            latency_ms: lat,
            drop: Some(drop.get()),
            count: cnt,
        };
        spawn_local(async move {
            let r = app.add_fault(body).await;
            if !error.is_alive() {
                return;
            }
            match r {
                Ok(_) => error.set(String::new()),
                Err(e) => error.set(e.describe()),
            }
        });
    };
    view! {
        div(class="card faults-card") {
            div(class="card-head") {
                h3 { "Faults" }
                button(class="btn btn-sm btn-danger-outline", r#type="button", disabled=app.faults.with(Vec::is_empty),
                    on:click=move |_| app.delete_fault(None)) { "Clear all" }
            }
            (if app.faults.with(Vec::is_empty) {
                view! {
                    Empty(title="No faults".to_string()) {
                        p { "Add one below to make a route slow, answer an error, or drop the connection — for the next N requests or until cleared. The control plane itself is never affected." }
                    }
                }
            } else {
                view! {
                    table(class="table faults") {
                        thead { tr { th { "Route" } th { "Effect" } th(class="num") { "Left" } th(class="num") { "Hits" } th { span(class="sr-only") { "Remove" } } } }
                        tbody {
                            Keyed(
                                list=app.faults,
                                view=move |f| view! { FaultRow(fault=f) },
                                key=|f| format!("{}|{}|{:?}", f.id, f.hits, f.remaining),
                            )
                        }
                    }
                }
            })
            form(class="fault-form", on:submit=submit, aria-label="Add a fault") {
                h4 { "Add a fault" }
                div(class="form-grid four") {
                    label {
                        span { "Route" }
                        input(r#type="text", "list"="fault-routes", name="route", bind:value=route)
                        datalist(id="fault-routes") {
                            option(value="*") { "every auth and mock route" }
                            option(value="/token/") {}
                            option(value="/token/refresh/") {}
                            option(value="/auth-check/") {}
                            option(value="/register/") {}
                            option(value="/logout/") {}
                        }
                    }
                    label { span { "Status" } input(r#type="text", "inputmode"="numeric", name="status", placeholder="none", bind:value=status) }
                    label { span { "Latency ms" } input(r#type="text", "inputmode"="numeric", name="latency", placeholder="0", bind:value=latency) }
                    label { span { "Count" } input(r#type="text", "inputmode"="numeric", name="count", placeholder="until cleared", bind:value=count) }
                }
                div(class="form-actions") {
                    label(class="check") { input(r#type="checkbox", name="drop", bind:checked=drop) " Drop the connection" }
                    button(class="btn btn-primary", r#type="submit") { "Add fault" }
                }
                (if error.with(String::is_empty) { view! {} } else {
                    view! { div(class="field-error", role="alert") { (error.get_clone()) } }
                })
            }
        }
    }
}

#[component(inline_props)]
fn FaultRow(fault: Fault) -> View {
    let app = use_context::<App>();
    let id = fault.id.clone();
    let route = fault.route.clone();
    let mut effects = Vec::new();
    if let Some(s) = fault.status {
        effects.push(format!("answer {s}"));
    }
    if fault.latency_ms > 0 {
        effects.push(format!("+{} ms", fault.latency_ms));
    }
    if fault.drop {
        effects.push("drop connection".into());
    }
    let effect = if effects.is_empty() {
        "no effect".to_string()
    } else {
        effects.join(", ")
    };
    let left = fault.remaining.map_or("∞".to_string(), |n| n.to_string());
    let hits = fault.hits.to_string();
    let label = format!("Remove fault on {}", fault.route);
    view! {
        tr(class="row") {
            td(class="mono") { (route) }
            td { (effect) }
            td(class="num") { (left) }
            td(class="num") { (hits) }
            td { button(class="btn btn-sm btn-ghost", r#type="button", aria-label=label, on:click=move |_| app.delete_fault(Some(id.clone()))) { "Remove" } }
        }
    }
}
