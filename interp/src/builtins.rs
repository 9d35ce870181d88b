//! The built-in functions and classes a course script uses.

use crate::eval::{Args, Eval, Halt, Interp};
use crate::exc::{self, ExcClass, ExcObj};
use crate::host::Host;
use crate::value::{Builtin, Dict, Range, Stream, Type, Value};
use std::cell::RefCell;
use std::rc::Rc;

/// Built-in functions by name.
const FUNCTIONS: &[&str] = &[
    "print",
    "len",
    "repr",
    "isinstance",
    "type",
    "abs",
    "min",
    "max",
    "sum",
    "sorted",
    "enumerate",
    "zip",
    "reversed",
    "round",
    "hex",
    "bin",
    "oct",
    "ord",
    "chr",
    "any",
    "all",
    "divmod",
    "format",
    "hasattr",
    "getattr",
    "id",
    "exit",
    "quit",
    "iter",
    "next",
    "input",
    "open",
    "callable",
];

/// Built-ins that exist in Python but not here, with what to say.
const UNSUPPORTED: &[(&str, &str)] = &[
    (
        "input",
        "input() (a script cannot read from the keyboard here)",
    ),
    ("open", "open() (no files in the playground)"),
    ("iter", "iter() and next()"),
    ("next", "iter() and next()"),
];

/// The built-in namespace: what a name means when no variable has it.
pub fn lookup(name: &str) -> Option<Value> {
    let t = match name {
        "int" => Type::Int,
        "float" => Type::Float,
        "bool" => Type::Bool,
        "str" => Type::Str,
        "bytes" => Type::Bytes,
        "list" => Type::List,
        "tuple" => Type::Tuple,
        "dict" => Type::Dict,
        "range" => Type::Range,
        "None" => return Some(Value::None),
        "True" => return Some(Value::Bool(true)),
        "False" => return Some(Value::Bool(false)),
        _ => {
            if let Some(c) = exc::ALL.iter().find(|c| c.name() == name) {
                return Some(Value::Type(Type::Exc(*c)));
            }
            return FUNCTIONS
                .iter()
                .find(|f| **f == name)
                .map(|f| Value::Builtin(Builtin::Global(f)));
        }
    };
    Some(Value::Type(t))
}

/// Checks a built-in's argument count.
fn arity<H: Host>(i: &Interp<H>, name: &str, args: &Args, min: usize, max: usize) -> Eval<()> {
    let n = args.pos.len();
    if n < min || n > max {
        let expected = if min == max {
            format!("exactly {min} argument{}", if min == 1 { "" } else { "s" })
        } else if n < min {
            format!("at least {min} argument{}", if min == 1 { "" } else { "s" })
        } else {
            format!("at most {max} argument{}", if max == 1 { "" } else { "s" })
        };
        return i.err(
            ExcClass::TypeError,
            format!("{name}() takes {expected} ({n} given)"),
        );
    }
    Ok(())
}

