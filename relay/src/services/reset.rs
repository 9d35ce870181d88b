//! `reset`: echoes the first few bytes (16 by default), then aborts the
//! connection: SO_LINGER on with a zero timeout, then close, which makes the
//! kernel send an RST instead of a FIN. The learner's next `recv` raises
//! `ConnectionResetError` (`ECONNRESET`) instead of returning `b''`: the two
//! ways a connection can end, side by side (C16).
//!
//! A client that closes before the threshold gets an ordinary close.

use super::conn::{Conn, ConnError, End};
use super::echo::room;
use socket2::SockRef;
use std::time::Duration;

/// Echoes until `after` bytes have been echoed, then resets.
///
/// # Errors
///
/// When the client resets first, is idle for the idle timeout, or SO_LINGER
/// cannot be set.
pub(crate) async fn handle(conn: &mut Conn, after: u64) -> Result<End, ConnError> {
    let mut buf = [0u8; 1024];
    loop {
        let Some(want) = room(conn, after, buf.len()) else {
            // `finish` closes the socket: with linger 0 that sends the RST.
            // Through socket2, because tokio's own `set_linger` is
            // deprecated (a non-zero linger would block the thread in
            // close; a zero one, ours, never does).
            SockRef::from(&conn.stream).set_linger(Some(Duration::ZERO))?;
            return Ok(End::Reset);
        };
        let n = conn.read(&mut buf[..want]).await?;
        if n == 0 {
            return Ok(End::Done);
        }
        conn.write_all(&buf[..n]).await?;
    }
}
