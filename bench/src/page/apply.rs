//! The cost of one event in the model, with 10,000 already in the timeline.
//!
//! The state is built from the events a real session produces: a TCP socket
//! doing `sendall` / `recv` round trips against an echo service, each with
//! a short syscall trace. Each timed step applies one more result the way
//! yew does (`Reducible::reduce` on an `Rc` the previous render still
//! holds), so the reducer's copy-on-write is included.

use playground::state::{Action, Entry, State};
use shared::trace::{Interest, WaitEnd};
use shared::{
    Body, Command, Event, Family, Op, OpResult, Outcome, Payload, SockAddr, SockType, SocketId,
    SocketSnapshot, Trace, TraceStep, Value,
};
use std::rc::Rc;
use std::time::Instant;
use yew::Reducible as _;

/// Events in the full state.
pub const EVENTS: usize = 10_000;

/// Median and p99 in µs for a full and an empty state, and the baseline
/// copy of a plain `Vec` of entries.
#[derive(Debug)]
pub struct Applies {
    pub events: usize,
    pub full: (f64, f64),
    pub empty: (f64, f64),
    pub vec_clone: (f64, f64),
}

fn snapshot() -> SocketSnapshot {
    SocketSnapshot {
        id: SocketId(1),
        fd: 7,
        family: Family::Inet,
        kind: SockType::Stream,
        local: Some(SockAddr {
            ip: "127.0.0.1".into(),
            port: 40_000,
        }),
        peer: Some(SockAddr {
            ip: "127.0.0.1".into(),
            port: 7000,
        }),
        timeout: None,
        tcp_state: None,
        recv_queue: Some(0),
        send_queue: Some(0),
        accept_queue: None,
        closed: false,
    }
}

/// The sent command and its result event for command `id` (one timeline
/// row each).
fn round(id: u64, seq: u64) -> (Action, Action) {
    let data = Payload::from(&b"hello, echo! hello, echo!"[..]);
    let (op, outcome, name) = if id % 2 == 0 {
        (
            Op::Sendall {
                sock: SocketId(1),
                data: data.clone(),
            },
            Outcome::Ok(Value::None),
            "sendall",
        )
    } else {
        (
            Op::Recv {
                sock: SocketId(1),
                bufsize: 1024,
            },
            Outcome::Ok(Value::Bytes(data)),
            "recv",
        )
    };
    let trace = Trace {
        steps: vec![
            TraceStep::Wait {
                interest: Interest::Readable,
                end: WaitEnd::Ready,
                waited_us: 40,
            },
            TraceStep::Syscall {
                call: name.into(),
                args: "fd=7, 1024".into(),
                ret: 25,
                errno: None,
                at_us: 45,
            },
        ],
        omitted: 0,
    };
    let sent = Action::Sent {
        command: Command::new(id, op),
        at_ms: seq as f64,
    };
    let result = Action::Received {
        event: Box::new(Event {
            seq,
            body: Body::Result(OpResult {
                id,
                op: name.into(),
                sock: Some(SocketId(1)),
                outcome,
                trace,
                socket: Some(snapshot()),
                elapsed_us: 50,
            }),
        }),
        at_ms: seq as f64,
    };
    (sent, result)
}

fn state_with(rounds: usize) -> State {
    let mut s = State::default();
    for i in 0..rounds {
        let (sent, result) = round(i as u64 + 1, i as u64 + 1);
        s.apply(sent);
        s.apply(result);
    }
    s
}

fn percentiles(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    let at = |p: f64| v[((v.len() - 1) as f64 * p / 100.0).round() as usize];
    (at(50.0), at(99.0))
}

/// Times applying `n` results to a state that has `rounds` rounds already.
fn time_applies(rounds: usize, n: usize) -> (f64, f64) {
    let mut state = Rc::new(state_with(rounds));
    let mut samples = Vec::with_capacity(n);
    for i in 0..n {
        let id = (rounds + i) as u64 + 1;
        let (sent, result) = round(id, id);
        state = state.reduce(sent);
        // The previous render holds the state: the reducer must copy.
        let held = state.clone();
        let t = Instant::now();
        let next = state.reduce(result);
        samples.push(t.elapsed().as_secs_f64() * 1e6);
        drop(held);
        state = next;
    }
    percentiles(samples)
}

/// The whole measurement.
pub fn measure(n: usize) -> Applies {
    let full = time_applies(EVENTS, n);
    let empty = time_applies(0, n);
    // Baseline: the copy a `Vec<Entry>` model would make on every event.
    let full_state = state_with(EVENTS);
    let entries: Vec<Entry> = full_state.entries.iter().cloned().collect();
    let mut samples = Vec::with_capacity(n.min(200));
    for _ in 0..n.min(200) {
        let t = Instant::now();
        let copy = entries.clone();
        samples.push(t.elapsed().as_secs_f64() * 1e6);
        drop(copy);
    }
    Applies {
        events: full_state.timeline.items.len(),
        full,
        empty,
        vec_clone: percentiles(samples),
    }
}
