//! Side effects the page needs, each behind a small API that reports back
//! through a yew `Callback`.
//!
//! - [`ws`]: the WebSocket to the relay (MessagePack frames, the handshake).
//! - [`py_host`]: the Python interpreter's host: calls, output, Step and Stop.

pub mod py_host;
pub mod ws;
