//! `half-close`: writes a greeting line, then shuts down its sending side
//! (`shutdown(SHUT_WR)`, a FIN) while it keeps reading and counting what the
//! client sends until the client closes too. The learner's `recv` returns
//! `b''` (C16), yet their `send` still works: end of stream is per direction.
//!
//! The `Received` and `Closed` activity events show the bytes that still
//! arrived after the greeting's FIN.

use super::conn::{Conn, ConnError, End};
use super::echo::room;
use tokio::io::AsyncWriteExt;

/// The line sent before the half-close.
pub(crate) const GREETING: &[u8] =
    b"half-close: I have shut down my sending side; your recv() now returns b'', but I still read what you send\r\n";

/// Read buffer per connection.
const BUF_SIZE: usize = 16 * 1024;

/// Greets, half-closes, then reads until end of stream or `max_bytes`.
///
/// # Errors
///
/// When the client resets or is idle for the idle timeout.
pub(crate) async fn handle(conn: &mut Conn, max_bytes: u64) -> Result<End, ConnError> {
    conn.write_all(GREETING).await?;
    // tokio's `shutdown` on a TcpStream is `shutdown(SHUT_WR)`.
    conn.stream.shutdown().await?;
    let mut buf = vec![0u8; BUF_SIZE];
    loop {
        let Some(want) = room(conn, max_bytes, buf.len()) else {
            return Ok(End::Capped);
        };
        if conn.read(&mut buf[..want]).await? == 0 {
            return Ok(End::Done);
        }
    }
}
