//! The socket module's functions.

use crate::eval::{Args, Eval, Flow, Interp};
use crate::exc::ExcClass;
use crate::host::Host;
use crate::value::Value;
use shared::{Family, Op, SockType};

impl<H: Host> Interp<H> {
    fn str_arg(&self, v: Option<&Value>, func: &str, what: &str) -> Eval<String> {
        match v {
            Some(Value::Str(s)) => Ok(s.to_string()),
            Some(v) => self.err(
                ExcClass::TypeError,
                format!(
                    "{func}() argument {what} must be str, not {}",
                    v.type_name()
                ),
            ),
            None => self.err(
                ExcClass::TypeError,
                format!("{func}() missing required argument {what}"),
            ),
        }
    }

    fn proto_arg(&self, v: Option<&Value>, func: &str) -> Eval<Option<String>> {
        match v {
            None | Some(Value::None) => Ok(None),
            Some(v) => self.str_arg(Some(v), func, "2").map(Some),
        }
    }

    /// `socket.name(*args)`.
    pub(crate) async fn socket_function(&mut self, name: &str, mut args: Args) -> Eval<Value> {
        let op = match name {
            "gethostname" => Op::Gethostname,
            "getfqdn" => Op::Getfqdn {
                name: match args.pos.first() {
                    Some(v) => self.str_arg(Some(v), name, "1")?,
                    None => String::new(),
                },
            },
            "gethostbyname" => Op::Gethostbyname {
                host: self.str_arg(args.pos.first(), name, "1")?,
            },
            "gethostbyaddr" => Op::Gethostbyaddr {
                ip: self.str_arg(args.pos.first(), name, "1")?,
            },
            "getservbyname" => Op::Getservbyname {
                name: self.str_arg(args.pos.first(), name, "1")?,
                proto: self.proto_arg(args.pos.get(1), name)?,
            },
            "getservbyport" => {
                let Some(port) = args.pos.first().and_then(Value::as_int) else {
                    return self.err(
                        ExcClass::TypeError,
                        "getservbyport() argument 1 must be int",
                    );
                };
                if !(0..=65535).contains(&port) {
                    return self.err(
                        ExcClass::OverflowError,
                        "getservbyport: port must be 0-65535.",
                    );
                }
                Op::Getservbyport {
                    port,
                    proto: self.proto_arg(args.pos.get(1), name)?,
                }
            }
            "getprotobyname" => Op::Getprotobyname {
                name: self.str_arg(args.pos.first(), name, "1")?,
            },
            "getdefaulttimeout" => Op::Getdefaulttimeout,
            "setdefaulttimeout" => Op::Setdefaulttimeout {
                timeout: self.timeout_value_arg(args.pos.first())?,
            },
            "getaddrinfo" => {
                let host = match args.pos.first().cloned().or_else(|| args.take_kw("host")) {
                    None | Some(Value::None) => String::new(),
                    Some(Value::Str(s)) => s.to_string(),
                    Some(v) => {
                        return self.err(
                            ExcClass::TypeError,
                            format!(
                                "getaddrinfo() argument 1 must be string or None, not {}",
                                v.type_name()
                            ),
                        )
                    }
                };
                let port = match args.pos.get(1).cloned().or_else(|| args.take_kw("port")) {
                    None | Some(Value::None) => None,
                    Some(Value::Str(s)) => Some(s.to_string()),
                    Some(v) => match v.as_int() {
                        Some(i) => Some(i.to_string()),
                        None => return self.err(ExcClass::OSError, "Int or String expected"),
                    },
                };
                let family = match args
                    .pos
                    .get(2)
                    .cloned()
                    .or_else(|| args.take_kw("family"))
                    .and_then(|v| v.as_int())
                {
                    None | Some(0) => None,
                    Some(2) => Some(Family::Inet),
                    Some(10) => Some(Family::Inet6),
                    Some(_) => {
                        return Err(crate::eval::Halt::Unsupported(
                            "getaddrinfo() for families other than AF_INET and AF_INET6".into(),
                        )
                        .into())
                    }
                };
                let kind =
                    match args
                        .pos
                        .get(3)
                        .cloned()
                        .or_else(|| args.take_kw("type"))
                        .and_then(|v| v.as_int())
                    {
                        None | Some(0) => None,
                        Some(1) => Some(SockType::Stream),
                        Some(2) => Some(SockType::Dgram),
                        Some(_) => return Err(crate::eval::Halt::Unsupported(
                            "getaddrinfo() for socket types other than SOCK_STREAM and SOCK_DGRAM"
                                .into(),
                        )
                        .into()),
                    };
                let proto = args
                    .pos
                    .get(4)
                    .cloned()
                    .or_else(|| args.take_kw("proto"))
                    .and_then(|v| v.as_int());
                let op = Op::Getaddrinfo {
                    host,
                    port,
                    family,
                    kind,
                };
                let v = self.relay(op, None).await?;
                let v = self.result_value(v);
                // The relay answers for every protocol; CPython passes
                // `proto` to the kernel's resolver, which filters.
                return Ok(match (proto, v) {
                    (Some(p), Value::List(l)) if p != 0 => {
                        let kept = l
                            .borrow()
                            .iter()
                            .filter(|e| matches!(e, Value::Tuple(t) if t.get(2).and_then(Value::as_int) == Some(p)))
                            .cloned()
                            .collect();
                        Value::list(kept)
                    }
                    (_, v) => v,
                });
            }
            "create_connection" => return self.create_connection(args).await,
            "create_server" => return self.create_server(args).await,
            "htons" | "ntohs" | "htonl" | "ntohl" => {
                let v = args.pos.first();
                let Some(n) = v.and_then(Value::as_int) else {
                    let t = v.map_or("NoneType", Value::type_name);
                    return self.err(
                        ExcClass::TypeError,
                        format!("'{t}' object cannot be interpreted as an integer"),
                    );
                };
                let bits = if name.ends_with('s') { 16 } else { 32 };
                if n < 0 {
                    return self.err(
                        ExcClass::OverflowError,
                        if bits == 16 {
                            format!("{name}: can't convert negative Python int to C 16-bit unsigned integer")
                        } else {
                            "can't convert negative value to unsigned int".to_string()
                        },
                    );
                }
                if n >= 1_i64 << bits {
                    return self.err(
                        ExcClass::OverflowError,
                        if bits == 16 {
                            format!("{name}: Python int too large to convert to C 16-bit unsigned integer")
                        } else {
                            "int larger than 32 bits".to_string()
                        },
                    );
                }
                return Ok(Value::Int(if bits == 16 {
                    i64::from((n as u16).swap_bytes())
                } else {
                    i64::from((n as u32).swap_bytes())
                }));
            }
            "inet_aton" | "inet_ntoa" | "inet_pton" | "inet_ntop" => {
                return super::addresses::convert(name, &args.pos).map_err(|e| self.flow_err(e));
            }
            other => return Err(crate::eval::Halt::Unsupported(format!("socket.{other}()")).into()),
        };
        let v = self.relay(op, None).await?;
        Ok(self.result_value(v))
    }

