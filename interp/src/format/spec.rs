//! Format specs: parsing `[[fill]align][sign]…[type]`, and `format(v, spec)`.

use super::float::format_float;
use super::{too_wide, Fail, MAX_WIDTH};
use crate::exc::ExcClass;
use crate::value::Value;

/// A parsed format spec: `[[fill]align][sign][#][0][width][,][.prec][type]`.
#[derive(Default, Debug)]
pub(super) struct Spec {
    pub(super) fill: Option<char>,
    pub(super) align: Option<char>,
    pub(super) sign: Option<char>,
    pub(super) alt: bool,
    pub(super) zero: bool,
    pub(super) width: usize,
    pub(super) grouping: Option<char>,
    pub(super) precision: Option<usize>,
    pub(super) kind: Option<char>,
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

pub(super) fn sign_of(negative: bool, sign: Option<char>) -> &'static str {
    match (negative, sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

/// Inserts a separator every `every` digits from the right.
pub(super) fn group(digits: &str, sep: Option<char>, every: usize) -> String {
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

/// Pads `body` (after `prefix`, the sign and base prefix) to the width.
pub(super) fn pad(body: &str, prefix: &str, s: &Spec, default_align: char) -> String {
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
