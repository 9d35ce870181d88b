//! From a [`Val`] tree to an [`Event`], by hand, following the serde
//! attributes of the `shared` types: structs are maps keyed by field name,
//! enums are externally tagged (`"none"` or `{"result": {...}}`), optional
//! fields may be absent or nil, and renamed names are written here as the
//! wire has them (`"type"`, `"AF_INET"`, `"socket.gaierror"`). The tests
//! decode every sample event the relay's own encoder writes.

use super::msgpack::Val;
use shared::event::AddrInfoEntry;
use shared::snapshot::AcceptQueue;
use shared::trace::{Interest, WaitEnd};
use shared::*;

pub(super) type R<T> = Result<T, String>;

/// The fields of a struct (a map keyed by field name).
pub(super) struct Obj<'a>(&'a [(Val, Val)], &'static str);

impl<'a> Obj<'a> {
    pub(super) fn of(v: &'a Val, what: &'static str) -> R<Obj<'a>> {
        match v {
            Val::Map(m) => Ok(Obj(m, what)),
            _ => Err(format!("{what}: expected a map")),
        }
    }

    /// A field, absent and nil alike as `None`.
    fn get(&self, key: &str) -> Option<&'a Val> {
        self.0
            .iter()
            .find(|(k, _)| matches!(k, Val::Str(s) if s == key))
            .map(|(_, v)| v)
            .filter(|v| **v != Val::Nil)
    }

    pub(super) fn req<T>(&self, key: &str, f: impl Fn(&'a Val) -> R<T>) -> R<T> {
        let v = self
            .get(key)
            .ok_or_else(|| format!("{}: missing `{key}`", self.1))?;
        f(v).map_err(|e| format!("{}.{key}: {e}", self.1))
    }

    pub(super) fn opt<T>(&self, key: &str, f: impl Fn(&'a Val) -> R<T>) -> R<Option<T>> {
        self.get(key)
            .map(|v| f(v).map_err(|e| format!("{}.{key}: {e}", self.1)))
            .transpose()
    }
}

/// An externally tagged enum: its variant name and content, if any.
pub(super) fn variant(v: &Val) -> R<(&str, Option<&Val>)> {
    match v {
        Val::Str(name) => Ok((name, None)),
        Val::Map(m) if m.len() == 1 => match &m[0] {
            (Val::Str(name), Val::Nil) => Ok((name, None)),
            (Val::Str(name), content) => Ok((name, Some(content))),
            _ => Err("an enum tag that is not a string".into()),
        },
        _ => Err("expected an enum (a name, or a map of one)".into()),
    }
}

/// The content of a variant that must have one.
fn content<'a>(name: &str, c: Option<&'a Val>) -> R<&'a Val> {
    c.ok_or_else(|| format!("variant `{name}` without content"))
}

pub(super) fn unknown<T>(what: &str, name: &str) -> R<T> {
    Err(format!("unknown {what} `{name}`"))
}

pub(super) fn string(v: &Val) -> R<String> {
    match v {
        Val::Str(s) => Ok(s.clone()),
        _ => Err("expected a string".into()),
    }
}

fn int(v: &Val) -> R<i64> {
    match v {
        Val::Int(n) => Ok(*n),
        _ => Err("expected an integer".into()),
    }
}

pub(super) fn uint(v: &Val) -> R<u64> {
    match v {
        Val::Int(n) => u64::try_from(*n).map_err(|_| "expected a non-negative integer".into()),
        Val::UInt(n) => Ok(*n),
        _ => Err("expected an integer".into()),
    }
}

pub(super) fn narrow<T: TryFrom<i64>>(v: &Val) -> R<T> {
    T::try_from(int(v)?).map_err(|_| "integer out of range".to_string())
}

fn float(v: &Val) -> R<f64> {
    match v {
        Val::Float(f) => Ok(*f),
        Val::Int(n) => Ok(*n as f64),
        _ => Err("expected a number".into()),
    }
}

pub(super) fn boolean(v: &Val) -> R<bool> {
    match v {
        Val::Bool(b) => Ok(*b),
        _ => Err("expected true or false".into()),
    }
}