impl<H: Host> Interp<H> {
    /// Calls the built-in function `name`.
    pub(crate) async fn call_builtin(&mut self, name: &'static str, mut args: Args) -> Eval<Value> {
        if let Some((_, what)) = UNSUPPORTED.iter().find(|(n, _)| *n == name) {
            return Err(Halt::Unsupported((*what).to_string()).into());
        }
        match name {
            "print" => self.print(args),
            "len" => {
                arity(self, name, &args, 1, 1)?;
                let v = &args.pos[0];
                let n = match v {
                    Value::Str(s) => s.chars().count(),
                    Value::Bytes(b) => b.len(),
                    Value::Tuple(t) => t.len(),
                    Value::List(l) => l.borrow().len(),
                    Value::Dict(d) => d.borrow().items.len(),
                    Value::Range(r) => usize::try_from(r.len()).unwrap_or(0),
                    other => {
                        return self.err(
                            ExcClass::TypeError,
                            format!("object of type '{}' has no len()", other.type_name()),
                        )
                    }
                };
                Ok(Value::Int(n as i64))
            }
            "repr" => {
                arity(self, name, &args, 1, 1)?;
                Ok(Value::str(args.pos[0].repr()))
            }
            "isinstance" => {
                arity(self, name, &args, 2, 2)?;
                let classes = match &args.pos[1] {
                    Value::Tuple(t) => t.to_vec(),
                    other => vec![other.clone()],
                };
                let mut yes = false;
                for c in &classes {
                    match c {
                        Value::Type(t) => yes |= is_instance(&args.pos[0], *t),
                        _ => {
                            return self.err(
                                ExcClass::TypeError,
                                "isinstance() arg 2 must be a type, a tuple of types, or a union",
                            )
                        }
                    }
                }
                Ok(Value::Bool(yes))
            }
            "type" => {
                arity(self, name, &args, 1, 1)?;
                Ok(type_of(&args.pos[0]))
            }
            "callable" => {
                arity(self, name, &args, 1, 1)?;
                Ok(Value::Bool(matches!(
                    args.pos[0],
                    Value::Function(_) | Value::Builtin(_) | Value::Method(_) | Value::Type(_)
                )))
            }
            "abs" => {
                arity(self, name, &args, 1, 1)?;
                match &args.pos[0] {
                    Value::Float(f) => Ok(Value::Float(f.abs())),
                    v => match v.as_int() {
                        Some(i) => i
                            .checked_abs()
                            .map(Value::Int)
                            .ok_or_else(|| self.flow_err(crate::eval::overflow())),
                        None => self.err(
                            ExcClass::TypeError,
                            format!("bad operand type for abs(): '{}'", v.type_name()),
                        ),
                    },
                }
            }
            "min" | "max" => self.min_max(name, args).await,
            "sum" => {
                arity(self, name, &args, 1, 2)?;
                let start = args.pos.get(1).cloned().unwrap_or(Value::Int(0));
                let mut acc = start;
                for v in self.collect(&args.pos[0])? {
                    acc = self.binop(crate::ast::BinOp::Add, &acc, &v)?;
                }
                Ok(acc)
            }
            "sorted" => {
                arity(self, name, &args, 1, 1)?;
                let key = args.take_kw("key");
                let reverse = args.take_kw("reverse").is_some_and(|v| v.truthy());
                let items = self.collect(&args.pos[0])?;
                Ok(Value::list(self.sort(items, key, reverse).await?))
            }
            "enumerate" => {
                arity(self, name, &args, 1, 2)?;
                let start = args.pos.get(1).and_then(Value::as_int).unwrap_or(0);
                let items = self.collect(&args.pos[0])?;
                let mut out = Vec::with_capacity(items.len());
                for (i, v) in items.into_iter().enumerate() {
                    let n = start
                        .checked_add(i as i64)
                        .ok_or_else(|| self.flow_err(crate::eval::overflow()))?;
                    out.push(Value::tuple(vec![Value::Int(n), v]));
                }
                Ok(Value::list(out))
            }
            "zip" => {
                let mut lists = Vec::new();
                for a in &args.pos {
                    lists.push(self.collect(a)?);
                }
                let n = lists.iter().map(Vec::len).min().unwrap_or(0);
                Ok(Value::list(
                    (0..n)
                        .map(|i| Value::tuple(lists.iter().map(|l| l[i].clone()).collect()))
                        .collect(),
                ))
            }
            "reversed" => {
                arity(self, name, &args, 1, 1)?;
                let mut items = self.collect(&args.pos[0])?;
                items.reverse();
                Ok(Value::list(items))
            }
            "round" => {
                arity(self, name, &args, 1, 2)?;
                let digits = args.pos.get(1).and_then(Value::as_int);
                match (&args.pos[0], digits) {
                    (Value::Float(f), None) => Ok(Value::Int(round_half_even(*f) as i64)),
                    (Value::Float(f), Some(d)) => {
                        let m = 10f64.powi(i32::try_from(d).unwrap_or(0));
                        Ok(Value::Float(round_half_even(f * m) / m))
                    }
                    (v, _) if v.as_int().is_some() => Ok(Value::Int(v.as_int().unwrap_or(0))),
                    (v, _) => self.err(
                        ExcClass::TypeError,
                        format!("type {} doesn't define __round__ method", v.type_name()),
                    ),
                }
            }
            "hex" | "bin" | "oct" => {
                arity(self, name, &args, 1, 1)?;
                let Some(i) = args.pos[0].as_int() else {
                    return self.err(
                        ExcClass::TypeError,
                        format!(
                            "'{}' object cannot be interpreted as an integer",
                            args.pos[0].type_name()
                        ),
                    );
                };
                let (sign, a) = if i < 0 {
                    ("-", i.unsigned_abs())
                } else {
                    ("", i as u64)
                };
                Ok(Value::str(match name {
                    "hex" => format!("{sign}0x{a:x}"),
                    "bin" => format!("{sign}0b{a:b}"),
                    _ => format!("{sign}0o{a:o}"),
                }))
            }
            "ord" => {
                arity(self, name, &args, 1, 1)?;
                match &args.pos[0] {
                    Value::Str(s) if s.chars().count() == 1 => {
                        Ok(Value::Int(s.chars().next().map_or(0, |c| c as i64)))
                    }
                    Value::Bytes(b) if b.len() == 1 => Ok(Value::Int(i64::from(b[0]))),
                    Value::Str(s) => self.err(
                        ExcClass::TypeError,
                        format!(
                            "ord() expected a character, but string of length {} found",
                            s.chars().count()
                        ),
                    ),
                    v => self.err(
                        ExcClass::TypeError,
                        format!(
                            "ord() expected string of length 1, but {} found",
                            v.type_name()
                        ),
                    ),
                }
            }
            "chr" => {
                arity(self, name, &args, 1, 1)?;
                let c = args.pos[0]
                    .as_int()
                    .and_then(|i| u32::try_from(i).ok())
                    .and_then(char::from_u32);
                match c {
                    Some(c) => Ok(Value::str(c.to_string())),
                    None => self.err(ExcClass::ValueError, "chr() arg not in range(0x110000)"),
                }
            }
            "any" | "all" => {
                arity(self, name, &args, 1, 1)?;
                let items = self.collect(&args.pos[0])?;
                Ok(Value::Bool(if name == "any" {
                    items.iter().any(Value::truthy)
                } else {
                    items.iter().all(Value::truthy)
                }))
            }
            "divmod" => {
                arity(self, name, &args, 2, 2)?;
                let q = self.binop(crate::ast::BinOp::FloorDiv, &args.pos[0], &args.pos[1])?;
                let r = self.binop(crate::ast::BinOp::Mod, &args.pos[0], &args.pos[1])?;
                Ok(Value::tuple(vec![q, r]))
            }
            "format" => {
                arity(self, name, &args, 1, 2)?;
                let spec = match args.pos.get(1) {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => String::new(),
                };
                Ok(Value::str(self.format_value(&args.pos[0], &spec)?))
            }
            "hasattr" | "getattr" => {
                arity(self, name, &args, 2, 3)?;
                let Value::Str(attr) = &args.pos[1] else {
                    return self.err(ExcClass::TypeError, "attribute name must be string");
                };
                let found = self.get_attr(&args.pos[0], attr);
                match (name, found) {
                    ("hasattr", r) => Ok(Value::Bool(r.is_ok())),
                    (_, Ok(v)) => Ok(v),
                    (_, Err(e)) => args.pos.get(2).cloned().ok_or(e),
                }
            }
            "id" => {
                arity(self, name, &args, 1, 1)?;
                Ok(Value::Int(
                    0x7f00_0000_0000 + (self_hash(&args.pos[0]) & 0xffff_ffff),
                ))
            }
            "exit" | "quit" => Err(crate::eval::Flow::Raise(
                self.raised(ExcObj::construct(ExcClass::SystemExit, args.pos)),
            )),
            _ => Err(Halt::Unsupported(format!("{name}()")).into()),
        }
    }

