//! Python values: what variables hold.
//!
//! Immutable values are shared with `Rc`; lists and dicts are shared *and*
//! mutable (`Rc<RefCell<…>>`), so `a = b = []` aliases one list as in
//! Python. Everything is single-threaded (the page has one thread; the
//! native runner drives one script on one thread).

use crate::ast::FunctionDef;
use crate::exc::{ExcClass, ExcObj};
use crate::socket::SocketObj;
use std::cell::RefCell;
use std::fmt::Write as _;
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

/// An `IntEnum` member of the socket module.
#[derive(Debug, PartialEq, Eq)]
pub struct EnumMember {
    /// The enum's class (`AddressFamily`, `SocketKind`).
    pub class: &'static str,
    /// The member's name (`AF_INET`).
    pub name: &'static str,
    /// Its integer value.
    pub value: i64,
}

/// `range(start, stop, step)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    /// First value.
    pub start: i64,
    /// Bound (exclusive).
    pub stop: i64,
    /// Step (never 0).
    pub step: i64,
}

impl Range {
    /// How many values it yields.
    pub fn len(&self) -> i64 {
        // In i128: a range can span more than i64 holds.
        let (start, stop, step) = (
            i128::from(self.start),
            i128::from(self.stop),
            i128::from(self.step),
        );
        let n = if step > 0 && start < stop {
            (stop - start - 1) / step + 1
        } else if step < 0 && start > stop {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        };
        i64::try_from(n).unwrap_or(i64::MAX)
    }

    /// Whether it yields nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`-th value (`i` already checked against `len`).
    pub fn at(&self, i: i64) -> i64 {
        let v = i128::from(self.start) + i128::from(i) * i128::from(self.step);
        i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
    }
}

/// A user function: its definition and the defaults evaluated at `def` time.
#[derive(Debug)]
pub struct Function {
    /// The definition (shared with the syntax tree).
    pub def: Rc<FunctionDef>,
    /// One value per parameter that has a default, in order.
    pub defaults: Vec<Value>,
    /// Whether it is a `lambda` (its body is one `return`).
    pub lambda: bool,
    /// The names its body makes local (CPython's compile-time rule).
    pub locals: Rc<std::collections::HashSet<String>>,
    /// The variables of the functions it is nested in, innermost first,
    /// shared live (a closure sees later assignments, as with cells).
    pub closure: Vec<Vars>,
}

/// A function call's variables, shared with the functions defined in it.
pub type Vars = Rc<RefCell<indexmap::IndexMap<String, Value>>>;

/// A method bound to its receiver.
#[derive(Debug)]
pub struct Method {
    /// The object.
    pub receiver: Value,
    /// The method's name.
    pub name: &'static str,
}

/// `sys.stdout` or `sys.stderr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// The modules a script can import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Module {
    /// `socket`.
    Socket,
    /// `sys`.
    Sys,
    /// `time`.
    Time,
    /// `errno`.
    Errno,
}

impl Module {
    /// The module's name.
    pub fn name(self) -> &'static str {
        match self {
            Module::Socket => "socket",
            Module::Sys => "sys",
            Module::Time => "time",
            Module::Errno => "errno",
        }
    }

    /// The module for an `import` name, if the playground has it.
    pub fn by_name(name: &str) -> Option<Module> {
        Some(match name {
            "socket" => Module::Socket,
            "sys" => Module::Sys,
            "time" => Module::Time,
            "errno" => Module::Errno,
            _ => return None,
        })
    }
}

/// Built-in classes: calling one converts or constructs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    /// `int`
    Int,
    /// `float`
    Float,
    /// `bool`
    Bool,
    /// `str`
    Str,
    /// `bytes`
    Bytes,
    /// `bytearray` is not supported; `list`
    List,
    /// `tuple`
    Tuple,
    /// `dict`
    Dict,
    /// `range`
    Range,
    /// `type(None)`
    NoneType,
    /// `socket.socket`
    Socket,
    /// An exception class.
    Exc(ExcClass),
}

