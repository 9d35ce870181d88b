//! A room's timeline: who connected to whom, bytes between members, closes
//! — what the presenter's view shows, with names. Only calls between
//! members are recorded (and listening sockets); a member's traffic with
//! the relay's services is their own business.

use shared::{RoomEvent, SocketSnapshot, Value};
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

    fn push(&mut self, member: u32, peer: Option<u32>, what: String) {
        self.events.push_back(RoomEvent {
            n: self.next,
            at_ms: self.opened.elapsed().as_millis() as u64,
            member,
            peer,
            what,
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
                self.push(who, None, format!("{me} listens on {l}"));
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
                self.push(who, Some(o), format!("{me} connected to {}'s {p}", name(o)));
            }
            ("accept", Some(Value::Accepted { addr: from, .. })) => {
                let Some(from) = addr(from) else { return false };
                let Some(o) = self.owners.get(&from).copied() else {
                    return false;
                };
                self.push(
                    who,
                    Some(o),
                    format!("{me} accepted {}'s connection from {from}", name(o)),
                );
            }
            ("send" | "sendall" | "recv" | "close", v) => {
                let Some(p) = peer else { return false };
                let Some(o) = owner(p, &self.owners).filter(|o| *o != who || op != "close") else {
                    return false;
                };
                let other = name(o);
                let what = match (op, v) {
                    ("send", Some(Value::Int(n))) => format!("{me} sent {n} bytes to {other}"),
                    ("sendall", _) => match sent {
                        Some(n) => format!("{me} sent {n} bytes to {other}"),
                        None => format!("{me} sent to {other}"),
                    },
                    ("recv", Some(Value::Bytes(b))) if b.is_empty() => {
                        format!("{me} read EOF: {other} closed")
                    }
                    ("recv", Some(Value::Bytes(b))) => {
                        format!("{me} received {} bytes from {other}", b.len())
                    }
                    ("close", _) => {
                        if let Some(l) = local {
                            self.owners.remove(&l);
                        }
                        format!("{me} closed its connection to {other}")
                    }
                    _ => return false,
                };
                self.push(who, Some(o), what);
            }
            _ => return false,
        }
        true
    }
}
