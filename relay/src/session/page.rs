//! The page side of a session: a connection attaching (the replay of what
//! it missed, a gap's notice and what the gap lost of the sockets and the
//! room), detaching (the grace period starts), and events offered to it
//! without letting a slow page hold the session up.

use shared::{Body, Event};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;
use tracing::debug;

use super::{log, Attached, Session};

impl Session {
    /// A page attached: replays what it missed after `last_seq`.
    pub(super) fn attach(&mut self, page: Attached, last_seq: u64) {
        let conn = page.conn;
        self.attached = Some(page);
        self.detached_since = None;
        let (gap, events) = self.log.since(last_seq);
        // The sockets are owed after a gap, and again to a page that has
        // seen nothing logged since: the event is not logged, so it may
        // have been lost with that page's connection.
        if gap.is_some() {
            self.sockets_owed = Some(self.log.last_seq());
        }
        let owed = self.sockets_owed.is_some_and(|head| last_seq <= head);
        if let Some((from, to)) = gap {
            // Not logged: it describes this connection's replay only.
            self.offer(Arc::new(Event {
                seq: 0,
                body: Body::Gap { from, to },
            }));
            self.resend_room();
        }
        for ev in events {
            if !self.offer(ev) {
                return; // The page is gone or hopelessly slow; it may retry.
            }
        }
        if owed {
            // What the lost events said of the sockets, as it is now.
            let sockets = self.known.now(|id| self.sockets.contains_key(&id));
            self.offer(Arc::new(Event {
                seq: 0,
                body: Body::Sockets { sockets },
            }));
        } else {
            self.sockets_owed = None;
        }
        debug!(session = %self.public_id, conn, last_seq, "page attached");
    }

    /// No page any more: the grace period starts.
    pub(super) fn detach(&mut self) {
        self.attached = None;
        self.detached_since.get_or_insert_with(Instant::now);
    }

    /// Queues an event for the attached page. A page that is gone, or has
    /// more than the buffered-bytes limit waiting, is detached: it will
    /// resume from the log, so nothing is lost.
    pub(super) fn offer(&mut self, ev: Arc<Event>) -> bool {
        let Some(page) = &self.attached else {
            return false;
        };
        let size = log::event_size(&ev.body);
        let max = self.env.relay.config.limits.max_buffered_bytes as usize;
        let waiting = page.queued.load(Ordering::Relaxed);
        if waiting == 0 || waiting + size <= max {
            // Counted before it is sent, so the connection's subtraction
            // can never come first.
            page.queued.fetch_add(size, Ordering::Relaxed);
            if page.out.try_send(ev).is_ok() {
                return true;
            }
            page.queued.fetch_sub(size, Ordering::Relaxed);
        }
        debug!(session = %self.public_id, conn = page.conn, "page too slow or gone; detaching");
        self.detach();
        false
    }
}
