//! `/settings`: the configuration, changeable at run time.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One setting and where its value came from.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Setting {
    /// Durations as `"15m"`, lists as arrays, flags as booleans.
    pub value: serde_json::Value,
    /// `default`, `file`, `env`, `flag` or `runtime`.
    pub source: String,
    /// Whether `PATCH /settings` may change it.
    pub editable: bool,
}

/// `GET /settings` (and the answer of `PATCH`): every key.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub settings: BTreeMap<String, Setting>,
}

/// `PATCH /settings`: `{"access_token_lifetime": "5m", "rotate_refresh_tokens": true}`.
pub type SettingsPatch = BTreeMap<String, serde_json::Value>;