    fn print(&mut self, mut args: Args) -> Eval<Value> {
        let text_kw = |v: Option<Value>, default: &str, what: &str| -> Result<String, String> {
            match v {
                None | Some(Value::None) => Ok(default.to_string()),
                Some(Value::Str(s)) => Ok(s.to_string()),
                Some(v) => Err(format!(
                    "{what} must be None or a string, not {}",
                    v.type_name()
                )),
            }
        };
        let sep = text_kw(args.take_kw("sep"), " ", "sep");
        let end = text_kw(args.take_kw("end"), "\n", "end");
        let (sep, end) = match (sep, end) {
            (Ok(s), Ok(e)) => (s, e),
            (Err(m), _) | (_, Err(m)) => return self.err(ExcClass::TypeError, m),
        };
        let stream = match args.take_kw("file") {
            None | Some(Value::None) => Stream::Stdout,
            Some(Value::Stream(s)) => s,
            Some(v) => {
                return self.err(
                    ExcClass::AttributeError,
                    format!("'{}' object has no attribute 'write'", v.type_name()),
                )
            }
        };
        let flush = args.take_kw("flush").is_some_and(|v| v.truthy());
        if let Some((k, _)) = args.kw.first() {
            return self.err(
                ExcClass::TypeError,
                format!("'{k}' is an invalid keyword argument for print()"),
            );
        }
        let mut out = String::new();
        for (i, v) in args.pos.iter().enumerate() {
            if i > 0 {
                out.push_str(&sep);
            }
            out.push_str(&v.to_str());
        }
        out.push_str(&end);
        self.host.write(stream, &out);
        if flush {
            self.host.flush();
        }
        Ok(Value::None)
    }

