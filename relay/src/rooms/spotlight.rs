//! The spotlight: one member's calls, shown to the teacher as they complete
//! so the projector can follow a student's session ("let's look at what
//! Ada did"). Only the spotlighted member's calls are kept, at most
//! [`KEPT`] of them, each a short Python line and its result already
//! written out; with no spotlight on, nothing is recorded at all.

use interp::socket::spelling::data_arg;
use interp::value::{float_repr, str_repr};
use shared::{CallEnd, OptValue, Outcome, SocketId, SpotlightCall, Value};
use std::collections::VecDeque;

/// Calls kept: what a projector shows, and a little history for a teacher
/// who turns the presenter view on late.
pub const KEPT: usize = 50;

/// The longest line or result kept, in characters: a long host name or a
/// big `recv` must not make one call a page long.
const CLIP: usize = 200;

/// The spotlight of one room.
#[derive(Debug)]
pub struct Spotlight {
    /// Whose calls are recorded, if anyone's.
    member: Option<u32>,
    /// The newest calls, oldest first.
    calls: VecDeque<SpotlightCall>,
    /// The next call's number: increasing through the room's life, across
    /// spotlights, so the teacher's session asks for "after `n`" whatever
    /// changed meanwhile.
    next: u64,
}

impl Default for Spotlight {
    fn default() -> Self {
        Spotlight {
            member: None,
            calls: VecDeque::new(),
            next: 1,
        }
    }
}

/// A call about to be recorded, before its number and time are known.
#[derive(Debug)]
pub struct Call {
    /// The socket, if any.
    pub sock: Option<SocketId>,
    /// The op's name.
    pub op: String,
    /// The Python line.
    pub line: String,
    /// Its outcome as one line.
    pub result: String,
    /// How it ended.
    pub end: CallEnd,
}

impl Spotlight {
    /// Whose calls are recorded.
    pub fn member(&self) -> Option<u32> {
        self.member
    }

    /// Turns the spotlight on `member` (or off): the calls of whoever was
    /// in it before are dropped.
    pub fn set(&mut self, member: Option<u32>) {
        self.member = member;
        self.calls.clear();
    }

    /// Records `call` by `who` at `at_ms`, if `who` is in the spotlight;
    /// whether it was.
    pub fn push(&mut self, who: u32, call: Call, at_ms: u64) -> bool {
        if self.member != Some(who) {
            return false;
        }
        self.calls.push_back(SpotlightCall {
            n: self.next,
            at_ms,
            sock: call.sock,
            op: call.op,
            line: clip(call.line),
            result: clip(call.result),
            end: call.end,
        });
        self.next += 1;
        if self.calls.len() > KEPT {
            self.calls.pop_front();
        }
        true
    }

    /// The spotlighted member and their calls after number `n`.
    pub fn since(&self, n: u64) -> Option<(u32, Vec<SpotlightCall>)> {
        let member = self.member?;
        let calls = self.calls.iter().filter(|c| c.n > n).cloned().collect();
        Some((member, calls))
    }
}

/// Cuts `s` to [`CLIP`] characters, marking the cut.
fn clip(mut s: String) -> String {
    if let Some((at, _)) = s.char_indices().nth(CLIP) {
        s.truncate(at);
        s.push('…');
    }
    s
}

/// A call's outcome as the projector shows it: what the REPL would print
/// (nothing for `None`; a new socket by its handle), or the exception line.
pub fn outcome_line(outcome: &Outcome) -> (String, CallEnd) {
    match outcome {
        Outcome::Ok(v) => (value_line(v), CallEnd::Ok),
        Outcome::Err(e) => (e.to_string(), CallEnd::Error),
        Outcome::Cancelled { reason } => (format!("cancelled: {reason}"), CallEnd::Cancelled),
    }
}