impl Type {
    /// The class's `__name__`.
    pub fn name(self) -> &'static str {
        match self {
            Type::Int => "int",
            Type::Float => "float",
            Type::Bool => "bool",
            Type::Str => "str",
            Type::Bytes => "bytes",
            Type::List => "list",
            Type::Tuple => "tuple",
            Type::Dict => "dict",
            Type::Range => "range",
            Type::NoneType => "NoneType",
            Type::Socket => "socket",
            Type::Exc(c) => c.name(),
        }
    }

    /// `repr(cls)`: `<class 'int'>`, `<class 'socket.gaierror'>`.
    pub fn repr(self) -> String {
        match self {
            Type::Socket => "<class 'socket.socket'>".into(),
            Type::Exc(c) => format!("<class '{}'>", c.qualname()),
            t => format!("<class '{}'>", t.name()),
        }
    }
}

/// Built-in functions, module functions included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    /// A function of the builtins namespace.
    Global(&'static str),
    /// A function of a module (`time.sleep`, `socket.getaddrinfo`).
    Module(Module, &'static str),
}

/// An insertion-ordered dict with linear lookup: the scripts' dicts are small.
#[derive(Clone, Debug, Default)]
pub struct Dict {
    /// Key-value pairs in insertion order.
    pub items: Vec<(Value, Value)>,
}

impl Dict {
    /// The index of `key`, if present.
    pub fn find(&self, key: &Value) -> Option<usize> {
        self.items.iter().position(|(k, _)| k.py_eq(key))
    }

    /// The value for `key`.
    pub fn get(&self, key: &Value) -> Option<&Value> {
        self.find(key).map(|i| &self.items[i].1)
    }

    /// Inserts or replaces, keeping the first insertion's place.
    pub fn set(&mut self, key: Value, value: Value) {
        match self.find(&key) {
            Some(i) => self.items[i].1 = value,
            None => self.items.push((key, value)),
        }
    }

    /// Removes `key` and returns its value.
    pub fn remove(&mut self, key: &Value) -> Option<Value> {
        self.find(key).map(|i| self.items.remove(i).1)
    }
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

    /// `a == b` for the built-in types (identity for the rest).
    pub fn py_eq(&self, other: &Value) -> bool {
        self.eq_depth(other, 0)
    }

    /// Equality, giving up (unequal) past a nesting depth a list that
    /// contains itself would otherwise never leave.
    fn eq_depth(&self, other: &Value, depth: usize) -> bool {
        use Value as V;
        if depth > 200 {
            return false;
        }
        let seq_eq = |a: &[Value], b: &[Value]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_depth(y, depth + 1))
        };
        if let (Some(a), Some(b)) = (self.as_int(), other.as_int()) {
            return a == b;
        }
        match (self, other) {
            (V::None, V::None) => true,
            (V::Float(a), V::Float(b)) => a == b,
            (V::Float(a), b) | (b, V::Float(a)) => b.as_int().is_some_and(|b| *a == b as f64),
            (V::Str(a), V::Str(b)) => a == b,
            (V::Bytes(a), V::Bytes(b)) => a == b,
            (V::Tuple(a), V::Tuple(b)) => seq_eq(a, b),
            (V::List(a), V::List(b)) => Rc::ptr_eq(a, b) || seq_eq(&a.borrow(), &b.borrow()),
            (V::Dict(a), V::Dict(b)) => {
                if Rc::ptr_eq(a, b) {
                    return true;
                }
                let (a, b) = (a.borrow(), b.borrow());
                a.items.len() == b.items.len()
                    && a.items
                        .iter()
                        .all(|(k, v)| b.get(k).is_some_and(|w| v.eq_depth(w, depth + 1)))
            }
            (V::Range(a), V::Range(b)) => a == b,
            (V::Type(a), V::Type(b)) => a == b,
            (V::Module(a), V::Module(b)) => a == b,
            (V::Builtin(a), V::Builtin(b)) => a == b,
            (V::Stream(a), V::Stream(b)) => a == b,
            _ => self.is(other),
        }
    }

    /// `a is b`: identity for shared objects, equality for the small
    /// immutable singletons CPython interns (None, bools, small ints).
    pub fn is(&self, other: &Value) -> bool {
        use Value as V;
        match (self, other) {
            (V::None, V::None) => true,
            (V::Bool(a), V::Bool(b)) => a == b,
            (V::Int(a), V::Int(b)) => a == b && (-5..=256).contains(a),
            (V::Enum(a), V::Enum(b)) => std::ptr::eq(*a, *b),
            (V::Str(a), V::Str(b)) => Rc::ptr_eq(a, b),
            (V::Bytes(a), V::Bytes(b)) => Rc::ptr_eq(a, b),
            (V::Tuple(a), V::Tuple(b)) => Rc::ptr_eq(a, b),
            (V::List(a), V::List(b)) => Rc::ptr_eq(a, b),
            (V::Dict(a), V::Dict(b)) => Rc::ptr_eq(a, b),
            (V::Function(a), V::Function(b)) => Rc::ptr_eq(a, b),
            (V::Exception(a), V::Exception(b)) => Rc::ptr_eq(a, b),
            (V::Socket(a), V::Socket(b)) => Rc::ptr_eq(a, b),
            (V::Type(a), V::Type(b)) => a == b,
            (V::Module(a), V::Module(b)) => a == b,
            (V::Stream(a), V::Stream(b)) => a == b,
            _ => false,
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

    /// `repr(value)`, exactly as CPython prints it for these types.
    pub fn repr(&self) -> String {
        let mut out = String::new();
        self.write_repr(&mut out, &mut Vec::new());
        out
    }

    /// `str(value)`.
    pub fn to_str(&self) -> String {
        match self {
            Value::Str(s) => s.to_string(),
            Value::Enum(e) => e.value.to_string(),
            Value::Exception(e) => e.to_str(),
            _ => self.repr(),
        }
    }

    /// Writes the repr; `open` holds the lists and dicts being written, so
    /// one that contains itself prints as `[...]`, as in CPython.
    fn write_repr(&self, out: &mut String, open: &mut Vec<*const ()>) {
        let id = match self {
            Value::List(l) => Some(Rc::as_ptr(l).cast::<()>()),
            Value::Dict(d) => Some(Rc::as_ptr(d).cast::<()>()),
            _ => None,
        };
        if let Some(id) = id {
            if open.contains(&id) {
                out.push_str(if matches!(self, Value::List(_)) {
                    "[...]"
                } else {
                    "{...}"
                });
                return;
            }
            open.push(id);
        }
        if open.len() > 200 {
            out.push_str("...");
            if id.is_some() {
                open.pop();
            }
            return;
        }
        self.write_repr_inner(out, open);
        if id.is_some() {
            open.pop();
        }
    }

    fn write_repr_inner(&self, out: &mut String, open: &mut Vec<*const ()>) {
        match self {
            Value::None => out.push_str("None"),
            Value::Bool(true) => out.push_str("True"),
            Value::Bool(false) => out.push_str("False"),
            Value::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Enum(e) => {
                let _ = write!(out, "<{}.{}: {}>", e.class, e.name, e.value);
            }
            Value::Float(f) => out.push_str(&float_repr(*f)),
            Value::Str(s) => out.push_str(&str_repr(s)),
            Value::Bytes(b) => out.push_str(&bytes_repr(b)),
            Value::Tuple(items) => {
                out.push('(');
                write_items(out, items, open);
                if items.len() == 1 {
                    out.push(',');
                }
                out.push(')');
            }
            Value::List(items) => {
                out.push('[');
                write_items(out, &items.borrow(), open);
                out.push(']');
            }
            Value::Dict(d) => {
                out.push('{');
                for (i, (k, v)) in d.borrow().items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    k.write_repr(out, open);
                    out.push_str(": ");
                    v.write_repr(out, open);
                }
                out.push('}');
            }
            Value::Range(r) => {
                if r.step == 1 {
                    let _ = write!(out, "range({}, {})", r.start, r.stop);
                } else {
                    let _ = write!(out, "range({}, {}, {})", r.start, r.stop, r.step);
                }
            }
            Value::Function(f) => {
                let name = if f.lambda { "<lambda>" } else { &f.def.name };
                let _ = write!(out, "<function {name}>");
            }
            Value::Builtin(Builtin::Global(name)) => {
                let _ = write!(out, "<built-in function {name}>");
            }
            Value::Builtin(Builtin::Module(_, name)) => {
                let _ = write!(out, "<built-in function {name}>");
            }
            Value::Method(m) => match &m.receiver {
                Value::Socket(s) => {
                    let _ = write!(out, "<bound method socket.{} of {}>", m.name, s.repr());
                }
                r => {
                    let _ = write!(
                        out,
                        "<built-in method {} of {} object>",
                        m.name,
                        r.type_name()
                    );
                }
            },
            Value::Module(m) => {
                let _ = write!(out, "<module '{}' (built-in)>", m.name());
            }
            Value::Type(t) => out.push_str(&t.repr()),
            Value::Exception(e) => out.push_str(&e.repr()),
            Value::Socket(s) => out.push_str(&s.repr()),
            Value::Stream(Stream::Stdout) => {
                out.push_str("<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>")
            }
            Value::Stream(Stream::Stderr) => {
                out.push_str("<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>")
            }
        }
    }
}

