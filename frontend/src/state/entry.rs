//! One console line: a command, when it left, and what became of it.

use crate::python;
use crate::trace::{self, TraceLine};
use shared::{Op, OpResult, Outcome, PyError, Rejection, Value};

/// Where one command stands.
#[derive(Clone, Debug, PartialEq)]
pub enum EntryStatus {
    /// Sent; nothing heard yet.
    Sent,
    /// The relay says the call is blocking (a `recv` waiting for data).
    Pending {
        /// The socket's timeout, if any, for a countdown.
        timeout: Option<f64>,
        /// When the page heard it was waiting (page clock, ms).
        since_ms: f64,
        /// For a long `sendall`: bytes sent so far and in all.
        progress: Option<(u64, u64)>,
    },
    /// Finished: returned, raised, or cancelled (boxed: results are large).
    Done(Box<OpResult>),
    /// The relay refused to run it (bad input, policy, a limit).
    Rejected(Rejection),
    /// Python itself would raise this before any system call (a port out of
    /// range, a negative buffer size): the page checked and sent nothing.
    RaisedLocally(PyError),
    /// It never left the page (the WebSocket was gone).
    NotSent {
        /// Why.
        reason: String,
    },
}

/// One command and what became of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The command's id (for a locally raised error, an id no command uses).
    pub id: u64,
    /// The Python line, when the op could not be formed (a local raise).
    pub line: Option<String>,
    /// What was asked (`None` for a local raise whose arguments were invalid).
    pub op: Option<Op>,
    /// When it was sent (page clock, ms).
    pub sent_ms: f64,
    /// What happened.
    pub status: EntryStatus,
    /// The event seq of its result: the order the kernel finished calls in,
    /// which an exported script replays (a pending `accept` finishes after
    /// the `connect` clicked later).
    pub done_seq: Option<u64>,
    /// The script or console line that made this call, when Python did.
    pub origin: Option<String>,
}

/// How a result line should look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultKind {
    /// Still waiting.
    Waiting,
    /// Returned normally.
    Ok,
    /// Raised a Python exception.
    Error,
    /// The call was cancelled (its socket closed under it).
    Cancelled,
    /// The relay refused it: not a socket error but a relay rule.
    Rejected,
}

impl ResultKind {
    /// A stable lower-case name, used as a CSS class and `data-kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            ResultKind::Waiting => "waiting",
            ResultKind::Ok => "ok",
            ResultKind::Error => "error",
            ResultKind::Cancelled => "cancelled",
            ResultKind::Rejected => "rejected",
        }
    }
}

/// Which way a payload went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The learner's socket sent it.
    Sent,
    /// The learner's socket received it.
    Received,
}

impl EntryStatus {
    /// Whether the call is still waiting for its result.
    pub fn is_waiting(&self) -> bool {
        matches!(self, EntryStatus::Sent | EntryStatus::Pending { .. })
    }
}

impl Entry {
    /// The Python line the learner would type for this command.
    pub fn call_line(&self) -> String {
        if let Some(line) = &self.line {
            return line.clone();
        }
        let Some(op) = &self.op else {
            return String::new();
        };
        let target = match &self.status {
            EntryStatus::Done(r) => match &r.outcome {
                Outcome::Ok(Value::Socket(s)) => Some(s.id),
                Outcome::Ok(Value::Accepted { socket, .. }) => Some(socket.id),
                _ => None,
            },
            _ => None,
        };
        // `accept()` returns a new socket: once the relay has said which,
        // name it as the table does (`s3, addr = s1.accept()`), so the
        // learner can tell which row the call created.
        if let (Op::Accept { sock }, Some(new)) = (op, target) {
            return format!("{new}, addr = {sock}.accept()");
        }
        python::call_line(op, target)
    }

    /// How the result looks, and its text: what the REPL would print (empty
    /// for `None`), the exception line, or the relay's refusal.
    pub fn result(&self) -> (ResultKind, String) {
        match &self.status {
            EntryStatus::Sent => (ResultKind::Waiting, "…".into()),
            EntryStatus::Pending { timeout, .. } => (
                ResultKind::Waiting,
                match timeout {
                    Some(t) => format!("… blocking (timeout {})", python::float_repr(*t)),
                    None => "… blocking".into(),
                },
            ),
            EntryStatus::Done(r) => match &r.outcome {
                Outcome::Ok(v) => (ResultKind::Ok, python::value_repr(v).unwrap_or_default()),
                Outcome::Err(e) => (ResultKind::Error, e.to_string()),
                Outcome::Cancelled { reason } => {
                    (ResultKind::Cancelled, format!("cancelled: {reason}"))
                }
            },
            EntryStatus::RaisedLocally(e) => (ResultKind::Error, e.to_string()),
            EntryStatus::Rejected(r) => (ResultKind::Rejected, format!("relay rejected: {r}")),
            EntryStatus::NotSent { reason } => {
                (ResultKind::Rejected, format!("not sent: {reason}"))
            }
        }
    }

    /// The exception the call raised, if it raised one.
    pub fn error(&self) -> Option<&PyError> {
        match &self.status {
            EntryStatus::Done(r) => match &r.outcome {
                Outcome::Err(e) => Some(e),
                _ => None,
            },
            EntryStatus::RaisedLocally(e) => Some(e),
            _ => None,
        }
    }

    /// The op's Python name (`recv`), for explanations.
    pub fn op_name(&self) -> &str {
        self.op.as_ref().map_or("", Op::name)
    }

    /// Whether the call is still waiting for its result.
    pub fn is_waiting(&self) -> bool {
        self.status.is_waiting()
    }

    /// Whether a `recv`/`recvfrom` returned `b''`: the peer closed (EOF).
    pub fn is_eof(&self) -> bool {
        match &self.status {
            EntryStatus::Done(r) => {
                r.op == "recv"
                    && matches!(&r.outcome, Outcome::Ok(Value::Bytes(p)) if p.as_bytes().is_empty())
            }
            _ => false,
        }
    }

    /// The bytes this call moved, and which way: what `send`/`sendall`/
    /// `sendto` sent, or what `recv`/`recvfrom` returned.
    pub fn payload(&self) -> Option<(Direction, &[u8])> {
        if let EntryStatus::Done(r) = &self.status {
            match &r.outcome {
                Outcome::Ok(Value::Bytes(p)) => return Some((Direction::Received, p.as_bytes())),
                Outcome::Ok(Value::Datagram { data, .. }) => {
                    return Some((Direction::Received, data.as_bytes()))
                }
                _ => {}
            }
        }
        match self.op.as_ref()? {
            Op::Send { data, .. } | Op::Sendall { data, .. } | Op::Sendto { data, .. } => {
                Some((Direction::Sent, data.as_bytes()))
            }
            _ => None,
        }
    }

    /// The syscall trace, once the result is in.
    pub fn trace(&self) -> Vec<TraceLine> {
        match &self.status {
            EntryStatus::Done(r) => trace::lines(&r.trace),
            _ => Vec::new(),
        }
    }

    /// How long the op took in the relay, once finished.
    pub fn elapsed_us(&self) -> Option<u64> {
        match &self.status {
            EntryStatus::Done(r) => Some(r.elapsed_us),
            _ => None,
        }
    }
}
