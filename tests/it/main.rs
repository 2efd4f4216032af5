//! Black-box integration tests: a real Latchkey on 127.0.0.1:0, spoken to over HTTP, held to
//! the exact strings of the wire contract (reference/WIRE.md).

mod support;

mod auth_errors;
mod cli;
mod control_cli;
mod control_clock;
mod control_decode;
mod control_faults;
mod control_guard;
mod control_openapi;
mod control_requests;
mod control_routes;
mod control_sessions;
mod control_settings;
mod control_state;
mod control_users;
mod cors;
mod crash;
mod endpoints;
mod hostile;
mod http;
mod persistence;
mod proc;
mod races;
mod robustness;
mod security;
mod settings;
mod soak;
mod tokens;
mod validation;
