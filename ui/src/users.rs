//! The Users screen: search, create (with the auth API's validator messages), activate,
//! reset password, delete with confirmation, per-user sessions.

use std::collections::BTreeMap;

use latchkey_api::users::{User, UserCreate, UserPatch};
use sycamore::prelude::*;
use wasm_bindgen_futures::spawn_local;

use crate::components::{local_from_rfc, Empty};
use crate::logic;
use crate::state::App;

#[component]
pub fn UsersScreen() -> View {
    let app = use_context::<App>();
    let search = create_signal(String::new());
    let show_form = create_signal(false);
    let filtered = create_memo(move || {
        let q = search.get_clone().trim().to_lowercase();
        app.users.with(|l| {
            l.iter()
                .filter(|u| {
                    q.is_empty()
                        || u.username.to_lowercase().contains(&q)
                        || u.email.to_lowercase().contains(&q)
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    view! {
        section(class="screen", aria-labelledby="users-title") {
            div(class="screen-head") {
                div {
                    h2(id="users-title") { "Users" }
                    p(class="sub") { (format!("{} users", app.users.with(Vec::len))) }
                }
                div(class="toolbar") {
                    input(r#type="search", class="search", placeholder="Search username or email", aria-label="Search users", bind:value=search)
                    button(class="btn btn-primary", r#type="button", aria-expanded=if show_form.get() { "true" } else { "false" },
                        on:click=move |_| show_form.set(!show_form.get())) {
                        (if show_form.get() { "Close form" } else { "New user" })
                    }
                }
            }
            (if show_form.get() { view! { CreateUser(open=show_form) } } else { view! {} })
            (if !app.users_loaded.get() {
                view! { div(class="loading") { "Loading users…" } }
            } else if app.users.with(Vec::is_empty) {
                view! {
                    Empty(title="No users yet".to_string()) {
                        p { "Create one with " strong { "New user" } " (the same validators as /register/ apply), register from your app, or start Latchkey with a seed file (" code { "--seed users.toml" } ")." }
                    }
                }
            } else if filtered.with(Vec::is_empty) {
                view! { p(class="muted pad") { "No user matches this search." } }
            } else {
                view! {
                    div(class="table-wrap") {
                        table(class="table users") {
                            thead {
                                tr {
                                    th(scope="col") { "Username" }
                                    th(scope="col") { "Email" }
                                    th(scope="col") { "Status" }
                                    th(scope="col") { "Joined" }
                                    th(scope="col", class="num") { "Live sessions" }
                                    th(scope="col") { span(class="sr-only") { "Actions" } }
                                }
                            }
                            tbody {
                                Keyed(
                                    list=filtered,
                                    view=move |u| view! { UserRow(user=u) },
                                    key=|u| format!("{}|{}|{}", u.id, u.is_active, u.email),
                                )
                            }
                        }
                    }
                }
            })
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RowMode {
    Normal,
    Password,
    ConfirmDelete,
}

#[component(inline_props)]
fn UserRow(user: User) -> View {
    let app = use_context::<App>();
    let mode = create_signal(RowMode::Normal);
    let password = create_signal(String::new());
    let pw_errors = create_signal(Vec::<String>::new());
    let id = user.id;
    let active = user.is_active;
    let username = user.username.clone();
    let (name1, name2, name3) = (username.clone(), username.clone(), username.clone());
    let email = if user.email.is_empty() {
        "—".to_string()
    } else {
        user.email.clone()
    };
    let joined = local_from_rfc(&user.date_joined);
    // Counted from the live session list (kept current by events), not the user's snapshot.
    let sessions = create_selector(move || {
        app.sessions.with(|l| {
            l.iter()
                .filter(|s| s.user.id == id && logic::is_live(s.state))
                .count()
        })
    });
    let status_class = if active {
        "badge state-active"
    } else {
        "badge state-revoked"
    };
    let status_text = if active { "Active" } else { "Inactive" };
    let toggle = move |_| {
        spawn_local(async move {
            let patch = UserPatch {
                is_active: Some(!active),
                ..Default::default()
            };
            if app.patch_user(id, patch).await.is_ok() {
                app.notify(if active {
                    "Deactivated: their tokens now fail with user_inactive"
                } else {
                    "Activated"
                });
                app.load_sessions();
            }
        });
    };
    let save_password = move || {
        let pw = password.get_clone();
        spawn_local(async move {
            let patch = UserPatch {
                password: Some(pw),
                ..Default::default()
            };
            let r = crate::api::send::<_, User>("PATCH", &format!("/users/{id}"), &patch).await;
            if !mode.is_alive() {
                return;
            }
            match r {
                Ok(_) => {
                    app.notify("Password changed");
                    password.set(String::new());
                    pw_errors.set(Vec::new());
                    mode.set(RowMode::Normal);
                }
                Err(e) => match &e.body {
                    Some(b) => {
                        pw_errors.set(logic::field_errors(b).into_values().flatten().collect())
                    }
                    None => app.fail(e),
                },
            }
        });
    };
    view! {
        tr(class="row") {
            td(class="strong") { (username) }
            td { (email) }
            td { span(class=status_class) { (status_text) } }
            td(class="muted small") { (joined) }
            td(class="num") {
                button(class="link", r#type="button", on:click=move |_| app.show_user_sessions(id, name1.clone())) { (sessions.get().to_string()) }
            }
            td(class="actions") {
                (match mode.get() {
                    RowMode::Normal => view! {
                        button(class="btn btn-sm", r#type="button", on:click=toggle) { (if active { "Deactivate" } else { "Activate" }) }
                        button(class="btn btn-sm", r#type="button", on:click=move |_| mode.set(RowMode::Password)) { "Reset password" }
                        button(class="btn btn-sm btn-danger-outline", r#type="button", on:click=move |_| mode.set(RowMode::ConfirmDelete)) { "Delete" }
                    },
                    RowMode::Password => {
                        let pw_label = format!("New password for {name2}");
                        view! {
                        form(class="inline-form", on:submit=move |ev: web_sys::SubmitEvent| { ev.prevent_default(); save_password(); }) {
                            input(r#type="password", placeholder="New password", aria-label=pw_label,
                                autocomplete="new-password", bind:value=password)
                            button(class="btn btn-sm btn-primary", r#type="submit") { "Save" }
                            button(class="btn btn-sm", r#type="button", on:click=move |_| { mode.set(RowMode::Normal); pw_errors.set(Vec::new()); }) { "Cancel" }
                            (if pw_errors.with(Vec::is_empty) { view! {} } else {
                                view! { div(class="field-error", role="alert") { (pw_errors.get_clone().join(" ")) } }
                            })
                        }
                        }
                    },
                    RowMode::ConfirmDelete => {
                        let question = format!("Delete {name3}?");
                        let name = name3.clone();
                        view! {
                        span(class="confirm") {
                            (question)
                            button(class="btn btn-sm btn-danger", r#type="button", on:click=move |_| app.delete_user(id, name.clone())) { "Delete" }
                            button(class="btn btn-sm", r#type="button", on:click=move |_| mode.set(RowMode::Normal)) { "Cancel" }
                        }
                        }
                    },
                })
            }
        }
    }
}

#[component(inline_props)]
fn CreateUser(open: Signal<bool>) -> View {
    let app = use_context::<App>();
    let username = create_signal(String::new());
    let email = create_signal(String::new());
    let password = create_signal(String::new());
    let active = create_signal(true);
    let errors = create_signal(BTreeMap::<String, Vec<String>>::new());
    let busy = create_signal(false);
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let body = UserCreate {
            username: username.get_clone(),
            password: password.get_clone(),
            // Always a string: `null` is refused like DRF refuses it; "" is a blank email.
            email: Some(email.get_clone().trim().to_string()),
            is_active: Some(active.get()),
        };
        spawn_local(async move {
            let r = app.create_user(body).await;
            if !busy.is_alive() {
                return; // the form was closed meanwhile
            }
            busy.set(false);
            match r {
                Ok(_) => {
                    errors.set(BTreeMap::new());
                    username.set(String::new());
                    email.set(String::new());
                    password.set(String::new());
                    open.set(false); // disposes this form's signals: last
                }
                Err(e) => match &e.body {
                    Some(b) => errors.set(logic::field_errors(b)),
                    None => app.fail(e),
                },
            }
        });
    };
    let err = move |field: &'static str| {
        view! {
            (errors.with(|e| e.get(field).cloned()).map(|msgs| {
                let lines = msgs.into_iter().map(|m| view! { div { (m) } }).collect::<Vec<View>>();
                view! { div(class="field-error", role="alert", data-field=field) { (lines) } }
            }))
        }
    };
    view! {
        form(class="card create-user", on:submit=submit, aria-label="Create user") {
            div(class="form-grid") {
                label {
                    span { "Username" }
                    input(r#type="text", name="username", autocomplete="off", required=true, bind:value=username)
                    (err("username"))
                }
                label {
                    span { "Email " span(class="muted") { "(optional)" } }
                    input(r#type="email", name="email", autocomplete="off", bind:value=email)
                    (err("email"))
                }
                label {
                    span { "Password" }
                    input(r#type="password", name="password", autocomplete="new-password", bind:value=password)
                    (err("password"))
                }
                label(class="check") {
                    input(r#type="checkbox", bind:checked=active)
                    " Active"
                }
            }
            (err(""))
            div(class="form-actions") {
                button(class="btn btn-primary", r#type="submit", disabled=busy.get()) { "Create user" }
                span(class="muted small") { "Django's username, email and password validators apply, with their exact messages." }
            }
        }
    }
}