pub(super) fn list<T>(v: &Val, f: impl Fn(&Val) -> R<T>) -> R<Vec<T>> {
    match v {
        Val::Array(items) => items.iter().map(f).collect(),
        _ => Err("expected an array".into()),
    }
}

fn payload(v: &Val) -> R<Payload> {
    match v {
        Val::Bin(b) => Ok(Payload::from(b.clone())),
        Val::Array(_) => list(v, narrow::<u8>).map(Payload::from),
        _ => Err("expected bytes".into()),
    }
}

pub(super) fn sock_id(v: &Val) -> R<SocketId> {
    narrow::<u32>(v).map(SocketId)
}

/// The whole event.
pub fn event(v: &Val) -> R<Event> {
    let o = Obj::of(v, "event")?;
    Ok(Event {
        seq: o.req("seq", uint)?,
        body: o.req("body", body)?,
    })
}

fn body(v: &Val) -> R<Body> {
    let (name, c) = variant(v)?;
    let c = content(name, c);
    Ok(match name {
        "hello" => Body::Hello(hello(c?)?),
        "pending" => {
            let o = Obj::of(c?, "pending")?;
            Body::Pending {
                id: o.req("id", uint)?,
                sock: o.req("sock", sock_id)?,
                op: o.req("op", string)?,
                timeout: o.opt("timeout", float)?,
            }
        }
        "progress" => {
            let o = Obj::of(c?, "progress")?;
            Body::Progress {
                id: o.req("id", uint)?,
                sock: o.req("sock", sock_id)?,
                done: o.req("done", uint)?,
                total: o.req("total", uint)?,
            }
        }
        "result" => Body::Result(op_result(c?)?),
        "rejected" => {
            let o = Obj::of(c?, "rejected")?;
            Body::Rejected {
                id: o.opt("id", uint)?,
                reason: o.req("reason", rejection)?,
            }
        }
        "service" => Body::Service(activity(c?)?),
        "lingering" => {
            let o = Obj::of(c?, "lingering")?;
            Body::Lingering {
                conns: o.opt("conns", |v| list(v, lingering))?.unwrap_or_default(),
            }
        }
        "gap" => {
            let o = Obj::of(c?, "gap")?;
            Body::Gap {
                from: o.req("from", uint)?,
                to: o.req("to", uint)?,
            }
        }
        "sockets" => Body::Sockets {
            sockets: Obj::of(c?, "sockets")?
                .opt("sockets", |v| list(v, known_socket))?
                .unwrap_or_default(),
        },
        "closing" => Body::Closing {
            reason: Obj::of(c?, "closing")?.req("reason", string)?,
        },
        "room" => Body::Room(super::room::room(c?)?),
        "room_activity" => Body::RoomActivity {
            events: Obj::of(c?, "room_activity")?
                .opt("events", |v| list(v, super::room::room_event))?
                .unwrap_or_default(),
        },
        "room_spotlight" => super::room::spotlight(c?)?,
        "room_reset" => super::room::reset(c?)?,
        "room_left" => Body::RoomLeft {
            reason: Obj::of(c?, "room_left")?.req("reason", string)?,
        },
        other => return unknown("event", other),
    })
}

fn hello(v: &Val) -> R<Hello> {
    let o = Obj::of(v, "hello")?;
    let l = Obj::of(o.get("limits").unwrap_or(&Val::Nil), "limits")?;
    Ok(Hello {
        version: o.req("version", narrow)?,
        relay: o.req("relay", string)?,
        session: o.req("session", string)?,
        resume_token: o.req("resume_token", string)?,
        resumed: o.req("resumed", boolean)?,
        profile: o.req("profile", |v| match variant(v)?.0 {
            "local" => Ok(Profile::Local),
            "shared" => Ok(Profile::Shared),
            other => unknown("profile", other),
        })?,
        limits: Limits {
            max_sockets: l.req("max_sockets", narrow)?,
            max_payload: l.req("max_payload", narrow)?,
            max_message: l.req("max_message", narrow)?,
            ops_per_second: l.req("ops_per_second", narrow)?,
            ops_burst: l.req("ops_burst", narrow)?,
            bytes_per_second: l.opt("bytes_per_second", narrow)?.unwrap_or(0),
            room_bytes_per_second: l.opt("room_bytes_per_second", narrow)?.unwrap_or(0),
            max_buffered_bytes: l.req("max_buffered_bytes", uint)?,
            grace_secs: l.req("grace_secs", uint)?,
            idle_secs: l.req("idle_secs", uint)?,
            bind_port_min: l.req("bind_port_min", narrow)?,
            bind_port_max: l.req("bind_port_max", narrow)?,
        },
        services: o.req("services", |v| list(v, service))?,
        relay_id: o.opt("relay_id", string)?,
    })
}

