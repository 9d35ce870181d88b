//! Methods of `str`, `bytes`, `list` and `dict`, and `encode`/`decode`.
//!
//! - `string.rs`, `bytes.rs`, `containers.rs`: the methods of each type;
//!   `split.rs`: the start/end windows and splitting `str` and `bytes` share.
//! - `codec.rs`: `str.encode` and `bytes.decode`.

mod bytes;
mod codec;
mod containers;
mod split;
mod string;

pub use codec::{decode, encode};

use crate::eval::{Args, Eval, Interp};
use crate::exc::ExcClass;
use crate::host::Host;
use crate::value::{Stream, Type, Value};

type Pure = Result<Value, (ExcClass, String)>;

const STR: &[&str] = &[
    "encode",
    "upper",
    "lower",
    "strip",
    "lstrip",
    "rstrip",
    "split",
    "rsplit",
    "splitlines",
    "join",
    "startswith",
    "endswith",
    "replace",
    "find",
    "rfind",
    "index",
    "count",
    "format",
    "isdigit",
    "isalpha",
    "isalnum",
    "isspace",
    "isupper",
    "islower",
    "ljust",
    "rjust",
    "center",
    "zfill",
    "title",
    "capitalize",
    "partition",
];
const BYTES: &[&str] = &[
    "decode",
    "hex",
    "upper",
    "lower",
    "strip",
    "lstrip",
    "rstrip",
    "split",
    "join",
    "startswith",
    "endswith",
    "replace",
    "find",
    "index",
    "count",
    "isdigit",
    "isalpha",
    "splitlines",
    "partition",
];
const LIST: &[&str] = &[
    "append", "extend", "pop", "insert", "remove", "index", "count", "clear", "copy", "sort",
    "reverse",
];
const TUPLE: &[&str] = &["index", "count"];
const DICT: &[&str] = &[
    "get",
    "keys",
    "values",
    "items",
    "pop",
    "setdefault",
    "update",
    "copy",
    "clear",
];
const STREAM: &[&str] = &["write", "flush"];

/// The method `name` of `v`'s type, as a `'static` name, if it has one.
pub fn method_name(v: &Value, name: &str) -> Option<&'static str> {
    let table = match v {
        Value::Str(_) => STR,
        Value::Bytes(_) => BYTES,
        Value::List(_) => LIST,
        Value::Tuple(_) => TUPLE,
        Value::Dict(_) => DICT,
        Value::Stream(_) => STREAM,
        _ => return None,
    };
    table.iter().find(|m| **m == name).copied()
}

impl<H: Host> Interp<H> {
    /// Calls `receiver.name(*args)`.
    pub(crate) async fn call_method(
        &mut self,
        receiver: &Value,
        name: &'static str,
        mut args: Args,
    ) -> Eval<Value> {
        match receiver {
            Value::Socket(s) => self.socket_method(s, name, args).await,
            Value::Type(Type::Bytes) => {
                let Some(Value::Str(s)) = args.pos.first() else {
                    return self.err(ExcClass::TypeError, "fromhex() argument must be str");
                };
                let clean: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                let bytes: Option<Vec<u8>> = (clean.len() % 2 == 0)
                    .then(|| {
                        (0..clean.len())
                            .step_by(2)
                            .map(|i| {
                                clean
                                    .get(i..i + 2)
                                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                            })
                            .collect()
                    })
                    .flatten();
                match bytes {
                    Some(b) => Ok(Value::bytes(b)),
                    None => self.err(
                        ExcClass::ValueError,
                        "non-hexadecimal number found in fromhex() arg",
                    ),
                }
            }
            Value::Stream(stream) => match name {
                "flush" => {
                    self.host.flush();
                    Ok(Value::None)
                }
                "write" => match args.pos.first() {
                    Some(Value::Str(s)) => {
                        self.host.write(*stream, s);
                        Ok(Value::Int(s.chars().count() as i64))
                    }
                    Some(v) => self.err(
                        ExcClass::TypeError,
                        format!("write() argument must be str, not {}", v.type_name()),
                    ),
                    None => self.err(
                        ExcClass::TypeError,
                        "write() takes exactly one argument (0 given)",
                    ),
                },
                _ => Ok(Value::None),
            },
            Value::List(list) if name == "sort" => {
                let key = args.take_kw("key");
                let reverse = args.take_kw("reverse").is_some_and(|v| v.truthy());
                let items = list.borrow().clone();
                let sorted = self.sort(items, key, reverse).await?;
                *list.borrow_mut() = sorted;
                Ok(Value::None)
            }
            Value::Str(s) if name == "format" => crate::format::str_format(s, &args.pos, &args.kw)
                .map(Value::str)
                .map_err(|e| self.flow_err(e)),
            _ => {
                if let Some((k, _)) = args.kw.first() {
                    let takes_keywords = (matches!(receiver, Value::Dict(_)) && name == "update")
                        || (matches!(receiver, Value::Str(_) | Value::Bytes(_))
                            && matches!(k.as_str(), "encoding" | "errors" | "sep" | "maxsplit"));
                    if !takes_keywords {
                        return self.err(
                            ExcClass::TypeError,
                            format!(
                                "{}.{name}() takes no keyword arguments",
                                receiver.type_name()
                            ),
                        );
                    }
                }
                pure(self, receiver, name, args).map_err(|e| self.flow_err(e))
            }
        }
    }
}

fn pure<H: Host>(i: &Interp<H>, receiver: &Value, name: &str, mut args: Args) -> Pure {
    let _ = i;
    match receiver {
        Value::Str(s) => string::str_method(s, name, &mut args),
        Value::Bytes(b) => bytes::bytes_method(b, name, &mut args),
        Value::List(l) => containers::list_method(receiver, l, name, &args.pos),
        Value::Tuple(t) => containers::tuple_method(t, name, &args.pos),
        Value::Dict(d) => containers::dict_method(receiver, d, name, &mut args),
        Value::Stream(Stream::Stdout | Stream::Stderr) => Ok(Value::None),
        _ => Err(no_attr(receiver, name)),
    }
}

fn no_attr(v: &Value, name: &str) -> (ExcClass, String) {
    (
        ExcClass::AttributeError,
        format!("'{}' object has no attribute '{name}'", v.type_name()),
    )
}

fn arg(a: &[Value], i: usize, name: &str) -> Result<Value, (ExcClass, String)> {
    a.get(i).cloned().ok_or_else(|| {
        (
            ExcClass::TypeError,
            format!(
                "{name}() takes at least {} argument{} ({} given)",
                i + 1,
                if i == 0 { "" } else { "s" },
                a.len()
            ),
        )
    })
}
