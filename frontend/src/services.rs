//! Side effects the page needs, each behind a small API that reports back
//! through a yew `Callback`.
//!
//! - [`ws`]: the WebSocket to the relay (MessagePack frames, the handshake).

pub mod ws;
