//! Custom hooks.
//!
//! - [`use_relay`]: the page's connection to the relay and its model.
//! - [`use_clock`]: a ticking page clock for countdowns.
//! - [`calls`]: commands Python code waits on.

pub mod calls;
pub mod use_clock;
pub mod use_relay;
