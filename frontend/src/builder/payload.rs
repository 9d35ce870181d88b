//! The data field: what a learner types, and the bytes it sends.
//!
//! Sockets send bytes, and a learner's Python program would write them as a
//! bytes literal: `s.sendall(b'GET / HTTP/1.0\r\n\r\n')`. So in
//! [`PayloadFormat::Text`] a bytes literal is decoded exactly as CPython
//! 3.11 decodes it — escapes, raw literals, adjacent literals joined, and
//! CPython's own `SyntaxError` for a malformed one — and any other text is
//! sent as its UTF-8 bytes. [`PayloadFormat::Hex`] is for bytes that are
//! awkward to type either way.

use super::InputError;

/// How the data field is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum PayloadFormat {
    /// A Python bytes literal (`b'hi\n'`, `rb'\d'`, `b'a' b'b'`) if the
    /// text starts like one, else plain text sent as UTF-8.
    #[default]
    Text,
    /// Hex digit pairs: `68 69 0a`, `0x68 0x69`, `68:69:0a`, `68690a`.
    Hex,
}

/// The bytes the data field sends.
///
/// # Errors
///
/// A bytes literal CPython would not compile (with CPython's
/// `SyntaxError: …` line, e.g. `SyntaxError: (value error) invalid \x
/// escape at position 0`), text after the literal, or malformed hex.
pub fn parse_payload(input: &str, format: PayloadFormat) -> Result<Vec<u8>, InputError> {
    decode(input, format).map(|(bytes, _)| bytes)
}

/// What will be sent, in a few words, for the line under the data field:
/// `12 bytes (bytes literal)`, `7 bytes (UTF-8 text: 5 characters)`,
/// `3 bytes (hex)`; or, if nothing can be sent, why not.
pub fn describe(input: &str, format: PayloadFormat) -> String {
    match decode(input, format) {
        Ok((bytes, how)) => {
            let n = bytes.len();
            let count = format!("{n} {}", if n == 1 { "byte" } else { "bytes" });
            match how {
                How::Literal => format!("{count} (bytes literal)"),
                How::Repeated { times } => format!("{count} (bytes literal × {times})"),
                How::Hex => format!("{count} (hex)"),
                How::Text { chars } if chars == n => format!("{count} (UTF-8 text)"),
                How::Text { chars } => format!(
                    "{count} (UTF-8 text: {chars} {})",
                    if chars == 1 {
                        "character"
                    } else {
                        "characters"
                    }
                ),
            }
        }
        Err(e) => e.0,
    }
}

/// The most bytes `b'…' * n` may build: big enough to fill any socket
/// buffer (C13, C14), small enough not to freeze the page. The relay has
/// its own, usually lower, limit per call and says so if it is exceeded.
pub const MAX_REPEAT_BYTES: u64 = 16 << 20;

/// `b'x' * 100000` → (`b'x'`, 100000): Python's repetition of a bytes
/// literal, which is how a learner writes a large buffer. `None` unless
/// the text after the last `*` is a whole number.
fn split_repeat(input: &str) -> Option<(&str, u64)> {
    let (lit, times) = input.rsplit_once('*')?;
    let times = times.trim_matches(SPACE);
    if times.is_empty() || !times.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((lit.trim_end_matches(SPACE), times.parse().ok()?))
}

/// `bytes * times`, within [`MAX_REPEAT_BYTES`].
fn repeat(bytes: &[u8], times: u64) -> Result<Vec<u8>, InputError> {
    let total = (bytes.len() as u64).saturating_mul(times);
    if total > MAX_REPEAT_BYTES {
        return Err(InputError(format!(
            "that is {total} bytes; the page builds at most {MAX_REPEAT_BYTES} (16 MiB) at once"
        )));
    }
    Ok(bytes.repeat(times as usize))
}

/// Whether text-format data is read as a bytes literal: after any
/// whitespace it starts with `b`, `B`, `br`, `rb` (any case) and a quote.
/// So `b'hi'` sends 2 bytes; to send the text `b'hi'` itself, use hex.
pub fn is_bytes_literal(input: &str) -> bool {
    let t = input.trim_start_matches(SPACE);
    matches!(prefix(t), Some((_, _, true)))
}

/// How the bytes were written, for [`describe`].
enum How {
    Literal,
    Repeated { times: u64 },
    Hex,
    Text { chars: usize },
}

fn decode(input: &str, format: PayloadFormat) -> Result<(Vec<u8>, How), InputError> {
    match format {
        PayloadFormat::Hex => hex(input).map(|b| (b, How::Hex)),
        PayloadFormat::Text if is_bytes_literal(input) => match split_repeat(input) {
            Some((lit, times)) => {
                repeat(&literal(lit)?, times).map(|b| (b, How::Repeated { times }))
            }
            None => literal(input).map(|b| (b, How::Literal)),
        },
        PayloadFormat::Text => Ok((
            input.as_bytes().to_vec(),
            How::Text {
                chars: input.chars().count(),
            },
        )),
    }
}

