//! `backlog`: a listening socket with `listen(1)` that never calls `accept`
//! (C11). The kernel completes handshakes on its own and parks the new
//! connections in the accept queue; once the queue is full (on Linux,
//! backlog + 1 = 2 connections) it drops further SYNs, so later `connect`s
//! stay in SYN_SENT, retrying, until they time out.
//!
//! Because nothing is ever accepted, a queued connection that its client has
//! long closed would otherwise hold its place forever and leave the service
//! "full" for the next learner. So once per drain period (the idle timeout,
//! 5 min by default) the service empties its queue by accepting and at once
//! closing whatever waits there. No activity events: there is no connection
//! to report until something is accepted, which is the point.

use super::Ctx;
use socket2::Socket;
use std::io;
use std::sync::Arc;
use tracing::debug;

/// Holds `listener` (already listening with backlog 1, non-blocking) until
/// shutdown, draining its queue once per drain period.
pub(crate) async fn hold(listener: Socket, ctx: Arc<Ctx>) {
    let period = ctx.limits.backlog_drain;
    loop {
        tokio::select! {
            _ = ctx.shutdown.cancelled() => break,
            _ = tokio::time::sleep(period) => {
                let dropped = drain(&listener);
                debug!(service = "backlog", dropped, "drained the accept queue");
            }
        }
    }
    // Dropping the listener resets every connection still queued.
}

/// Accepts and closes everything queued; returns how many.
fn drain(listener: &Socket) -> usize {
    let mut dropped = 0;
    loop {
        match listener.accept() {
            Ok(_) => dropped += 1,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            // WouldBlock: the queue is empty. Any other error (EMFILE…):
            // try again next period.
            Err(_) => return dropped,
        }
    }
}
