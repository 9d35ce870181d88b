//! Presets: short guided sequences of calls ("TCP echo client", "my own echo
//! server", …) that a learner steps through one call at a time, each shown
//! as the Python line it runs.
//!
//! A step may refer to what earlier steps produced — "the socket step 1
//! created", "the address step 3 bound" — so its op is resolved from the
//! session's results just before it is sent ([`resolve`]). Pure: tested
//! natively against a model fed with relay events.

mod catalogue;

pub use catalogue::all;

use crate::state::{EntryStatus, State};
use shared::{
    Address, Family, Op, OptValue, Outcome, Payload, ServiceProto, SockOpt, SockType, SocketId,
    Value,
};

/// Where a step's socket comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SockRef {
    /// The socket that step `n` (from 0) created with `socket()` or `accept()`.
    Step(usize),
}

/// Where a step's address comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddrRef {
    /// A relay service, by name and transport.
    Service(&'static str, ServiceProto),
    /// The local address of the socket step `n` created (after it bound).
    LocalOf(usize),
    /// A fixed loopback address.
    Fixed(&'static str, u16),
}

/// One step's call, with references still unresolved.
#[derive(Clone, Debug, PartialEq)]
pub enum StepOp {
    /// `socket(family, type)`.
    Socket(Family, SockType),
    /// `setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)`.
    ReuseAddr(SockRef),
    /// `bind(addr)`.
    Bind(SockRef, AddrRef),
    /// `listen(backlog)`.
    Listen(SockRef, i32),
    /// `accept()`.
    Accept(SockRef),
    /// `connect(addr)`.
    Connect(SockRef, AddrRef),
    /// `sendall(data)`.
    Sendall(SockRef, &'static [u8]),
    /// `send(b'x' * n)` (or `sendall` when the flag is set): a buffer too
    /// big for the socket's buffers (C13, C14).
    SendMany(SockRef, usize, bool),
    /// `setsockopt(SOL_SOCKET, SO_SNDBUF, n)`: a small send buffer fills
    /// sooner.
    SndBuf(SockRef, i64),
    /// `sendto(data, addr)`.
    Sendto(SockRef, &'static [u8], AddrRef),
    /// `recv(n)`.
    Recv(SockRef, i64),
    /// `recvfrom(n)`.
    Recvfrom(SockRef, i64),
    /// `settimeout(t)`.
    Settimeout(SockRef, Option<f64>),
    /// `setblocking(flag)`.
    Setblocking(SockRef, bool),
    /// `shutdown(SHUT_WR)`.
    ShutdownWrite(SockRef),
    /// `getsockname()`: also refreshes the socket's row (a listener's
    /// accept queue changes without any call on it).
    Getsockname(SockRef),
    /// `close()`.
    Close(SockRef),
}

/// One step: a call and a sentence on what to watch for.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The call.
    pub op: StepOp,
    /// What the learner should notice.
    pub say: &'static str,
    /// The call is expected to block: the next step may run while it waits.
    pub blocks: bool,
    /// Run again while the preset's message is incomplete (the course's
    /// `while amount_received < amount_expected` loop of `recv`s).
    pub repeat: bool,
}

/// A guided sequence.
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// Stable id (for test ids and the picker).
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// The curriculum concepts it shows (`C7`, …).
    pub concepts: &'static str,
    /// The steps.
    pub steps: Vec<Step>,
    /// The length of the message the repeating step reassembles, if any.
    pub expect: Option<usize>,
}

/// What has been sent, in order: `(step index, command id)`. A repeating
/// step appears once per run.
pub type Runs = [(usize, u64)];

/// The command id of step `n`'s first run.
fn id_of(runs: &Runs, n: usize) -> Option<u64> {
    runs.iter().find(|(k, _)| *k == n).map(|(_, id)| *id)
}

/// Why a step cannot be resolved yet.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unresolved {
    /// An earlier step has not produced what this one needs.
    #[error("waiting for step {0} to finish")]
    Waiting(usize),
    /// An earlier step failed or was skipped.
    #[error("step {0} did not produce a socket or address")]
    Missing(usize),
    /// The relay does not announce the service.
    #[error("the relay has no {0} service")]
    NoService(&'static str),
}

/// Resolves a step's op from the session and what the preset has sent.
pub fn resolve(op: &StepOp, runs: &Runs, state: &State) -> Result<Op, Unresolved> {
    let sock = |r: SockRef| -> Result<SocketId, Unresolved> {
        let SockRef::Step(n) = r;
        let id = id_of(runs, n).ok_or(Unresolved::Waiting(n + 1))?;
        let entry = state.entry(id).ok_or(Unresolved::Waiting(n + 1))?;
        match &entry.status {
            EntryStatus::Done(r) => match &r.outcome {
                Outcome::Ok(Value::Socket(s)) => Ok(s.id),
                Outcome::Ok(Value::Accepted { socket, .. }) => Ok(socket.id),
                _ => Err(Unresolved::Missing(n + 1)),
            },
            EntryStatus::Sent | EntryStatus::Pending { .. } => Err(Unresolved::Waiting(n + 1)),
            _ => Err(Unresolved::Missing(n + 1)),
        }
    };
    let addr = |a: AddrRef| -> Result<Address, Unresolved> {
        match a {
            AddrRef::Service(name, proto) => state
                .service(name, proto)
                .map(|s| Address::new(s.host.clone(), i64::from(s.port)))
                .ok_or(Unresolved::NoService(name)),
            AddrRef::Fixed(host, port) => Ok(Address::new(host, i64::from(port))),
            AddrRef::LocalOf(n) => {
                let id = sock(SockRef::Step(n))?;
                let local = state
                    .sockets
                    .last_local(id)
                    .cloned()
                    .ok_or(Unresolved::Missing(n + 1))?;
                Ok(Address::new(local.ip, i64::from(local.port)))
            }
        }
    };
    let data = |d: &[u8]| Payload::from(d.to_vec());
    Ok(match op {
        StepOp::Socket(family, kind) => Op::Socket {
            family: *family,
            kind: *kind,
        },
        StepOp::ReuseAddr(s) => Op::Setsockopt {
            sock: sock(*s)?,
            option: SockOpt::ReuseAddr,
            value: OptValue::Int(1),
        },
        StepOp::Bind(s, a) => Op::Bind {
            sock: sock(*s)?,
            addr: addr(*a)?,
        },
        StepOp::Listen(s, backlog) => Op::Listen {
            sock: sock(*s)?,
            backlog: Some(*backlog),
        },
        StepOp::Accept(s) => Op::Accept { sock: sock(*s)? },
        StepOp::Connect(s, a) => Op::Connect {
            sock: sock(*s)?,
            addr: addr(*a)?,
        },
        StepOp::SendMany(s, n, all) => {
            let (sock, data) = (sock(*s)?, Payload::from(vec![b'x'; *n]));
            if *all {
                Op::Sendall { sock, data }
            } else {
                Op::Send { sock, data }
            }
        }
        StepOp::SndBuf(s, n) => Op::Setsockopt {
            sock: sock(*s)?,
            option: SockOpt::SndBuf,
            value: OptValue::Int(*n),
        },
        StepOp::Sendall(s, d) => Op::Sendall {
            sock: sock(*s)?,
            data: data(d),
        },
        StepOp::Sendto(s, d, a) => Op::Sendto {
            sock: sock(*s)?,
            data: data(d),
            addr: addr(*a)?,
        },
        StepOp::Recv(s, n) => Op::Recv {
            sock: sock(*s)?,
            bufsize: *n,
        },
        StepOp::Recvfrom(s, n) => Op::Recvfrom {
            sock: sock(*s)?,
            bufsize: *n,
        },
        StepOp::Settimeout(s, t) => Op::Settimeout {
            sock: sock(*s)?,
            timeout: *t,
        },
        StepOp::Setblocking(s, flag) => Op::Setblocking {
            sock: sock(*s)?,
            flag: *flag,
        },
        StepOp::ShutdownWrite(s) => Op::Shutdown {
            sock: sock(*s)?,
            how: shared::ShutdownHow::Write,
        },
        StepOp::Getsockname(s) => Op::Getsockname { sock: sock(*s)? },
        StepOp::Close(s) => Op::Close { sock: sock(*s)? },
    })
}

/// A step's Python line before its references can be resolved, naming
/// them by step: `(socket of step 1).listen(1)`, `(address of step 1)`.
pub fn sketch(op: &StepOp) -> String {
    let s = |r: &SockRef| {
        let SockRef::Step(n) = r;
        format!("(socket of step {})", n + 1)
    };
    let a = |r: &AddrRef| match r {
        AddrRef::Service(name, ServiceProto::Tcp) => format!("('127.0.0.1', {name} port)"),
        AddrRef::Service(name, ServiceProto::Udp) => format!("('127.0.0.1', UDP {name} port)"),
        AddrRef::LocalOf(n) => format!("(address of step {})", n + 1),
        AddrRef::Fixed(host, port) => format!("('{host}', {port})"),
    };
    let bytes = |d: &[u8]| crate::python::bytes_repr(d);
    match op {
        StepOp::Socket(f, k) => format!(
            "socket.socket(socket.{}, socket.{})",
            f.python_name(),
            k.python_name()
        ),
        StepOp::ReuseAddr(r) => format!(
            "{}.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            s(r)
        ),
        StepOp::Bind(r, ad) => format!("{}.bind({})", s(r), a(ad)),
        StepOp::Listen(r, n) => format!("{}.listen({n})", s(r)),
        StepOp::Accept(r) => format!("conn, addr = {}.accept()", s(r)),
        StepOp::Connect(r, ad) => format!("{}.connect({})", s(r), a(ad)),
        StepOp::Sendall(r, d) => format!("{}.sendall({})", s(r), bytes(d)),
        StepOp::SendMany(r, n, all) => format!(
            "{}.{}(b'x' * {n})",
            s(r),
            if *all { "sendall" } else { "send" }
        ),
        StepOp::SndBuf(r, n) => format!(
            "{}.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, {n})",
            s(r)
        ),
        StepOp::Sendto(r, d, ad) => format!("{}.sendto({}, {})", s(r), bytes(d), a(ad)),
        StepOp::Recv(r, n) => format!("{}.recv({n})", s(r)),
        StepOp::Recvfrom(r, n) => format!("{}.recvfrom({n})", s(r)),
        StepOp::Settimeout(r, t) => {
            format!("{}.settimeout({})", s(r), crate::python::timeout_repr(*t))
        }
        StepOp::Setblocking(r, flag) => format!(
            "{}.setblocking({})",
            s(r),
            if *flag { "True" } else { "False" }
        ),
        StepOp::ShutdownWrite(r) => format!("{}.shutdown(socket.SHUT_WR)", s(r)),
        StepOp::Getsockname(r) => format!("{}.getsockname()", s(r)),
        StepOp::Close(r) => format!("{}.close()", s(r)),
    }
}

/// The step to send next, or `None` when the preset is finished: the
/// repeating step again while the message is incomplete (and the peer has
/// not closed), else the step after the last one sent.
pub fn next_step(preset: &Preset, runs: &Runs, state: &State) -> Option<usize> {
    let Some(&(last, id)) = runs.last() else {
        return (!preset.steps.is_empty()).then_some(0);
    };
    if preset.steps[last].repeat {
        // Only a run that returned bytes goes round again: EOF, an
        // exception, a refusal or a cancelled call ends the loop, as they
        // would end the learner's own `while` loop.
        let got_bytes = state.entry(id).is_some_and(|e| match &e.status {
            EntryStatus::Done(r) => {
                matches!(&r.outcome, Outcome::Ok(Value::Bytes(p)) if !p.as_bytes().is_empty())
            }
            _ => false,
        });
        let have: usize = chunks(preset, runs, state).iter().map(Vec::len).sum();
        if got_bytes && preset.expect.is_some_and(|want| have < want) {
            return Some(last);
        }
        if state.entry(id).is_some_and(|e| e.is_waiting()) {
            // Not decided until this run returns.
            return Some(last);
        }
    }
    (last + 1 < preset.steps.len()).then_some(last + 1)
}

/// Whether the next step may be sent now: there is one, and every run so
/// far has finished — or is blocking where the step expects it to (the
/// relay has it, so later calls on other sockets can go ahead).
pub fn ready(preset: &Preset, runs: &Runs, state: &State) -> bool {
    next_step(preset, runs, state).is_some()
        && runs
            .iter()
            .all(|(k, id)| match state.entry(*id).map(|e| &e.status) {
                Some(EntryStatus::Sent) => false,
                Some(EntryStatus::Pending { .. }) => preset.steps[*k].blocks,
                Some(_) => true,
                None => false,
            })
}

/// The chunks the repeating step has received so far, in order (`b''`
/// and errors left out): the list a learner's loop appends to.
pub fn chunks(preset: &Preset, runs: &Runs, state: &State) -> Vec<Vec<u8>> {
    runs.iter()
        .filter(|(k, _)| preset.steps[*k].repeat)
        .filter_map(|(_, id)| match &state.entry(*id)?.status {
            EntryStatus::Done(r) => match &r.outcome {
                Outcome::Ok(Value::Bytes(p)) if !p.as_bytes().is_empty() => {
                    Some(p.as_bytes().to_vec())
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests;
