//! The page's own decoder for the relay's MessagePack events.
//!
//! serde's derived decoders for the protocol's enums made up about a third
//! of the page's wasm (108 KB of 347 KB gzipped, measured by building the
//! page without them). This module reads the same bytes with one generic
//! MessagePack reader ([`msgpack`]) and a hand-written walk over its tree
//! ([`event`]), and is tested against the relay's own encoder on a sample
//! of every event kind (`shared::samples`), so the two cannot drift apart
//! unnoticed. The relay and the tests keep using serde.

pub mod event;
pub mod msgpack;
mod room;

use shared::Event;

/// Decodes one MessagePack event frame.
///
/// # Errors
///
/// What is wrong with the frame, for the page's notice.
pub fn event_frame(bytes: &[u8]) -> Result<Event, String> {
    event::event(&msgpack::read(bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::codec::{encode_event, Encoding};
    use shared::samples::every_body;

    #[test]
    fn decodes_every_event_the_relay_can_send() {
        for (i, body) in every_body().into_iter().enumerate() {
            let ev = Event {
                seq: i as u64 * 1_000_003,
                body,
            };
            let bytes = encode_event(Encoding::MessagePack, &ev).unwrap_or_default();
            assert_eq!(event_frame(&bytes).as_ref(), Ok(&ev), "sample {i}");
        }
    }

    #[test]
    fn a_broken_frame_says_where() {
        let ev = Event {
            seq: 1,
            body: shared::Body::Gap { from: 1, to: 2 },
        };
        let mut bytes = encode_event(Encoding::MessagePack, &ev).unwrap_or_default();
        bytes.truncate(bytes.len() - 1);
        assert!(event_frame(&bytes).is_err());
        // A well-formed map that is not an event names the missing field.
        let e = event_frame(&[0x81, 0xa3, b's', b'e', b'q', 0x01]);
        assert_eq!(e, Err("event: missing `body`".into()));
    }
}
