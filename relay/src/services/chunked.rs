//! `chunked-echo`: echoes what it reads in pieces of random size (1 to 48
//! bytes) with short random pauses (1 to 15 ms) between them. The bytes and
//! their order are intact; only the boundaries change, so two `recv` calls
//! on the learner's side rarely return what one `send` sent (C15, C23).
//!
//! Each connection seeds its own small generator: the pattern differs from
//! run to run, as real network timing does.

use super::conn::{Conn, ConnError, End};
use super::echo::room;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use std::time::Duration;

/// Largest piece written at once.
const MAX_CHUNK: usize = 48;
/// Longest pause between two pieces, in milliseconds.
const MAX_PAUSE_MS: u64 = 15;
/// Bytes read before they are cut into pieces.
const BUF_SIZE: usize = 4 * 1024;

/// Echoes in random pieces until end of stream or until `max_bytes` were
/// read.
///
/// # Errors
///
/// When the client resets, or is idle (silent or not reading) for the idle
/// timeout.
pub(crate) async fn handle(conn: &mut Conn, max_bytes: u64) -> Result<End, ConnError> {
    // SmallRng (unlike the thread-local generator) is `Send`, so it can live
    // across the awaits of a spawned task. Not for secrets; none here.
    let mut rng = SmallRng::from_rng(&mut rand::rng());
    let mut buf = vec![0u8; BUF_SIZE];
    loop {
        let Some(want) = room(conn, max_bytes, buf.len()) else {
            return Ok(End::Capped);
        };
        let n = conn.read(&mut buf[..want]).await?;
        if n == 0 {
            return Ok(End::Done);
        }
        let mut rest = &buf[..n];
        while !rest.is_empty() {
            let size = rng.random_range(1..=MAX_CHUNK).min(rest.len());
            let (piece, tail) = rest.split_at(size);
            conn.write_all(piece).await?;
            conn.report.flush();
            rest = tail;
            let pause = rng.random_range(1..=MAX_PAUSE_MS);
            tokio::time::sleep(Duration::from_millis(pause)).await;
        }
    }
}
