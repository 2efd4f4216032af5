//! `/faults`: make auth routes slow, fail or drop the connection.

use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    pub id: String,
    /// A route path such as `/token/refresh/` (relative to the prefix), or `*` for every
    /// auth and mock route.
    pub route: String,
    /// Answer this status (with a DRF-shaped body) instead of running the view.
    pub status: Option<u16>,
    /// Added before answering.
    pub latency_ms: u64,
    /// Close the connection without answering.
    pub drop: bool,
    /// Requests it still applies to; `null` until cleared.
    pub remaining: Option<u64>,
    /// Requests it has applied to.
    pub hits: u64,
}

/// `POST /faults`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultCreate {
    pub route: String,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub latency_ms: Option<u64>,
    #[serde(default)]
    pub drop: Option<bool>,
    /// For the next N requests; absent = until cleared.
    #[serde(default)]
    pub count: Option<u64>,
}
