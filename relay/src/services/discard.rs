//! `discard` over TCP (RFC 863): reads everything and throws it away, never
//! writing a byte. A sink for `sendall` experiments (C13, C14): the learner
//! sees bytes leave and nothing come back.

use super::conn::{Conn, ConnError, End};
use super::echo::room;

/// Read buffer per connection.
const BUF_SIZE: usize = 32 * 1024;

/// Reads and drops until end of stream or until `max_bytes` were read.
///
/// # Errors
///
/// When the client resets or stays silent for the idle timeout.
pub(crate) async fn handle(conn: &mut Conn, max_bytes: u64) -> Result<End, ConnError> {
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
