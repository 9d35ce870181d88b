//! `repr()` and `str()` of values, exactly as CPython writes them.

use super::{Builtin, Stream, Value};
use std::fmt::Write as _;
use std::rc::Rc;

impl Value {
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