/// Whitespace between tokens inside Python's parentheses.
const SPACE: &[char] = &[' ', '\t', '\x0c', '\n', '\r'];

/// A string literal's prefix at the start of `s`, if a quote follows it:
/// its length, whether it is raw, and whether it is bytes. Only the
/// prefixes Python 3.11 accepts (`ub''` is not a literal).
fn prefix(s: &str) -> Option<(usize, bool, bool)> {
    let b = s.as_bytes();
    (0..=2).rev().find_map(|n| {
        if !matches!(b.get(n), Some(b'\'' | b'"')) {
            return None;
        }
        let p = s[..n].to_ascii_lowercase();
        match p.as_str() {
            "" | "u" | "f" => Some((n, false, false)),
            "r" | "fr" | "rf" => Some((n, true, false)),
            "b" => Some((n, false, true)),
            "br" | "rb" => Some((n, true, true)),
            _ => None,
        }
    })
}

fn syntax(message: impl std::fmt::Display) -> InputError {
    InputError(format!("SyntaxError: {message}"))
}

/// One string literal, found by the tokenizer.
struct Literal<'a> {
    /// Between the quotes, undecoded.
    body: &'a str,
    raw: bool,
    bytes: bool,
}

/// Decodes adjacent literals as CPython reads `s.send(<input>)`: newlines
/// are normalized first; every literal is tokenized (so an unterminated one
/// anywhere wins); then each is checked and decoded in turn (a non-ASCII
/// character, a bad `\x`, then mixing with a `str` literal). CPython would
/// also decode a `str` literal before saying it cannot be mixed; here
/// mixing is reported straight away.
fn literal(input: &str) -> Result<Vec<u8>, InputError> {
    let src = input.replace("\r\n", "\n").replace('\r', "\n");
    if src.contains('\0') {
        return Err(syntax("source code string cannot contain null bytes"));
    }
    let mut literals = Vec::new();
    let mut pos = skip_space(&src, 0);
    while let Some((len, raw, bytes)) = prefix(&src[pos..]) {
        let (body, end) = scan(&src, pos + len)?;
        literals.push(Literal { body, raw, bytes });
        pos = skip_space(&src, end);
    }
    if src[pos..].starts_with('\\') {
        // The token after the literals is a stray backslash (`b'hi'\n`):
        // the tokenizer fails before the literals are decoded.
        return Err(syntax(
            "unexpected character after line continuation character",
        ));
    }
    check_rest(&src, pos)?;
    let mut out = Vec::new();
    for lit in &literals {
        if !lit.bytes {
            return Err(syntax("cannot mix bytes and nonbytes literals"));
        }
        unescape(lit, &mut out)?;
    }
    if let Some(rest) = src.get(pos..).filter(|r| !r.is_empty()) {
        let shown: String = rest.chars().take(12).collect();
        let more = if rest.chars().nth(12).is_some() {
            "…"
        } else {
            ""
        };
        return Err(InputError(format!(
            "unexpected {shown:?}{more} after the bytes literal: only more bytes literals \
             may follow (b'a' b'b' is b'ab')"
        )));
    }
    Ok(out)
}

/// CPython tokenizes the whole input before reporting an error from the
/// parser, so an unterminated string anywhere in text after the literals
/// wins over a bad escape inside them. Other tokenizer errors in that text
/// (a mismatched bracket, `0b2`) are not modelled: it is refused anyway,
/// if with another message than CPython's.
fn check_rest(src: &str, mut pos: usize) -> Result<(), InputError> {
    let b = src.as_bytes();
    while let Some(&c) = b.get(pos) {
        pos = match c {
            b'#' => src[pos..].find('\n').map_or(src.len(), |i| pos + i),
            b'\'' | b'"' => scan(src, pos)?.1,
            b'\\' if b.get(pos + 1) == Some(&b'\n') => pos + 2,
            // A stray backslash ends tokenizing, with no error of its own.
            b'\\' => return Ok(()),
            _ => pos + 1,
        };
    }
    Ok(())
}

/// Skips whitespace, comments and backslash-newline continuations.
fn skip_space(src: &str, mut pos: usize) -> usize {
    let b = src.as_bytes();
    loop {
        match b.get(pos) {
            Some(b' ' | b'\t' | b'\x0c' | b'\n') => pos += 1,
            Some(b'\\') if b.get(pos + 1) == Some(&b'\n') => pos += 2,
            Some(b'#') => {
                pos = src[pos..].find('\n').map_or(src.len(), |i| pos + i);
            }
            _ => return pos,
        }
    }
}

