//! Python values: what variables hold.
//!
//! Immutable values are shared with `Rc`; lists and dicts are shared *and*
//! mutable (`Rc<RefCell<…>>`), so `a = b = []` aliases one list as in
//! Python. Everything is single-threaded (the page has one thread; the
//! native runner drives one script on one thread).
//!
//! - `types.rs`: what values hold (ranges, dicts, functions, methods);
//!   `classes.rs`: the built-in classes, modules and functions.
//! - `eq.rs`: `==` and `is`; `repr.rs`: `repr()` and `str()`.

mod classes;
mod eq;
mod repr;
#[cfg(test)]
mod tests;
mod types;

pub use classes::{Builtin, EnumMember, Module, Stream, Type};
pub use repr::{bytes_repr, float_repr, str_repr};
pub use types::{Dict, Function, Method, Range, Vars};

use crate::exc::ExcObj;
use crate::socket::SocketObj;
use std::cell::RefCell;
use std::rc::Rc;

/// A Python value.
#[derive(Clone, Debug)]
pub enum Value {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An `int` (64-bit here; overflow raises `OverflowError`).
    Int(i64),
    /// An `IntEnum` member such as `socket.AF_INET`: an int whose repr is
    /// `<AddressFamily.AF_INET: 2>`.
    Enum(&'static EnumMember),
    /// A `float`.
    Float(f64),
    /// A `str`.
    Str(Rc<str>),
    /// A `bytes`.
    Bytes(Rc<[u8]>),
    /// A `tuple`.
    Tuple(Rc<[Value]>),
    /// A `list`.
    List(Rc<RefCell<Vec<Value>>>),
    /// A `dict` (insertion-ordered).
    Dict(Rc<RefCell<Dict>>),
    /// A `range`.
    Range(Range),
    /// A function defined with `def` or `lambda`.
    Function(Rc<Function>),
    /// A built-in function or a module's function.
    Builtin(Builtin),
    /// A method bound to its object (`s.recv`, `data.decode`).
    Method(Rc<Method>),
    /// A module (`socket`, `sys`, `time`).
    Module(Module),
    /// A class: a built-in type or an exception class.
    Type(Type),
    /// An exception instance.
    Exception(Rc<ExcObj>),
    /// A socket object.
    Socket(Rc<SocketObj>),
    /// `sys.stdout` / `sys.stderr`.
    Stream(Stream),
}

impl Value {
    /// A `str` value.
    pub fn str(s: impl Into<Rc<str>>) -> Value {
        Value::Str(s.into())
    }

    /// A `bytes` value.
    pub fn bytes(b: impl Into<Rc<[u8]>>) -> Value {
        Value::Bytes(b.into())
    }

    /// A `tuple` value.
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(items.into())
    }

    /// A new `list`.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(items)))
    }

    /// The class name Python uses in error messages (`'NoneType'`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Enum(e) => e.class,
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::Tuple(_) => "tuple",
            Value::List(_) => "list",
            Value::Dict(_) => "dict",
            Value::Range(_) => "range",
            Value::Function(_) => "function",
            Value::Builtin(_) => "builtin_function_or_method",
            Value::Method(m) => match m.receiver {
                Value::Socket(_) => "method",
                _ => "builtin_function_or_method",
            },
            Value::Module(_) => "module",
            Value::Type(_) => "type",
            Value::Exception(e) => e.class.name(),
            Value::Socket(_) => "socket",
            Value::Stream(_) => "TextIOWrapper",
        }
    }

    /// The integer inside an int, bool or enum member.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(i64::from(*b)),
            Value::Enum(e) => Some(e.value),
            _ => None,
        }
    }

    /// Python truthiness.
    pub fn truthy(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Enum(e) => e.value != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Dict(d) => !d.borrow().items.is_empty(),
            Value::Range(r) => !r.is_empty(),
            _ => true,
        }
    }

    /// Whether the value can be a dict key.
    pub fn hashable(&self) -> bool {
        match self {
            Value::List(_) | Value::Dict(_) => false,
            Value::Tuple(t) => t.iter().all(Value::hashable),
            _ => true,
        }
    }
}
