//! Custom hooks.
//!
//! - [`use_relay`]: the page's connection to the relay and its model.
//! - [`use_clock`]: a ticking page clock for countdowns.

pub mod use_clock;
pub mod use_relay;
