//! `echo` over TCP (RFC 862): sends back exactly the bytes it reads, in
//! order, until the client closes its side, then closes too (C7, C21).
//!
//! The hot path of the relay's benchmark: one buffer per connection, a read
//! then a write of what was read, no copies, activity counts coalesced by
//! [`Conn`](super::conn::Conn).

use super::conn::{Conn, ConnError, End};

/// Read buffer per connection: big enough for bulk transfers to move in few
/// system calls, small enough for 256 connections to cost 8 MiB at most.
const BUF_SIZE: usize = 32 * 1024;

/// Echoes until end of stream or until `max_bytes` have been echoed.
///
/// # Errors
///
/// When the client resets, stops reading for the idle timeout, or stays
/// silent for it.
pub(crate) async fn handle(conn: &mut Conn, max_bytes: u64) -> Result<End, ConnError> {
    let mut buf = vec![0u8; BUF_SIZE];
    loop {
        let Some(want) = room(conn, max_bytes, buf.len()) else {
            return Ok(End::Capped);
        };
        let n = conn.read(&mut buf[..want]).await?;
        if n == 0 {
            return Ok(End::Done);
        }
        conn.write_all(&buf[..n]).await?;
    }
}

/// How much the next read may take so the connection's total stays within
/// `max_bytes`; `None` once the cap is reached. Shared by the services that
/// read with a cap.
pub(crate) fn room(conn: &Conn, max_bytes: u64, buf_len: usize) -> Option<usize> {
    let left = max_bytes.saturating_sub(conn.report.received_total());
    if left == 0 {
        return None;
    }
    Some(usize::try_from(left).map_or(buf_len, |left| left.min(buf_len)))
}