    fn timeout_value_arg(&self, v: Option<&Value>) -> Eval<Option<f64>> {
        match v {
            None | Some(Value::None) => Ok(None),
            Some(Value::Float(f)) if f.is_nan() => {
                self.err(ExcClass::ValueError, "Invalid value NaN (not a number)")
            }
            Some(Value::Float(f)) if *f >= 0.0 => Ok(Some(*f)),
            Some(v) => match v.as_int() {
                Some(i) if i >= 0 => Ok(Some(i as f64)),
                Some(_) | None if matches!(v, Value::Float(_)) || v.as_int().is_some() => {
                    self.err(ExcClass::ValueError, "Timeout value out of range")
                }
                _ => self.err(
                    ExcClass::TypeError,
                    format!(
                        "'{}' object cannot be interpreted as an integer",
                        v.type_name()
                    ),
                ),
            },
        }
    }

    /// `socket.create_connection((host, port), timeout=None)`: tries each
    /// address `getaddrinfo` gives, as CPython does.
    async fn create_connection(&mut self, mut args: Args) -> Eval<Value> {
        let address = args
            .pos
            .first()
            .cloned()
            .or_else(|| args.take_kw("address"));
        let timeout = args.pos.get(1).cloned().or_else(|| args.take_kw("timeout"));
        let target = self.addr_arg(address.as_ref(), Family::Inet, "create_connection")?;
        let infos = Op::Getaddrinfo {
            host: target.host.clone(),
            port: Some(target.port.to_string()),
            family: None,
            kind: Some(SockType::Stream),
        };
        let Value::List(entries) = ({
            let v = self.relay(infos, None).await?;
            self.result_value(v)
        }) else {
            return self.err(ExcClass::OSError, "getaddrinfo returns an empty list");
        };
        let entries = entries.borrow().clone();
        let mut last = None;
        for entry in entries {
            let Value::Tuple(e) = entry else { continue };
            let (Some(family), Some(addr)) = (e.first().cloned(), e.get(4).cloned()) else {
                continue;
            };
            let sock = self
                .socket_new(Args {
                    pos: vec![family, Value::Int(1)],
                    kw: vec![],
                })
                .await?;
            let Value::Socket(s) = &sock else { continue };
            if let Some(t) = &timeout {
                self.socket_method(
                    s,
                    "settimeout",
                    Args {
                        pos: vec![t.clone()],
                        kw: vec![],
                    },
                )
                .await?;
            }
            match self
                .socket_method(
                    s,
                    "connect",
                    Args {
                        pos: vec![addr],
                        kw: vec![],
                    },
                )
                .await
            {
                Ok(_) => return Ok(sock),
                Err(Flow::Raise(r)) => {
                    self.socket_close(s).await?;
                    last = Some(r);
                }
                Err(other) => return Err(other),
            }
        }
        match last {
            Some(r) => Err(Flow::Raise(r)),
            None => self.err(ExcClass::OSError, "getaddrinfo returns an empty list"),
        }
    }