fn write_items(out: &mut String, items: &[Value], open: &mut Vec<*const ()>) {
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        v.write_repr(out, open);
    }
}

/// `repr(float)`: the shortest string that reads back as the same float,
/// with `.0` on integral values and exponents as CPython writes them.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-4..1e16).contains(&abs) {
        // Rust's `{:e}` is shortest round-trip too: `1e16`, `1.5e-7`.
        let s = format!("{f:e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.abs());
    }
    let s = format!("{f}");
    if s.contains('.') {
        s
    } else {
        format!("{s}.0")
    }
}

/// `repr(str)`: single quotes unless the text has one and no double quote.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_unprintable(c) => {
                let n = c as u32;
                if n <= 0xff {
                    let _ = write!(out, "\\x{n:02x}");
                } else if n <= 0xffff {
                    let _ = write!(out, "\\u{n:04x}");
                } else {
                    let _ = write!(out, "\\U{n:08x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Characters CPython's `str.isprintable` rejects that matter here: C1
/// controls, the no-break and other separators, surrogates, private use.
fn is_unprintable(c: char) -> bool {
    let n = c as u32;
    (0x80..=0xa0).contains(&n)
        || n == 0xad
        || (0x2028..=0x2029).contains(&n)
        || (0xe000..=0xf8ff).contains(&n)
        || n == 0xfeff
}

/// `repr(bytes)`: `b'...'` with `\xNN` for anything outside printable ASCII.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            b' '..=b'~' => out.push(c as char),
            c => {
                let _ = write!(out, "\\x{c:02x}");
            }
        }
    }
    out.push(quote as char);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs_match_cpython() {
        assert_eq!(Value::str("it's").repr(), "\"it's\"");
        assert_eq!(Value::str("a'b\"c").repr(), "'a\\'b\"c'");
        assert_eq!(Value::str("tab\there\n").repr(), "'tab\\there\\n'");
        assert_eq!(Value::str("é").repr(), "'é'");
        assert_eq!(
            Value::bytes(&b"hi\x00\xff'"[..]).repr(),
            "b\"hi\\x00\\xff'\""
        );
        assert_eq!(Value::tuple(vec![Value::Int(1)]).repr(), "(1,)");
        assert_eq!(Value::tuple(vec![]).repr(), "()");
        assert_eq!(Value::Float(1.0).repr(), "1.0");
        assert_eq!(Value::Float(0.1).repr(), "0.1");
        assert_eq!(Value::Float(1e16).repr(), "1e+16");
        assert_eq!(Value::Float(1.5e-7).repr(), "1.5e-07");
        assert_eq!(Value::Float(123456.789).repr(), "123456.789");
        assert_eq!(Value::Float(-0.0).repr(), "-0.0");
        let d = Value::Dict(Rc::new(RefCell::new(Dict {
            items: vec![(Value::str("a"), Value::list(vec![Value::None]))],
        })));
        assert_eq!(d.repr(), "{'a': [None]}");
    }

    #[test]
    fn equality_crosses_numeric_types() {
        assert!(Value::Int(1).py_eq(&Value::Bool(true)));
        assert!(Value::Float(2.0).py_eq(&Value::Int(2)));
        assert!(!Value::str("1").py_eq(&Value::Int(1)));
        assert!(Value::tuple(vec![Value::Int(1)]).py_eq(&Value::tuple(vec![Value::Float(1.0)])));
    }

    #[test]
    fn ranges_count_like_python() {
        assert_eq!(
            Range {
                start: 0,
                stop: 10,
                step: 3
            }
            .len(),
            4
        );
        assert_eq!(
            Range {
                start: 10,
                stop: 0,
                step: -3
            }
            .len(),
            4
        );
        assert_eq!(
            Range {
                start: 5,
                stop: 5,
                step: 1
            }
            .len(),
            0
        );
    }
}
