//! Activity reporting: turns what a service connection does into
//! [`shared::ServiceActivity`] events on the relay-wide broadcast channel, so
//! the page can show traffic from the learner's sockets and from `nc` alike.
//!
//! Counting is exact; *reporting* is coalesced. A [`Reporter`] adds every byte
//! to its totals at once but keeps "not yet reported" counters, and emits
//! them as one `Received`/`Sent` pair when the connection is about to wait
//! (the caller calls [`Reporter::flush`] before it blocks), when a lot has
//! piled up ([`COALESCE_BYTES`]), or when the connection closes. A ping-pong
//! exchange therefore reports every message, while a bulk transfer (the
//! benchmark) costs one event per quarter mebibyte instead of one per read.
//! The sum of the `bytes` of all `Received` (or `Sent`) events of a
//! connection always equals the `received` (or `sent`) of its `Closed`.

use shared::{Activity, ServiceActivity};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::broadcast;

/// Unreported bytes after which a [`Reporter`] flushes even though the
/// connection has not waited yet, so a long bulk transfer still shows
/// progress.
pub(crate) const COALESCE_BYTES: u64 = 256 * 1024;

/// The relay-wide connection counter behind [`shared::ServiceActivity::conn`].
///
/// A process-wide static rather than a field of `Services` so numbers stay
/// unique even if the relay starts its services twice (say on 127.0.0.1 and
/// on ::1). Starts at 1 so 0 never names a connection.
static NEXT_CONN: AtomicU64 = AtomicU64::new(1);

/// Hands out the next relay-wide connection number.
pub(crate) fn next_conn() -> u64 {
    // Relaxed: only uniqueness matters, not ordering with other memory.
    NEXT_CONN.fetch_add(1, Ordering::Relaxed)
}

/// A kernel socket address as the protocol spells it; IPv4-mapped IPv6
/// addresses (from a dual-stack listener) are shown as plain IPv4.
pub(crate) fn sock_addr(addr: SocketAddr) -> shared::SockAddr {
    shared::SockAddr {
        ip: addr.ip().to_canonical().to_string(),
        port: addr.port(),
    }
}

/// Reports one connection (TCP) or one peer's conversation (UDP echo).
///
/// Emits `Opened` when created and exactly one `Closed` when closed or
/// dropped, so a connection whose task is cancelled by shutdown still
/// reports its end.
#[derive(Debug)]
pub(crate) struct Reporter {
    /// Where events go; a send with no subscriber is normal and ignored.
    tx: broadcast::Sender<ServiceActivity>,
    /// The service's name, copied into every event.
    service: &'static str,
    /// This connection's relay-wide number.
    conn: u64,
    /// The client's address.
    peer: shared::SockAddr,
    /// Bytes read in all, for `Closed`.
    received: u64,
    /// Bytes written in all, for `Closed`.
    sent: u64,
    /// Bytes read but not yet reported in a `Received`.
    unreported_rx: u64,
    /// Bytes written but not yet reported in a `Sent`.
    unreported_tx: u64,
    /// Whether `Closed` went out (so `Drop` does not send a second one).
    closed: bool,
}

impl Reporter {
    /// Starts reporting a new connection from `peer` and emits `Opened`.
    pub(crate) fn open(
        tx: broadcast::Sender<ServiceActivity>,
        service: &'static str,
        peer: SocketAddr,
    ) -> Self {
        let reporter = Reporter {
            tx,
            service,
            conn: next_conn(),
            peer: sock_addr(peer),
            received: 0,
            sent: 0,
            unreported_rx: 0,
            unreported_tx: 0,
            closed: false,
        };
        reporter.emit(Activity::Opened);
        reporter
    }

    /// This connection's relay-wide number, for logs.
    pub(crate) fn conn(&self) -> u64 {
        self.conn
    }

    /// Total bytes read so far.
    pub(crate) fn received_total(&self) -> u64 {
        self.received
    }