    async fn min_max(&mut self, name: &'static str, mut args: Args) -> Eval<Value> {
        let key = args.take_kw("key");
        let default = args.take_kw("default");
        let items = match args.pos.len() {
            0 => {
                return self.err(
                    ExcClass::TypeError,
                    format!("{name} expected at least 1 argument, got 0"),
                )
            }
            1 => self.collect(&args.pos[0])?,
            _ => args.pos,
        };
        let mut best: Option<(Value, Value)> = None;
        for v in items {
            let k = match &key {
                Some(f) => self.call(f, vec![v.clone()], vec![]).await?,
                None => v.clone(),
            };
            let better = match &best {
                None => true,
                Some((bk, _)) => {
                    let ord = self.order(&k, bk)?;
                    if name == "min" {
                        ord == Some(std::cmp::Ordering::Less)
                    } else {
                        ord == Some(std::cmp::Ordering::Greater)
                    }
                }
            };
            if better {
                best = Some((k, v));
            }
        }
        match (best, default) {
            (Some((_, v)), _) => Ok(v),
            (None, Some(d)) => Ok(d),
            (None, None) => self.err(
                ExcClass::ValueError,
                format!("{name}() arg is an empty sequence"),
            ),
        }
    }

    /// A stable sort by `key`, as `sorted` and `list.sort` do.
    pub(crate) async fn sort(
        &mut self,
        items: Vec<Value>,
        key: Option<Value>,
        reverse: bool,
    ) -> Eval<Vec<Value>> {
        let mut keyed = Vec::with_capacity(items.len());
        for v in items {
            let k = match &key {
                Some(Value::None) | None => v.clone(),
                Some(f) => self.call(f, vec![v.clone()], vec![]).await?,
            };
            keyed.push((k, v));
        }
        // Insertion sort with fallible comparisons: scripts sort short lists.
        let mut out: Vec<(Value, Value)> = Vec::with_capacity(keyed.len());
        for (k, v) in keyed {
            let mut at = out.len();
            while at > 0 {
                let ord = self.order(&k, &out[at - 1].0)?;
                let before = if reverse {
                    ord == Some(std::cmp::Ordering::Greater)
                } else {
                    ord == Some(std::cmp::Ordering::Less)
                };
                if !before {
                    break;
                }
                at -= 1;
            }
            out.insert(at, (k, v));
        }
        Ok(out.into_iter().map(|(_, v)| v).collect())
    }
}

