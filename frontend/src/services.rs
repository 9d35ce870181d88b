//! Side effects the page needs, each behind a small API that reports back
//! through a yew `Callback`.
//!
//! - [`ws`]: the WebSocket to the relay (MessagePack frames, the handshake).
//! - [`py_host`]: the Python interpreter's host: calls, output, Step and Stop.
//! - [`tab_storage`]: this tab's `sessionStorage`.

pub mod py_host;
pub mod ws;

/// This tab's `sessionStorage`, if the browser gives it: what a tab keeps
/// across a reload (its session, the room it teaches) and nothing longer.
pub fn tab_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}
