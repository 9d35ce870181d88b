//! `slow-echo`: echoes one byte at a time with a pause after each (50 ms by
//! default), so the learner's `recv(1024)` returns a byte or two at a time
//! and a message visibly trickles in (C15, C23). Shows why a receiver must
//! loop until it has the whole message (C17).
//!
//! It reads only a few bytes ahead of what it echoes, so a client that sends
//! a lot fills its own send buffer instead of the relay's memory; a
//! per-connection byte cap keeps one connection from holding a slot for long.

use super::conn::{Conn, ConnError, End};
use super::echo::room;
use std::time::Duration;

/// Bytes read ahead of the echo.
const READ_AHEAD: usize = 64;

/// Echoes byte by byte until end of stream or until `max_bytes` were read.
///
/// # Errors
///
/// When the client resets, or is idle (silent or not reading) for the idle
/// timeout.
pub(crate) async fn handle(
    conn: &mut Conn,
    delay: Duration,
    max_bytes: u64,
) -> Result<End, ConnError> {
    let mut buf = [0u8; READ_AHEAD];
    loop {
        let Some(want) = room(conn, max_bytes, buf.len()) else {
            return Ok(End::Capped);
        };
        let n = conn.read(&mut buf[..want]).await?;
        if n == 0 {
            return Ok(End::Done);
        }
        for byte in &buf[..n] {
            conn.write_all(std::slice::from_ref(byte)).await?;
            // Report each byte as it goes: slowness is the point here.
            conn.report.flush();
            tokio::time::sleep(delay).await;
        }
    }
}