/// `int(x)`, `str(x)`, `list(x)` and the other conversions.
pub(crate) fn convert<H: Host>(
    i: &Interp<H>,
    t: Type,
    first: Option<Value>,
    mut args: Args,
) -> Eval<Value> {
    let v = match (t, first) {
        (Type::Int, None) => Value::Int(0),
        (Type::Int, Some(v)) => {
            let base = args
                .pos
                .first()
                .and_then(Value::as_int)
                .or_else(|| args.take_kw("base").and_then(|b| b.as_int()));
            to_int(&v, base).map_err(|e| i.flow_err(e))?
        }
        (Type::Float, None) => Value::Float(0.0),
        (Type::Float, Some(v)) => to_float(&v).map_err(|e| i.flow_err(e))?,
        (Type::Bool, v) => Value::Bool(v.is_some_and(|v| v.truthy())),
        (Type::Str, None) => Value::str(""),
        (Type::Str, Some(Value::Bytes(b))) if !args.pos.is_empty() || !args.kw.is_empty() => {
            let encoding = args
                .pos
                .first()
                .cloned()
                .or_else(|| args.take_kw("encoding"));
            let errors = args.pos.get(1).cloned().or_else(|| args.take_kw("errors"));
            crate::methods::decode(&b, encoding.as_ref(), errors.as_ref())
                .map_err(|e| i.flow_err(e))?
        }
        (Type::Str, Some(v)) => Value::str(v.to_str()),
        (Type::Bytes, None) => Value::bytes(&[][..]),
        (Type::Bytes, Some(v)) => to_bytes(i, &v, &mut args)?,
        (Type::List, None) => Value::list(vec![]),
        (Type::List, Some(v)) => Value::list(i.collect(&v)?),
        (Type::Tuple, None) => Value::tuple(vec![]),
        (Type::Tuple, Some(v)) => Value::tuple(i.collect(&v)?),
        (Type::Dict, first) => {
            let mut d = Dict::default();
            if let Some(v) = first {
                match &v {
                    Value::Dict(src) => d = src.borrow().clone(),
                    other => {
                        for pair in i.collect(other)? {
                            let kv = i.collect(&pair)?;
                            if kv.len() != 2 {
                                return i.err(
                                    ExcClass::ValueError,
                                    "dictionary update sequence element has the wrong length",
                                );
                            }
                            d.set(kv[0].clone(), kv[1].clone());
                        }
                    }
                }
            }
            for (k, v) in std::mem::take(&mut args.kw) {
                d.set(Value::str(k), v);
            }
            Value::Dict(Rc::new(RefCell::new(d)))
        }
        (Type::Range, None) => {
            return i.err(
                ExcClass::TypeError,
                "range expected at least 1 argument, got 0",
            )
        }
        (Type::Range, Some(v)) => {
            let mut nums = vec![v];
            nums.append(&mut args.pos);
            let mut ints = Vec::new();
            for n in &nums {
                match n.as_int() {
                    Some(x) => ints.push(x),
                    None => {
                        return i.err(
                            ExcClass::TypeError,
                            format!(
                                "'{}' object cannot be interpreted as an integer",
                                n.type_name()
                            ),
                        )
                    }
                }
            }
            let (start, stop, step) = match ints.as_slice() {
                [stop] => (0, *stop, 1),
                [start, stop] => (*start, *stop, 1),
                [start, stop, step] => (*start, *stop, *step),
                _ => {
                    return i.err(
                        ExcClass::TypeError,
                        format!("range expected at most 3 arguments, got {}", ints.len()),
                    )
                }
            };
            if step == 0 {
                return i.err(ExcClass::ValueError, "range() arg 3 must not be zero");
            }
            Value::Range(Range { start, stop, step })
        }
        (Type::NoneType, _) => Value::None,
        (Type::Socket | Type::Exc(_), _) => Value::None,
    };
    Ok(v)
}

fn to_bytes<H: Host>(i: &Interp<H>, v: &Value, args: &mut Args) -> Eval<Value> {
    match v {
        Value::Str(s) => {
            let encoding = args
                .pos
                .first()
                .cloned()
                .or_else(|| args.take_kw("encoding"));
            match encoding {
                Some(e) => {
                    crate::methods::encode(s, Some(&e), args.pos.get(1)).map_err(|e| i.flow_err(e))
                }
                None => i.err(ExcClass::TypeError, "string argument without an encoding"),
            }
        }
        Value::Bytes(_) => Ok(v.clone()),
        n if n.as_int().is_some() => {
            let n = n.as_int().unwrap_or(0);
            if n < 0 {
                return i.err(ExcClass::ValueError, "negative count");
            }
            if n > 64 * 1024 * 1024 {
                return i.err(
                    ExcClass::MemoryError,
                    "the result would exceed the playground's 64 MiB",
                );
            }
            Ok(Value::bytes(vec![0u8; n as usize]))
        }
        other => {
            let mut out = Vec::new();
            let items = match crate::eval::iterate_value(other) {
                Some(items) => items,
                None => {
                    return i.err(
                        ExcClass::TypeError,
                        format!("cannot convert '{}' object to bytes", other.type_name()),
                    )
                }
            };
            for x in items {
                match x.as_int().and_then(|n| u8::try_from(n).ok()) {
                    Some(b) => out.push(b),
                    None => return i.err(ExcClass::ValueError, "bytes must be in range(0, 256)"),
                }
            }
            Ok(Value::bytes(out))
        }
    }
}

