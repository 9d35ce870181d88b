//! How fast a connection reads frames from its page.
//!
//! The session refuses ops over its rate with a clear event, but answering
//! a flood costs the relay's event loop: a page sending 100,000 frames a
//! second keeps it busy decoding and refusing, and every other session
//! waits behind that. So the connection itself reads at most twice the
//! session's op and byte rates (enough for every refusal a learner needs to
//! see, with bursts to match) and, past that, simply stops reading: the
//! frames wait in the kernel's socket buffer, TCP pushes back on the
//! flooder, and the relay spends nothing on them.

use std::time::{Duration, Instant};

use crate::config::LimitsConfig;
use crate::limits::TokenBucket;

/// Frame and byte allowances for one connection.
#[derive(Debug)]
pub struct ReadBudget {
    frames: TokenBucket,
    bytes: TokenBucket,
}

impl ReadBudget {
    /// A full budget at twice the session's rates.
    pub fn new(limits: &LimitsConfig, now: Instant) -> ReadBudget {
        let twice = |n: u32| n.saturating_mul(2);
        ReadBudget {
            frames: TokenBucket::new(twice(limits.ops_per_second), twice(limits.ops_burst), now),
            bytes: TokenBucket::new(
                twice(limits.bytes_per_second),
                twice(limits.bytes_per_second).max(limits.max_message),
                now,
            ),
        }
    }

    /// How long to wait before reading the next frame (zero: read now).
    pub fn wait(&self, now: Instant) -> Duration {
        self.frames.wait(now).max(self.bytes.wait(now))
    }

    /// Counts a frame of `len` bytes that was read.
    pub fn read(&mut self, now: Instant, len: usize) {
        self.frames.charge(now, 1);
        self.bytes.charge(now, len as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(ops: u32, burst: u32, bytes: u32) -> LimitsConfig {
        LimitsConfig {
            ops_per_second: ops,
            ops_burst: burst,
            bytes_per_second: bytes,
            max_payload: 100,
            max_message: 200,
            ..LimitsConfig::default()
        }
    }

    #[test]
    fn reads_twice_the_op_burst_then_paces_at_twice_the_rate() {
        let t0 = Instant::now();
        let mut b = ReadBudget::new(&limits(10, 3, 1_000_000), t0);
        for i in 0..6 {
            assert_eq!(b.wait(t0), Duration::ZERO, "frame {i}");
            b.read(t0, 10);
        }
        // 20 frames a second: the seventh waits one interval.
        assert_eq!(b.wait(t0), Duration::from_millis(50));
        assert_eq!(b.wait(t0 + Duration::from_millis(50)), Duration::ZERO);
    }

    #[test]
    fn big_frames_pause_reading_by_bytes() {
        let t0 = Instant::now();
        // 2,000 bytes a second for reading, bursts of 2,000.
        let mut b = ReadBudget::new(&limits(1000, 1000, 1000), t0);
        b.read(t0, 2000);
        assert_eq!(b.wait(t0), Duration::from_micros(500));
        b.read(t0, 1000);
        assert_eq!(b.wait(t0), Duration::from_micros(500_500));
    }
}
