//! Methods of `str`, `bytes`, `list` and `dict`, and `encode`/`decode`.

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
        Value::Str(s) => str_method(s, name, &mut args),
        Value::Bytes(b) => bytes_method(b, name, &mut args),
        Value::List(l) => {
            let a = &args.pos;
            match name {
                "append" => {
                    l.borrow_mut().push(arg(a, 0, "append")?);
                    Ok(Value::None)
                }
                "extend" => {
                    let items = crate::eval::iterate_value(&arg(a, 0, "extend")?)
                        .ok_or((ExcClass::TypeError, "object is not iterable".to_string()))?;
                    l.borrow_mut().extend(items);
                    Ok(Value::None)
                }
                "insert" => {
                    let at = arg(a, 0, "insert")?.as_int().unwrap_or(0);
                    let v = arg(a, 1, "insert")?;
                    let mut l = l.borrow_mut();
                    let len = l.len() as i64;
                    let at = if at < 0 {
                        (at + len).max(0)
                    } else {
                        at.min(len)
                    };
                    l.insert(at as usize, v);
                    Ok(Value::None)
                }
                "pop" => {
                    let mut l = l.borrow_mut();
                    if l.is_empty() {
                        return Err((ExcClass::IndexError, "pop from empty list".into()));
                    }
                    let len = l.len() as i64;
                    let at = a.first().and_then(Value::as_int).unwrap_or(-1);
                    let at = if at < 0 { at + len } else { at };
                    if at < 0 || at >= len {
                        return Err((ExcClass::IndexError, "pop index out of range".into()));
                    }
                    Ok(l.remove(at as usize))
                }
                "remove" => {
                    let v = arg(a, 0, "remove")?;
                    let mut l = l.borrow_mut();
                    match l.iter().position(|x| x.py_eq(&v)) {
                        Some(p) => {
                            l.remove(p);
                            Ok(Value::None)
                        }
                        None => Err((ExcClass::ValueError, "list.remove(x): x not in list".into())),
                    }
                }
                "index" => {
                    let v = arg(a, 0, "index")?;
                    match l.borrow().iter().position(|x| x.py_eq(&v)) {
                        Some(p) => Ok(Value::Int(p as i64)),
                        None => Err((ExcClass::ValueError, format!("{} is not in list", v.repr()))),
                    }
                }
                "count" => {
                    let v = arg(a, 0, "count")?;
                    Ok(Value::Int(
                        l.borrow().iter().filter(|x| x.py_eq(&v)).count() as i64,
                    ))
                }
                "clear" => {
                    l.borrow_mut().clear();
                    Ok(Value::None)
                }
                "copy" => Ok(Value::list(l.borrow().clone())),
                "reverse" => {
                    l.borrow_mut().reverse();
                    Ok(Value::None)
                }
                _ => Err(no_attr(receiver, name)),
            }
        }
        Value::Tuple(t) => {
            let v = arg(&args.pos, 0, name)?;
            match name {
                "index" => t
                    .iter()
                    .position(|x| x.py_eq(&v))
                    .map(|p| Value::Int(p as i64))
                    .ok_or((
                        ExcClass::ValueError,
                        "tuple.index(x): x not in tuple".into(),
                    )),
                _ => Ok(Value::Int(t.iter().filter(|x| x.py_eq(&v)).count() as i64)),
            }
        }
        Value::Dict(d) => {
            let a = &args.pos;
            match name {
                "get" => {
                    let k = arg(a, 0, "get")?;
                    Ok(d.borrow()
                        .get(&k)
                        .cloned()
                        .unwrap_or_else(|| a.get(1).cloned().unwrap_or(Value::None)))
                }
                "keys" => Ok(Value::list(
                    d.borrow().items.iter().map(|(k, _)| k.clone()).collect(),
                )),
                "values" => Ok(Value::list(
                    d.borrow().items.iter().map(|(_, v)| v.clone()).collect(),
                )),
                "items" => Ok(Value::list(
                    d.borrow()
                        .items
                        .iter()
                        .map(|(k, v)| Value::tuple(vec![k.clone(), v.clone()]))
                        .collect(),
                )),
                "pop" => {
                    let k = arg(a, 0, "pop")?;
                    let removed = d.borrow_mut().remove(&k);
                    match (removed, a.get(1)) {
                        (Some(v), _) => Ok(v),
                        (None, Some(default)) => Ok(default.clone()),
                        (None, None) => Err((ExcClass::KeyError, k.to_str())),
                    }
                }
                "setdefault" => {
                    let k = arg(a, 0, "setdefault")?;
                    let default = a.get(1).cloned().unwrap_or(Value::None);
                    let existing = d.borrow().get(&k).cloned();
                    match existing {
                        Some(v) => Ok(v),
                        None => {
                            d.borrow_mut().set(k, default.clone());
                            Ok(default)
                        }
                    }
                }
                "update" => {
                    if let Some(Value::Dict(other)) = a.first() {
                        let items = other.borrow().items.clone();
                        for (k, v) in items {
                            d.borrow_mut().set(k, v);
                        }
                    }
                    for (k, v) in std::mem::take(&mut args.kw) {
                        d.borrow_mut().set(Value::str(k), v);
                    }
                    Ok(Value::None)
                }
                "copy" => Ok(Value::Dict(std::rc::Rc::new(std::cell::RefCell::new(
                    d.borrow().clone(),
                )))),
                "clear" => {
                    d.borrow_mut().items.clear();
                    Ok(Value::None)
                }
                _ => Err(no_attr(receiver, name)),
            }
        }
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

