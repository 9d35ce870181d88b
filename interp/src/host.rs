//! What the interpreter needs from its surroundings: the relay, output and
//! time. The page implements it over its WebSocket; the native runner over
//! tokio-tungstenite. The interpreter itself does no I/O.

use crate::value::Stream;
use shared::{Op, OpResult, Rejection};
use std::future::Future;

/// Why the host could not carry out a request.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum HostError {
    /// The relay refused the command without running it (policy, a quota,
    /// bad input): not a socket error, so the script stops.
    #[error("the relay refused {op}(): {reason}")]
    Rejected {
        /// The op's name.
        op: String,
        /// Why.
        reason: Rejection,
    },
    /// The connection to the relay was lost.
    #[error("lost the relay: {0}")]
    Lost(String),
    /// The learner stopped the script.
    #[error("stopped")]
    Stopped,
}

/// The interpreter's view of the world outside it.
pub trait Host {
    /// Performs one socket op through the relay and resolves with its
    /// result: when the relay answers, which for a blocking call is when
    /// the kernel does.
    fn call(&mut self, op: Op) -> impl Future<Output = Result<OpResult, HostError>>;

    /// Writes what `print` prints.
    fn write(&mut self, stream: Stream, text: &str);

    /// `print(..., flush=True)`, `sys.stdout.flush()`: what was written
    /// must show now (before a blocking call, say).
    fn flush(&mut self) {}

    /// `time.sleep(secs)`; the interpreter has already bounded `secs`.
    fn sleep(&mut self, secs: f64) -> impl Future<Output = Result<(), HostError>>;

    /// Seconds since some fixed moment (`time.monotonic()`, and the
    /// wall-clock limit).
    fn monotonic(&self) -> f64;

    /// Seconds since the Unix epoch (`time.time()`).
    fn time(&self) -> f64;

    /// Called before every statement: a stepping page waits here for the
    /// learner, and every host may yield to its event loop now and then so
    /// a long computation does not freeze it.
    fn before_statement(
        &mut self,
        line: u32,
        scope: &crate::eval::Scope<'_>,
    ) -> impl Future<Output = Result<(), HostError>>;
}
