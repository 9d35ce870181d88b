//! Custom hooks.
//!
//! - [`use_relay`]: the page's connection to the relay and its model.

pub mod use_relay;