fn str_arg(a: &[Value], i: usize, method: &str) -> Result<Option<String>, (ExcClass, String)> {
    match a.get(i) {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.to_string())),
        Some(v) => Err((
            ExcClass::TypeError,
            format!("{method} arg must be None or str, not {}", v.type_name()),
        )),
    }
}

/// Methods that take optional `start` and `end` positions.
const WINDOWED: &[&str] = &["find", "rfind", "index", "count", "startswith", "endswith"];

/// `[start:end]` as slice positions within `len`.
fn window(
    len: usize,
    start: Option<&Value>,
    end: Option<&Value>,
) -> Result<(usize, usize), (ExcClass, String)> {
    let pos = |v: Option<&Value>, default: usize| -> Result<usize, (ExcClass, String)> {
        match v {
            None | Some(Value::None) => Ok(default),
            Some(v) => match v.as_int() {
                Some(i) if i < 0 => Ok((len as i64).saturating_add(i).max(0) as usize),
                Some(i) => Ok((i as u64).min(len as u64) as usize),
                None => Err((
                    ExcClass::TypeError,
                    "slice indices must be integers or None or have an __index__ method".into(),
                )),
            },
        }
    };
    let lo = pos(start, 0)?;
    let hi = pos(end, len)?.max(lo);
    Ok((lo, hi))
}

/// A windowed method on `s[start:end]`, positions reported in `s`.
fn str_windowed(s: &str, name: &str, a: &[Value]) -> Pure {
    let chars: Vec<char> = s.chars().collect();
    let (lo, hi) = window(chars.len(), a.get(1), a.get(2))?;
    let part: String = chars[lo..hi].iter().collect();
    let mut inner = Args {
        pos: a.first().cloned().into_iter().collect(),
        kw: vec![],
    };
    Ok(match str_method(&part, name, &mut inner)? {
        Value::Int(i) if i >= 0 && name != "count" => Value::Int(i + lo as i64),
        v => v,
    })
}

