//! The session's and its room's byte rates (`limits.bytes_per_second`,
//! `RoomLimits::bytes_per_second`): a payload is charged before its op
//! runs, and what a `recv` returned is charged after, so a session in debt
//! has its next `recv` refused until the debt is paid.

use shared::{Op, Outcome, Value};
use std::time::{Duration, Instant};

use super::Session;

impl Session {
    /// The limit an op is over and the learner's explanation, or `None` if
    /// the session and its room have the bytes for it.
    pub(super) fn byte_refusal(&mut self, op: &Op) -> Option<(&'static str, String)> {
        let now = Instant::now();
        let len = op.payload_len() as u64;
        let receives = matches!(op, Op::Recv { .. } | Op::Recvfrom { .. });
        if len == 0 && !receives {
            return None;
        }
        let rate = self.env.relay.config.limits.bytes_per_second;
        // Kept to give the session its bytes back if the room refuses: an
        // op refused by the room must not also cost the learner.
        let before = self.bytes.clone();
        let mine = if receives {
            wait_result(self.bytes.wait(now))
        } else {
            self.bytes.try_take_n(now, len)
        };
        if let Err(retry) = mine {
            return Some((
                "bytes_per_second",
                format!(
                    "this session moved more than {} bytes in the last second (its limit, sent and received together); retry in {} ms",
                    rate,
                    millis(retry)
                ),
            ));
        }
        let room = self.env.membership()?.room;
        let theirs = if receives {
            wait_result(room.bytes_wait(now))
        } else {
            room.take_bytes(now, len)
        };
        theirs.err().map(|retry| {
            self.bytes = before;
            (
                "room_bytes_per_second",
                format!(
                    "your room moved more than {} bytes in the last second (the room's limit, all members together); retry in {} ms",
                    room.bytes_per_second(),
                    millis(retry)
                ),
            )
        })
    }

    /// Charges the bytes a `recv`/`recvfrom` returned.
    pub(super) fn charge_received(&mut self, outcome: &Outcome) {
        let n = match outcome {
            Outcome::Ok(Value::Bytes(p)) => p.len(),
            Outcome::Ok(Value::Datagram { data, .. }) => data.len(),
            _ => return,
        } as u64;
        if n == 0 {
            return;
        }
        let now = Instant::now();
        self.bytes.charge(now, n);
        if let Some(m) = self.env.membership() {
            m.room.charge_bytes(now, n);
        }
    }
}

fn wait_result(wait: Duration) -> Result<(), Duration> {
    if wait.is_zero() {
        Ok(())
    } else {
        Err(wait)
    }
}

/// Whole milliseconds, at least 1, so "retry in 0 ms" never appears.
fn millis(d: Duration) -> u128 {
    d.as_nanos().div_ceil(1_000_000).max(1)
}