/// `int(v, base)`.
pub(crate) fn to_int(v: &Value, base: Option<i64>) -> Result<Value, (ExcClass, String)> {
    match v {
        Value::Float(f) => {
            if f.is_nan() {
                Err((ExcClass::ValueError, "cannot convert float NaN to integer".into()))
            } else if f.is_infinite() {
                Err((ExcClass::OverflowError, "cannot convert float infinity to integer".into()))
            } else if f.abs() >= 9.2e18 {
                Err(crate::eval::overflow())
            } else {
                Ok(Value::Int(f.trunc() as i64))
            }
        }
        Value::Str(_) | Value::Bytes(_) => {
            let text = match v {
                Value::Str(s) => s.to_string(),
                Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
                _ => String::new(),
            };
            let base = base.unwrap_or(10);
            let t = text.trim().replace('_', "");
            let (neg, digits) = match t.strip_prefix('-') {
                Some(rest) => (true, rest.to_string()),
                None => (false, t.strip_prefix('+').unwrap_or(&t).to_string()),
            };
            let (base, digits) = match (base, digits.get(..2).map(str::to_ascii_lowercase).as_deref()) {
                (0 | 16, Some("0x")) => (16, digits[2..].to_string()),
                (0 | 8, Some("0o")) => (8, digits[2..].to_string()),
                (0 | 2, Some("0b")) => (2, digits[2..].to_string()),
                (0, _) => (10, digits),
                (b, _) => (b, digits),
            };
            let parsed = u32::try_from(base)
                .ok()
                .filter(|b| (2..=36).contains(b))
                .and_then(|b| i64::from_str_radix(&digits, b).ok())
                .filter(|_| !digits.is_empty() && !digits.starts_with(['+', '-']));
            match parsed {
                Some(n) => Ok(Value::Int(if neg { -n } else { n })),
                None => Err((
                    ExcClass::ValueError,
                    format!("invalid literal for int() with base {base}: {}", v_repr_for_int(v)),
                )),
            }
        }
        other => match other.as_int() {
            Some(i) => Ok(Value::Int(i)),
            None => Err((
                ExcClass::TypeError,
                format!(
                    "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                    other.type_name()
                ),
            )),
        },
    }
}

fn v_repr_for_int(v: &Value) -> String {
    v.repr()
}

fn to_float(v: &Value) -> Result<Value, (ExcClass, String)> {
    match v {
        Value::Float(f) => Ok(Value::Float(*f)),
        Value::Str(s) => {
            let t = s.trim().to_ascii_lowercase();
            let parsed = match t.as_str() {
                "inf" | "+inf" | "infinity" => Some(f64::INFINITY),
                "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
                "nan" | "+nan" | "-nan" => Some(f64::NAN),
                _ => t.replace('_', "").parse::<f64>().ok(),
            };
            parsed.map(Value::Float).ok_or_else(|| {
                (
                    ExcClass::ValueError,
                    format!("could not convert string to float: {}", v.repr()),
                )
            })
        }
        other => match other.as_int() {
            Some(i) => Ok(Value::Float(i as f64)),
            None => Err((
                ExcClass::TypeError,
                format!(
                    "float() argument must be a string or a real number, not '{}'",
                    other.type_name()
                ),
            )),
        },
    }
}

/// Whether `v` is an instance of the class `t`.
fn is_instance(v: &Value, t: Type) -> bool {
    match (v, t) {
        (Value::Bool(_), Type::Int | Type::Bool) => true,
        (Value::Int(_) | Value::Enum(_), Type::Int) => true,
        (Value::Float(_), Type::Float) => true,
        (Value::Str(_), Type::Str) => true,
        (Value::Bytes(_), Type::Bytes) => true,
        (Value::List(_), Type::List) => true,
        (Value::Tuple(_), Type::Tuple) => true,
        (Value::Dict(_), Type::Dict) => true,
        (Value::Range(_), Type::Range) => true,
        (Value::None, Type::NoneType) => true,
        (Value::Socket(_), Type::Socket) => true,
        (Value::Exception(e), Type::Exc(c)) => e.class.is_subclass(c),
        _ => false,
    }
}

/// `type(v)`.
fn type_of(v: &Value) -> Value {
    Value::Type(match v {
        Value::Bool(_) => Type::Bool,
        Value::Int(_) | Value::Enum(_) => Type::Int,
        Value::Float(_) => Type::Float,
        Value::Str(_) => Type::Str,
        Value::Bytes(_) => Type::Bytes,
        Value::List(_) => Type::List,
        Value::Tuple(_) => Type::Tuple,
        Value::Dict(_) => Type::Dict,
        Value::Range(_) => Type::Range,
        Value::None => Type::NoneType,
        Value::Socket(_) => Type::Socket,
        Value::Exception(e) => Type::Exc(e.class),
        _ => return Value::Builtin(Builtin::Global("type")),
    })
}

/// Banker's rounding, as Python's `round`.
fn round_half_even(f: f64) -> f64 {
    let r = f.round();
    if (f - f.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
        r - f.signum()
    } else {
        r
    }
}

fn self_hash(v: &Value) -> i64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    v.repr().hash(&mut h);
    (h.finish() >> 1) as i64
}