fn service(v: &Val) -> R<ServiceInfo> {
    let o = Obj::of(v, "service")?;
    Ok(ServiceInfo {
        name: o.req("name", string)?,
        proto: o.req("proto", |v| match variant(v)?.0 {
            "tcp" => Ok(ServiceProto::Tcp),
            "udp" => Ok(ServiceProto::Udp),
            other => unknown("transport", other),
        })?,
        host: o.req("host", string)?,
        port: o.req("port", narrow)?,
        description: o.req("description", string)?,
    })
}

fn op_result(v: &Val) -> R<OpResult> {
    let o = Obj::of(v, "result")?;
    Ok(OpResult {
        id: o.req("id", uint)?,
        op: o.req("op", string)?,
        sock: o.opt("sock", sock_id)?,
        outcome: o.req("outcome", outcome)?,
        trace: o.req("trace", trace)?,
        socket: o.opt("socket", snapshot)?,
        elapsed_us: o.req("elapsed_us", uint)?,
    })
}

fn outcome(v: &Val) -> R<Outcome> {
    let (name, c) = variant(v)?;
    Ok(match name {
        "ok" => Outcome::Ok(value(c.unwrap_or(&Val::Nil))?),
        "err" => Outcome::Err(py_error(content(name, c)?)?),
        "cancelled" => Outcome::Cancelled {
            reason: Obj::of(content(name, c)?, "cancelled")?.req("reason", string)?,
        },
        other => return unknown("outcome", other),
    })
}

fn value(v: &Val) -> R<Value> {
    if *v == Val::Nil {
        return Ok(Value::None);
    }
    let (name, c) = variant(v)?;
    let c = content(name, c);
    Ok(match name {
        "none" => Value::None,
        "int" => Value::Int(int(c?)?),
        "float" => Value::Float(float(c?)?),
        "bool" => Value::Bool(boolean(c?)?),
        "str" => Value::Str(string(c?)?),
        "bytes" => Value::Bytes(payload(c?)?),
        "addr" => Value::Addr(sock_addr(c?)?),
        "socket" => Value::Socket(snapshot(c?)?),
        "accepted" => {
            let o = Obj::of(c?, "accepted")?;
            Value::Accepted {
                socket: o.req("socket", snapshot)?,
                addr: o.req("addr", sock_addr)?,
            }
        }
        "datagram" => {
            let o = Obj::of(c?, "datagram")?;
            Value::Datagram {
                data: o.req("data", payload)?,
                addr: o.req("addr", sock_addr)?,
            }
        }
        "linger" => Value::Linger(opt_value(c?)?),
        "addr_info" => Value::AddrInfo(list(c?, addr_info)?),
        "host_ex" => {
            let o = Obj::of(c?, "host_ex")?;
            Value::HostEx {
                name: o.req("name", string)?,
                aliases: o.req("aliases", |v| list(v, string))?,
                addrs: o.req("addrs", |v| list(v, string))?,
            }
        }
        other => return unknown("value", other),
    })
}

fn opt_value(v: &Val) -> R<OptValue> {
    let (name, c) = variant(v)?;
    Ok(match name {
        "int" => OptValue::Int(int(content(name, c)?)?),
        "linger" => {
            let o = Obj::of(content(name, c)?, "linger")?;
            OptValue::Linger {
                onoff: o.req("onoff", boolean)?,
                seconds: o.req("seconds", narrow)?,
            }
        }
        other => return unknown("option value", other),
    })
}

