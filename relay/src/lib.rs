//! The relay: a native server that performs a learner's socket calls for real
//! and reports exactly what the kernel answered.
//!
//! # Layout
//!
//! - [`config`]: command-line flags, environment and TOML file → [`Config`].
//! - [`policy`]: what a learner's socket may bind and reach (pure functions).
//! - [`limits`]: quotas: token buckets, per-IP session counts.
//! - [`resolver`]: `getaddrinfo`, `getservbyname` and friends, via libc.
//! - [`services`]: the relay's own TCP/UDP echo, discard, daytime, chargen and
//!   fault services.
//! - [`sys`]: the few raw system calls socket2 does not wrap (TCP_INFO, SIOCINQ).
//! - [`socket`]: one learner socket: a real descriptor plus its Python state.
//! - [`ops`]: one module per operation; each performs the genuine syscalls.
//! - [`session`]: one page's socket table, event log and command loop.
//! - [`server`]: the HTTP router: page, `/ws`, `/healthz`, `/metrics`.
//! - [`page`]: the built page, embedded or from a directory.
//! - [`metrics`]: counters rendered in Prometheus text format.

pub mod config;
pub mod limits;
pub mod page;
pub mod policy;
pub mod resolver;
pub mod services;