fn str_method(s: &str, name: &str, args: &mut Args) -> Pure {
    let a = args.pos.clone();
    if a.len() > 1 && WINDOWED.contains(&name) {
        return str_windowed(s, name, &a);
    }
    let need_str = |i: usize| -> Result<String, (ExcClass, String)> {
        match a.get(i) {
            Some(Value::Str(x)) => Ok(x.to_string()),
            Some(v) => Err((
                ExcClass::TypeError,
                format!("must be str, not {}", v.type_name()),
            )),
            None => Err((
                ExcClass::TypeError,
                format!("{name}() takes at least 1 argument (0 given)"),
            )),
        }
    };
    Ok(match name {
        "encode" => {
            let encoding = a.first().cloned().or_else(|| args.take_kw("encoding"));
            let errors = a.get(1).cloned().or_else(|| args.take_kw("errors"));
            return encode(s, encoding.as_ref(), errors.as_ref());
        }
        "upper" => Value::str(s.to_uppercase()),
        "lower" => Value::str(s.to_lowercase()),
        "title" => Value::str(title(s)),
        "capitalize" => {
            let mut c = s.chars();
            Value::str(match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            })
        }
        "strip" | "lstrip" | "rstrip" => {
            let chars = str_arg(&a, 0, name)?;
            let pat = |c: char| match &chars {
                Some(set) => set.contains(c),
                None => c.is_whitespace(),
            };
            Value::str(match name {
                "strip" => s.trim_matches(pat),
                "lstrip" => s.trim_start_matches(pat),
                _ => s.trim_end_matches(pat),
            })
        }
        "split" | "rsplit" => {
            let sep = match a.first().cloned().or_else(|| args.take_kw("sep")) {
                None | Some(Value::None) => None,
                Some(Value::Str(x)) => Some(x.to_string()),
                Some(v) => {
                    return Err((
                        ExcClass::TypeError,
                        format!("must be str or None, not {}", v.type_name()),
                    ))
                }
            };
            let max = a
                .get(1)
                .cloned()
                .or_else(|| args.take_kw("maxsplit"))
                .and_then(|v| v.as_int())
                .unwrap_or(-1);
            let parts = split_str(
                s,
                sep.as_deref(),
                max,
                name == "rsplit",
                char::is_whitespace,
            )?;
            Value::list(parts.into_iter().map(Value::str).collect())
        }
        "splitlines" => Value::list(split_lines(s, false).into_iter().map(Value::str).collect()),
        "join" => {
            let items = crate::eval::iterate_value(&arg(&a, 0, "join")?)
                .ok_or((ExcClass::TypeError, "can only join an iterable".to_string()))?;
            let mut out = String::new();
            for (i, it) in items.iter().enumerate() {
                let Value::Str(x) = it else {
                    return Err((
                        ExcClass::TypeError,
                        format!(
                            "sequence item {i}: expected str instance, {} found",
                            it.type_name()
                        ),
                    ));
                };
                if i > 0 {
                    out.push_str(s);
                }
                out.push_str(x);
            }
            Value::str(out)
        }
        "startswith" | "endswith" => {
            let options = match arg(&a, 0, name)? {
                Value::Tuple(t) => t.to_vec(),
                v => vec![v],
            };
            let mut yes = false;
            for o in options {
                let Value::Str(o) = o else {
                    return Err((
                        ExcClass::TypeError,
                        format!(
                            "{name} first arg must be str or a tuple of str, not {}",
                            o.type_name()
                        ),
                    ));
                };
                yes |= if name == "startswith" {
                    s.starts_with(&*o)
                } else {
                    s.ends_with(&*o)
                };
            }
            Value::Bool(yes)
        }
        "replace" => {
            let (from, to) = (need_str(0)?, need_str(1)?);
            match a.get(2).and_then(Value::as_int) {
                Some(n) if n >= 0 => Value::str(s.replacen(&from, &to, n as usize)),
                _ => Value::str(s.replace(&from, &to)),
            }
        }
        "find" | "rfind" | "index" => {
            let sub = need_str(0)?;
            let found = if name == "rfind" {
                s.rfind(&sub)
            } else {
                s.find(&sub)
            };
            match found {
                Some(byte) => Value::Int(s[..byte].chars().count() as i64),
                None if name == "index" => {
                    return Err((ExcClass::ValueError, "substring not found".into()))
                }
                None => Value::Int(-1),
            }
        }
        "count" => {
            let sub = need_str(0)?;
            Value::Int(if sub.is_empty() {
                s.chars().count() as i64 + 1
            } else {
                s.matches(&sub).count() as i64
            })
        }
        "partition" => {
            let sep = need_str(0)?;
            if sep.is_empty() {
                return Err((ExcClass::ValueError, "empty separator".into()));
            }
            match s.split_once(&sep) {
                Some((x, y)) => {
                    Value::tuple(vec![Value::str(x), Value::str(sep.as_str()), Value::str(y)])
                }
                None => Value::tuple(vec![Value::str(s), Value::str(""), Value::str("")]),
            }
        }
        "isdigit" => Value::Bool(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit())),
        "isalpha" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphabetic)),
        "isalnum" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphanumeric)),
        "isspace" => Value::Bool(!s.is_empty() && s.chars().all(char::is_whitespace)),
        "isupper" => {
            Value::Bool(s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase))
        }
        "islower" => {
            Value::Bool(s.chars().any(char::is_lowercase) && !s.chars().any(char::is_uppercase))
        }
        "ljust" | "rjust" | "center" | "zfill" => {
            let width = arg(&a, 0, name)?.as_int().unwrap_or(0).max(0) as usize;
            if width > crate::format::MAX_WIDTH {
                return Err(crate::format::too_wide());
            }
            let fill = match (name, a.get(1)) {
                ("zfill", _) => '0',
                (_, Some(Value::Str(f))) if f.chars().count() == 1 => {
                    f.chars().next().unwrap_or(' ')
                }
                _ => ' ',
            };
            let len = s.chars().count();
            let pad = width.saturating_sub(len);
            let fills = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
            Value::str(match name {
                "ljust" => format!("{s}{}", fills(pad)),
                "rjust" => format!("{}{s}", fills(pad)),
                "zfill" => match s.strip_prefix(['-', '+']) {
                    Some(rest) => format!("{}{}{rest}", &s[..1], fills(pad)),
                    None => format!("{}{s}", fills(pad)),
                },
                _ => {
                    let left = pad / 2 + (pad & width & 1);
                    format!("{}{s}{}", fills(left), fills(pad - left))
                }
            })
        }
        _ => return Err(no_attr(&Value::str(""), name)),
    })
}