/// Finds the end of the literal whose opening quote is at `start`: its
/// body and the index after its closing quote. A backslash always skips the
/// next character, even in a raw literal (`rb'\'` is unterminated).
fn scan(src: &str, start: usize) -> Result<(&str, usize), InputError> {
    let b = src.as_bytes();
    let quote = b[start];
    let triple = b[start..].starts_with(&[quote; 3]);
    let from = start + if triple { 3 } else { 1 };
    let mut i = from;
    loop {
        match b.get(i) {
            None => return Err(unterminated(src, i, triple)),
            Some(b'\\') if i + 1 >= b.len() => return Err(unterminated(src, b.len(), triple)),
            Some(b'\\') => i += 2,
            Some(b'\n') if !triple => return Err(unterminated(src, i, triple)),
            Some(&c) if c == quote && !triple => return Ok((&src[from..i], i + 1)),
            Some(&c) if c == quote && b[i..].starts_with(&[quote; 3]) => {
                return Ok((&src[from..i], i + 3))
            }
            Some(_) => i += 1,
        }
    }
}

/// CPython's message for a literal that never ends, with the line the
/// tokenizer was on when it noticed (a final newline starts no new line).
fn unterminated(src: &str, at: usize, triple: bool) -> InputError {
    let mut line = 1 + src[..at].matches('\n').count();
    if at == src.len() && src.ends_with('\n') {
        line -= 1;
    }
    let what = if triple { "triple-quoted " } else { "" };
    syntax(format!(
        "unterminated {what}string literal (detected at line {line})"
    ))
}

/// Appends a bytes literal's value, as `_PyBytes_DecodeEscape` computes
/// it: octal escapes keep their low 8 bits (`\777` is `\xff`), unknown
/// escapes keep their backslash (`\q`, `\u1234`, `\N{…}`).
fn unescape(lit: &Literal<'_>, out: &mut Vec<u8>) -> Result<(), InputError> {
    if !lit.body.is_ascii() {
        return Err(syntax("bytes can only contain ASCII literal characters"));
    }
    let b = lit.body.as_bytes();
    if lit.raw {
        out.extend_from_slice(b);
        return Ok(());
    }
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        i += 1;
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let Some(&e) = b.get(i) else {
            out.push(c);
            break;
        };
        i += 1;
        match e {
            b'\n' => {}
            b'\\' | b'\'' | b'"' => out.push(e),
            b'a' => out.push(0x07),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(0x0b),
            b'0'..=b'7' => {
                let mut value = u32::from(e - b'0');
                for _ in 0..2 {
                    match b.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(value.to_le_bytes()[0]);
            }
            b'x' => match (
                b.get(i).and_then(hex_digit),
                b.get(i + 1).and_then(hex_digit),
            ) {
                (Some(hi), Some(lo)) => {
                    out.push((hi << 4) | lo);
                    i += 2;
                }
                _ => {
                    return Err(syntax(format!(
                        "(value error) invalid \\x escape at position {}",
                        i - 2
                    )))
                }
            },
            _ => out.extend_from_slice(&[c, e]),
        }
    }
    Ok(())
}

/// Hex digit pairs. Groups are separated by whitespace, `:` or `,`, and
/// each may start with `0x`; every group must have an even number of
/// digits, so `0x4 0x5` is refused rather than read as `0x45`.
fn hex(input: &str) -> Result<Vec<u8>, InputError> {
    let mut out = Vec::new();
    let groups = input
        .split(|c: char| c.is_whitespace() || c == ':' || c == ',')
        .filter(|g| !g.is_empty());
    for group in groups {
        let digits = group
            .strip_prefix("0x")
            .or_else(|| group.strip_prefix("0X"))
            .unwrap_or(group);
        if digits.is_empty() {
            return Err(InputError(format!(
                "{group:?} needs hex digits after it, e.g. 0x0a"
            )));
        }
        if let Some(bad) = digits.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Err(InputError(format!(
                "{bad:?} is not a hex digit: use 0-9 and a-f, e.g. 68 69 0a"
            )));
        }
        if digits.len() % 2 == 1 {
            return Err(InputError(format!(
                "{group:?} has an odd number of hex digits: each byte takes two, e.g. 0a for 10"
            )));
        }
        for pair in digits.as_bytes().chunks(2) {
            if let [hi, lo] = pair {
                out.push((hex_digit(hi).unwrap_or(0) << 4) | hex_digit(lo).unwrap_or(0));
            }
        }
    }
    Ok(out)
}

/// The value of one ASCII hex digit.
fn hex_digit(d: &u8) -> Option<u8> {
    char::from(*d)
        .to_digit(16)
        .and_then(|v| u8::try_from(v).ok())
}