fn addr_info(v: &Val) -> R<AddrInfoEntry> {
    let o = Obj::of(v, "addrinfo")?;
    Ok(AddrInfoEntry {
        family: o.req("family", family)?,
        kind: o.req("type", sock_type)?,
        proto: o.req("proto", narrow)?,
        canonname: o.req("canonname", string)?,
        addr: o.req("addr", sock_addr)?,
    })
}

/// Every exception class, to find one by the name Python prints (which is
/// also its name on the wire).
const CLASSES: [ExceptionClass; 14] = [
    ExceptionClass::OSError,
    ExceptionClass::BlockingIOError,
    ExceptionClass::BrokenPipeError,
    ExceptionClass::ConnectionAbortedError,
    ExceptionClass::ConnectionRefusedError,
    ExceptionClass::ConnectionResetError,
    ExceptionClass::TimeoutError,
    ExceptionClass::PermissionError,
    ExceptionClass::InterruptedError,
    ExceptionClass::OverflowError,
    ExceptionClass::ValueError,
    ExceptionClass::TypeError,
    ExceptionClass::Gaierror,
    ExceptionClass::Herror,
];

fn py_error(v: &Val) -> R<PyError> {
    let o = Obj::of(v, "error")?;
    let class = o.req("class", |v| {
        let name = variant(v)?.0;
        CLASSES
            .into_iter()
            .find(|c| c.python_name() == name)
            .ok_or_else(|| format!("unknown exception `{name}`"))
    })?;
    Ok(PyError {
        class,
        errno: o.opt("errno", narrow)?,
        errno_name: o.opt("errno_name", string)?,
        message: o.req("message", string)?,
    })
}

fn trace(v: &Val) -> R<Trace> {
    let o = Obj::of(v, "trace")?;
    Ok(Trace {
        steps: o.opt("steps", |v| list(v, step))?.unwrap_or_default(),
        omitted: o.opt("omitted", uint)?.unwrap_or(0),
    })
}

fn step(v: &Val) -> R<TraceStep> {
    let (name, c) = variant(v)?;
    let o = Obj::of(content(name, c)?, "step")?;
    Ok(match name {
        "syscall" => TraceStep::Syscall {
            call: o.req("call", string)?,
            args: o.req("args", string)?,
            ret: o.req("ret", int)?,
            errno: o.opt("errno", narrow)?,
            at_us: o.req("at_us", uint)?,
        },
        "wait" => TraceStep::Wait {
            interest: o.req("interest", |v| match variant(v)?.0 {
                "readable" => Ok(Interest::Readable),
                "writable" => Ok(Interest::Writable),
                other => unknown("interest", other),
            })?,
            end: o.req("end", |v| match variant(v)?.0 {
                "ready" => Ok(WaitEnd::Ready),
                "timed_out" => Ok(WaitEnd::TimedOut),
                "cancelled" => Ok(WaitEnd::Cancelled),
                other => unknown("wait end", other),
            })?,
            waited_us: o.req("waited_us", uint)?,
        },
        "note" => TraceStep::Note {
            text: o.req("text", string)?,
        },
        other => return unknown("trace step", other),
    })
}

fn known_socket(v: &Val) -> R<KnownSocket> {
    let o = Obj::of(v, "known socket")?;
    Ok(KnownSocket {
        socket: o.req("socket", snapshot)?,
        accepted_from: o.opt("accepted_from", sock_id)?,
    })
}

fn snapshot(v: &Val) -> R<SocketSnapshot> {
    let o = Obj::of(v, "socket")?;
    Ok(SocketSnapshot {
        id: o.req("id", sock_id)?,
        fd: o.req("fd", narrow)?,
        family: o.req("family", family)?,
        kind: o.req("type", sock_type)?,
        local: o.opt("local", sock_addr)?,
        peer: o.opt("peer", sock_addr)?,
        timeout: o.opt("timeout", float)?,
        tcp_state: o.opt("tcp_state", tcp_state)?,
        recv_queue: o.opt("recv_queue", narrow)?,
        send_queue: o.opt("send_queue", narrow)?,
        accept_queue: o.opt("accept_queue", |v| {
            let q = Obj::of(v, "accept_queue")?;
            Ok(AcceptQueue {
                len: q.req("len", narrow)?,
                backlog: q.req("backlog", narrow)?,
            })
        })?,
        closed: o.opt("closed", boolean)?.unwrap_or(false),
    })
}

