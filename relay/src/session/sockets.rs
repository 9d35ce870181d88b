//! The session's socket table: creating sockets, adopting accepted ones,
//! and routing each socket method to its socket's actor in order (with the
//! busy, close and limit rules).

use shared::{Op, Outcome, PyError, Rejection, SocketId, Trace, Value};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::actor::{self, SockCmd};
use super::{Entry, Session};
use crate::socket::{self, LearnerSocket};

impl Session {
    pub(super) fn open_count(&self) -> u32 {
        self.sockets.len() as u32 + self.reserved
    }

    /// `socket.socket(family, type)`: a real `socket()` call, inline (it
    /// never blocks), then an actor for the new descriptor.
    pub(super) fn create(&mut self, id: u64, family: shared::Family, kind: shared::SockType) {
        let max = self.env.relay.config.limits.max_sockets;
        if self.open_count() >= max {
            let detail = format!("a session may have {max} sockets open; close one first");
            return self.limit(id, "sockets", detail);
        }
        let started = Instant::now();
        let mut trace = Trace::default();
        let created = socket::create(family, kind);
        let (ret, errno) = match &created {
            Ok(s) => {
                use std::os::fd::AsRawFd;
                (i64::from(s.as_raw_fd()), None)
            }
            Err(e) => (-1, Some(*e)),
        };
        trace.push(shared::TraceStep::Syscall {
            call: "socket".into(),
            args: format!(
                "{}, {}|SOCK_NONBLOCK|SOCK_CLOEXEC, 0",
                family.python_name(),
                kind.python_name()
            ),
            ret,
            errno,
            at_us: started.elapsed().as_micros() as u64,
        });
        let sock_id = SocketId(self.next_id);
        let learner = created
            .and_then(|s| LearnerSocket::new(sock_id, family, kind, s, self.default_timeout));
        match learner {
            Ok(learner) => {
                self.next_id += 1;
                let snap = learner.snapshot();
                self.adopt(learner);
                self.result(
                    id,
                    "socket",
                    Some(sock_id),
                    Outcome::Ok(Value::Socket(snap.clone())),
                    trace,
                    Some(snap),
                    started.elapsed(),
                );
            }
            Err(errno) => self.result(
                id,
                "socket",
                None,
                Outcome::Err(PyError::from_errno(errno)),
                trace,
                None,
                started.elapsed(),
            ),
        }
    }

    /// Starts an actor for a socket the session now owns.
    pub(super) fn adopt(&mut self, learner: LearnerSocket) {
        let (tx, rx) = mpsc::channel(64);
        let cancel = CancellationToken::new();
        let id = learner.id;
        self.actors.spawn(actor::run(
            learner,
            rx,
            self.task_tx.clone(),
            cancel.clone(),
            self.env.clone(),
        ));
        self.sockets.insert(
            id,
            Entry {
                tx,
                cancel,
                pending: None,
                closing: false,
            },
        );
    }

    /// Routes a socket method to its socket's actor.
    ///
    /// Commands run in the order they arrive. While a socket waits in a
    /// blocking call, a further command is refused as busy — and `close`
    /// cancels the wait — only if the client knew about the wait when it
    /// sent the command (`seen` at or past the `pending` event, or no `seen`
    /// at all, as a hand-typed command has). Otherwise the client is
    /// pipelining, and the command queues behind the call.
    pub(super) fn route_to_socket(&mut self, id: u64, op: Op, seen: Option<u64>) {
        let Some(sock) = op.socket() else { return };
        let name = op.name();
        // Charged to the byte rates before routing: given back when the
        // command is refused here, since it never runs.
        let payload = op.payload_len();
        let max = self.env.relay.config.limits.max_sockets;
        let at_limit = self.open_count() >= max;
        let cmd = SockCmd {
            id,
            op,
            default_timeout: self.default_timeout,
        };
        let Some(entry) = self.sockets.get_mut(&sock) else {
            self.give_back(payload);
            return self.closed_or_unknown(id, sock, name);
        };
        let knew = entry
            .pending
            .filter(|(_, pending_seq)| seen.is_none_or(|s| s >= *pending_seq))
            .map(|(op, _)| op);
        match &cmd.op {
            Op::Close { .. } => {
                if knew.is_some() {
                    entry.cancel.cancel();
                }
                if entry.closing {
                    // Python's close() of a closed socket does nothing.
                    return self.result(
                        id,
                        name,
                        Some(sock),
                        Outcome::Ok(Value::None),
                        Trace::default(),
                        None,
                        Duration::ZERO,
                    );
                }
                entry.closing = true;
                if let Err(mpsc::error::TrySendError::Full(cmd)) = entry.tx.try_send(cmd) {
                    // Close must get through even behind a full queue: this
                    // waits its turn.
                    let tx = entry.tx.clone();
                    tokio::spawn(async move {
                        let _ = tx.send(cmd).await;
                    });
                }
                return;
            }
            _ if entry.closing => {
                self.give_back(payload);
                return self.closed_or_unknown(id, sock, name);
            }
            _ => {}
        }
        if let Some(pending) = knew {
            let pending = pending.to_string();
            self.give_back(payload);
            return self.reject(Some(id), Rejection::Busy { sock, pending });
        }
        let is_accept = matches!(cmd.op, Op::Accept { .. });
        if is_accept && at_limit {
            let detail =
                format!("a session may have {max} sockets open; accept would make one more");
            return self.limit(id, "sockets", detail);
        }
        let max_queued = self.env.relay.config.limits.max_buffered_bytes as usize;
        let queued: usize = self.queued_payload.values().sum();
        if payload > 0 && queued + payload > max_queued {
            let detail = format!(
                "{queued} bytes of earlier sends are still queued (at most {max_queued}); wait for their results"
            );
            self.give_back(payload);
            return self.limit(id, "queued_bytes", detail);
        }
        let Some(entry) = self.sockets.get(&sock) else {
            self.give_back(payload);
            return self.closed_or_unknown(id, sock, name);
        };
        if entry.tx.try_send(cmd).is_err() {
            let detail = "too many commands queued for this socket; wait for results".to_string();
            self.give_back(payload);
            return self.limit(id, "queued_ops", detail);
        }
        if payload > 0 {
            *self.queued_payload.entry(sock).or_default() += payload;
        }
        if is_accept {
            self.reserved += 1;
        }
    }

    /// The answer for a socket id that is not open: `EBADF` if it was closed
    /// (Python's fd is -1 then, and the kernel says so), else a rejection.
    fn closed_or_unknown(&mut self, id: u64, sock: SocketId, name: &'static str) {
        if sock.0 >= 1 && sock.0 < self.next_id {
            let mut trace = Trace::default();
            trace.push(shared::TraceStep::Note {
                text: format!(
                    "{sock} is closed: Python calls {name}(-1, …) and the kernel answers EBADF"
                ),
            });
            let err = Outcome::Err(PyError::from_errno(libc::EBADF));
            return self.result(id, name, Some(sock), err, trace, None, Duration::ZERO);
        }
        self.reject(Some(id), Rejection::UnknownSocket { sock });
    }
}
