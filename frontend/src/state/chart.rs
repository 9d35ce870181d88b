//! Turns events into timeline rows: which lane, which peer lane, which mark
//! and what the row says. The other end of an arrow is found from addresses:
//! a learner socket bound there (the accepted one for a connection first),
//! else a relay service on that port, else the "outside" lane.

use super::State;
use crate::timeline::{Item, LaneKey, Mark};
use shared::{
    Activity, LingeringConn, Op, OpResult, Outcome, ServiceActivity, ShutdownHow, SockAddr,
    SockType, SocketId, Value,
};

impl State {
    /// A blocking call started waiting: a row and an open bar on its lane.
    pub(super) fn chart_pending(&mut self, seq: u64, id: u64, sock: SocketId) {
        let lane = self.socket_lane(sock);
        let name = self.entry(id).map_or("call", |e| e.op_name()).to_string();
        self.timeline.push(Item {
            seq,
            entry: Some(id),
            lane,
            peer: None,
            outgoing: true,
            mark: Mark::Wait,
            label: format!("{name}() blocks…"),
        });
        self.timeline.open_bar(lane, id);
    }

    /// A result: what it did to its socket and which way bytes went.
    pub(super) fn chart_result(&mut self, seq: u64, r: &OpResult) {
        let Some(sock) = r.sock else {
            return; // resolver calls have no lane; they are console lines
        };
        let lane = self.socket_lane(sock);
        let mut row = Item {
            seq,
            entry: Some(r.id),
            lane,
            peer: None,
            outgoing: true,
            mark: Mark::Call,
            label: format!("{}()", r.op),
        };
        match &r.outcome {
            Outcome::Err(e) => {
                row.mark = Mark::Error;
                let name = e.errno_name.as_deref().unwrap_or(e.class.python_name());
                row.label = format!("{} ✗ {name}", r.op);
                if r.op == "connect" && e.errno_name.as_deref() == Some("ECONNREFUSED") {
                    row.mark = Mark::Rst;
                    row.label = format!("{} ✗ RST: ECONNREFUSED", r.op);
                }
            }
            Outcome::Cancelled { .. } => {
                row.mark = Mark::Cancelled;
                row.label = format!("{} cancelled", r.op);
            }
            Outcome::Ok(value) => self.chart_ok(r, value, &mut row),
        }
        self.timeline.push(row);
        self.timeline.close_bar(r.id);
        if r.socket.as_ref().is_some_and(|s| s.closed) {
            self.timeline.close_lane(lane);
        }
    }

    fn chart_ok(&mut self, r: &OpResult, value: &Value, row: &mut Item) {
        let me = r.socket.as_ref().and_then(|s| s.local.clone());
        let peer_addr = r.socket.as_ref().and_then(|s| s.peer.clone());
        let stream = r
            .socket
            .as_ref()
            .is_some_and(|s| s.kind == SockType::Stream);
        let op = self.entry(r.id).and_then(|e| e.op.clone());
        match (r.op.as_str(), value) {
            ("socket", Value::Socket(s)) => {
                row.label = format!("socket() → fd {}", s.fd);
            }
            ("connect" | "connect_ex", _) => {
                row.mark = Mark::Connect;
                row.label = match value {
                    Value::Int(n) if *n != 0 => format!("connect_ex → {n}"),
                    _ if stream => "connect: SYN →".into(),
                    // A UDP connect sends nothing: it sets the default peer.
                    _ => "connect (UDP: sets the peer, sends nothing)".into(),
                };
                if !stream {
                    row.mark = Mark::Call;
                }
                row.peer = peer_addr.map(|p| self.lane_for(&p, me.as_ref()));
            }
            ("accept", Value::Accepted { socket, addr }) => {
                let new = self.socket_lane(socket.id);
                row.mark = Mark::Accept;
                row.label = format!("accept → {} from {addr}", socket.id);
                row.peer = Some(new);
            }
            ("send" | "sendall" | "sendto", v) => {
                let n = match (v, &op) {
                    (Value::Int(n), _) => *n as u64,
                    (_, Some(op)) => op.payload_len() as u64,
                    _ => 0,
                };
                row.mark = Mark::Data;
                row.label = format!("{} {n} B →", r.op);
                let target = match &op {
                    Some(Op::Sendto { addr, .. }) => Some(SockAddr {
                        ip: loopback_name(&addr.host),
                        port: u16::try_from(addr.port).unwrap_or(0),
                    }),
                    _ => peer_addr,
                };
                row.peer = target.map(|p| self.lane_for(&p, me.as_ref()));
            }
            ("recv", Value::Bytes(p)) if p.as_bytes().is_empty() => {
                row.mark = Mark::Fin;
                row.label = "recv → b'' (EOF)".into();
            }
            ("recv", Value::Bytes(p)) => {
                row.mark = Mark::Data;
                row.label = format!("recv ← {} B", p.as_bytes().len());
            }
            ("recvfrom", Value::Datagram { data, addr }) => {
                row.mark = Mark::Data;
                row.label = format!("recvfrom ← {} B from {addr}", data.as_bytes().len());
            }
            ("shutdown", _) => {
                let how = match &op {
                    Some(Op::Shutdown { how, .. }) => *how,
                    _ => ShutdownHow::Both,
                };
                if stream && how != ShutdownHow::Read {
                    row.mark = Mark::Fin;
                    row.label = format!("shutdown({}): FIN →", how.python_name());
                    row.peer = peer_addr.map(|p| self.lane_for(&p, me.as_ref()));
                } else {
                    // SHUT_RD (and any UDP shutdown) sends nothing.
                    row.label = format!("shutdown({})", how.python_name());
                }
            }
            ("close", _) => {
                // The snapshot was taken just before close(): Linux answers
                // a close with unread data with RST instead of FIN.
                let unread = r.socket.as_ref().and_then(|s| s.recv_queue).unwrap_or(0);
                row.mark = Mark::Close;
                row.label = match (stream && peer_addr.is_some(), unread) {
                    (false, _) => "close()".into(),
                    (true, 0) => "close: FIN →".into(),
                    (true, n) => {
                        row.mark = Mark::Rst;
                        format!("close with {n} B unread: RST →")
                    }
                };
                if stream {
                    row.peer = peer_addr.map(|p| self.lane_for(&p, me.as_ref()));
                }
            }
            ("bind", _) => {
                row.label = match &me {
                    Some(a) => format!("bind → {a}"),
                    None => "bind()".into(),
                };
            }
            ("listen", _) => row.label = "listen()".into(),
            _ => {}
        }
    }

