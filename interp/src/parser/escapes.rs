//! Escape sequences in `str` and `bytes` literals.

use crate::ast::Pos;
use crate::syntax::{SyntaxError, SyntaxKind};

/// A bad escape; the caller knows where the literal is.
#[derive(Debug)]
pub(crate) struct EscapeError {
    kind: SyntaxKind,
    message: String,
}

impl EscapeError {
    fn syntax(message: String) -> EscapeError {
        EscapeError {
            kind: SyntaxKind::Syntax,
            message,
        }
    }

    fn unsupported(feature: &str) -> EscapeError {
        EscapeError {
            kind: SyntaxKind::Unsupported,
            message: format!("not supported in the playground: {feature}"),
        }
    }

    /// The error, placed at `pos`.
    pub(crate) fn at(self, pos: Pos) -> SyntaxError {
        SyntaxError::new(self.kind, pos, self.message)
    }
}

/// Reads up to `max` digits of `radix` from `chars` at `*i`, advancing it;
/// returns the value and how many digits were read.
fn read_digits(chars: &[(usize, char)], i: &mut usize, radix: u32, max: usize) -> (u32, usize) {
    let mut value: u32 = 0;
    let mut n = 0;
    while n < max {
        let Some(d) = chars.get(*i).and_then(|(_, c)| c.to_digit(radix)) else {
            break;
        };
        value = value.saturating_mul(radix).saturating_add(d);
        *i += 1;
        n += 1;
    }
    (value, n)
}

/// A simple one-character escape (`\n`, `\t`, …), if `c` names one.
fn simple_escape(c: char) -> Option<char> {
    Some(match c {
        '\\' => '\\',
        '\'' => '\'',
        '"' => '"',
        'a' => '\x07',
        'b' => '\x08',
        'f' => '\x0c',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'v' => '\x0b',
        _ => return None,
    })
}

/// Decodes the body of a `str` literal (`raw`: backslashes kept as is).
pub(crate) fn decode_str(body: &str, raw: bool) -> Result<String, EscapeError> {
    if raw || !body.contains('\\') {
        return Ok(body.to_string());
    }
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut out = String::with_capacity(body.len());
    let mut i = 0;
    while let Some(&(at, c)) = chars.get(i) {
        i += 1;
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(&(_, e)) = chars.get(i) else {
            out.push('\\');
            break;
        };
        i += 1;
        if let Some(s) = simple_escape(e) {
            out.push(s);
            continue;
        }
        match e {
            '\n' => {}
            '0'..='7' => {
                i -= 1;
                let (v, _) = read_digits(&chars, &mut i, 8, 3);
                out.extend(char::from_u32(v));
            }
            'x' | 'u' | 'U' => {
                let (len, name) = match e {
                    'x' => (2, "\\xXX"),
                    'u' => (4, "\\uXXXX"),
                    _ => (8, "\\UXXXXXXXX"),
                };
                let (v, n) = read_digits(&chars, &mut i, 16, len);
                let end = at + 1 + n;
                if n < len {
                    return Err(EscapeError::syntax(format!(
                        "(unicode error) 'unicodeescape' codec can't decode bytes in position {at}-{end}: truncated {name} escape"
                    )));
                }
                if (0xD800..0xE000).contains(&v) {
                    return Err(EscapeError::unsupported("surrogate characters in strings"));
                }
                let Some(ch) = char::from_u32(v) else {
                    return Err(EscapeError::syntax(format!(
                        "(unicode error) 'unicodeescape' codec can't decode bytes in position {at}-{end}: illegal Unicode character"
                    )));
                };
                out.push(ch);
            }
            'N' => return Err(EscapeError::unsupported("\\N{...} escapes")),
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// Decodes the body of a `bytes` literal (already checked to be ASCII).
pub(crate) fn decode_bytes(body: &str, raw: bool) -> Result<Vec<u8>, EscapeError> {
    if raw {
        return Ok(body.as_bytes().to_vec());
    }
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while let Some(&(at, c)) = chars.get(i) {
        i += 1;
        if c != '\\' {
            out.extend_from_slice(c.to_string().as_bytes());
            continue;
        }
        let Some(&(_, e)) = chars.get(i) else {
            out.push(b'\\');
            break;
        };
        i += 1;
        if let Some(s) = simple_escape(e) {
            out.push(s as u8);
            continue;
        }
        match e {
            '\n' => {}
            '0'..='7' => {
                i -= 1;
                let (v, _) = read_digits(&chars, &mut i, 8, 3);
                out.push((v & 0xFF) as u8);
            }
            'x' => {
                let (v, n) = read_digits(&chars, &mut i, 16, 2);
                if n < 2 {
                    return Err(EscapeError::syntax(format!(
                        "(value error) invalid \\x escape at position {at}"
                    )));
                }
                out.push(v as u8);
            }
            other => {
                out.push(b'\\');
                out.extend_from_slice(other.to_string().as_bytes());
            }
        }
    }
    Ok(out)
}
