//! `GET /events`: server-sent events. Each event's `event:` field is the variant name in
//! snake case and its `data:` the JSON of the variant's payload.

use serde::{Deserialize, Serialize};

use crate::requests::RequestRecord;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "snake_case")]
#[allow(clippy::large_enum_variant)] // events are built once and fanned out; no hot copies
pub enum Event {
    /// A request was logged by the inspector.
    Request(RequestRecord),
    /// A session was created or changed (refresh, logout, an action): its id.
    Session { id: String },
    /// A user was created, changed or deleted: the id.
    User { id: i64 },
    /// Settings changed.
    Settings,
    /// The clock was set, advanced, frozen or reset.
    Clock,
    /// Faults were added, cleared, or one applied (its id).
    Fault { id: Option<String> },
    /// Mock routes changed.
    Routes,
    /// The whole state was reset or imported.
    Reset,
    /// This consumer was too slow and missed this many events.
    Lag { missed: u64 },
}

impl Event {
    /// The SSE `event:` name.
    pub fn name(&self) -> &'static str {
        match self {
            Event::Request(_) => "request",
            Event::Session { .. } => "session",
            Event::User { .. } => "user",
            Event::Settings => "settings",
            Event::Clock => "clock",
            Event::Fault { .. } => "fault",
            Event::Routes => "routes",
            Event::Reset => "reset",
            Event::Lag { .. } => "lag",
        }
    }
}
