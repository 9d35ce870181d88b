//! Socket methods: argument checks, then one relay op each.

use super::SocketObj;
use crate::eval::{Args, Eval, Flow, Halt, Interp};
use crate::exc::{ExcClass, ExcObj};
use crate::host::{Host, HostError};
use crate::value::Value;
use shared::{Family, Op, OptValue, Outcome, Payload, ShutdownHow, SockOpt, SockType};
use std::rc::Rc;

impl<H: Host> Interp<H> {
    /// Sends one op and returns its value, raising its exception; a result
    /// that carries the socket's snapshot updates `sock`.
    pub(crate) async fn relay(
        &mut self,
        op: Op,
        sock: Option<&Rc<SocketObj>>,
    ) -> Eval<shared::Value> {
        let name = op.name().to_string();
        let result = match self.host.call(op).await {
            Ok(r) => r,
            Err(HostError::Rejected { reason, .. }) => {
                return Err(Halt::Host(HostError::Rejected { op: name, reason }).into())
            }
            Err(e) => return Err(e.into()),
        };
        if let (Some(s), Some(snap)) = (sock, &result.socket) {
            if snap.id == s.id {
                s.update(snap);
            }
        }
        match result.outcome {
            Outcome::Ok(v) => Ok(v),
            Outcome::Err(e) => Err(Flow::Raise(self.raised(ExcObj::from_pyerror(&e)))),
            Outcome::Cancelled { reason } => Err(Halt::Cancelled { op: name, reason }.into()),
        }
    }

    /// `socket.socket(family=AF_INET, type=SOCK_STREAM, proto=0)`.
    pub(crate) async fn socket_new(&mut self, mut args: Args) -> Eval<Value> {
        let family = args.pos.first().cloned().or_else(|| args.take_kw("family"));
        let kind = args.pos.get(1).cloned().or_else(|| args.take_kw("type"));
        let proto = args.pos.get(2).cloned().or_else(|| args.take_kw("proto"));
        let proto = match &proto {
            None => 0,
            Some(v) => self.int_arg(Some(v), "socket", 3)?,
        };
        let family = match family.as_ref().map(|v| (v, v.as_int())) {
            None | Some((_, Some(-1))) => Family::Inet,
            Some((_, Some(2))) => Family::Inet,
            Some((_, Some(10))) => Family::Inet6,
            Some((_, Some(1))) => return Err(Halt::Unsupported("AF_UNIX sockets".into()).into()),
            Some((_, Some(_))) => {
                return Err(Flow::Raise(self.raised(ExcObj::construct(
                    ExcClass::OSError,
                    vec![
                        Value::Int(97),
                        Value::str("Address family not supported by protocol"),
                    ],
                ))))
            }
            Some((v, None)) => {
                return self.err(
                    ExcClass::TypeError,
                    format!(
                        "'{}' object cannot be interpreted as an integer",
                        v.type_name()
                    ),
                )
            }
        };
        let kind = match kind.as_ref().map(|v| (v, v.as_int())) {
            None | Some((_, Some(-1))) => SockType::Stream,
            Some((_, Some(1))) => SockType::Stream,
            Some((_, Some(2))) => SockType::Dgram,
            Some((_, Some(3))) => return Err(Halt::Unsupported("raw sockets".into()).into()),
            Some((_, Some(_))) => {
                return Err(Flow::Raise(self.raised(ExcObj::construct(
                    ExcClass::OSError,
                    vec![Value::Int(22), Value::str("Invalid argument")],
                ))))
            }
            Some((v, None)) => {
                return self.err(
                    ExcClass::TypeError,
                    format!(
                        "'{}' object cannot be interpreted as an integer",
                        v.type_name()
                    ),
                )
            }
        };
        let v = self.relay(Op::Socket { family, kind }, None).await?;
        let v = self.result_value(v);
        if let Value::Socket(s) = &v {
            s.proto.set(proto);
        }
        Ok(v)
    }

    /// `s.close()` (also the end of a `with` block).
    pub(crate) async fn socket_close(&mut self, s: &Rc<SocketObj>) -> Eval<()> {
        if s.closed.get() || s.stale.get() {
            s.closed.set(true);
            return Ok(());
        }
        self.relay(Op::Close { sock: s.id }, Some(s)).await?;
        s.closed.set(true);
        s.fd.set(-1);
        Ok(())
    }

