//! String formatting: `format(value, spec)` (f-strings and `str.format`),
//! and `%`-formatting of `str` and `bytes`, as CPython formats.

use crate::exc::ExcClass;
use crate::value::{float_repr, Value};

type Fail = (ExcClass, String);

/// The widest padding (and longest precision) formatting will produce, so a
/// typo like `{:>10000000000}` raises instead of exhausting memory.
pub(crate) const MAX_WIDTH: usize = 64 * 1024 * 1024;

/// The error for a width beyond [`MAX_WIDTH`].
pub(crate) fn too_wide() -> Fail {
    (
        ExcClass::MemoryError,
        "the result would exceed the playground's 64 MiB".into(),
    )
}

/// A parsed format spec: `[[fill]align][sign][#][0][width][,][.prec][type]`.
#[derive(Default, Debug)]
struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    alt: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    kind: Option<char>,
}

fn parse_spec(spec: &str) -> Result<Spec, Fail> {
    let chars: Vec<char> = spec.chars().collect();
    let mut s = Spec::default();
    let mut i = 0;
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if chars.len() >= 2 && is_align(chars[1]) {
        s.fill = Some(chars[0]);
        s.align = Some(chars[1]);
        i = 2;
    } else if chars.first().is_some_and(|c| is_align(*c)) {
        s.align = Some(chars[0]);
        i = 1;
    }
    if let Some(c @ ('+' | '-' | ' ')) = chars.get(i) {
        s.sign = Some(*c);
        i += 1;
    }
    if chars.get(i) == Some(&'#') {
        s.alt = true;
        i += 1;
    }
    if chars.get(i) == Some(&'0') {
        s.zero = true;
        i += 1;
    }
    let start = i;
    while chars.get(i).is_some_and(char::is_ascii_digit) {
        i += 1;
    }
    s.width = chars[start..i]
        .iter()
        .collect::<String>()
        .parse()
        .unwrap_or(0);
    if let Some(c @ (',' | '_')) = chars.get(i) {
        s.grouping = Some(*c);
        i += 1;
    }
    if chars.get(i) == Some(&'.') {
        i += 1;
        let start = i;
        while chars.get(i).is_some_and(char::is_ascii_digit) {
            i += 1;
        }
        if start == i {
            return Err((
                ExcClass::ValueError,
                "Format specifier missing precision".into(),
            ));
        }
        s.precision = chars[start..i].iter().collect::<String>().parse().ok();
    }
    if let Some(c) = chars.get(i) {
        s.kind = Some(*c);
        i += 1;
    }
    if i != chars.len() {
        return Err((ExcClass::ValueError, "Invalid format specifier".into()));
    }
    if s.width > MAX_WIDTH || s.precision.is_some_and(|p| p > MAX_WIDTH) {
        return Err(too_wide());
    }
    Ok(s)
}

/// `format(v, spec)`.
pub fn format_spec(v: &Value, spec: &str) -> Result<String, Fail> {
    if spec.is_empty() {
        return Ok(v.to_str());
    }
    let s = parse_spec(spec)?;
    let unknown = |c: char| {
        Err((
            ExcClass::ValueError,
            format!(
                "Unknown format code '{c}' for object of type '{}'",
                v.type_name()
            ),
        ))
    };
    match v {
        Value::Str(text) => {
            if let Some(c) = s.kind.filter(|c| *c != 's') {
                return unknown(c);
            }
            let body: String = match s.precision {
                Some(p) => text.chars().take(p).collect(),
                None => text.to_string(),
            };
            Ok(pad(&body, "", &s, '<'))
        }
        Value::Float(f) => format_float(*f, &s).map_or_else(|| unknown(s.kind.unwrap_or(' ')), Ok),
        v if v.as_int().is_some() => {
            let n = v.as_int().unwrap_or(0);
            match s.kind {
                Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => {
                    format_float(n as f64, &s).map_or_else(|| unknown(' '), Ok)
                }
                Some('c') => Ok(pad(
                    &char::from_u32(u32::try_from(n).unwrap_or(0xfffd))
                        .unwrap_or('\u{fffd}')
                        .to_string(),
                    "",
                    &s,
                    '<',
                )),
                kind => {
                    let a = n.unsigned_abs();
                    let (digits, prefix) = match kind {
                        None | Some('d' | 'n') => (group(&a.to_string(), s.grouping, 3), ""),
                        Some('x') => (group(&format!("{a:x}"), s.grouping, 4), "0x"),
                        Some('X') => (group(&format!("{a:X}"), s.grouping, 4), "0X"),
                        Some('o') => (group(&format!("{a:o}"), s.grouping, 4), "0o"),
                        Some('b') => (group(&format!("{a:b}"), s.grouping, 4), "0b"),
                        Some(c) => return unknown(c),
                    };
                    let sign = sign_of(n < 0, s.sign);
                    let prefix = if s.alt { prefix } else { "" };
                    Ok(pad(&digits, &format!("{sign}{prefix}"), &s, '>'))
                }
            }
        }
        other => {
            if !spec.is_empty() {
                return Err((
                    ExcClass::TypeError,
                    format!(
                        "unsupported format string passed to {}.__format__",
                        other.type_name()
                    ),
                ));
            }
            Ok(other.to_str())
        }
    }
}

