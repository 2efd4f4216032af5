//! Latchkey: a local, wire-exact emulator of a Django REST Framework + simplejwt cookie-JWT
//! auth backend. See ARCHITECTURE.md at the repository root for the map.

mod api;
pub mod body;
pub mod cli;
pub mod client;
pub mod clock;
pub mod config;
mod control;
mod faults;
mod inspector;
mod mock;
pub mod password;
pub mod seed;
pub mod serializers;
mod server;
mod state;
pub mod store;
pub mod tokens;
mod ui;
pub mod validators;

pub use clock::Clock;
pub use config::Config;
pub use server::{tune_allocator, RunningServer, Server, ServerBuilder};