/// A returned value, short: sockets by their handle (`s4`), long bytes by
/// their start and length.
fn value_line(v: &Value) -> String {
    match v {
        Value::None => String::new(),
        Value::Int(n) => n.to_string(),
        Value::Float(f) => float_repr(*f),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Str(s) => str_repr(s),
        Value::Bytes(p) => data_arg(p.as_bytes()),
        Value::Addr(a) => a.python_repr(),
        Value::Socket(s) => s.id.to_string(),
        Value::Accepted { socket, addr } => format!("({}, {})", socket.id, addr.python_repr()),
        Value::Datagram { data, addr } => {
            format!("({}, {})", data_arg(data.as_bytes()), addr.python_repr())
        }
        Value::Linger(OptValue::Int(n)) => n.to_string(),
        Value::Linger(OptValue::Linger { onoff, seconds }) => {
            format!("({}, {seconds})", i32::from(*onoff))
        }
        Value::AddrInfo(entries) => {
            let addrs: Vec<String> = entries.iter().map(|e| e.addr.python_repr()).collect();
            format!("[{}]", addrs.join(", "))
        }
        Value::HostEx { name, addrs, .. } => {
            let addrs: Vec<String> = addrs.iter().map(|a| str_repr(a)).collect();
            format!("({}, […], [{}])", str_repr(name), addrs.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::{ExceptionClass, PyError, SockAddr};

    fn call(line: &str) -> Call {
        Call {
            sock: Some(SocketId(1)),
            op: "recv".into(),
            line: line.into(),
            result: "b'hi'".into(),
            end: CallEnd::Ok,
        }
    }

    #[test]
    fn only_the_spotlighted_members_calls_are_kept_and_only_the_newest() {
        let mut s = Spotlight::default();
        assert!(
            !s.push(2, call("s1.recv(16)"), 5),
            "no spotlight: nothing kept"
        );
        assert_eq!(s.since(0), None);
        s.set(Some(2));
        assert!(!s.push(3, call("s1.recv(16)"), 5), "someone else's call");
        for i in 0..KEPT + 10 {
            assert!(s.push(2, call(&format!("s1.recv({i})")), 10));
        }
        let Some((member, calls)) = s.since(0) else {
            panic!("a spotlight is on")
        };
        assert_eq!(member, 2);
        assert_eq!(calls.len(), KEPT);
        assert_eq!(calls[KEPT - 1].line, format!("s1.recv({})", KEPT + 9));
        let last = calls[KEPT - 1].n;
        assert_eq!(s.since(last).map(|(_, c)| c.len()), Some(0));
        // A new spotlight starts empty; numbers keep increasing.
        s.set(Some(3));
        assert!(s.push(3, call("s1.recv(1)"), 20));
        let (_, calls) = s.since(0).unwrap_or_default();
        assert_eq!(calls.len(), 1);
        assert!(calls[0].n > last);
        s.set(None);
        assert_eq!(s.since(0), None);
    }

    #[test]
    fn long_lines_are_clipped() {
        let mut s = Spotlight::default();
        s.set(Some(1));
        s.push(1, call(&"é".repeat(500)), 0);
        let (_, calls) = s.since(0).unwrap_or_default();
        assert_eq!(calls[0].line.chars().count(), CLIP + 1);
        assert!(calls[0].line.ends_with('…'));
    }

    #[test]
    fn outcomes_read_like_the_repl_but_short() {
        assert_eq!(
            outcome_line(&Outcome::Ok(Value::None)),
            (String::new(), CallEnd::Ok)
        );
        assert_eq!(
            outcome_line(&Outcome::Ok(Value::Bytes("hello".into()))).0,
            "b'hello'"
        );
        assert_eq!(
            outcome_line(&Outcome::Ok(Value::Bytes(shared::Payload(vec![
                b'x';
                5000
            ]))))
            .0,
            "b'x' * 5000"
        );
        let addr = SockAddr {
            ip: "127.0.0.1".into(),
            port: 40000,
        };
        let mut socket = shared::samples::sample_snapshot();
        socket.id = SocketId(4);
        assert_eq!(
            outcome_line(&Outcome::Ok(Value::Accepted { socket, addr })).0,
            "(s4, ('127.0.0.1', 40000))"
        );
        let refused = PyError::from_errno(libc::ECONNREFUSED);
        assert_eq!(
            outcome_line(&Outcome::Err(refused)),
            (
                "ConnectionRefusedError: [Errno 111] Connection refused".into(),
                CallEnd::Error
            )
        );
        let e = PyError::plain(ExceptionClass::TypeError, "nope");
        assert_eq!(outcome_line(&Outcome::Err(e)).1, CallEnd::Error);
        assert_eq!(
            outcome_line(&Outcome::Cancelled {
                reason: "socket closed".into()
            }),
            ("cancelled: socket closed".into(), CallEnd::Cancelled)
        );
    }
}