    fn int_arg(&self, v: Option<&Value>, method: &str, n: usize) -> Eval<i64> {
        match v {
            Some(v) => match v.as_int() {
                Some(i) => Ok(i),
                None => self.err(
                    ExcClass::TypeError,
                    format!(
                        "'{}' object cannot be interpreted as an integer",
                        v.type_name()
                    ),
                ),
            },
            None => self.err(
                ExcClass::TypeError,
                format!(
                    "{method}() takes exactly {n} argument{} (0 given)",
                    if n == 1 { "" } else { "s" }
                ),
            ),
        }
    }

    fn data_arg(&self, v: Option<&Value>, method: &str) -> Eval<Payload> {
        match v {
            Some(Value::Bytes(b)) => Ok(Payload(b.to_vec())),
            Some(v) => self.err(
                ExcClass::TypeError,
                format!("a bytes-like object is required, not '{}'", v.type_name()),
            ),
            None => self.err(
                ExcClass::TypeError,
                format!("{method}() takes at least 1 argument (0 given)"),
            ),
        }
    }

    fn timeout_arg(&self, v: Option<&Value>) -> Eval<Option<f64>> {
        let t = match v {
            None | Some(Value::None) => return Ok(None),
            Some(Value::Float(f)) => *f,
            Some(v) => match v.as_int() {
                Some(i) => i as f64,
                None => {
                    return self.err(
                        ExcClass::TypeError,
                        format!(
                            "'{}' object cannot be interpreted as an integer",
                            v.type_name()
                        ),
                    )
                }
            },
        };
        if t.is_nan() {
            return self.err(ExcClass::ValueError, "Invalid value NaN (not a number)");
        }
        if t < 0.0 {
            return self.err(ExcClass::ValueError, "Timeout value out of range");
        }
        Ok(Some(t))
    }