    /// Counts `n` bytes read.
    pub(crate) fn received(&mut self, n: usize) {
        let n = n as u64;
        self.received += n;
        self.unreported_rx += n;
        self.flush_if_large();
    }

    /// Counts `n` bytes written.
    pub(crate) fn sent(&mut self, n: usize) {
        let n = n as u64;
        self.sent += n;
        self.unreported_tx += n;
        self.flush_if_large();
    }

    /// Emits what was counted but not reported yet: `Received` first, then
    /// `Sent`, the order in which an echo does them.
    pub(crate) fn flush(&mut self) {
        if self.unreported_rx > 0 {
            let bytes = std::mem::take(&mut self.unreported_rx);
            self.emit(Activity::Received { bytes });
        }
        if self.unreported_tx > 0 {
            let bytes = std::mem::take(&mut self.unreported_tx);
            self.emit(Activity::Sent { bytes });
        }
    }

    /// Flushes and emits `Closed` with the totals; later calls do nothing.
    pub(crate) fn close(&mut self, reset: bool) {
        if self.closed {
            return;
        }
        self.flush();
        self.closed = true;
        self.emit(Activity::Closed {
            received: self.received,
            sent: self.sent,
            reset,
        });
    }

    fn flush_if_large(&mut self) {
        if self.unreported_rx + self.unreported_tx >= COALESCE_BYTES {
            self.flush();
        }
    }

    fn emit(&self, what: Activity) {
        // Nobody watching is the common case (and the benchmark's): skip
        // building an event (two string allocations) nobody would receive.
        if self.tx.receiver_count() == 0 {
            return;
        }
        // An error only means every receiver left in between: normal.
        let _ = self.tx.send(ServiceActivity {
            service: self.service.to_owned(),
            conn: self.conn,
            peer: self.peer.clone(),
            what,
        });
    }
}

impl Drop for Reporter {
    fn drop(&mut self) {
        self.close(false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(rx: &mut broadcast::Receiver<ServiceActivity>) -> Vec<Activity> {
        let mut out = Vec::new();
        while let Ok(ev) = rx.try_recv() {
            out.push(ev.what);
        }
        out
    }

    #[test]
    fn coalesces_until_flush_and_keeps_totals_exact() {
        let (tx, mut rx) = broadcast::channel(64);
        let peer: SocketAddr = "127.0.0.1:5000".parse().expect("addr");
        let mut r = Reporter::open(tx, "echo", peer);
        r.received(3);
        r.received(4);
        r.sent(7);
        assert_eq!(drain(&mut rx), vec![Activity::Opened]);
        r.flush();
        r.received(1);
        drop(r);
        assert_eq!(
            drain(&mut rx),
            vec![
                Activity::Received { bytes: 7 },
                Activity::Sent { bytes: 7 },
                Activity::Received { bytes: 1 },
                Activity::Closed {
                    received: 8,
                    sent: 7,
                    reset: false
                },
            ]
        );
    }

    #[test]
    fn flushes_by_itself_after_many_bytes_and_closes_once() {
        let (tx, mut rx) = broadcast::channel(64);
        let peer: SocketAddr = "[::ffff:127.0.0.1]:5000".parse().expect("addr");
        let mut r = Reporter::open(tx, "discard", peer);
        r.received(COALESCE_BYTES as usize);
        r.close(true);
        r.close(false);
        drop(r);
        let events: Vec<ServiceActivity> = std::iter::from_fn(|| rx.try_recv().ok()).collect();
        assert_eq!(events.len(), 3);
        assert_eq!(
            events[0].peer.ip, "127.0.0.1",
            "mapped address shown as IPv4"
        );
        assert_eq!(
            events[1].what,
            Activity::Received {
                bytes: COALESCE_BYTES
            }
        );
        assert_eq!(
            events[2].what,
            Activity::Closed {
                received: COALESCE_BYTES,
                sent: 0,
                reset: true
            }
        );
    }

    #[test]
    fn connection_numbers_are_unique() {
        let a = next_conn();
        let b = next_conn();
        assert!(b > a);
    }
}
