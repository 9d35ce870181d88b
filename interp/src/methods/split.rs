//! The start/end windows and the splitting `str` and `bytes` methods share.

use crate::exc::ExcClass;
use crate::value::Value;

/// Methods that take optional `start` and `end` positions.
pub(super) const WINDOWED: &[&str] = &["find", "rfind", "index", "count", "startswith", "endswith"];

/// `[start:end]` as slice positions within `len`.
pub(super) fn window(
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

pub(super) fn split_str(
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
pub(super) fn ascii_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// `str.splitlines()`: every line boundary Python knows, ends dropped.
pub(super) fn split_lines(s: &str, bytes: bool) -> Vec<String> {
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