    /// The kernel's state of closed sockets' connections changed: a row on
    /// each socket's (ended) lane saying what the kernel holds now.
    pub(super) fn chart_lingering(&mut self, seq: u64, now: &[LingeringConn]) {
        let changed: Vec<(SocketId, String)> = now
            .iter()
            .filter(|c| {
                let before = self.lingering.iter().find(|l| l.sock == c.sock);
                before.map(|b| b.state) != Some(c.state)
            })
            .map(|c| (c.sock, format!("kernel: {} {}", c.local, c.state.name())))
            .collect();
        let released: Vec<(SocketId, String)> = self
            .lingering
            .iter()
            .filter(|l| !now.iter().any(|n| n.sock == l.sock))
            .map(|l| (l.sock, format!("kernel: {} released", l.local)))
            .collect();
        for (sock, label) in changed.into_iter().chain(released) {
            let lane = self.socket_lane(sock);
            self.timeline.push(Item {
                seq,
                entry: None,
                lane,
                peer: None,
                outgoing: true,
                mark: Mark::Close,
                label,
            });
        }
    }

    /// A service event: a new client, bytes read, bytes written, the end.
    pub(super) fn chart_service(&mut self, seq: u64, a: &ServiceActivity) {
        let lane = self
            .timeline
            .lane(LaneKey::Service(a.service.clone()), || a.service.clone());
        let client = self.lane_for(&a.peer, None);
        let (mark, peer, outgoing, label) = match a.what {
            Activity::Opened => (
                Mark::Connect,
                Some(client),
                false,
                format!("{}: new client {}", a.service, a.peer),
            ),
            Activity::Received { bytes } => (
                Mark::Data,
                None,
                true,
                format!("{} read {bytes} B", a.service),
            ),
            Activity::Sent { bytes } => (
                Mark::Data,
                Some(client),
                true,
                format!("{} sent {bytes} B →", a.service),
            ),
            Activity::Closed { reset, .. } => (
                if reset { Mark::Rst } else { Mark::Fin },
                Some(client),
                true,
                format!(
                    "{} {}",
                    a.service,
                    if reset {
                        "reset (RST) →"
                    } else {
                        "closed (FIN) →"
                    }
                ),
            ),
        };
        self.timeline.push(Item {
            seq,
            entry: None,
            lane,
            peer,
            outgoing,
            mark,
            label,
        });
    }

    /// The lane of one of the learner's sockets.
    fn socket_lane(&mut self, id: SocketId) -> usize {
        let label = match self.sockets.get(id) {
            Some(row) => {
                let kind = if row.is_stream() { "TCP" } else { "UDP" };
                match row.accepted_from {
                    Some(from) => format!("{id} {kind} (from {from})"),
                    None => format!("{id} {kind}"),
                }
            }
            None => id.to_string(),
        };
        self.timeline.lane(LaneKey::Socket(id), || label)
    }

    /// The lane at `addr`, seen from a socket bound to `me`.
    fn lane_for(&mut self, addr: &SockAddr, me: Option<&SockAddr>) -> usize {
        if let Some(id) = self.sockets.by_local(addr, me) {
            return self.socket_lane(id);
        }
        let service = self.hello.as_ref().and_then(|h| {
            h.services
                .iter()
                .find(|s| s.port == addr.port)
                .map(|s| s.name.clone())
        });
        match service {
            Some(name) => self
                .timeline
                .lane(LaneKey::Service(name.clone()), || name.clone()),
            None => self.timeline.lane(LaneKey::Outside, || "outside".into()),
        }
    }
}

/// `localhost` as the address it names here, so a `sendto(...,
/// ('localhost', port))` arrow finds the socket bound to 127.0.0.1.
fn loopback_name(host: &str) -> String {
    match host {
        "localhost" | "" => "127.0.0.1".into(),
        h => h.to_string(),
    }
}

#[cfg(test)]
#[path = "chart_tests.rs"]
mod tests;
