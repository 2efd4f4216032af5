//! The Requests screen: live log with filters, pause, clear, paging, and the request drawer.

use latchkey_api::requests::{CookieInfo, RequestRecord};
use sycamore::prelude::*;

use crate::components::{local_from_rfc, local_time, target_value, Empty, Json};
use crate::logic::{self, RequestFilter};
use crate::sessions::Pager;
use crate::state::App;

const PER_PAGE: usize = 100;

#[component]
pub fn RequestsScreen() -> View {
    let app = use_context::<App>();
    let status = create_signal(String::new());
    let path = create_signal(String::new());
    let user = create_signal(String::new());
    let page = create_signal(0usize);
    let filter = create_memo(move || RequestFilter {
        status: status.get_clone(),
        path: path.get_clone(),
        user: user.get_clone(),
        session: None,
    });
    let filtered = create_memo(move || {
        let f = filter.get_clone();
        app.requests.with(|l| {
            l.iter()
                .filter(|r| logic::request_matches(&f, r))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    // Filters change: back to the first page.
    create_effect(move || {
        filter.track();
        page.set(0);
    });
    let pages = create_memo(move || logic::page_count(filtered.with(Vec::len), PER_PAGE));
    let visible = create_memo(move || {
        let p = page.get().min(pages.get() - 1);
        filtered.with(|l| {
            l.iter()
                .skip(p * PER_PAGE)
                .take(PER_PAGE)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();

    view! {
        section(class="screen", aria-labelledby="requests-title") {
            div(class="screen-head") {
                div {
                    h2(id="requests-title") { "Requests" }
                    p(class="sub") {
                        (format!("{} shown of {} logged", filtered.with(Vec::len), app.requests.with(Vec::len)))
                        (if app.paused.get() {
                            format!(" · paused, {} new", app.held.with(Vec::len))
                        } else { String::new() })
                    }
                }
                div(class="toolbar") {
                    button(class=if app.paused.get() { "btn btn-primary" } else { "btn" }, r#type="button",
                        aria-pressed=if app.paused.get() { "true" } else { "false" },
                        on:click=move |_| app.set_paused(!app.paused.get())) {
                        (if app.paused.get() { "Resume" } else { "Pause" })
                    }
                    button(class="btn btn-danger-outline", r#type="button", on:click=move |_| app.clear_requests()) { "Clear" }
                }
            }
            div(class="filters", role="search") {
                label {
                    span { "Status" }
                    select(on:change=move |ev: web_sys::Event| status.set(target_value(&ev)), aria-label="Filter by status") {
                        option(value="") { "Any" }
                        option(value="2xx") { "2xx success" }
                        option(value="3xx") { "3xx redirect" }
                        option(value="4xx") { "4xx client error" }
                        option(value="401") { "401 only" }
                        option(value="5xx") { "5xx server error" }
                    }
                }
                label {
                    span { "Path" }
                    input(r#type="search", placeholder="/token/refresh/", bind:value=path)
                }
                label {
                    span { "User" }
                    input(r#type="search", placeholder="username or id", bind:value=user)
                }
            }
            (if app.requests.with(Vec::is_empty) {
                let hint = format!("curl -i {origin}/auth-check/");
                view! {
                    Empty(title="No requests logged".to_string()) {
                        p { "Every request to the auth API (/token/, /token/refresh/, /auth-check/, …) and to mock routes shows up here live, with the cookies it carried and why it was refused." }
                        pre(class="snippet") { (hint) }
                    }
                }
            } else if filtered.with(Vec::is_empty) {
                view! { p(class="muted pad") { "No request matches these filters." } }
            } else {
                view! {
                    RequestRows(rows=visible, compact=false)
                    Pager(page=page, pages=pages)
                }
            })
        }
    }
}

/// A table of requests; a row opens the request drawer.
#[component(inline_props)]
pub fn RequestRows(rows: ReadSignal<Vec<RequestRecord>>, compact: bool) -> View {
    view! {
        div(class="table-wrap") {
            table(class=if compact { "table requests compact" } else { "table requests" }) {
                thead {
                    tr {
                        th(scope="col") { "Time" }
                        th(scope="col") { "Method" }
                        th(scope="col") { "Path" }
                        th(scope="col", class="num") { "Status" }
                        th(scope="col", class="num") { "ms" }
                        (if compact { view! {} } else { view! { th(scope="col") { "User" } } })
                        th(scope="col") { "Note" }
                    }
                }
                tbody {
                    Keyed(
                        list=rows,
                        view=move |r| view! { RequestRow(record=r, compact=compact) },
                        key=|r| r.id,
                    )
                }
            }
        }
    }
}

#[component(inline_props)]
fn RequestRow(record: RequestRecord, compact: bool) -> View {
    let app = use_context::<App>();
    let id = record.id;
    let time = logic::parse_rfc3339_ms(&record.at)
        .map(local_time)
        .unwrap_or_else(|| record.at.clone());
    let method = record.method.clone();
    let path = record.path.clone();
    let status = record.status.to_string();
    let status_attr = status.clone();
    let status_class = format!("status {}", logic::status_class(record.status));
    let ms = format!("{:.1}", record.duration_ms);
    let user = record
        .user
        .as_ref()
        .map(|u| u.username.clone())
        .unwrap_or_default();
    let note = match (&record.fault, &record.rejection) {
        (Some(f), _) => format!("fault {f}"),
        (None, Some(r)) => r.clone(),
        _ => String::new(),
    };
    let note_class = if record.fault.is_some() {
        "note fault"
    } else {
        "note"
    };
    let label = format!(
        "Request {} {} {}",
        record.method, record.path, record.status
    );
    let selected = create_selector(move || app.selected_request.get() == Some(id));
    view! {
        tr(class=if selected.get() { "row selected clickable" } else { "row clickable" }, data-status=status_attr,
            on:click=move |_| app.selected_request.set(Some(id))) {
            td(class="mono small") {
                button(class="link", r#type="button", aria-label=label,
                    on:click=move |ev: web_sys::MouseEvent| { ev.stop_propagation(); app.selected_request.set(Some(id)); }) { (time) }
            }
            td(class="mono small") { (method) }
            td(class="mono path") { (path) }
            td(class="num") { span(class=status_class) { (status) } }
            td(class="num muted small") { (ms) }
            (if compact { view! {} } else { let user = user.clone(); view! { td(class="small") { (user) } } })
            td(class=note_class) { (note) }
        }
    }
}

#[component]
pub fn RequestDrawer() -> View {
    let app = use_context::<App>();
    let record = create_memo(move || {
        let id = app.selected_request.get()?;
        app.requests
            .with(|l| l.iter().find(|r| r.id == id).cloned())
            .or_else(|| app.held.with(|l| l.iter().find(|r| r.id == id).cloned()))
    });
    view! {
        (if let Some(r) = record.get_clone() {
            view! { RequestDetail(record=r) }
        } else { view! {} })
    }
}

#[component(inline_props)]
fn RequestDetail(record: RequestRecord) -> View {
    let app = use_context::<App>();
    let title = format!("{} {}", record.method, record.path);
    let status = record.status.to_string();
    let status_class = format!("status {}", logic::status_class(record.status));
    let at = local_from_rfc(&record.at);
    let duration = format!("{:.1} ms", record.duration_ms);
    let origin = record.origin.clone().unwrap_or_else(|| "—".into());
    let user = record
        .user
        .as_ref()
        .map(|u| format!("{} (id {})", u.username, u.id))
        .unwrap_or_else(|| "anonymous".into());
    let rejection = record.rejection.clone().unwrap_or_else(|| "—".into());
    let fault = record.fault.clone().unwrap_or_else(|| "—".into());
    let session = record.session_id.clone();
    let session_view = match session {
        Some(sid) => {
            let text = sid.clone();
            view! {
                button(class="link mono", r#type="button", on:click=move |_| {
                    app.selected_request.set(None);
                    app.selected_session.set(Some(sid.clone()));
                    app.go(crate::state::Tab::Sessions);
                }) { (text) }
            }
        }
        None => view! { "—" },
    };
    let jti = record.token_jti.clone().unwrap_or_else(|| "—".into());
    let cookies_in = record.cookies_in.clone();
    let cookies_out = record.cookies_out.clone();
    view! {
        aside(class="drawer", role="dialog", aria-modal="false", aria-labelledby="req-title") {
            div(class="drawer-head") {
                div {
                    h2(id="req-title", class="mono") { (title) " " span(class=status_class) { (status) } }
                    p(class="muted small") { (at) }
                }
                button(class="btn btn-ghost", r#type="button", aria-label="Close (Esc)",
                    on:click=move |_| app.selected_request.set(None)) { "✕" }
            }
            div(class="drawer-body") {
                dl(class="facts") {
                    dt { "Duration" } dd { (duration) }
                    dt { "Origin" } dd(class="mono") { (origin) }
                    dt { "User" } dd { (user) }
                    dt { "Session" } dd { (session_view) }
                    dt { "Token jti" } dd(class="mono") { (jti) }
                    dt { "Rejected because" } dd { (rejection) }
                    dt { "Fault" } dd { (fault) }
                }
                Cookies(title="Cookies received", cookies=cookies_in)
                Cookies(title="Cookies set", cookies=cookies_out)
            }
        }
    }
}

#[component(inline_props)]
fn Cookies(title: &'static str, cookies: Vec<CookieInfo>) -> View {
    if cookies.is_empty() {
        return view! { h3 { (title) } p(class="muted") { "None" } };
    }
    let items = cookies
        .into_iter()
        .map(|c| {
            let name = c.name.clone();
            let value = c.value.clone();
            let attrs = c.attributes.clone().unwrap_or_default();
            let claims = c.claims.clone();
            let claims_view = match claims {
                Some(v) => view! { Json(value=v) },
                None => view! {},
            };
            view! {
                div(class="cookie") {
                    div(class="cookie-head") { strong(class="mono") { (name) } code(class="mono small cookie-value") { (value) } }
                    (if attrs.is_empty() { view! {} } else { let a = attrs.clone(); view! { div(class="muted small mono") { (a) } } })
                    (claims_view)
                }
            }
        })
        .collect::<Vec<View>>();
    view! { h3 { (title) } (items) }
}
