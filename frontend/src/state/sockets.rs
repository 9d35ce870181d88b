//! The socket table's model: every socket of the session, kept in step with
//! the kernel snapshots that results carry.
//!
//! A closed socket stays for a moment marked as leaving (the page fades it
//! out, then sends [`super::Action::Forget`]), and a descriptor number that
//! an earlier socket had is marked as reused: seeing `fd 5` come back is how
//! a learner sees that `close` really released the descriptor (C20).

use shared::{SockAddr, SockType, SocketId, SocketSnapshot};
use std::collections::BTreeMap;

/// One row of the socket table.
#[derive(Clone, Debug, PartialEq)]
pub struct SocketRow {
    /// The latest snapshot.
    pub snap: SocketSnapshot,
    /// For an accepted socket, the listener it came from.
    pub accepted_from: Option<SocketId>,
    /// The earlier socket that had the same descriptor number.
    pub fd_was: Option<SocketId>,
    /// Closed: the row is fading out.
    pub leaving: bool,
}

impl SocketRow {
    /// Whether this is a TCP socket.
    pub fn is_stream(&self) -> bool {
        self.snap.kind == SockType::Stream
    }

    /// The blocking mode as Python describes it.
    pub fn mode(&self) -> String {
        match self.snap.timeout {
            None => "blocking".into(),
            Some(0.0) => "non-blocking".into(),
            Some(t) => format!("timeout {}", crate::python::float_repr(t)),
        }
    }
}

/// Every socket the session has, by id.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Sockets {
    rows: BTreeMap<SocketId, SocketRow>,
    /// Who last had each descriptor number, for the "reused" mark.
    fd_owner: BTreeMap<i32, SocketId>,
    /// The local address each socket last had, kept after it is closed (a
    /// restarted server binds its old port again).
    last_local: BTreeMap<SocketId, SockAddr>,
}

impl Sockets {
    /// Takes in a snapshot: a new socket, a change, or a close.
    pub fn update(&mut self, snap: &SocketSnapshot, accepted_from: Option<SocketId>) {
        if let Some(local) = &snap.local {
            self.last_local.insert(snap.id, local.clone());
        }
        if let Some(row) = self.rows.get_mut(&snap.id) {
            if snap.closed {
                row.leaving = true;
                row.snap.closed = true;
                row.snap.tcp_state = None;
                row.snap.recv_queue = None;
                row.snap.send_queue = None;
            } else {
                row.snap = snap.clone();
                // A row made from a later snapshot learns where it came from
                // (after a replay that lost its `accept`).
                if accepted_from.is_some() {
                    row.accepted_from = accepted_from;
                }
            }
            return;
        }
        if snap.closed {
            return;
        }
        let fd_was = self
            .fd_owner
            .insert(snap.fd, snap.id)
            .filter(|old| *old != snap.id);
        self.rows.insert(
            snap.id,
            SocketRow {
                snap: snap.clone(),
                accepted_from,
                fd_was,
                leaving: false,
            },
        );
    }

    /// Removes a row that has finished fading out.
    pub fn forget(&mut self, id: SocketId) {
        if self.rows.get(&id).is_some_and(|r| r.leaving) {
            self.rows.remove(&id);
        }
    }

    /// Removes every row (the session ended and a new one began).
    pub fn clear(&mut self) {
        self.rows.clear();
        self.last_local.clear();
    }

    /// The local address a socket had last, open or closed.
    pub fn last_local(&self, id: SocketId) -> Option<&SockAddr> {
        self.last_local.get(&id)
    }

    /// A row by id.
    pub fn get(&self, id: SocketId) -> Option<&SocketRow> {
        self.rows.get(&id)
    }

    /// Every row, leaving ones included, by id.
    pub fn rows(&self) -> impl DoubleEndedIterator<Item = &SocketRow> {
        self.rows.values()
    }

    /// The sockets still open.
    pub fn open(&self) -> impl DoubleEndedIterator<Item = &SocketRow> {
        self.rows.values().filter(|r| !r.leaving)
    }

    /// How many sockets are open (for "3 of 16 sockets").
    pub fn open_count(&self) -> usize {
        self.open().count()
    }

    /// Whether a socket is open.
    pub fn is_open(&self, id: SocketId) -> bool {
        self.rows.get(&id).is_some_and(|r| !r.leaving)
    }

    /// The open socket bound to `addr` that fits best as the other end of a
    /// conversation with a socket bound to `me`: the accepted socket whose
    /// peer is `me` first, then a listener or UDP socket on `addr`.
    pub fn by_local(&self, addr: &SockAddr, me: Option<&SockAddr>) -> Option<SocketId> {
        let on_addr = || {
            self.rows
                .values()
                .filter(move |r| !r.leaving && r.snap.local.as_ref().is_some_and(|l| same(l, addr)))
        };
        on_addr()
            .find(|r| me.is_some() && r.snap.peer.as_ref() == me)
            .or_else(|| on_addr().find(|r| r.snap.peer.is_none()))
            .or_else(|| on_addr().next())
            .map(|r| r.snap.id)
    }
}

/// Whether two addresses are the same endpoint, treating a wildcard local
/// address (`0.0.0.0`, `::`) as matching any address on that port.
fn same(local: &SockAddr, addr: &SockAddr) -> bool {
    local.port == addr.port && (local.ip == addr.ip || local.ip == "0.0.0.0" || local.ip == "::")
}