fn sign_of(negative: bool, sign: Option<char>) -> &'static str {
    match (negative, sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

/// Inserts a separator every `every` digits from the right.
fn group(digits: &str, sep: Option<char>, every: usize) -> String {
    let Some(sep) = sep else {
        return digits.to_string();
    };
    let every = if sep == ',' { 3 } else { every };
    let chars: Vec<char> = digits.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        if i > 0 && (chars.len() - i) % every == 0 {
            out.push(sep);
        }
        out.push(*c);
    }
    out
}

fn format_float(f: f64, s: &Spec) -> Option<String> {
    let neg = f.is_sign_negative() && f != 0.0 || (f == 0.0 && f.is_sign_negative());
    let a = f.abs();
    let body = if !a.is_finite() {
        let t = if a.is_nan() { "nan" } else { "inf" };
        if matches!(s.kind, Some('E' | 'F' | 'G')) {
            t.to_uppercase()
        } else {
            t.to_string()
        }
    } else {
        match s.kind {
            Some('f' | 'F') => fixed(a, s.precision.unwrap_or(6), s.grouping),
            Some('e' | 'E') => {
                let e = exp(a, s.precision.unwrap_or(6));
                if s.kind == Some('E') {
                    e.to_uppercase()
                } else {
                    e
                }
            }
            Some('%') => format!(
                "{}%",
                fixed(a * 100.0, s.precision.unwrap_or(6), s.grouping)
            ),
            Some('g' | 'G') => {
                let g = general(a, s.precision.unwrap_or(6), s.alt);
                if s.kind == Some('G') {
                    g.to_uppercase()
                } else {
                    g
                }
            }
            None => match s.precision {
                Some(p) => {
                    // Like `g`, but a whole number keeps its `.0`.
                    let g = general(a, p.max(1), false);
                    if g.contains(['.', 'e']) {
                        g
                    } else {
                        format!("{g}.0")
                    }
                }
                None => {
                    let r = float_repr(a);
                    match s.grouping {
                        Some(_) => {
                            let (int, frac) = r.split_once('.').unwrap_or((&r, ""));
                            format!("{}.{frac}", group(int, s.grouping, 3))
                        }
                        None => r,
                    }
                }
            },
            Some(_) => return None,
        }
    };
    Some(pad(&body, sign_of(neg, s.sign), s, '>'))
}

fn fixed(a: f64, precision: usize, grouping: Option<char>) -> String {
    let t = format!("{a:.precision$}");
    match (grouping, t.split_once('.')) {
        (Some(_), Some((int, frac))) => format!("{}.{frac}", group(int, grouping, 3)),
        (Some(_), None) => group(&t, grouping, 3),
        _ => t,
    }
}

