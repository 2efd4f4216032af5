//! `/clock`: the emulator's time.

use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    /// Emulated now.
    pub now: String,
    /// Emulated now, epoch milliseconds.
    pub now_ms: i64,
    /// Real time, for comparison.
    pub system: String,
    /// Emulated minus real time, seconds.
    pub offset_seconds: i64,
    pub frozen: bool,
}

/// `POST /clock`: set the offset and/or freeze.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockSet {
    #[serde(default)]
    pub offset_seconds: Option<i64>,
    #[serde(default)]
    pub frozen: Option<bool>,
}

/// `POST /clock/advance`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockAdvance {
    /// `"16m"`, `"1d"`, `"90s"`, `"1h30m"`; negative (`"-5m"`) goes back.
    pub by: String,
}
