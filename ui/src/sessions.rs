//! The Sessions screen (home) and the session drawer.

use latchkey_api::sessions::Session;
use sycamore::prelude::*;

use crate::components::{local_from_rfc, Empty, Json, MaybeToken, StateBadge, TokenCountdown};
use crate::logic;
use crate::requests::RequestRows;
use crate::state::{App, Tab};

const PER_PAGE: usize = 50;

#[component]
pub fn SessionsScreen() -> View {
    let app = use_context::<App>();
    let page = create_signal(0usize);
    let show_ended = create_signal(true);
    let filtered = create_memo(move || {
        let user = app.session_user.get_clone();
        let ended = show_ended.get();
        app.sessions.with(|list| {
            list.iter()
                .filter(|s| user.as_ref().is_none_or(|(id, _)| s.user.id == *id))
                .filter(|s| ended || logic::is_live(s.state))
                .cloned()
                .collect::<Vec<_>>()
        })
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
    let live_count = create_memo(move || {
        let now = app.emu_now();
        app.sessions.with(|l| {
            l.iter()
                .filter(|s| logic::is_live(logic::effective_state(s, now)))
                .count()
        })
    });
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let confirm_all = create_signal(false);

    view! {
        section(class="screen", aria-labelledby="sessions-title") {
            div(class="screen-head") {
                div {
                    h2(id="sessions-title") { "Sessions" }
                    p(class="sub") {
                        (format!("{} live · {} total", live_count.get(), app.sessions.with(Vec::len)))
                    }
                }
                div(class="toolbar") {
                    (if let Some((id, name)) = app.session_user.get_clone() {
                        view! {
                            span(class="chip") {
                                "User: " strong { (name.clone()) }
                                button(class="chip-x", r#type="button", aria-label="Show all users' sessions",
                                    on:click=move |_| app.session_user.set(None)) { "×" }
                            }
                            button(class="btn btn-sm", r#type="button", on:click=move |_| app.bulk("expire-all", Some(id))) {
                                "Expire this user's sessions"
                            }
                        }
                    } else { view! {} })
                    label(class="check") {
                        input(r#type="checkbox", bind:checked=show_ended)
                        " Show ended"
                    }
                    (if confirm_all.get() {
                        view! {
                            span(class="confirm") {
                                "Expire every session?"
                                button(class="btn btn-danger btn-sm", r#type="button", on:click=move |_| {
                                    confirm_all.set(false);
                                    app.bulk("expire-all", None);
                                }) { "Expire all" }
                                button(class="btn btn-sm", r#type="button", on:click=move |_| confirm_all.set(false)) { "Cancel" }
                            }
                        }
                    } else {
                        view! {
                            button(class="btn btn-danger-outline", r#type="button", id="expire-all",
                                disabled=live_count.get() == 0,
                                on:click=move |_| confirm_all.set(true)) { "Expire all" }
                        }
                    })
                }
            }
            (if !app.sessions_loaded.get() {
                view! { div(class="loading") { "Loading sessions…" } }
            } else if filtered.with(Vec::is_empty) {
                let env_line = format!("NEXT_PUBLIC_API_URL={origin}");
                let curl = format!("curl -i -c jar -H 'Content-Type: application/json' \\\n  -d '{{\"username\":\"alice\",\"password\":\"…\"}}' {origin}/token/");
                view! {
                    Empty(title="No sessions yet".to_string()) {
                        p { "A session appears here when your app logs in or registers a user. Point the frontend at this server:" }
                        pre(class="snippet") { (env_line) }
                        p { "then log in from your app (e.g. http://localhost:3000), or with curl:" }
                        pre(class="snippet") { (curl) }
                        p { "No users? Create one on the " a(href="#users") { "Users" } " screen." }
                    }
                }
            } else {
                view! {
                    div(class="table-wrap") {
                        table(class="table sessions") {
                            thead {
                                tr {
                                    th(scope="col") { "User / client" }
                                    th(scope="col") { "State" }
                                    th(scope="col", class="col-cd") { "Access token" }
                                    th(scope="col", class="col-cd") { "Refresh token" }
                                    th(scope="col") { "Last used" }
                                    th(scope="col", class="num") { "Refreshes" }
                                    th(scope="col", class="col-actions") { span(class="sr-only") { "Actions" } }
                                }
                            }
                            tbody {
                                Keyed(
                                    list=visible,
                                    view=move |s| view! { SessionRow(session=s) },
                                    key=logic::session_key,
                                )
                            }
                        }
                    }
                    Pager(page=page, pages=pages)
                }
            })
        }
    }
}

#[component(inline_props)]
pub fn Pager(page: Signal<usize>, pages: ReadSignal<usize>) -> View {
    view! {
        (if pages.get() > 1 {
            view! {
                nav(class="pager", aria-label="Pages") {
                    button(class="btn btn-sm", r#type="button", disabled=page.get() == 0,
                        on:click=move |_| page.set(page.get().saturating_sub(1))) { "‹ Newer" }
                    span { (format!("Page {} of {}", page.get().min(pages.get() - 1) + 1, pages.get())) }
                    button(class="btn btn-sm", r#type="button", disabled=page.get() + 1 >= pages.get(),
                        on:click=move |_| page.set((page.get() + 1).min(pages.get() - 1))) { "Older ›" }
                }
            }
        } else { view! {} })
    }
}

#[component(inline_props)]
fn SessionRow(session: Session) -> View {
    let app = use_context::<App>();
    let s = create_signal(session.clone());
    let state = create_selector(move || s.with(|s| logic::effective_state(s, app.emu_now())));
    let live = create_selector(move || logic::is_live(state.get()));
    let id = session.id.clone();
    let (id1, id2, id3, id4, data_id) =
        (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
    let username = session.user.username.clone();
    let details_label = format!("Details of {username}'s session");
    let client = logic::short_user_agent(&session.client.user_agent);
    let addr = session.client.remote_addr.clone();
    let selected = create_selector(move || {
        app.selected_session
            .with(|x| x.as_deref() == Some(id4.as_str()))
    });
    let last_used = session.last_used_at.clone();
    let last_used_text =
        create_memo(
            move || match last_used.as_deref().and_then(logic::parse_rfc3339_ms) {
                Some(t) => logic::format_relative(t - app.emu_now()),
                None => "never".to_string(),
            },
        );
    let refreshes = session.refresh_count.to_string();
    let access = session.access.clone();
    let refresh = session.refresh.clone();
    view! {
        tr(class=if selected.get() { "row selected" } else { "row" }, data-session=data_id) {
            td {
                button(class="link strong", r#type="button", aria-label=details_label,
                    on:click=move |_| app.selected_session.set(Some(id1.clone()))) { (username) }
                div(class="muted small", title=addr) { (client) }
            }
            td { StateBadge(state=state) }
            td(class="col-cd") { TokenCountdown(token=access, label="access expires in") }
            td(class="col-cd") { TokenCountdown(token=refresh, label="refresh expires in") }
            td(class="muted small") { (last_used_text.get_clone()) }
            td(class="num") { (refreshes) }
            td(class="actions") {
                button(class="btn btn-sm", r#type="button", disabled=!live.get(), data-action="force-refresh",
                    title="Treat the current access token as expired: the next request gets 401 \"Token is expired\", the next refresh succeeds",
                    on:click=move |_| app.session_action(id2.clone(), "force-refresh")) { "Force refresh" }
                button(class="btn btn-sm", r#type="button", disabled=!live.get(), data-action="expire",
                    title="Expire access and refresh: refresh fails, the user must log in again",
                    on:click=move |_| app.session_action(id3.clone(), "expire")) { "Expire" }
                button(class="btn btn-sm btn-danger-outline", r#type="button", disabled=!live.get(), data-action="revoke",
                    title="Blacklist the refresh token: refresh gets \"Token is blacklisted\"",
                    on:click=move |_| app.session_action(id.clone(), "revoke")) { "Revoke" }
            }
        }
    }
}

/// The drawer with one session's decoded tokens and request history.
#[component]
pub fn SessionDrawer() -> View {
    let app = use_context::<App>();
    let session = create_memo(move || {
        let id = app.selected_session.get_clone()?;
        app.sessions
            .with(|l| l.iter().find(|s| s.id == id).cloned())
    });
    view! {
        (if let Some(s) = session.get_clone() {
            view! { SessionDetail(session=s) }
        } else { view! {} })
    }
}

#[component(inline_props)]
fn SessionDetail(session: Session) -> View {
    let app = use_context::<App>();
    let sid = session.id.clone();
    let state = create_selector({
        let s = session.clone();
        move || logic::effective_state(&s, app.emu_now())
    });
    let history = create_memo({
        let sid = sid.clone();
        move || {
            app.requests.with(|l| {
                l.iter()
                    .filter(|r| r.session_id.as_deref() == Some(sid.as_str()))
                    .take(100)
                    .cloned()
                    .collect::<Vec<_>>()
            })
        }
    });
    let title = format!("{}'s session", session.user.username);
    let created = local_from_rfc(&session.created_at);
    let client = format!(
        "{} · {}",
        logic::short_user_agent(&session.client.user_agent),
        session.client.remote_addr
    );
    let ua = session.client.user_agent.clone();
    let refreshes = session.refresh_count.to_string();
    let access = session.access.clone();
    let refresh = session.refresh.clone();
    view! {
        aside(class="drawer", role="dialog", aria-modal="false", aria-labelledby="drawer-title") {
            div(class="drawer-head") {
                div {
                    h2(id="drawer-title") { (title) " " StateBadge(state=state) }
                    p(class="muted small mono") { (sid) }
                }
                button(class="btn btn-ghost", r#type="button", aria-label="Close (Esc)",
                    on:click=move |_| app.selected_session.set(None)) { "✕" }
            }
            div(class="drawer-body") {
                dl(class="facts") {
                    dt { "Created" } dd { (created) }
                    dt { "Client" } dd(title=ua) { (client) }
                    dt { "Refreshes" } dd { (refreshes) }
                }
                TokenPanel(title="Access token", token=access)
                TokenPanel(title="Refresh token", token=refresh)
                h3 { "Request history" }
                (if history.with(Vec::is_empty) {
                    view! { p(class="muted") { "No requests with this session's tokens since the inspector opened." } }
                } else {
                    view! { RequestRows(rows=history, compact=true) }
                })
            }
        }
    }
}

#[component(inline_props)]
fn TokenPanel(title: &'static str, token: MaybeToken) -> View {
    let app = use_context::<App>();
    let Some(t) = token else {
        return view! { section(class="token-panel") { h3 { (title) } p(class="muted") { "None" } } };
    };
    let issued = t.issued_at.clone();
    let expires = t.expires_at.clone();
    let rel = create_memo(move || {
        let now = app.emu_now();
        let f = |s: &str| {
            logic::parse_rfc3339_ms(s)
                .map(|ms| logic::format_relative(ms - now))
                .unwrap_or_default()
        };
        (f(&issued), f(&expires))
    });
    let issued_local = local_from_rfc(&t.issued_at);
    let expires_local = local_from_rfc(&t.expires_at);
    let forced = t.forced_expired_at.as_deref().map(local_from_rfc);
    let jwt = t.token.clone();
    let jwt_short = logic::short_token(&jwt);
    let jwt_title = jwt.clone();
    let flags = match (t.blacklisted, t.expired) {
        (true, _) => "blacklisted",
        (false, true) => "expired",
        _ => "valid",
    };
    let flag_class = format!("badge flag-{flags}");
    let jti = t.jti.clone();
    let header = t.header.clone();
    let claims = t.claims.clone();
    let countdown_token = Some(t.clone());
    let forced_view = match forced {
        Some(f) => view! { dt { "Forced expiry" } dd { (f) } },
        None => view! {},
    };
    view! {
        section(class="token-panel") {
            div(class="token-head") {
                h3 { (title) }
                span(class=flag_class) { (flags) }
                TokenCountdown(token=countdown_token, label="expires in")
            }
            dl(class="facts") {
                dt { "jti" } dd(class="mono") { (jti) }
                dt { "Issued" } dd { (issued_local) " " span(class="muted") { "(" (rel.with(|r| r.0.clone())) ")" } }
                dt { "Expires" } dd { (expires_local) " " span(class="muted") { "(" (rel.with(|r| r.1.clone())) ")" } }
                (forced_view)
            }
            div(class="json-pair") {
                div { h4 { "Header" } Json(value=header) }
                div { h4 { "Claims" } Json(value=claims) }
            }
            div(class="token-raw") {
                code(class="mono small", title=jwt_title) { (jwt_short) }
                button(class="btn btn-sm btn-ghost", r#type="button", on:click=move |_| {
                    app.decoder_input.set(jwt.clone());
                    app.selected_session.set(None);
                    app.go(Tab::Decoder);
                }) { "Open in decoder" }
            }
        }
    }
}
