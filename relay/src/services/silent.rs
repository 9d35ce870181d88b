//! `silent`: accepts and then does nothing: it never reads and never
//! writes, holding the connection open until the client closes it, the idle
//! timeout passes, or the relay stops. Against it a `recv` with
//! `settimeout(2)` raises `TimeoutError` (C18), and, because nothing is read,
//! a large `send` fills both buffers and returns a short count (C13).
//!
//! Noticing the client's close without reading: epoll reports the peer's FIN
//! (EPOLLRDHUP) even while unread data waits, and tokio exposes it as
//! "read closed" readiness. While only data is pending the readiness stays
//! set, so the task looks again every [`RECHECK`] rather than spinning.

use super::conn::{Conn, ConnError, End};
use std::time::Duration;
use tokio::io::Interest;

/// How often to look for the client's close while unread data is pending.
const RECHECK: Duration = Duration::from_millis(200);

/// Holds the connection until the client closes it or the idle timeout.
///
/// # Errors
///
/// [`ConnError::Idle`] when the idle timeout passes (the usual end), or the
/// client's reset.
pub(crate) async fn handle(conn: &mut Conn) -> Result<End, ConnError> {
    let idle = conn.idle();
    let deadline = tokio::time::sleep(idle);
    tokio::pin!(deadline);
    loop {
        let ready = tokio::select! {
            _ = &mut deadline => return Err(ConnError::Idle(idle)),
            ready = conn.stream.ready(Interest::READABLE) => ready?,
        };
        if ready.is_read_closed() {
            // A reset shows up as a pending socket error; a FIN as none.
            if let Some(err) = conn.stream.take_error()? {
                return Err(err.into());
            }
            return Ok(End::Done);
        }
        tokio::select! {
            _ = &mut deadline => return Err(ConnError::Idle(idle)),
            _ = tokio::time::sleep(RECHECK) => {}
        }
    }
}
