//! The importable modules besides `socket`: `sys`, `time` and `errno`.

use crate::eval::{Args, Eval, Flow, Halt, Interp};
use crate::exc::{ExcClass, ExcObj};
use crate::host::Host;
use crate::value::{Builtin, Module, Stream, Value};

/// `module.name`; `argv` is the script's `sys.argv`.
pub fn attr(m: Module, name: &str, argv: &[String]) -> Option<Value> {
    match m {
        Module::Socket => crate::socket::attr(name),
        Module::Sys => Some(match name {
            "argv" => Value::list(argv.iter().map(|a| Value::str(a.as_str())).collect()),
            "stdout" => Value::Stream(Stream::Stdout),
            "stderr" => Value::Stream(Stream::Stderr),
            "exit" => Value::Builtin(Builtin::Module(Module::Sys, "exit")),
            "platform" => Value::str("linux"),
            "byteorder" => Value::str("little"),
            "maxsize" => Value::Int(i64::MAX),
            _ => return None,
        }),
        Module::Time => ["sleep", "time", "monotonic", "perf_counter"]
            .into_iter()
            .find(|f| *f == name)
            .map(|f| Value::Builtin(Builtin::Module(Module::Time, f))),
        Module::Errno => {
            let n = match name {
                "EWOULDBLOCK" => shared::errno::number("EAGAIN"),
                n => shared::errno::number(n),
            }?;
            Some(Value::Int(i64::from(n)))
        }
    }
}

/// The names `from module import *` binds.
pub fn star(m: Module, argv: &[String]) -> Vec<(&'static str, Value)> {
    let names: Vec<&'static str> = match m {
        Module::Socket => crate::socket::names().collect(),
        Module::Sys => vec![
            "argv",
            "stdout",
            "stderr",
            "exit",
            "platform",
            "byteorder",
            "maxsize",
        ],
        Module::Time => vec!["sleep", "time", "monotonic", "perf_counter"],
        Module::Errno => shared::errno::names().collect(),
    };
    names
        .into_iter()
        .filter_map(|n| attr(m, n, argv).map(|v| (n, v)))
        .collect()
}

/// Whether `name` exists in the real module but not in the playground's.
pub fn known_unsupported(m: Module, name: &str) -> bool {
    match m {
        Module::Socket => crate::socket::known_unsupported_attr(name),
        Module::Sys => matches!(name, "stdin" | "path" | "modules" | "version" | "getsizeof"),
        Module::Time => matches!(name, "strftime" | "localtime" | "gmtime" | "ctime"),
        Module::Errno => name == "errorcode",
    }
}

impl<H: Host> Interp<H> {
    /// Calls `module.name(*args)`.
    pub(crate) async fn call_module_fn(
        &mut self,
        m: Module,
        name: &'static str,
        args: Args,
    ) -> Eval<Value> {
        match (m, name) {
            (Module::Socket, _) => self.socket_function(name, args).await,
            (Module::Sys, "exit") => Err(Flow::Raise(
                self.raised(ExcObj::construct(ExcClass::SystemExit, args.pos)),
            )),
            (Module::Time, "sleep") => {
                let secs = match args.pos.first() {
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
                    None => {
                        return self.err(
                            ExcClass::TypeError,
                            "time.sleep() takes exactly one argument (0 given)",
                        )
                    }
                };
                if secs.is_nan() {
                    return self.err(ExcClass::ValueError, "Invalid value NaN (not a number)");
                }
                if secs < 0.0 {
                    return self.err(ExcClass::ValueError, "sleep length must be non-negative");
                }
                let max = self.limits().max_sleep;
                if secs > max {
                    return Err(Halt::Unsupported(format!(
                        "time.sleep({secs}): the playground sleeps at most {max} seconds at a time"
                    ))
                    .into());
                }
                self.host.sleep(secs).await?;
                Ok(Value::None)
            }
            (Module::Time, "time") => Ok(Value::Float(self.host.time())),
            (Module::Time, _) => Ok(Value::Float(self.host.monotonic())),
            _ => Err(Halt::Unsupported(format!("{}.{name}()", m.name())).into()),
        }
    }
}
