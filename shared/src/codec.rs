//! Encoding on the wire: one format per WebSocket frame type.
//!
//! - **Binary frames: MessagePack** (maps with field names). Payloads are
//!   `bin` values, so bulk data is not inflated. The page uses this.
//! - **Text frames: JSON**, with payloads as base64 strings. Handy for
//!   debugging with any WebSocket client.
//!
//! The relay answers in the encoding of the page's `hello`.

use crate::command::Command;
use crate::event::{Event, Rejection};
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which encoding a frame uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// JSON in text frames.
    Json,
    /// MessagePack in binary frames.
    MessagePack,
}

/// Why a frame could not be decoded into a [`Command`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct DecodeError {
    /// The command's id, when it could still be read, so the page can tell
    /// which of its commands was refused.
    pub id: Option<u64>,
    /// What was wrong.
    pub reason: Rejection,
}

/// Every op name the protocol knows, to tell a misspelt op from a malformed one.
pub const OP_NAMES: &[&str] = &[
    "hello",
    "socket",
    "bind",
    "listen",
    "accept",
    "connect",
    "connect_ex",
    "send",
    "sendall",
    "recv",
    "sendto",
    "recvfrom",
    "shutdown",
    "close",
    "settimeout",
    "setblocking",
    "gettimeout",
    "setsockopt",
    "getsockopt",
    "getsockname",
    "getpeername",
    "fileno",
    "gethostname",
    "getfqdn",
    "getaddrinfo",
    "gethostbyname",
    "gethostbyaddr",
    "getservbyname",
    "getservbyport",
    "getprotobyname",
    "getdefaulttimeout",
    "setdefaulttimeout",
    "watch_services",
    "create_room",
    "join_room",
    "leave_room",
    "room_control",
];

/// Decodes a command from a frame's bytes.
///
/// # Errors
///
/// [`Rejection::UnknownOp`] for an op name the protocol lacks,
/// [`Rejection::Malformed`] for anything else, each with the id if readable.
pub fn decode_command(encoding: Encoding, bytes: &[u8]) -> Result<Command, DecodeError> {
    let full = match encoding {
        Encoding::Json => serde_json::from_slice::<Command>(bytes).map_err(|e| e.to_string()),
        Encoding::MessagePack => rmp_serde::from_slice::<Command>(bytes).map_err(|e| e.to_string()),
    };
    full.map_err(|detail| {
        let probe = match encoding {
            Encoding::Json => serde_json::from_slice::<Probe>(bytes).ok(),
            Encoding::MessagePack => rmp_serde::from_slice::<Probe>(bytes).ok(),
        };
        let (id, op) = probe
            .map(|p| (p.id, p.op.map(|o| o.0)))
            .unwrap_or((None, None));
        // Both may echo the client's own text: keep them short, so a bad
        // frame cannot make the relay store or send back megabytes.
        let reason = match op {
            Some(name) if !OP_NAMES.contains(&name.as_str()) => Rejection::UnknownOp {
                name: shorten(&name, 64),
            },
            _ => Rejection::Malformed {
                detail: shorten(&detail, 256),
            },
        };
        DecodeError { id, reason }
    })
}

/// Encodes an event for a frame of the given encoding.
///
/// # Errors
///
/// Only if serialization itself fails, which the protocol's types do not do
/// in practice (no non-string map keys, no NaN-sensitive formats).
pub fn encode_event(encoding: Encoding, event: &Event) -> Result<Vec<u8>, String> {
    encode(encoding, event)
}

/// Encodes a command (the page's and tests' side).
///
/// # Errors
///
/// As [`encode_event`].
pub fn encode_command(encoding: Encoding, command: &Command) -> Result<Vec<u8>, String> {
    encode(encoding, command)
}

/// Decodes an event (the page's and tests' side).
///
/// # Errors
///
/// A description of what did not decode.
pub fn decode_event(encoding: Encoding, bytes: &[u8]) -> Result<Event, String> {
    match encoding {
        Encoding::Json => serde_json::from_slice(bytes).map_err(|e| e.to_string()),
        Encoding::MessagePack => rmp_serde::from_slice(bytes).map_err(|e| e.to_string()),
    }
}

/// `s` cut to at most `max` bytes (on a character boundary), marked with `…`.
fn shorten(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

fn encode<T: Serialize>(encoding: Encoding, value: &T) -> Result<Vec<u8>, String> {
    match encoding {
        Encoding::Json => serde_json::to_vec(value).map_err(|e| e.to_string()),
        Encoding::MessagePack => rmp_serde::to_vec_named(value).map_err(|e| e.to_string()),
    }
}

/// What can still be read from a command that failed to decode.
#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    id: Option<u64>,
    #[serde(default)]
    op: Option<OpName>,
}

/// The name of an op: the string of a unit variant or the first key of a map.
struct OpName(String);

impl<'de> Deserialize<'de> for OpName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OpName;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an op name or a map with one op")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<OpName, E> {
                Ok(OpName(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OpName, A::Error> {
                let key: Option<String> = map.next_key()?;
                let _: IgnoredAny = map.next_value()?;
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                key.map(OpName)
                    .ok_or_else(|| serde::de::Error::custom("empty op"))
            }
        }
        d.deserialize_any(V)
    }
}
