//! Socket payloads: bytes, never strings.
//!
//! A learner's data is arbitrary bytes (`b'\x00\xff'` is as valid as
//! `b'hello'`), so it must survive the wire unchanged. In MessagePack (binary
//! frames) a payload is a `bin` value, so bulk transfers are not inflated. In
//! JSON (text frames, for debugging with a plain WebSocket client) it is a
//! base64 string, since JSON has no bytes type.

use base64::Engine as _;
use serde::de::{Error as _, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Bytes sent or received by a socket.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Payload(pub Vec<u8>);

impl Payload {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// How many bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no bytes (a `recv` that returns `b''` means EOF).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Vec<u8>> for Payload {
    fn from(v: Vec<u8>) -> Self {
        Payload(v)
    }
}

impl From<&[u8]> for Payload {
    fn from(v: &[u8]) -> Self {
        Payload(v.to_vec())
    }
}

impl From<&str> for Payload {
    fn from(v: &str) -> Self {
        Payload(v.as_bytes().to_vec())
    }
}

impl fmt::Debug for Payload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 64;
        write!(f, "Payload({} bytes: ", self.0.len())?;
        for b in self.0.iter().take(SHOWN) {
            match b {
                b' '..=b'~' => write!(f, "{}", *b as char)?,
                _ => write!(f, "\\x{b:02x}")?,
            }
        }
        if self.0.len() > SHOWN {
            write!(f, "…")?;
        }
        write!(f, ")")
    }
}

impl Serialize for Payload {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
        } else {
            serializer.serialize_bytes(&self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Payload {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PayloadVisitor;
        impl<'de> Visitor<'de> for PayloadVisitor {
            type Value = Payload;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("bytes, or a base64 string")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Payload, E> {
                Ok(Payload(v.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Payload, E> {
                Ok(Payload(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Payload, E> {
                base64::engine::general_purpose::STANDARD
                    .decode(v)
                    .map(Payload)
                    .map_err(|e| E::custom(format!("payload is not valid base64: {e}")))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Payload, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
                while let Some(b) = seq.next_element::<u8>()? {
                    out.push(b);
                }
                Ok(Payload(out))
            }
        }
        if deserializer.is_human_readable() {
            deserializer.deserialize_any(PayloadVisitor)
        } else {
            deserializer
                .deserialize_byte_buf(PayloadVisitor)
                .map_err(|e| D::Error::custom(format!("payload: {e}")))
        }
    }
}
