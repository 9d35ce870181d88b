//! `chargen` over TCP (RFC 864): a stream of 72-character lines of the 95
//! printable ASCII characters, each line starting one character further
//! along, without reading anything. A source that fills the learner's
//! receive buffer: `recv(n)` always returns data, in arbitrary pieces (C15).
//!
//! The RFC's server runs until the client closes; ours stops, in whole
//! lines, after the configured byte cap (1 MiB by default) so one connection
//! cannot stream forever. A client that stops reading does not make it spin:
//! the write waits for room and the idle timeout ends it.
//!
//! The first line starts with the space, as BSD inetd's does; the next
//! ones (the RFC's example) go on like this:
//!
//! ```text
//! !"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefgh\r\n
//! "#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghi\r\n
//! ```

use super::conn::{Conn, ConnError, End};

/// Characters per line, before the CRLF.
pub(crate) const LINE_CHARS: usize = 72;
/// Bytes per line, CRLF included.
pub(crate) const LINE_BYTES: usize = LINE_CHARS + 2;
/// The printable characters, `' '` (32) to `'~'` (126).
const PRINTABLE: usize = 95;

/// Line `index` (from 0) of the pattern, CRLF included.
pub(crate) fn line(index: usize) -> [u8; LINE_BYTES] {
    let mut out = [0u8; LINE_BYTES];
    let start = index % PRINTABLE;
    for (i, byte) in out.iter_mut().take(LINE_CHARS).enumerate() {
        // Always below 127, so the cast cannot truncate.
        *byte = b' ' + ((start + i) % PRINTABLE) as u8;
    }
    out[LINE_CHARS] = b'\r';
    out[LINE_CHARS + 1] = b'\n';
    out
}

/// Writes lines until `max_bytes` (rounded down to whole lines) are out.
///
/// # Errors
///
/// When the client resets, closes (broken pipe) or stops reading for the
/// idle timeout.
pub(crate) async fn handle(conn: &mut Conn, max_bytes: u64) -> Result<End, ConnError> {
    // One full cycle of the pattern: 95 lines, 7030 bytes, written over and
    // over from where the last write stopped.
    let cycle: Vec<u8> = (0..PRINTABLE).flat_map(line).collect();
    let lines = usize::try_from(max_bytes).unwrap_or(usize::MAX) / LINE_BYTES;
    let mut left = lines.saturating_mul(LINE_BYTES);
    let mut at = 0;
    while left > 0 {
        let n = (cycle.len() - at).min(left);
        conn.write_all(&cycle[at..at + n]).await?;
        left -= n;
        at = (at + n) % cycle.len();
    }
    Ok(End::Done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_rotate_through_the_printable_characters() {
        let first = line(0);
        assert_eq!(first[0], b' ');
        assert_eq!(first[71], b' ' + 71);
        assert_eq!(&first[72..], b"\r\n");
        assert_eq!(line(1)[0], b'!');
        // Line 30 wraps from '~' back to ' ' inside the line.
        let wrap = line(30);
        assert_eq!(wrap[0], b' ' + 30);
        assert_eq!(wrap[64], b'~');
        assert_eq!(wrap[65], b' ');
        assert_eq!(line(95), line(0));
    }
}