/// `1.234500e+03`.
fn exp(a: f64, precision: usize) -> String {
    let t = format!("{a:.precision$e}");
    let (mantissa, e) = t.split_once('e').unwrap_or((&t, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    format!("{mantissa}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}

/// `%g`: fixed or exponent by magnitude, trailing zeros removed.
fn general(a: f64, precision: usize, keep_zeros: bool) -> String {
    let p = precision.max(1);
    if a == 0.0 {
        return if keep_zeros {
            format!("{:.*}", p - 1, 0.0)
        } else {
            "0".into()
        };
    }
    let rounded = format!("{:.*e}", p - 1, a);
    let x: i32 = rounded
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let out = if x >= -4 && x < p as i32 {
        format!("{:.*}", (p as i32 - 1 - x).max(0) as usize, a)
    } else {
        exp(a, p - 1)
    };
    if keep_zeros {
        return out;
    }
    match out.split_once('e') {
        Some((m, e)) => {
            let m = if m.contains('.') {
                m.trim_end_matches('0').trim_end_matches('.')
            } else {
                m
            };
            format!("{m}e{e}")
        }
        None if out.contains('.') => out.trim_end_matches('0').trim_end_matches('.').to_string(),
        None => out,
    }
}

/// Pads `body` (after `prefix`, the sign and base prefix) to the width.
fn pad(body: &str, prefix: &str, s: &Spec, default_align: char) -> String {
    let len = body.chars().count() + prefix.chars().count();
    if len >= s.width {
        return format!("{prefix}{body}");
    }
    let n = s.width - len;
    let (fill, align) = match (s.fill, s.align, s.zero) {
        (f, Some(a), _) => (f.unwrap_or(' '), a),
        // `0` pads numbers after the sign; text it pads on the right.
        (None, None, true) if default_align == '<' => ('0', '<'),
        (None, None, true) => ('0', '='),
        _ => (' ', default_align),
    };
    let fills = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
    match align {
        '<' => format!("{prefix}{body}{}", fills(n)),
        '^' => format!("{}{prefix}{body}{}", fills(n / 2), fills(n - n / 2)),
        '=' => format!("{prefix}{}{body}", fills(n)),
        _ => format!("{}{prefix}{body}", fills(n)),
    }
}

/// `ascii(text)`: non-ASCII escaped.
pub fn ascii(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n <= 0xff {
            out.push_str(&format!("\\x{n:02x}"));
        } else if n <= 0xffff {
            out.push_str(&format!("\\u{n:04x}"));
        } else {
            out.push_str(&format!("\\U{n:08x}"));
        }
    }
    out
}

/// `fmt.format(*args, **kwargs)`.
pub fn str_format(fmt: &str, args: &[Value], kwargs: &[(String, Value)]) -> Result<String, Fail> {
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    let mut auto = 0usize;
    let mut manual = false;
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '}' => {
                return Err((
                    ExcClass::ValueError,
                    "Single '}' encountered in format string".into(),
                ))
            }
            '{' => {
                let mut field = String::new();
                let mut depth = 1;
                for c in chars.by_ref() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    field.push(c);
                }
                if depth != 0 {
                    return Err((
                        ExcClass::ValueError,
                        "expected '}' before end of string".into(),
                    ));
                }
                let (head, spec) = field.split_once(':').unwrap_or((&field, ""));
                let (name, conv) = match head.split_once('!') {
                    Some((n, c)) => (n, c.chars().next()),
                    None => (head, None),
                };
                let (name, index) = match name.split_once('[') {
                    Some((n, rest)) => (n, Some(rest.trim_end_matches(']'))),
                    None => (name, None),
                };
                let mut v = if name.is_empty() {
                    if manual {
                        return Err((ExcClass::ValueError, "cannot switch from manual field specification to automatic field numbering".into()));
                    }
                    auto += 1;
                    args.get(auto - 1).cloned().ok_or_else(|| {
                        (
                            ExcClass::IndexError,
                            format!(
                                "Replacement index {} out of range for positional args tuple",
                                auto - 1
                            ),
                        )
                    })?
                } else if let Ok(i) = name.parse::<usize>() {
                    if auto > 0 {
                        return Err((ExcClass::ValueError, "cannot switch from automatic field numbering to manual field specification".into()));
                    }
                    manual = true;
                    args.get(i).cloned().ok_or_else(|| {
                        (
                            ExcClass::IndexError,
                            format!("Replacement index {i} out of range for positional args tuple"),
                        )
                    })?
                } else {
                    kwargs
                        .iter()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                        .ok_or_else(|| (ExcClass::KeyError, name.to_string()))?
                };
                if let Some(index) = index {
                    v = index_value(&v, index)?;
                }
                let v = match conv {
                    Some('r') => Value::str(v.repr()),
                    Some('s') => Value::str(v.to_str()),
                    Some('a') => Value::str(ascii(&v.repr())),
                    _ => v,
                };
                out.push_str(&format_spec(&v, spec)?);
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

fn index_value(v: &Value, index: &str) -> Result<Value, Fail> {
    match (v, index.parse::<usize>()) {
        (Value::Tuple(t), Ok(i)) => t.get(i).cloned(),
        (Value::List(l), Ok(i)) => l.borrow().get(i).cloned(),
        (Value::Dict(d), _) => d.borrow().get(&Value::str(index)).cloned(),
        _ => None,
    }
    .ok_or_else(|| (ExcClass::IndexError, format!("index {index} out of range")))
}

/// One `%` conversion's parsed pieces.
struct Conv {
    key: Option<String>,
    flags: String,
    width: usize,
    precision: Option<usize>,
    kind: char,
}

fn parse_percent(fmt: &[char], i: &mut usize) -> Result<Conv, Fail> {
    let mut key = None;
    if fmt.get(*i) == Some(&'(') {
        let start = *i + 1;
        let end = fmt[start..]
            .iter()
            .position(|c| *c == ')')
            .map(|p| p + start);
        let Some(end) = end else {
            return Err((ExcClass::ValueError, "incomplete format key".into()));
        };
        key = Some(fmt[start..end].iter().collect());
        *i = end + 1;
    }
    let mut flags = String::new();
    while let Some(c @ ('-' | '+' | ' ' | '0' | '#')) = fmt.get(*i) {
        flags.push(*c);
        *i += 1;
    }
    let start = *i;
    while fmt.get(*i).is_some_and(char::is_ascii_digit) {
        *i += 1;
    }
    let width = fmt[start..*i]
        .iter()
        .collect::<String>()
        .parse()
        .unwrap_or(0);
    let mut precision = None;
    if fmt.get(*i) == Some(&'.') {
        *i += 1;
        let start = *i;
        while fmt.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
        precision = Some(
            fmt[start..*i]
                .iter()
                .collect::<String>()
                .parse()
                .unwrap_or(0),
        );
    }
    let Some(kind) = fmt.get(*i).copied() else {
        return Err((ExcClass::ValueError, "incomplete format".into()));
    };
    *i += 1;
    Ok(Conv {
        key,
        flags,
        width,
        precision,
        kind,
    })
}

/// Formats one `%` conversion of `v`; `as_bytes` for `bytes % args`.
fn percent_one(c: &Conv, v: &Value, as_bytes: bool) -> Result<Vec<u8>, Fail> {
    let spec = Spec {
        align: if c.flags.contains('-') {
            Some('<')
        } else {
            None
        },
        sign: if c.flags.contains('+') {
            Some('+')
        } else if c.flags.contains(' ') {
            Some(' ')
        } else {
            None
        },
        alt: c.flags.contains('#'),
        zero: c.flags.contains('0') && !c.flags.contains('-'),
        width: c.width,
        precision: c.precision,
        ..Spec::default()
    };
    let text = match c.kind {
        's' | 'r' | 'a' | 'b' => {
            let body: Vec<u8> = match (c.kind, as_bytes, v) {
                ('s' | 'b', true, Value::Bytes(b)) => b.to_vec(),
                ('s' | 'b', true, other) => {
                    return Err((
                        ExcClass::TypeError,
                        format!(
                            "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
                            other.type_name()
                        ),
                    ))
                }
                ('r' | 'a', _, v) => ascii_or_repr(v, c.kind == 'a' || as_bytes).into_bytes(),
                (_, _, v) => v.to_str().into_bytes(),
            };
            let body = match c.precision {
                Some(p) if as_bytes => body.into_iter().take(p).collect(),
                Some(p) => String::from_utf8_lossy(&body)
                    .chars()
                    .take(p)
                    .collect::<String>()
                    .into_bytes(),
                None => body,
            };
            let len = if as_bytes {
                body.len()
            } else {
                String::from_utf8_lossy(&body).chars().count()
            };
            let padding = vec![b' '; c.width.saturating_sub(len)];
            return Ok(if spec.align == Some('<') {
                [body, padding].concat()
            } else {
                [padding, body].concat()
            });
        }
        'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
            let n = match v {
                Value::Float(f) if matches!(c.kind, 'd' | 'i' | 'u') => f.trunc() as i64,
                v => v.as_int().ok_or_else(|| {
                    let need = if matches!(c.kind, 'd' | 'i' | 'u') {
                        "a real number"
                    } else {
                        "an integer"
                    };
                    (
                        ExcClass::TypeError,
                        format!(
                            "%{} format: {need} is required, not {}",
                            c.kind,
                            v.type_name()
                        ),
                    )
                })?,
            };
            let kind = match c.kind {
                'd' | 'i' | 'u' => 'd',
                k => k,
            };
            let s = Spec {
                kind: Some(kind),
                precision: None,
                ..spec
            };
            format_spec(&Value::Int(n), &spec_string(&s))?
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let f = match v {
                Value::Float(f) => *f,
                v => v.as_int().map(|i| i as f64).ok_or_else(|| {
                    (
                        ExcClass::TypeError,
                        format!("must be real number, not {}", v.type_name()),
                    )
                })?,
            };
            let s = Spec {
                kind: Some(c.kind),
                precision: Some(c.precision.unwrap_or(6)),
                ..spec
            };
            format_float(f, &s).unwrap_or_default()
        }
        'c' if as_bytes => match v {
            Value::Bytes(b) if b.len() == 1 => return Ok(b.to_vec()),
            v => match v.as_int() {
                Some(n) => match u8::try_from(n) {
                    Ok(byte) => return Ok(vec![byte]),
                    Err(_) => {
                        return Err((ExcClass::OverflowError, "%c arg not in range(256)".into()))
                    }
                },
                None => {
                    return Err((
                        ExcClass::TypeError,
                        "%c requires an integer in range(256) or a single byte".into(),
                    ))
                }
            },
        },
        'c' => match v {
            Value::Str(s) if s.chars().count() == 1 => s.to_string(),
            v => match v
                .as_int()
                .and_then(|n| u32::try_from(n).ok())
                .and_then(char::from_u32)
            {
                Some(ch) => ch.to_string(),
                None => return Err((ExcClass::TypeError, "%c requires int or char".into())),
            },
        },
        other => {
            return Err((
                ExcClass::ValueError,
                format!(
                    "unsupported format character '{other}' (0x{:x})",
                    other as u32
                ),
            ))
        }
    };
    Ok(text.into_bytes())
}

fn ascii_or_repr(v: &Value, ascii_only: bool) -> String {
    if ascii_only {
        ascii(&v.repr())
    } else {
        v.repr()
    }
}

fn spec_string(s: &Spec) -> String {
    let mut out = String::new();
    if let Some(a) = s.align {
        out.push(a);
    }
    if let Some(sign) = s.sign {
        out.push(sign);
    }
    if s.alt {
        out.push('#');
    }
    if s.zero {
        out.push('0');
    }
    if s.width > 0 {
        out.push_str(&s.width.to_string());
    }
    if let Some(k) = s.kind {
        out.push(k);
    }
    out
}

fn percent(fmt: &[char], args: &Value, as_bytes: bool) -> Result<Vec<u8>, Fail> {
    let (items, mapping) = match args {
        Value::Tuple(t) => (t.to_vec(), None),
        Value::Dict(_) => (vec![args.clone()], Some(args)),
        v => (vec![v.clone()], None),
    };
    let mut out = Vec::new();
    let mut next = 0;
    let mut i = 0;
    while i < fmt.len() {
        let c = fmt[i];
        i += 1;
        if c != '%' {
            let mut buf = [0u8; 4];
            if as_bytes {
                out.push(c as u32 as u8);
            } else {
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            continue;
        }
        if fmt.get(i) == Some(&'%') {
            i += 1;
            out.push(b'%');
            continue;
        }
        let conv = parse_percent(fmt, &mut i)?;
        let v = match (&conv.key, mapping) {
            (Some(k), Some(Value::Dict(d))) => d
                .borrow()
                .get(&Value::str(k.as_str()))
                .cloned()
                .ok_or_else(|| (ExcClass::KeyError, k.clone()))?,
            (Some(_), _) => return Err((ExcClass::TypeError, "format requires a mapping".into())),
            (None, _) => {
                let v = items.get(next).cloned().ok_or_else(|| {
                    (
                        ExcClass::TypeError,
                        "not enough arguments for format string".to_string(),
                    )
                })?;
                next += 1;
                v
            }
        };
        out.extend(percent_one(&conv, &v, as_bytes)?);
    }
    if mapping.is_none() && next < items.len() {
        return Err((
            ExcClass::TypeError,
            if as_bytes {
                "not all arguments converted during bytes formatting"
            } else {
                "not all arguments converted during string formatting"
            }
            .into(),
        ));
    }
    Ok(out)
}

/// `fmt % args` for `str`.
pub fn percent_str(fmt: &str, args: &Value) -> Result<String, Fail> {
    let chars: Vec<char> = fmt.chars().collect();
    let out = percent(&chars, args, false)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// `fmt % args` for `bytes`.
pub fn percent_bytes(fmt: &[u8], args: &Value) -> Result<Vec<u8>, Fail> {
    let chars: Vec<char> = fmt.iter().map(|&b| b as char).collect();
    percent(&chars, args, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(items: Vec<Value>) -> Value {
        Value::tuple(items)
    }

    #[test]
    fn percent_formatting_matches_cpython() {
        let args = t(vec![
            Value::Float(1.23456),
            Value::Int(42),
            Value::Int(42),
            Value::Int(255),
            Value::str("a"),
            Value::bytes(&b"b"[..]),
            Value::Int(65),
            Value::Int(5),
            Value::Int(5),
        ]);
        assert_eq!(
            percent_str("%5.2f|%-5d|%05d|%x|%r|%s|%c|%%|%+d|% d", &args)
                .ok()
                .as_deref(),
            Some(" 1.23|42   |00042|ff|'a'|b'b'|A|%|+5| 5")
        );
        let b = percent_bytes(
            b"%s %d %r",
            &t(vec![
                Value::bytes(&b"x"[..]),
                Value::Int(3),
                Value::bytes(&b"y"[..]),
            ]),
        );
        assert_eq!(b.ok().as_deref(), Some(&b"x 3 b'y'"[..]));
        assert!(percent_str("%s %s", &t(vec![Value::str("x")])).is_err());
        assert_eq!(
            percent_str("%.3s", &Value::str("abcdef")).ok().as_deref(),
            Some("abc")
        );
        assert_eq!(
            percent_str("%5s|", &Value::None).ok().as_deref(),
            Some(" None|")
        );
    }

    #[test]
    fn format_specs_match_cpython() {
        let f = |v: Value, s: &str| format_spec(&v, s).unwrap_or_else(|e| e.1);
        assert_eq!(f(Value::str("ab"), ">8"), "      ab");
        assert_eq!(f(Value::str("e"), "^7"), "   e   ");
        assert_eq!(f(Value::Float(1.23456), "08.3f"), "0001.235");
        assert_eq!(f(Value::Int(1234567), ","), "1,234,567");
        assert_eq!(f(Value::Int(255), "#x"), "0xff");
        assert_eq!(f(Value::Float(0.5), ".0f"), "0");
        assert_eq!(f(Value::Int(12), "5"), "   12");
        assert_eq!(f(Value::Float(3.0), "g"), "3");
        assert_eq!(f(Value::Float(0.0001234), "g"), "0.0001234");
        assert_eq!(f(Value::Float(1234.5), "e"), "1.234500e+03");
        assert_eq!(f(Value::Float(0.25), ".1%"), "25.0%");
        assert_eq!(f(Value::Int(-5), "05"), "-0005");
        assert_eq!(f(Value::Float(1.5), "10.2f"), "      1.50");
        assert_eq!(
            f(Value::str("a"), "d"),
            "Unknown format code 'd' for object of type 'str'"
        );
        assert_eq!(
            str_format(
                "{:>8}|{:<6}|{!r}",
                &[Value::str("ab"), Value::str("cd"), Value::str("q")],
                &[]
            )
            .ok()
            .as_deref(),
            Some("      ab|cd    |'q'")
        );
    }
}
