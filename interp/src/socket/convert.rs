//! Between Python values and the protocol: address tuples in, results out.

use super::SocketObj;
use crate::eval::{Eval, Interp};
use crate::exc::ExcClass;
use crate::host::Host;
use crate::value::Value;
use shared::{Address, Family, SockAddr};
use std::rc::Rc;

/// `('127.0.0.1', 7000)` or `('::1', 7000, 0, 0)`.
pub(crate) fn addr_value(a: &SockAddr) -> Value {
    let mut items = vec![Value::str(a.ip.as_str()), Value::Int(i64::from(a.port))];
    if a.is_ipv6() {
        items.push(Value::Int(0));
        items.push(Value::Int(0));
    }
    Value::tuple(items)
}

impl<H: Host> Interp<H> {
    /// An address argument, checked as CPython checks it for `family`
    /// (`method` names the call in the "must be tuple" message).
    pub(crate) fn addr_arg(
        &self,
        v: Option<&Value>,
        family: Family,
        method: &str,
    ) -> Eval<Address> {
        let fam = family.python_name();
        let Some(v) = v else {
            return self.err(
                ExcClass::TypeError,
                format!("{method}() takes exactly one argument (0 given)"),
            );
        };
        let Value::Tuple(items) = v else {
            return self.err(
                ExcClass::TypeError,
                format!(
                    "{method}(): {fam} address must be tuple, not {}",
                    v.type_name()
                ),
            );
        };
        let ok_len = match family {
            Family::Inet => items.len() == 2,
            Family::Inet6 => (2..=4).contains(&items.len()),
        };
        if !ok_len {
            let msg = match family {
                Family::Inet => "AF_INET address must be a pair (host, port)".to_string(),
                Family::Inet6 => {
                    "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])"
                        .to_string()
                }
            };
            return self.err(ExcClass::TypeError, msg);
        }
        let host = match &items[0] {
            Value::Str(s) => s.to_string(),
            Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            other => {
                return self.err(
                    ExcClass::TypeError,
                    format!(
                        "str, bytes or bytearray expected, not {}",
                        other.type_name()
                    ),
                )
            }
        };
        let Some(port) = items[1].as_int() else {
            return self.err(
                ExcClass::TypeError,
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    items[1].type_name()
                ),
            );
        };
        Ok(Address::new(host, port))
    }

    /// A Python value for what the relay returned; new sockets are
    /// registered so Stop can close them.
    pub(crate) fn result_value(&mut self, v: shared::Value) -> Value {
        use shared::Value as R;
        match v {
            R::None => Value::None,
            R::Int(i) => Value::Int(i),
            R::Float(f) => Value::Float(f),
            R::Bool(b) => Value::Bool(b),
            R::Str(s) => Value::str(s),
            R::Bytes(p) => Value::bytes(p.0),
            R::Addr(a) => addr_value(&a),
            R::Socket(snap) => self.new_socket(&snap),
            R::Accepted { socket, addr } => {
                let s = self.new_socket(&socket);
                Value::tuple(vec![s, addr_value(&addr)])
            }
            // On a connected TCP socket the kernel reports no sender, and
            // CPython returns `None`; the relay sends an empty address.
            R::Datagram { data, addr } if addr.ip.is_empty() => {
                Value::tuple(vec![Value::bytes(data.0), Value::None])
            }
            R::Datagram { data, addr } => {
                Value::tuple(vec![Value::bytes(data.0), addr_value(&addr)])
            }
            R::Linger(shared::OptValue::Int(i)) => Value::Int(i),
            R::Linger(shared::OptValue::Linger { onoff, .. }) => Value::Int(i64::from(onoff)),
            R::AddrInfo(entries) => Value::list(
                entries
                    .into_iter()
                    .map(|e| {
                        Value::tuple(vec![
                            super::family_value(e.family),
                            super::kind_value(e.kind),
                            Value::Int(i64::from(e.proto)),
                            Value::str(e.canonname),
                            addr_value(&e.addr),
                        ])
                    })
                    .collect(),
            ),
            R::HostEx {
                name,
                aliases,
                addrs,
            } => Value::tuple(vec![
                Value::str(name),
                Value::list(aliases.into_iter().map(Value::str).collect()),
                Value::list(addrs.into_iter().map(Value::str).collect()),
            ]),
        }
    }

    fn new_socket(&mut self, snap: &shared::SocketSnapshot) -> Value {
        let obj = Rc::new(SocketObj::from_snapshot(snap));
        self.sockets.retain(|s| !s.closed.get());
        self.sockets.push(obj.clone());
        Value::Socket(obj)
    }
}
