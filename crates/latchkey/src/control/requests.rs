//! `/requests` (the request inspector's log) and `/events` (live events as server-sent
//! events).

use std::convert::Infallible;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::Json;
use futures_util::stream::Stream;
use latchkey_api::events::Event;
use latchkey_api::requests::{RequestQuery, RequestRecord};
use latchkey_api::{ErrorBody, List};
use tokio::sync::broadcast::{self, error::RecvError};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::ControlError;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_requests, clear_requests))
        .routes(routes!(events))
}

/// Logged requests to the auth API and mock routes, newest first.
#[utoipa::path(get, path = "/requests", tag = "requests",
    params(
        ("status" = Option<String>, Query, description = "exact status (`401`) or a class (`4xx`)"),
        ("path" = Option<String>, Query, description = "substring of the path"),
        ("user" = Option<i64>, Query, description = "user id"),
        ("session" = Option<String>, Query, description = "session id"),
        ("offset" = Option<u64>, Query, description = "records to skip"),
        ("limit" = Option<u64>, Query, description = "page size (default 100, at most 1000)"),
    ),
    responses((status = 200, body = List<RequestRecord>), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_requests(
    State(state): State<AppState>,
    query: Result<Query<RequestQuery>, QueryRejection>,
) -> Result<Json<List<RequestRecord>>, ControlError> {
    let Query(query) = query.map_err(|e| ControlError::BadRequest(e.body_text()))?;
    if let Some(status) = query.status.as_deref() {
        check_status_filter(status).map_err(ControlError::Unprocessable)?;
    }
    let (items, total) = state.inspector.query(&query);
    Ok(Json(List { items, total }))
}

/// Empties the log.
#[utoipa::path(delete, path = "/requests", tag = "requests", responses((status = 204)))]
async fn clear_requests(State(state): State<AppState>) -> StatusCode {
    state.inspector.clear();
    StatusCode::NO_CONTENT
}

/// Live events (server-sent events).
///
/// Each event has `event: <type>` and `data: <the Event as JSON>` (`{"type": ..., "data":
/// ...}`). The stream never ends; a consumer too slow to keep up misses the oldest events and
/// is told how many with a `lag` event.
#[utoipa::path(get, path = "/events", tag = "events",
    responses((status = 200, description = "an endless text/event-stream of events",
        content_type = "text/event-stream", body = Event)))]
async fn events(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    Sse::new(event_stream(state.events.subscribe())).keep_alive(KeepAlive::default())
}

/// The subscription as SSE events, a lag turned into a `lag` event (the broadcast channel
/// has already dropped what was missed, so a slow consumer never holds up the auth API).
fn event_stream(
    rx: broadcast::Receiver<Event>,
) -> impl Stream<Item = Result<SseEvent, Infallible>> {
    futures_util::stream::unfold(rx, |mut rx| async move {
        let event = match rx.recv().await {
            Ok(event) => event,
            Err(RecvError::Lagged(missed)) => Event::Lag { missed },
            Err(RecvError::Closed) => return None,
        };
        Some((Ok(to_sse(&event)), rx))
    })
}

fn to_sse(event: &Event) -> SseEvent {
    // Serialising these plain data types cannot fail; compact JSON has no raw newlines.
    let data = serde_json::to_string(event).unwrap_or_default();
    SseEvent::default().event(event.name()).data(data)
}

/// A status filter the inspector understands: `401` or `4xx`.
fn check_status_filter(status: &str) -> Result<(), String> {
    let b = status.as_bytes();
    let ok = b.len() == 3
        && (1..=5).contains(&(b[0].wrapping_sub(b'0')))
        && (b[1..].iter().all(u8::is_ascii_digit) || &b[1..] == b"xx");
    if ok {
        Ok(())
    } else {
        Err(format!(
            "status filter {status:?} is not a status like 401 or a class like 4xx"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    #[test]
    fn status_filters() {
        for ok in ["200", "401", "4xx", "5xx", "100"] {
            assert!(check_status_filter(ok).is_ok(), "{ok}");
        }
        for bad in ["", "4x", "4xxx", "abc", "600", "6xx", "0xx", "40x", "x01"] {
            assert!(check_status_filter(bad).is_err(), "{bad}");
        }
    }

    #[tokio::test]
    async fn a_slow_consumer_gets_a_lag_event_then_the_newest() {
        let (tx, rx) = broadcast::channel(4);
        for id in 0..10 {
            let _ = tx.send(Event::User { id });
        }
        let stream = event_stream(rx).map(|e| format!("{:?}", e.expect("infallible")));
        let got: Vec<String> = stream.take(2).collect().await;
        let (lag, first) = (&got[0], &got[1]);
        assert!(
            lag.contains("event: lag")
                && lag.contains(r#"{\"type\":\"lag\",\"data\":{\"missed\":6}}"#),
            "{lag}"
        );
        assert!(first.contains(r#"\"id\":6"#), "{first}");
    }
}
