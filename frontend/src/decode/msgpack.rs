//! A small MessagePack reader: bytes to a [`Val`] tree.
//!
//! The page needs to read one kind of message, and serde's derived
//! decoders for it were about a third of the wasm. One generic reader plus
//! a hand-written walk over the tree ([`super::event`]) does the same job in
//! a fraction of the code.

/// A decoded MessagePack value.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    /// `nil`.
    Nil,
    /// `true` / `false`.
    Bool(bool),
    /// Any integer that fits an `i64` (negative ones always do).
    Int(i64),
    /// A positive integer above `i64::MAX`.
    UInt(u64),
    /// `float 32` or `float 64`.
    Float(f64),
    /// `str`.
    Str(String),
    /// `bin`.
    Bin(Vec<u8>),
    /// `array`.
    Array(Vec<Val>),
    /// `map`, in order.
    Map(Vec<(Val, Val)>),
}

/// Arrays and maps nest at most this deep: a hostile frame cannot exhaust
/// the stack. The protocol nests about 6 levels.
const MAX_DEPTH: usize = 32;

/// Reads one value that must span all of `bytes`.
///
/// # Errors
///
/// Truncated or trailing input, an unknown or unsupported type byte
/// (`ext`), invalid UTF-8 in a string, or nesting deeper than 32.
pub fn read(bytes: &[u8]) -> Result<Val, String> {
    let mut r = Reader { bytes, at: 0 };
    let v = r.value(0)?;
    if r.at != bytes.len() {
        return Err(format!("{} bytes after the message", bytes.len() - r.at));
    }
    Ok(v)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or_else(|| format!("message ends early (at byte {})", self.at))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn uint(&mut self, n: usize) -> Result<u64, String> {
        Ok(self
            .take(n)?
            .iter()
            .fold(0_u64, |acc, b| acc << 8 | u64::from(*b)))
    }

    fn len(&mut self, n: usize) -> Result<usize, String> {
        usize::try_from(self.uint(n)?).map_err(|_| "length too large".to_string())
    }

    fn value(&mut self, depth: usize) -> Result<Val, String> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply".into());
        }
        let tag = self.take(1)?[0];
        Ok(match tag {
            0x00..=0x7f => Val::Int(i64::from(tag)),
            0x80..=0x8f => self.map(usize::from(tag & 0x0f), depth)?,
            0x90..=0x9f => self.array(usize::from(tag & 0x0f), depth)?,
            0xa0..=0xbf => self.str(usize::from(tag & 0x1f))?,
            0xc0 => Val::Nil,
            0xc2 => Val::Bool(false),
            0xc3 => Val::Bool(true),
            0xc4..=0xc6 => {
                let n = self.len(1 << (tag - 0xc4))?;
                Val::Bin(self.take(n)?.to_vec())
            }
            0xca => Val::Float(f64::from(f32::from_bits(self.uint(4)? as u32))),
            0xcb => Val::Float(f64::from_bits(self.uint(8)?)),
            0xcc..=0xcf => {
                let n = self.uint(1 << (tag - 0xcc))?;
                i64::try_from(n).map_or(Val::UInt(n), Val::Int)
            }
            0xd0..=0xd3 => {
                let width = 1 << (tag - 0xd0);
                let raw = self.uint(width)?;
                let shift = 64 - 8 * width as u32;
                Val::Int(((raw << shift) as i64) >> shift)
            }
            0xd9..=0xdb => {
                let n = self.len(1 << (tag - 0xd9))?;
                self.str(n)?
            }
            0xdc..=0xdd => {
                let n = self.len(2 << (tag - 0xdc))?;
                self.array(n, depth)?
            }
            0xde..=0xdf => {
                let n = self.len(2 << (tag - 0xde))?;
                self.map(n, depth)?
            }
            0xe0..=0xff => Val::Int(i64::from(tag as i8)),
            other => return Err(format!("unsupported MessagePack type 0x{other:02x}")),
        })
    }

    fn str(&mut self, n: usize) -> Result<Val, String> {
        let raw = self.take(n)?;
        String::from_utf8(raw.to_vec())
            .map(Val::Str)
            .map_err(|_| "a string that is not UTF-8".into())
    }

    fn array(&mut self, n: usize, depth: usize) -> Result<Val, String> {
        // Every element takes at least a byte: a claimed length beyond what
        // is left cannot be honest, so do not reserve for it.
        let mut out = Vec::with_capacity(n.min(self.bytes.len() - self.at));
        for _ in 0..n {
            out.push(self.value(depth + 1)?);
        }
        Ok(Val::Array(out))
    }

    fn map(&mut self, n: usize, depth: usize) -> Result<Val, String> {
        let mut out = Vec::with_capacity(n.min(self.bytes.len() - self.at));
        for _ in 0..n {
            let k = self.value(depth + 1)?;
            let v = self.value(depth + 1)?;
            out.push((k, v));
        }
        Ok(Val::Map(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_value() {
        // {"a": [1, -1, 300, -300, 1.5, true, nil, "hi", bin "x", 2^63]}
        let bytes: Vec<u8> = [
            &[
                0x81, 0xa1, b'a', 0x9a, 0x01, 0xff, 0xcd, 0x01, 0x2c, 0xd1, 0xfe, 0xd4,
            ][..],
            &[
                0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0xc3, 0xc0, 0xa2, b'h', b'i',
            ],
            &[0xc4, 0x01, b'x', 0xcf, 0x80, 0, 0, 0, 0, 0, 0, 0],
        ]
        .concat();
        let want = Val::Map(vec![(
            Val::Str("a".into()),
            Val::Array(vec![
                Val::Int(1),
                Val::Int(-1),
                Val::Int(300),
                Val::Int(-300),
                Val::Float(1.5),
                Val::Bool(true),
                Val::Nil,
                Val::Str("hi".into()),
                Val::Bin(b"x".to_vec()),
                Val::UInt(1 << 63),
            ]),
        )]);
        assert_eq!(read(&bytes), Ok(want));
    }

    #[test]
    fn refuses_truncated_trailing_and_hostile_input() {
        assert!(
            read(&[0xa5, b'a']).is_err(),
            "string shorter than its length"
        );
        assert!(read(&[0x01, 0x02]).is_err(), "trailing bytes");
        assert!(
            read(&[0xdd, 0xff, 0xff, 0xff, 0xff]).is_err(),
            "huge array, no data"
        );
        assert!(read(&[0xc7, 0x01, 0x00, 0x00]).is_err(), "ext is not used");
        assert!(read(&[0xa1, 0xff]).is_err(), "invalid UTF-8");
        let deep: Vec<u8> = std::iter::repeat_n(0x91, 100).chain([0xc0]).collect();
        assert!(read(&deep).is_err(), "nesting is bounded");
    }
}