    /// `socket.create_server((host, port), family=AF_INET, backlog=None)`:
    /// SO_REUSEADDR, bind, listen, as CPython does on Linux.
    async fn create_server(&mut self, mut args: Args) -> Eval<Value> {
        let address = args
            .pos
            .first()
            .cloned()
            .or_else(|| args.take_kw("address"));
        let family = args
            .take_kw("family")
            .unwrap_or(Value::Enum(&super::AF_INET));
        let family_is_v6 = family.as_int() == Some(10);
        let address = address.unwrap_or(Value::None);
        let backlog = args.take_kw("backlog");
        let sock = self
            .socket_new(Args {
                pos: vec![family, Value::Int(1)],
                kw: vec![],
            })
            .await?;
        let Value::Socket(s) = &sock else {
            return Ok(sock);
        };
        // As CPython: the socket is closed if any step fails, and a bind
        // error names the address.
        let setup = async {
            let reuse = Args {
                pos: vec![Value::Int(1), Value::Int(2), Value::Int(1)],
                kw: vec![],
            };
            self.socket_method(s, "setsockopt", reuse).await?;
            if family_is_v6 {
                let v6only = Args {
                    pos: vec![Value::Int(41), Value::Int(26), Value::Int(1)],
                    kw: vec![],
                };
                self.socket_method(s, "setsockopt", v6only).await?;
            }
            let bind = Args {
                pos: vec![address.clone()],
                kw: vec![],
            };
            match self.socket_method(s, "bind", bind).await {
                Err(Flow::Raise(r)) if r.exc.class.is_os_error() && r.exc.args.len() == 2 => {
                    let strerror = format!(
                        "{} (while attempting to bind on address {})",
                        r.exc.args[1].to_str(),
                        address.repr()
                    );
                    let exc = crate::exc::ExcObj::construct(
                        r.exc.class,
                        vec![r.exc.args[0].clone(), Value::str(strerror)],
                    );
                    return Err(Flow::Raise(self.raised(exc)));
                }
                other => other?,
            };
            let backlog: Vec<Value> = backlog
                .into_iter()
                .filter(|b| !matches!(b, Value::None))
                .collect();
            self.socket_method(
                s,
                "listen",
                Args {
                    pos: backlog,
                    kw: vec![],
                },
            )
            .await?;
            Ok(())
        }
        .await;
        if let Err(e) = setup {
            self.socket_close(s).await?;
            return Err(e);
        }
        Ok(sock)
    }
}
