//! Black-box integration tests: a real Latchkey on 127.0.0.1:0, spoken to over HTTP, held to
//! the exact strings of the wire contract (reference/WIRE.md).

mod support;

mod auth_errors;
mod cli;
mod cors;
mod endpoints;
mod http;
mod persistence;
mod robustness;
mod settings;
mod tokens;
mod validation;