fn tcp_state(v: &Val) -> R<TcpState> {
    let name = variant(v)?.0;
    (1..=12)
        .filter_map(TcpState::from_kernel)
        .find(|s| s.name() == name)
        .ok_or_else(|| format!("unknown TCP state `{name}`"))
}

pub(super) fn sock_addr(v: &Val) -> R<SockAddr> {
    let o = Obj::of(v, "address")?;
    Ok(SockAddr {
        ip: o.req("ip", string)?,
        port: o.req("port", narrow)?,
    })
}

fn family(v: &Val) -> R<Family> {
    match variant(v)?.0 {
        "AF_INET" => Ok(Family::Inet),
        "AF_INET6" => Ok(Family::Inet6),
        other => unknown("family", other),
    }
}

pub(super) fn sock_type(v: &Val) -> R<SockType> {
    match variant(v)?.0 {
        "SOCK_STREAM" => Ok(SockType::Stream),
        "SOCK_DGRAM" => Ok(SockType::Dgram),
        other => unknown("socket type", other),
    }
}

fn rejection(v: &Val) -> R<Rejection> {
    let (name, c) = variant(v)?;
    let o = Obj::of(content(name, c)?, "rejection")?;
    Ok(match name {
        "malformed" => Rejection::Malformed {
            detail: o.req("detail", string)?,
        },
        "unknown_op" => Rejection::UnknownOp {
            name: o.req("name", string)?,
        },
        "unknown_socket" => Rejection::UnknownSocket {
            sock: o.req("sock", sock_id)?,
        },
        "busy" => Rejection::Busy {
            sock: o.req("sock", sock_id)?,
            pending: o.req("pending", string)?,
        },
        "policy" => Rejection::Policy {
            detail: o.req("detail", string)?,
        },
        "limit" => Rejection::Limit {
            limit: o.req("limit", string)?,
            detail: o.req("detail", string)?,
        },
        "version_mismatch" => Rejection::VersionMismatch {
            client: o.req("client", narrow)?,
            relay: o.req("relay", narrow)?,
        },
        "handshake" => Rejection::Handshake {
            detail: o.req("detail", string)?,
        },
        "resume_failed" => Rejection::ResumeFailed {
            detail: o.req("detail", string)?,
        },
        "room" => Rejection::Room {
            detail: o.req("detail", string)?,
        },
        other => return unknown("rejection", other),
    })
}

fn activity(v: &Val) -> R<ServiceActivity> {
    let o = Obj::of(v, "service")?;
    Ok(ServiceActivity {
        service: o.req("service", string)?,
        conn: o.req("conn", uint)?,
        peer: o.req("peer", sock_addr)?,
        what: o.req("what", |v| {
            let (name, c) = variant(v)?;
            Ok(match name {
                "opened" => Activity::Opened,
                "received" => Activity::Received {
                    bytes: Obj::of(content(name, c)?, "received")?.req("bytes", uint)?,
                },
                "sent" => Activity::Sent {
                    bytes: Obj::of(content(name, c)?, "sent")?.req("bytes", uint)?,
                },
                "closed" => {
                    let o = Obj::of(content(name, c)?, "closed")?;
                    Activity::Closed {
                        received: o.req("received", uint)?,
                        sent: o.req("sent", uint)?,
                        reset: o.req("reset", boolean)?,
                    }
                }
                other => return unknown("activity", other),
            })
        })?,
    })
}

fn lingering(v: &Val) -> R<LingeringConn> {
    let o = Obj::of(v, "lingering")?;
    Ok(LingeringConn {
        sock: o.req("sock", sock_id)?,
        local: o.req("local", sock_addr)?,
        peer: o.req("peer", sock_addr)?,
        state: o.req("state", tcp_state)?,
    })
}
