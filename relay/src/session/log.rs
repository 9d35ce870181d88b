//! The session's event log: assigns sequence numbers and keeps recent events
//! so a page that reconnects gets exactly what it missed, in order.
//!
//! Bounded by count and by bytes (the "bytes buffered per session" limit):
//! the oldest events go first, and a page asking for one of those is told
//! which range is lost with a `Gap` event instead of silently missing it.

use shared::{Body, Event, Payload, Value};
use std::collections::VecDeque;
use std::sync::Arc;

/// A rough size of an event in memory, dominated by its payload.
pub fn event_size(body: &Body) -> usize {
    const OVERHEAD: usize = 256;
    let payload = match body {
        Body::Result(r) => {
            (match &r.outcome {
                shared::Outcome::Ok(Value::Bytes(Payload(b))) => b.len(),
                shared::Outcome::Ok(Value::Datagram { data, .. }) => data.len(),
                _ => 0,
            }) + r.trace.steps.len() * 64
        }
        // A room's view grows with its members; counted so the log's byte
        // limit holds in a big class too.
        Body::Room(v) => {
            v.members
                .iter()
                .map(|m| {
                    64 + m.name.len()
                        + m.last_op.as_ref().map_or(0, String::len)
                        + m.last_error.as_ref().map_or(0, String::len)
                })
                .sum::<usize>()
                + v.listeners.len() * 48
                + v.task.as_ref().map_or(0, String::len)
                + v.name.len()
        }
        Body::RoomActivity { events } => events.iter().map(|e| 48 + e.what.len()).sum(),
        Body::RoomSpotlight { calls, .. } => calls
            .iter()
            .map(|c| 48 + c.op.len() + c.line.len() + c.result.len())
            .sum(),
        Body::RoomReset { sockets, reason } => sockets.len() * 8 + reason.len(),
        _ => 0,
    };
    OVERHEAD + payload
}

/// Recent events and the next sequence number.
#[derive(Debug)]
pub struct EventLog {
    next_seq: u64,
    events: VecDeque<(Arc<Event>, usize)>,
    bytes: usize,
    max_events: usize,
    max_bytes: usize,
    /// Events dropped so far (for metrics and tests).
    pub evicted: u64,
}

impl EventLog {
    /// An empty log whose first event will be `seq` 1.
    pub fn new(max_events: usize, max_bytes: usize) -> Self {
        EventLog {
            next_seq: 1,
            events: VecDeque::new(),
            bytes: 0,
            max_events: max_events.max(1),
            max_bytes,
            evicted: 0,
        }
    }

    /// Appends an event, numbering it, and evicts the oldest past the bounds.
    pub fn push(&mut self, body: Body) -> Arc<Event> {
        let size = event_size(&body);
        let ev = Arc::new(Event {
            seq: self.next_seq,
            body,
        });
        self.next_seq += 1;
        self.events.push_back((ev.clone(), size));
        self.bytes += size;
        while self.events.len() > self.max_events
            || (self.bytes > self.max_bytes && self.events.len() > 1)
        {
            if let Some((_, s)) = self.events.pop_front() {
                self.bytes -= s;
                self.evicted += 1;
            }
        }
        ev
    }

    /// The last sequence number handed out (0 if none).
    pub fn last_seq(&self) -> u64 {
        self.next_seq - 1
    }

    /// Everything after `last_seq`: a `(from, to)` gap if some of it was
    /// evicted, then the events still held.
    pub fn since(&self, last_seq: u64) -> (Option<(u64, u64)>, Vec<Arc<Event>>) {
        let oldest = self
            .events
            .front()
            .map(|(e, _)| e.seq)
            .unwrap_or(self.next_seq);
        let next = last_seq.saturating_add(1);
        let gap = (next < oldest).then(|| (next, oldest - 1));
        let events = self
            .events
            .iter()
            .filter(|(e, _)| e.seq > last_seq)
            .map(|(e, _)| e.clone())
            .collect();
        (gap, events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closing(n: u64) -> Body {
        Body::Closing {
            reason: n.to_string(),
        }
    }

    #[test]
    fn numbers_from_one_and_replays_after_last_seen() {
        let mut log = EventLog::new(10, 1 << 20);
        for i in 0..5 {
            assert_eq!(log.push(closing(i)).seq, i + 1);
        }
        let (gap, evs) = log.since(3);
        assert_eq!(gap, None);
        assert_eq!(evs.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![4, 5]);
        assert!(log.since(5).1.is_empty());
    }

    #[test]
    fn evicted_events_become_a_gap() {
        let mut log = EventLog::new(3, 1 << 20);
        for i in 0..6 {
            log.push(closing(i));
        }
        let (gap, evs) = log.since(1);
        assert_eq!(gap, Some((2, 3)));
        assert_eq!(evs.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![4, 5, 6]);
        assert_eq!(log.evicted, 3);
    }

    #[test]
    fn byte_bound_evicts_too() {
        let mut log = EventLog::new(100, 600);
        for i in 0..5 {
            log.push(closing(i));
        }
        assert!(log.since(0).1.len() <= 2);
        assert!(log.since(0).0.is_some());
    }
}
