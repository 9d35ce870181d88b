//! The session's and its room's byte rates (`limits.bytes_per_second`,
//! `RoomLimits::bytes_per_second`): a payload is charged before its op
//! runs (and what a `send` did not send is given back after), and what a
//! `recv` returned is charged after, so a session in debt has its next
//! `recv` refused until the debt is paid.

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

    /// Gives back the part of a payload charged before its op ran that
    /// the op did not send ([`unsent`]), to the session and its room.
    pub(super) fn refund_unsent(&mut self, op: &str, outcome: &Outcome) {
        let Some(payload) = self.finishing_payload else {
            return;
        };
        self.give_back(unsent(op, outcome, payload));
    }

    /// Gives back a payload charged for a command that was then refused
    /// before it ran (a busy or closed socket, a full queue).
    pub(super) fn give_back(&mut self, payload: usize) {
        if payload == 0 {
            return;
        }
        let now = Instant::now();
        self.bytes.refund(now, payload as u64);
        if let Some(m) = self.env.membership() {
            m.room.refund_bytes(now, payload as u64);
        }
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

/// Payload bytes charged before an op ran that its result says were not
/// sent: all of a `send` or `sendto` that failed (`EAGAIN` on a
/// non-blocking socket, a refused peer) or was cancelled, and the rest of
/// one that sent part. A `sendall` that failed may have sent any part of
/// its payload, so it keeps its charge.
fn unsent(op: &str, outcome: &Outcome, payload: usize) -> usize {
    match (op, outcome) {
        ("send" | "sendto", Outcome::Ok(Value::Int(n))) => {
            payload.saturating_sub(usize::try_from(*n).unwrap_or(0))
        }
        ("send" | "sendto", Outcome::Err(_) | Outcome::Cancelled { .. }) => payload,
        _ => 0,
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

#[cfg(test)]
mod tests {
    use super::unsent;
    use shared::{Outcome, PyError, Value};

    #[test]
    fn what_a_send_did_not_send_is_given_back() {
        assert_eq!(unsent("send", &Outcome::Ok(Value::Int(300)), 1000), 700);
        assert_eq!(unsent("sendto", &Outcome::Ok(Value::Int(1000)), 1000), 0);
        let eagain = Outcome::Err(PyError::from_errno(libc::EAGAIN));
        assert_eq!(unsent("send", &eagain, 1000), 1000);
        assert_eq!(unsent("sendall", &eagain, 1000), 0, "may have sent part");
        assert_eq!(unsent("sendall", &Outcome::Ok(Value::None), 1000), 0);
        assert_eq!(unsent("recv", &Outcome::Ok(Value::Int(0)), 0), 0);
    }
}