fn title(s: &str) -> String {
    let mut out = String::new();
    let mut prev_alpha = false;
    for c in s.chars() {
        if prev_alpha {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_alpha = c.is_alphabetic();
    }
    out
}

fn split_str(
    s: &str,
    sep: Option<&str>,
    max: i64,
    from_right: bool,
    ws: fn(char) -> bool,
) -> Result<Vec<String>, (ExcClass, String)> {
    let max = if max < 0 { usize::MAX } else { max as usize };
    let mut out = Vec::new();
    match sep {
        Some("") => return Err((ExcClass::ValueError, "empty separator".into())),
        Some(sep) if from_right => {
            out = s
                .rsplitn(max.saturating_add(1), sep)
                .map(String::from)
                .collect();
            out.reverse();
        }
        Some(sep) => {
            out = s
                .splitn(max.saturating_add(1), sep)
                .map(String::from)
                .collect()
        }
        // Runs of whitespace separate; once `max` splits are made, the
        // rest is one item (stripped only where the splitting stopped).
        None if from_right => {
            let mut rest = s.trim_end_matches(ws);
            while !rest.is_empty() {
                if out.len() == max {
                    out.push(rest.to_string());
                    break;
                }
                let start = rest.rfind(ws).map_or(0, |i| {
                    i + rest[i..].chars().next().map_or(1, char::len_utf8)
                });
                out.push(rest[start..].to_string());
                rest = rest[..start].trim_end_matches(ws);
            }
            out.reverse();
        }
        None => {
            let mut rest = s.trim_start_matches(ws);
            while !rest.is_empty() {
                if out.len() == max {
                    out.push(rest.to_string());
                    break;
                }
                let end = rest.find(ws).unwrap_or(rest.len());
                out.push(rest[..end].to_string());
                rest = rest[end..].trim_start_matches(ws);
            }
        }
    }
    Ok(out)
}

/// Whitespace for `bytes` methods: ASCII only.
fn ascii_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// `str.splitlines()`: every line boundary Python knows, ends dropped.
fn split_lines(s: &str, bytes: bool) -> Vec<String> {
    let is_break = |c: char| {
        matches!(c, '\n' | '\r')
            || (!bytes
                && matches!(
                    c,
                    '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}'
                ))
    };
    let mut out = Vec::new();
    let mut line = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if is_break(c) {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push(std::mem::take(&mut line));
        } else {
            line.push(c);
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

fn bytes_arg(v: &Value, what: &str) -> Result<Vec<u8>, (ExcClass, String)> {
    match v {
        Value::Bytes(b) => Ok(b.to_vec()),
        other => Err((
            ExcClass::TypeError,
            format!(
                "{what}a bytes-like object is required, not '{}'",
                other.type_name()
            ),
        )),
    }
}

fn bytes_method(b: &[u8], name: &str, args: &mut Args) -> Pure {
    use crate::eval::find_bytes;
    let a = args.pos.clone();
    if a.len() > 1 && WINDOWED.contains(&name) {
        let (lo, hi) = window(b.len(), a.get(1), a.get(2))?;
        let mut inner = Args {
            pos: a.first().cloned().into_iter().collect(),
            kw: vec![],
        };
        return Ok(match bytes_method(&b[lo..hi], name, &mut inner)? {
            Value::Int(i) if i >= 0 && name != "count" => Value::Int(i + lo as i64),
            v => v,
        });
    }
    Ok(match name {
        "decode" => {
            let encoding = a.first().cloned().or_else(|| args.take_kw("encoding"));
            let errors = a.get(1).cloned().or_else(|| args.take_kw("errors"));
            return decode(b, encoding.as_ref(), errors.as_ref());
        }
        "hex" => Value::str(b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
        "upper" => Value::bytes(b.to_ascii_uppercase()),
        "lower" => Value::bytes(b.to_ascii_lowercase()),
        "strip" | "lstrip" | "rstrip" => {
            let set = match a.first() {
                None | Some(Value::None) => b" \t\n\r\x0b\x0c".to_vec(),
                Some(v) => bytes_arg(v, "")?,
            };
            let mut start = 0;
            let mut end = b.len();
            if name != "rstrip" {
                while start < end && set.contains(&b[start]) {
                    start += 1;
                }
            }
            if name != "lstrip" {
                while end > start && set.contains(&b[end - 1]) {
                    end -= 1;
                }
            }
            Value::bytes(&b[start..end])
        }
        "split" => {
            let sep = match a.first().cloned().or_else(|| args.take_kw("sep")) {
                None | Some(Value::None) => None,
                Some(v) => Some(bytes_arg(&v, "")?),
            };
            let max = a
                .get(1)
                .cloned()
                .or_else(|| args.take_kw("maxsplit"))
                .and_then(|v| v.as_int())
                .unwrap_or(-1);
            let text: String = b.iter().map(|&x| x as char).collect();
            let sep_text = sep.map(|s| s.iter().map(|&x| x as char).collect::<String>());
            let parts = split_str(&text, sep_text.as_deref(), max, false, ascii_space)?;
            Value::list(
                parts
                    .into_iter()
                    .map(|p| Value::bytes(p.chars().map(|c| c as u8).collect::<Vec<u8>>()))
                    .collect(),
            )
        }
        "splitlines" => {
            let text: String = b.iter().map(|&x| x as char).collect();
            Value::list(
                split_lines(&text, true)
                    .into_iter()
                    .map(|l| Value::bytes(l.chars().map(|c| c as u8).collect::<Vec<u8>>()))
                    .collect(),
            )
        }
        "join" => {
            let items = crate::eval::iterate_value(&arg(&a, 0, "join")?)
                .ok_or((ExcClass::TypeError, "can only join an iterable".to_string()))?;
            let mut out = Vec::new();
            for (i, it) in items.iter().enumerate() {
                let Value::Bytes(x) = it else {
                    return Err((
                        ExcClass::TypeError,
                        format!(
                            "sequence item {i}: expected a bytes-like object, {} found",
                            it.type_name()
                        ),
                    ));
                };
                if i > 0 {
                    out.extend_from_slice(b);
                }
                out.extend_from_slice(x);
            }
            Value::bytes(out)
        }
        "startswith" | "endswith" => {
            let options = match arg(&a, 0, name)? {
                Value::Tuple(t) => t.to_vec(),
                v => vec![v],
            };
            let mut yes = false;
            for o in options {
                let o = bytes_arg(&o, "")?;
                yes |= if name == "startswith" {
                    b.starts_with(&o)
                } else {
                    b.ends_with(&o)
                };
            }
            Value::Bool(yes)
        }
        "replace" => {
            let from = bytes_arg(&arg(&a, 0, name)?, "")?;
            let to = bytes_arg(&arg(&a, 1, name)?, "")?;
            let text: String = b.iter().map(|&x| x as char).collect();
            let from: String = from.iter().map(|&x| x as char).collect();
            let to: String = to.iter().map(|&x| x as char).collect();
            Value::bytes(
                text.replace(&from, &to)
                    .chars()
                    .map(|c| c as u8)
                    .collect::<Vec<u8>>(),
            )
        }
        "find" | "index" => {
            let sub = match arg(&a, 0, name)? {
                v if v.as_int().is_some() => {
                    vec![v.as_int().and_then(|n| u8::try_from(n).ok()).unwrap_or(0)]
                }
                v => bytes_arg(&v, "argument should be integer or bytes-like object, not ")
                    .map_err(|_| {
                        (
                            ExcClass::TypeError,
                            format!(
                                "argument should be integer or bytes-like object, not '{}'",
                                v.type_name()
                            ),
                        )
                    })?,
            };
            match find_bytes(b, &sub, 0) {
                Some(p) => Value::Int(p as i64),
                None if name == "index" => {
                    return Err((ExcClass::ValueError, "subsection not found".into()))
                }
                None => Value::Int(-1),
            }
        }
        "count" => {
            let sub = bytes_arg(&arg(&a, 0, name)?, "")?;
            let mut n = 0;
            let mut at = 0;
            if sub.is_empty() {
                n = b.len() + 1;
            } else {
                while let Some(p) = find_bytes(b, &sub, at) {
                    n += 1;
                    at = p + sub.len();
                }
            }
            Value::Int(n as i64)
        }
        "partition" => {
            let sep = bytes_arg(&arg(&a, 0, name)?, "")?;
            match find_bytes(b, &sep, 0) {
                Some(p) => Value::tuple(vec![
                    Value::bytes(&b[..p]),
                    Value::bytes(sep.as_slice()),
                    Value::bytes(&b[p + sep.len()..]),
                ]),
                None => Value::tuple(vec![
                    Value::bytes(b),
                    Value::bytes(&[][..]),
                    Value::bytes(&[][..]),
                ]),
            }
        }
        "isdigit" => Value::Bool(!b.is_empty() && b.iter().all(u8::is_ascii_digit)),
        "isalpha" => Value::Bool(!b.is_empty() && b.iter().all(u8::is_ascii_alphabetic)),
        _ => return Err(no_attr(&Value::bytes(&[][..]), name)),
    })
}

/// Which codec a name means.
fn codec(encoding: Option<&Value>) -> Result<&'static str, (ExcClass, String)> {
    let name = match encoding {
        None | Some(Value::None) => return Ok("utf-8"),
        Some(Value::Str(s)) => s.to_ascii_lowercase().replace('_', "-"),
        Some(v) => {
            return Err((
                ExcClass::TypeError,
                format!(
                    "encode() argument 'encoding' must be str, not {}",
                    v.type_name()
                ),
            ))
        }
    };
    Ok(match name.as_str() {
        "utf-8" | "utf8" | "u8" => "utf-8",
        "ascii" | "us-ascii" => "ascii",
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" => "latin-1",
        _ => {
            return Err((
                ExcClass::LookupError,
                format!("unknown encoding: {name} (the playground has utf-8, ascii and latin-1)"),
            ))
        }
    })
}

fn errors_mode(errors: Option<&Value>) -> String {
    match errors {
        Some(Value::Str(s)) => s.to_string(),
        _ => "strict".into(),
    }
}

/// `str.encode(encoding, errors)`.
pub fn encode(s: &str, encoding: Option<&Value>, errors: Option<&Value>) -> Pure {
    let codec = codec(encoding)?;
    let errors = errors_mode(errors);
    if codec == "utf-8" {
        return Ok(Value::bytes(s.as_bytes()));
    }
    let limit = if codec == "ascii" { 0x80 } else { 0x100 };
    let mut out = Vec::with_capacity(s.len());
    for (pos, c) in s.chars().enumerate() {
        let n = c as u32;
        if n < limit {
            out.push(n as u8);
        } else {
            match errors.as_str() {
                "ignore" => {}
                "replace" => out.push(b'?'),
                _ => {
                    let ch = crate::format::ascii(&crate::value::str_repr(&c.to_string()));
                    return Err((
                        ExcClass::UnicodeEncodeError,
                        format!(
                            "'{codec}' codec can't encode character {ch} in position {pos}: ordinal not in range({limit})"
                        ),
                    ));
                }
            }
        }
    }
    Ok(Value::bytes(out))
}

/// `bytes.decode(encoding, errors)`.
pub fn decode(b: &[u8], encoding: Option<&Value>, errors: Option<&Value>) -> Pure {
    let codec = codec(encoding)?;
    let errors = errors_mode(errors);
    match codec {
        "latin-1" => Ok(Value::str(b.iter().map(|&x| x as char).collect::<String>())),
        "ascii" => {
            let mut out = String::new();
            for (pos, &x) in b.iter().enumerate() {
                if x < 0x80 {
                    out.push(x as char);
                } else {
                    match errors.as_str() {
                        "ignore" => {}
                        "replace" => out.push('\u{fffd}'),
                        _ => {
                            return Err((
                                ExcClass::UnicodeDecodeError,
                                format!("'ascii' codec can't decode byte 0x{x:02x} in position {pos}: ordinal not in range(128)"),
                            ))
                        }
                    }
                }
            }
            Ok(Value::str(out))
        }
        _ => match std::str::from_utf8(b) {
            Ok(s) => Ok(Value::str(s)),
            Err(e) => match errors.as_str() {
                "replace" => Ok(Value::str(String::from_utf8_lossy(b).into_owned())),
                "ignore" => Ok(Value::str(
                    String::from_utf8_lossy(b).replace('\u{fffd}', ""),
                )),
                _ => {
                    let pos = e.valid_up_to();
                    let byte = b.get(pos).copied().unwrap_or(0);
                    let reason = match e.error_len() {
                        None => "unexpected end of data",
                        Some(_) if (0x80..0xc2).contains(&byte) || byte >= 0xf5 => {
                            "invalid start byte"
                        }
                        Some(_) => "invalid continuation byte",
                    };
                    let span = match e.error_len() {
                        None if b.len() - pos > 1 => format!("position {}-{}", pos, b.len() - 1),
                        _ => format!("position {pos}"),
                    };
                    Err((
                        ExcClass::UnicodeDecodeError,
                        format!("'utf-8' codec can't decode byte 0x{byte:02x} in {span}: {reason}"),
                    ))
                }
            },
        },
    }
}
