//! Calls: user functions, built-ins, methods and classes; attributes.

use super::stmt::BoxFut;
use super::{Eval, Flow, Frame, Interp};
use crate::exc::{ExcClass, ExcObj};
use crate::host::Host;
use crate::value::{Builtin, Function, Method, Type, Value};
use std::rc::Rc;

/// Positional and keyword arguments of a call.
pub(crate) struct Args {
    pub pos: Vec<Value>,
    pub kw: Vec<(String, Value)>,
}

impl Args {
    /// Takes keyword `name` out, if given.
    pub fn take_kw(&mut self, name: &str) -> Option<Value> {
        let i = self.kw.iter().position(|(k, _)| k == name)?;
        Some(self.kw.remove(i).1)
    }
}

impl<H: Host> Interp<H> {
    /// Calls `f` with arguments.
    pub(crate) fn call<'a>(
        &'a mut self,
        f: &'a Value,
        pos: Vec<Value>,
        kw: Vec<(String, Value)>,
    ) -> BoxFut<'a, Value> {
        Box::pin(async move {
            let args = Args { pos, kw };
            match f {
                Value::Function(func) => self.call_function(func.clone(), args).await,
                Value::Builtin(Builtin::Global(name)) => self.call_builtin(name, args).await,
                Value::Builtin(Builtin::Module(m, name)) => {
                    self.call_module_fn(*m, name, args).await
                }
                Value::Method(m) => self.call_method(&m.receiver, m.name, args).await,
                Value::Type(t) => self.construct(*t, args).await,
                other => self.err(
                    ExcClass::TypeError,
                    format!("'{}' object is not callable", other.type_name()),
                ),
            }
        })
    }

    async fn call_function(&mut self, f: Rc<Function>, mut args: Args) -> Eval<Value> {
        let def = &f.def;
        let name = if f.lambda {
            "<lambda>".to_string()
        } else {
            def.name.clone()
        };
        if self.frames.len() >= self.limits.max_depth {
            return self.err(ExcClass::RecursionError, "maximum recursion depth exceeded");
        }
        let params = &def.params;
        let first_default = params.len() - f.defaults.len();
        if args.pos.len() > params.len() {
            let takes = if first_default < params.len() {
                format!("from {first_default} to {}", params.len())
            } else {
                params.len().to_string()
            };
            let given = args.pos.len();
            return self.err(
                ExcClass::TypeError,
                format!(
                    "{name}() takes {takes} positional argument{} but {given} {} given",
                    if params.len() == 1 && first_default == 1 {
                        ""
                    } else {
                        "s"
                    },
                    if given == 1 { "was" } else { "were" }
                ),
            );
        }
        let frame = Frame {
            name: name.clone(),
            locals: f.locals.clone(),
            closure: f.closure.clone(),
            ..Frame::default()
        };
        let mut missing = Vec::new();
        let mut pos = std::mem::take(&mut args.pos).into_iter();
        for (i, p) in params.iter().enumerate() {
            let v = match pos.next() {
                Some(v) => {
                    if args.kw.iter().any(|(k, _)| k == &p.name) {
                        return self.err(
                            ExcClass::TypeError,
                            format!("{name}() got multiple values for argument '{}'", p.name),
                        );
                    }
                    v
                }
                None => match args.take_kw(&p.name) {
                    Some(v) => v,
                    None if i >= first_default => f.defaults[i - first_default].clone(),
                    None => {
                        missing.push(format!("'{}'", p.name));
                        continue;
                    }
                },
            };
            frame.vars.borrow_mut().insert(p.name.clone(), v);
        }
        if let Some((k, _)) = args.kw.first() {
            return self.err(
                ExcClass::TypeError,
                format!("{name}() got an unexpected keyword argument '{k}'"),
            );
        }
        if !missing.is_empty() {
            let list = match missing.len() {
                1 => missing[0].clone(),
                2 => format!("{} and {}", missing[0], missing[1]),
                n => format!("{}, and {}", missing[..n - 1].join(", "), missing[n - 1]),
            };
            return self.err(
                ExcClass::TypeError,
                format!(
                    "{name}() missing {} required positional argument{}: {list}",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" }
                ),
            );
        }
        self.frames.push(frame);
        let result = self.exec_block(&def.body).await;
        self.frames.pop();
        match result {
            Ok(()) => Ok(Value::None),
            Err(Flow::Return(v)) => Ok(v),
            Err(Flow::Break | Flow::Continue) => Ok(Value::None),
            Err(e) => Err(e),
        }
    }

    /// `value.attr`.
    pub(crate) fn get_attr(&self, v: &Value, attr: &str) -> Eval<Value> {
        let found = match v {
            Value::Module(m) => crate::modules::attr(*m, attr, &self.argv),
            Value::Exception(e) => match attr {
                "args" => Some(Value::tuple(e.args.clone())),
                "__class__" => Some(Value::Type(Type::Exc(e.class))),
                "errno" => Some(e.errno()),
                "strerror" => Some(e.strerror()),
                "__cause__" => Some(e.cause.borrow().clone().unwrap_or(Value::None)),
                "filename" | "filename2" | "__context__" => Some(Value::None),
                "with_traceback" => None,
                _ => None,
            },
            Value::Socket(s) => match attr {
                "family" => Some(crate::socket::family_value(s.family)),
                "type" => Some(crate::socket::kind_value(s.kind)),
                "proto" => Some(Value::Int(s.proto.get())),
                "timeout" => Some(s.timeout_value()),
                _ => crate::socket::method_name(attr).map(|name| {
                    Value::Method(Rc::new(Method {
                        receiver: v.clone(),
                        name,
                    }))
                }),
            },
            Value::Type(Type::Exc(c)) if attr == "__name__" => Some(Value::str(c.name())),
            Value::Type(t) if attr == "__name__" => Some(Value::str(t.name())),
            Value::Type(Type::Bytes) if attr == "fromhex" => Some(Value::Method(Rc::new(Method {
                receiver: v.clone(),
                name: "fromhex",
            }))),
            Value::Function(f) if attr == "__name__" => Some(Value::str(f.def.name.as_str())),
            _ => crate::methods::method_name(v, attr).map(|name| {
                Value::Method(Rc::new(Method {
                    receiver: v.clone(),
                    name,
                }))
            }),
        };
        match found {
            Some(v) => Ok(v),
            None => {
                if let Value::Module(m) = v {
                    let hint = if crate::modules::known_unsupported(*m, attr) {
                        " (not supported in the playground)"
                    } else {
                        ""
                    };
                    return self.err(
                        ExcClass::AttributeError,
                        format!("module '{}' has no attribute '{attr}'{hint}", m.name()),
                    );
                }
                if let Value::Socket(_) = v {
                    if crate::socket::known_unsupported(attr) {
                        return Err(super::Halt::Unsupported(format!("socket.{attr}()")).into());
                    }
                }
                if let Value::Type(t) = v {
                    return self.err(
                        ExcClass::AttributeError,
                        format!("type object '{}' has no attribute '{attr}'", t.name()),
                    );
                }
                self.err(
                    ExcClass::AttributeError,
                    format!("'{}' object has no attribute '{attr}'", v.type_name()),
                )
            }
        }
    }

    /// Calls a class: conversions, containers, exceptions, sockets.
    async fn construct(&mut self, t: Type, mut args: Args) -> Eval<Value> {
        match t {
            Type::Exc(class) => {
                if !args.kw.is_empty() {
                    return self.err(
                        ExcClass::TypeError,
                        format!("{}() takes no keyword arguments", class.name()),
                    );
                }
                Ok(Value::Exception(Rc::new(ExcObj::construct(
                    class, args.pos,
                ))))
            }
            Type::Socket => self.socket_new(args).await,
            _ => {
                let first = if args.pos.is_empty() {
                    None
                } else {
                    Some(args.pos.remove(0))
                };
                crate::builtins::convert(self, t, first, args)
            }
        }
    }
}
