//! The session's open sockets as its page knows them: each socket's latest
//! snapshot and the listener it was accepted from, followed from the
//! results the session sends. When a resume's replay has a gap, the events
//! that told the page about a socket may be among the lost ones; the
//! session then sends this list ([`shared::Body::Sockets`]) so the page's
//! table is whole again.

use shared::{KnownSocket, Outcome, SocketId, SocketSnapshot, Value};
use std::collections::BTreeMap;

/// Open sockets by id.
#[derive(Debug, Default)]
pub struct KnownSockets {
    by_id: BTreeMap<SocketId, KnownSocket>,
}

impl KnownSockets {
    /// Follows one result: a new socket (`socket()`, `accept()`) and the
    /// snapshot of the socket it acted on (`sock`).
    pub fn note(
        &mut self,
        sock: Option<SocketId>,
        outcome: &Outcome,
        snap: Option<&SocketSnapshot>,
    ) {
        match outcome {
            Outcome::Ok(Value::Socket(s)) => self.put(s, None),
            Outcome::Ok(Value::Accepted { socket, .. }) => self.put(socket, sock),
            _ => {}
        }
        if let Some(s) = snap {
            if s.closed {
                self.by_id.remove(&s.id);
            } else {
                let from = self.by_id.get(&s.id).and_then(|k| k.accepted_from);
                self.put(s, from);
            }
        }
    }

    /// A socket the session no longer has.
    pub fn forget(&mut self, id: SocketId) {
        self.by_id.remove(&id);
    }

    /// Every socket known and still open by `is_open`, by id.
    pub fn now(&self, is_open: impl Fn(SocketId) -> bool) -> Vec<KnownSocket> {
        self.by_id
            .values()
            .filter(|k| is_open(k.socket.id))
            .cloned()
            .collect()
    }

    fn put(&mut self, s: &SocketSnapshot, accepted_from: Option<SocketId>) {
        self.by_id.insert(
            s.id,
            KnownSocket {
                socket: s.clone(),
                accepted_from,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::KnownSockets;
    use shared::samples::sample_snapshot;
    use shared::{Outcome, SockAddr, SocketId, SocketSnapshot, Value};

    fn snap(id: u32) -> SocketSnapshot {
        SocketSnapshot {
            id: SocketId(id),
            closed: false,
            ..sample_snapshot()
        }
    }

    #[test]
    fn follows_creation_accepts_updates_and_closes() {
        let mut k = KnownSockets::default();
        k.note(None, &Outcome::Ok(Value::Socket(snap(1))), Some(&snap(1)));
        let addr = SockAddr {
            ip: "127.0.0.1".into(),
            port: 40000,
        };
        k.note(
            Some(SocketId(1)),
            &Outcome::Ok(Value::Accepted {
                socket: snap(2),
                addr,
            }),
            Some(&snap(1)),
        );
        let ids: Vec<(u32, Option<SocketId>)> = k
            .now(|_| true)
            .iter()
            .map(|s| (s.socket.id.0, s.accepted_from))
            .collect();
        assert_eq!(ids, [(1, None), (2, Some(SocketId(1)))]);

        // A later snapshot replaces the old one and keeps where it came from.
        let mut later = snap(2);
        later.timeout = Some(2.5);
        k.note(Some(SocketId(2)), &Outcome::Ok(Value::None), Some(&later));
        let now = k.now(|_| true);
        assert_eq!(now[1].socket.timeout, Some(2.5));
        assert_eq!(now[1].accepted_from, Some(SocketId(1)));

        // Closed: gone. Filtered by what the session still holds.
        let mut closed = snap(1);
        closed.closed = true;
        k.note(Some(SocketId(1)), &Outcome::Ok(Value::None), Some(&closed));
        assert_eq!(k.now(|_| true).len(), 1);
        assert!(k.now(|id| id != SocketId(2)).is_empty());
        k.forget(SocketId(2));
        assert!(k.now(|_| true).is_empty());
    }
}