    /// `s.name(*args)`.
    pub(crate) async fn socket_method(
        &mut self,
        s: &Rc<SocketObj>,
        name: &'static str,
        args: Args,
    ) -> Eval<Value> {
        let sock = s.id;
        let a = &args.pos;
        if s.stale.get() && name != "close" {
            // Its descriptor went with the old session: what CPython says
            // for a socket whose descriptor is gone.
            return Err(Flow::Raise(self.raised(ExcObj::construct(
                ExcClass::OSError,
                vec![Value::Int(9), Value::str("Bad file descriptor")],
            ))));
        }
        let op = match name {
            "close" => {
                self.socket_close(s).await?;
                return Ok(Value::None);
            }
            "detach" => return Err(Halt::Unsupported("socket.detach()".into()).into()),
            "getblocking" => return Ok(Value::Bool(s.timeout.get() != Some(0.0))),
            "bind" => Op::Bind {
                sock,
                addr: self.addr_arg(a.first(), s.family, name)?,
            },
            "connect" => Op::Connect {
                sock,
                addr: self.addr_arg(a.first(), s.family, name)?,
            },
            "connect_ex" => Op::ConnectEx {
                sock,
                addr: self.addr_arg(a.first(), s.family, name)?,
            },
            "listen" => Op::Listen {
                sock,
                backlog: match a.first() {
                    Some(v) => {
                        Some(i32::try_from(self.int_arg(Some(v), name, 1)?).unwrap_or(i32::MAX))
                    }
                    None => None,
                },
            },
            "accept" => Op::Accept { sock },
            "send" => Op::Send {
                sock,
                data: self.data_arg(a.first(), name)?,
            },
            "sendall" => Op::Sendall {
                sock,
                data: self.data_arg(a.first(), name)?,
            },
            "recv" | "recvfrom" => {
                let bufsize = self.int_arg(a.first(), name, 1)?;
                if bufsize < 0 {
                    return self.err(
                        ExcClass::ValueError,
                        format!("negative buffersize in {name}"),
                    );
                }
                if name == "recv" {
                    Op::Recv { sock, bufsize }
                } else {
                    Op::Recvfrom { sock, bufsize }
                }
            }
            "sendto" => {
                if !(2..=3).contains(&a.len()) {
                    return self.err(
                        ExcClass::TypeError,
                        format!("sendto() takes 2 or 3 arguments ({} given)", a.len()),
                    );
                }
                let data = self.data_arg(a.first(), name)?;
                let addr_v = if a.len() == 3 { a.get(2) } else { a.get(1) };
                Op::Sendto {
                    sock,
                    data,
                    addr: self.addr_arg(addr_v, s.family, name)?,
                }
            }
            "shutdown" => {
                let how = match self.int_arg(a.first(), name, 1)? {
                    0 => ShutdownHow::Read,
                    1 => ShutdownHow::Write,
                    2 => ShutdownHow::Both,
                    _ => {
                        return Err(Flow::Raise(self.raised(ExcObj::construct(
                            ExcClass::OSError,
                            vec![Value::Int(22), Value::str("Invalid argument")],
                        ))))
                    }
                };
                Op::Shutdown { sock, how }
            }
            "settimeout" => Op::Settimeout {
                sock,
                timeout: self.timeout_arg(a.first())?,
            },
            "gettimeout" => Op::Gettimeout { sock },
            "setblocking" => Op::Setblocking {
                sock,
                flag: match a.first() {
                    Some(v) => v.truthy(),
                    None => {
                        return self.err(
                            ExcClass::TypeError,
                            "setblocking() takes exactly one argument (0 given)",
                        )
                    }
                },
            },
            "setsockopt" | "getsockopt" => {
                let level = self.int_arg(a.first(), name, 2)?;
                let optname = self.int_arg(a.get(1), name, 2)?;
                let option = sockopt(level, optname).ok_or_else(|| {
                    Flow::Halt(Halt::Unsupported(format!(
                        "{name}() with level {level} and option {optname} (the playground has SO_REUSEADDR, SO_REUSEPORT, SO_RCVBUF, SO_SNDBUF, SO_KEEPALIVE, SO_LINGER, SO_BROADCAST, TCP_NODELAY and IPV6_V6ONLY)"
                    )))
                })?;
                if name == "getsockopt" {
                    Op::Getsockopt { sock, option }
                } else {
                    let value = match a.get(2) {
                        Some(Value::Bytes(b)) if b.len() == 8 => {
                            let onoff = i32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                            let seconds = i32::from_le_bytes([b[4], b[5], b[6], b[7]]);
                            OptValue::Linger {
                                onoff: onoff != 0,
                                seconds,
                            }
                        }
                        Some(v) if v.as_int().is_some() => OptValue::Int(v.as_int().unwrap_or(0)),
                        Some(v) => {
                            return self.err(
                                ExcClass::TypeError,
                                format!("a bytes-like object is required, not '{}'", v.type_name()),
                            )
                        }
                        None => {
                            return self.err(
                                ExcClass::TypeError,
                                "setsockopt() takes at least 3 arguments (2 given)",
                            )
                        }
                    };
                    Op::Setsockopt {
                        sock,
                        option,
                        value,
                    }
                }
            }
            "getsockname" => Op::Getsockname { sock },
            "getpeername" => Op::Getpeername { sock },
            "fileno" => {
                if s.closed.get() {
                    return Ok(Value::Int(-1));
                }
                Op::Fileno { sock }
            }
            other => return Err(Halt::Unsupported(format!("socket.{other}()")).into()),
        };
        let v = self.relay(op, Some(s)).await?;
        Ok(self.result_value(v))
    }
}

/// The option for a `(level, optname)` pair, Linux numbering.
fn sockopt(level: i64, optname: i64) -> Option<SockOpt> {
    Some(match (level, optname) {
        (1, 2) => SockOpt::ReuseAddr,
        (1, 15) => SockOpt::ReusePort,
        (1, 8) => SockOpt::RcvBuf,
        (1, 7) => SockOpt::SndBuf,
        (1, 9) => SockOpt::KeepAlive,
        (1, 13) => SockOpt::Linger,
        (1, 6) => SockOpt::Broadcast,
        (6, 1) => SockOpt::TcpNoDelay,
        (41, 26) => SockOpt::V6Only,
        _ => return None,
    })
}
