//! The Token decoder screen.

use latchkey_api::tokens::{DecodeRequest, DecodeResponse};
use sycamore::prelude::*;
use wasm_bindgen_futures::spawn_local;

use crate::api;
use crate::components::{local_from_rfc, Empty, Json};
use crate::logic;
use crate::state::{App, Tab};

#[component]
pub fn DecoderScreen() -> View {
    let app = use_context::<App>();
    let result = create_signal(None::<DecodeResponse>);
    let error = create_signal(String::new());
    let seq = create_signal(0u32);
    // Decode whenever the input changes (and when a token is sent here from a session).
    create_effect(move || {
        let token = app.decoder_input.get_clone().trim().to_string();
        let n = seq.get_untracked() + 1;
        seq.set_silent(n);
        if token.is_empty() {
            result.set(None);
            error.set(String::new());
            return;
        }
        spawn_local(async move {
            let r =
                api::send::<_, DecodeResponse>("POST", "/tokens/decode", &DecodeRequest { token })
                    .await;
            if !seq.is_alive() || seq.get_untracked() != n {
                return; // a newer input superseded this one
            }
            match r {
                Ok(d) => {
                    result.set(Some(d));
                    error.set(String::new());
                }
                Err(e) => {
                    result.set(None);
                    error.set(e.describe());
                }
            }
        });
    });
    view! {
        section(class="screen", aria-labelledby="decoder-title") {
            div(class="screen-head") {
                div {
                    h2(id="decoder-title") { "Token decoder" }
                    p(class="sub") { "Paste a JWT (an access_token or refresh_token cookie value) to see its header, claims, signature and what the auth API would say of it." }
                }
            }
            textarea(class="token-input mono", rows="4", "spellcheck"="false", placeholder="eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…",
                aria-label="JWT to decode", bind:value=app.decoder_input)
            (if !error.with(String::is_empty) {
                view! { div(class="field-error", role="alert") { (error.get_clone()) } }
            } else if let Some(d) = result.get_clone() {
                view! { Decoded(d=d) }
            } else {
                view! {
                    Empty(title="Nothing to decode".to_string()) {
                        p { "Paste a token above, or open one from a session's details (" em { "Open in decoder" } ")." }
                    }
                }
            })
        }
    }
}

#[component(inline_props)]
fn Decoded(d: DecodeResponse) -> View {
    let app = use_context::<App>();
    if !d.decodable {
        return view! { div(class="verdict bad") { strong { "Not a JWT." } " It needs three base64url parts with a JSON header and claims." } };
    }
    let (verdict_class, verdict_text) = match &d.verdict {
        None => (
            "verdict good",
            "Valid: the auth API would accept it".to_string(),
        ),
        Some(v) => ("verdict bad", format!("Rejected: {v}")),
    };
    let sig = if d.signature_valid {
        "valid (HS256, this server's key)"
    } else {
        "invalid for this server's key"
    };
    let sig_class = if d.signature_valid {
        "badge flag-valid"
    } else {
        "badge flag-blacklisted"
    };
    let issued = d
        .issued_at
        .as_deref()
        .map(local_from_rfc)
        .unwrap_or_else(|| "—".into());
    let expires = d
        .expires_at
        .as_deref()
        .map(local_from_rfc)
        .unwrap_or_else(|| "—".into());
    let expires_in = d
        .expires_in
        .map(|s| logic::format_relative(s * 1000))
        .unwrap_or_default();
    let session_view = match d.session_id.clone() {
        Some(sid) => {
            let text = sid.clone();
            view! {
                button(class="link mono", r#type="button", on:click=move |_| {
                    app.selected_session.set(Some(sid.clone()));
                    app.go(Tab::Sessions);
                }) { (text) }
            }
        }
        None => {
            view! { span(class="muted") { "not issued by this server (or its session is gone)" } }
        }
    };
    let header = d.header.clone().unwrap_or_default();
    let claims = d.claims.clone().unwrap_or_default();
    view! {
        div(class=verdict_class, role="status") { (verdict_text) }
        dl(class="facts") {
            dt { "Signature" } dd { span(class=sig_class) { (sig) } }
            dt { "Issued" } dd { (issued) }
            dt { "Expires" } dd { (expires) " " span(class="muted") { (expires_in) } }
            dt { "Session" } dd { (session_view) }
        }
        div(class="json-pair") {
            div { h4 { "Header" } Json(value=header) }
            div { h4 { "Claims" } Json(value=claims) }
        }
    }
}
