//! A room's timeline: who connected to whom, bytes between members, closes
//! — what the presenter's view shows, with names. Only calls between
//! members are recorded (and listening sockets); a member's traffic with
//! the relay's services is their own business.
//!
//! [`Activity`] is the timeline itself; the [`Room`] methods at the end
//! feed it with names and read it for the teacher.

use super::{lock, Room, RoomState};
use shared::{RoomEvent, RoomEventKind, SocketSnapshot, Value};
use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

/// Entries kept.
const KEPT: usize = 500;

/// Client sockets' addresses remembered, to name who an `accept` got.
const OWNERS_KEPT: usize = 4096;

/// The timeline.
#[derive(Debug)]
pub struct Activity {
    opened: Instant,
    next: u64,
    events: VecDeque<RoomEvent>,
    /// The local address of each member's connected client socket.
    owners: HashMap<SocketAddr, u32>,
}

impl Default for Activity {
    fn default() -> Self {
        Activity {
            opened: Instant::now(),
            next: 1,
            events: VecDeque::new(),
            owners: HashMap::new(),
        }
    }
}

fn addr(a: &shared::SockAddr) -> Option<SocketAddr> {
    let ip: IpAddr = a.ip.parse().ok()?;
    Some(SocketAddr::new(ip, a.port))
}

impl Activity {
    /// Entries after number `n`.
    pub fn since(&self, n: u64) -> Vec<RoomEvent> {
        self.events.iter().filter(|e| e.n > n).cloned().collect()
    }

    /// Milliseconds since the room opened: the clock of its timeline and
    /// its spotlight.
    pub fn now_ms(&self) -> u64 {
        self.opened.elapsed().as_millis() as u64
    }

    /// Records that `teacher` reset `student`'s session, closing `closed`
    /// sockets.
    pub fn note_reset(&mut self, teacher: (u32, &str), student: (u32, &str), closed: usize) {
        let sockets = match closed {
            0 => "no sockets were open".to_string(),
            1 => "1 socket closed".to_string(),
            n => format!("{n} sockets closed"),
        };
        self.push(
            teacher.0,
            Some(student.0),
            None,
            RoomEventKind::Reset,
            format!("{} reset {}'s session: {sockets}", teacher.1, student.1),
        );
    }

    fn push(
        &mut self,
        member: u32,
        peer: Option<u32>,
        at: Option<SocketAddr>,
        kind: RoomEventKind,
        what: String,
    ) {
        self.events.push_back(RoomEvent {
            n: self.next,
            at_ms: self.now_ms(),
            member,
            peer,
            addr: at.map(|a| shared::SockAddr {
                ip: a.ip().to_canonical().to_string(),
                port: a.port(),
            }),
            what,
            kind,
        });
        self.next += 1;
        if self.events.len() > KEPT {
            self.events.pop_front();
        }
    }

    /// Records a call if it touched another member; whether it did.
    #[allow(clippy::too_many_arguments)]
    pub fn note(
        &mut self,
        who: u32,
        op: &str,
        value: Option<&Value>,
        socket: Option<&SocketSnapshot>,
        sent: Option<usize>,
        names: &[(u32, String)],
        bound: &[(u32, Vec<SocketAddr>)],
    ) -> bool {
        let name = |id: u32| {
            names
                .iter()
                .find(|(m, _)| *m == id)
                .map_or_else(|| format!("member {id}"), |(_, n)| n.clone())
        };
        // Who is at `a`: a member's listener, or a member's client socket.
        let owner = |a: SocketAddr, owners: &HashMap<SocketAddr, u32>| {
            bound
                .iter()
                .find(|(_, addrs)| {
                    addrs.iter().any(|b| {
                        b.port() == a.port() && (b.ip() == a.ip() || b.ip().is_unspecified())
                    })
                })
                .map(|(m, _)| *m)
                .or_else(|| owners.get(&a).copied())
        };
        let me = name(who);
        let local = socket.and_then(|s| s.local.as_ref()).and_then(addr);
        let peer = socket.and_then(|s| s.peer.as_ref()).and_then(addr);
        match (op, value) {
            ("listen", _) => {
                let Some(l) = local else { return false };
                let what = format!("{me} listens on {l}");
                self.push(who, None, Some(l), RoomEventKind::Listen, what);
            }
            ("connect" | "connect_ex", v) if !matches!(v, Some(Value::Int(n)) if *n != 0) => {
                let (Some(p), Some(l)) = (peer, local) else {
                    return false;
                };
                let Some(o) = owner(p, &self.owners) else {
                    return false;
                };
                if self.owners.len() >= OWNERS_KEPT {
                    self.owners.clear();
                }
                self.owners.insert(l, who);
                self.push(
                    who,
                    Some(o),
                    Some(p),
                    RoomEventKind::Connect,
                    format!("{me} connected to {}'s {p}", name(o)),
                );
            }
            ("accept", Some(Value::Accepted { addr: from, .. })) => {
                let Some(from) = addr(from) else { return false };
                let Some(o) = self.owners.get(&from).copied() else {
                    return false;
                };
                self.push(
                    who,
                    Some(o),
                    Some(from),
                    RoomEventKind::Accept,
                    format!("{me} accepted {}'s connection from {from}", name(o)),
                );
            }
            ("send" | "sendall" | "recv" | "close", v) => {
                let Some(p) = peer else { return false };
                let Some(o) = owner(p, &self.owners).filter(|o| *o != who || op != "close") else {
                    return false;
                };
                let other = name(o);
                let (kind, what) = match (op, v) {
                    ("send", Some(Value::Int(n))) => (
                        RoomEventKind::Send,
                        format!("{me} sent {n} bytes to {other}"),
                    ),
                    ("sendall", _) => (
                        RoomEventKind::Send,
                        match sent {
                            Some(n) => format!("{me} sent {n} bytes to {other}"),
                            None => format!("{me} sent to {other}"),
                        },
                    ),
                    ("recv", Some(Value::Bytes(b))) if b.is_empty() => {
                        (RoomEventKind::Eof, format!("{me} read EOF: {other} closed"))
                    }
                    ("recv", Some(Value::Bytes(b))) => (
                        RoomEventKind::Receive,
                        format!("{me} received {} bytes from {other}", b.len()),
                    ),
                    ("close", _) => {
                        if let Some(l) = local {
                            self.owners.remove(&l);
                        }
                        (
                            RoomEventKind::Close,
                            format!("{me} closed its connection to {other}"),
                        )
                    }
                    _ => return false,
                };
                self.push(who, Some(o), Some(p), kind, what);
            }
            _ => return false,
        }
        true
    }
}

impl Room {
    /// Records that member `who`'s call `op` (with what it returned and the
    /// socket afterwards) touched another member: the room's timeline.
    pub fn note_contact(
        &self,
        who: u32,
        op: &str,
        value: Option<&shared::Value>,
        socket: Option<&shared::SocketSnapshot>,
        sent: Option<usize>,
    ) {
        let mut st = lock(&self.state);
        let RoomState {
            members, activity, ..
        } = &mut *st;
        let names: Vec<(u32, String)> = members.iter().map(|m| (m.id, m.name.clone())).collect();
        let bound: Vec<(u32, Vec<SocketAddr>)> = members
            .iter()
            .map(|m| (m.id, lock(&m.bound).keys().copied().collect()))
            .collect();
        if activity.note(who, op, value, socket, sent, &names, &bound) {
            self.bump_stats(&mut st);
        }
    }

    /// Timeline entries after number `n`.
    pub fn activity_since(&self, n: u64) -> Vec<shared::RoomEvent> {
        lock(&self.state).activity.since(n)
    }
}
