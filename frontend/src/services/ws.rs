//! The WebSocket to the relay.
//!
//! [`connect`] opens `ws(s)://<page host>/ws` (or `/relay/<id>/ws`, see
//! `playground::route`), queues the handshake it is
//! given (`hello`, with a resume token after a drop) as the first command, and
//! spawns two tasks: a writer that encodes queued [`Command`]s as MessagePack
//! binary frames, and a reader that decodes every frame into an [`Event`]
//! (with the page's own small decoder, `playground::decode`) and
//! reports it through a [`Callback`]. Dropping the returned [`RelayConnection`]
//! stops both tasks, which drops the socket and closes it.

use futures::channel::{mpsc, oneshot};
use futures::{SinkExt, StreamExt};
use gloo_net::websocket::futures::WebSocket;
use gloo_net::websocket::{Message, WebSocketError};
use shared::codec::{self, Encoding};
use shared::{Command, Event};
use yew::platform::spawn_local;
use yew::Callback;

/// What the connection reports.
#[derive(Clone, Debug, PartialEq)]
pub enum WsEvent {
    /// The relay sent an event (boxed: events are large, the other variants small).
    Event(Box<Event>),
    /// A frame did not decode as an event.
    Undecodable(String),
    /// A command could not be sent.
    SendFailed {
        /// The command's id.
        id: u64,
        /// Why.
        reason: String,
    },
    /// The WebSocket closed; nothing more will be reported.
    Closed(String),
}

/// An open connection. Dropping it closes the WebSocket.
pub struct RelayConnection {
    /// Commands waiting for the writer task.
    commands: mpsc::UnboundedSender<Command>,
    /// Dropping this ends the reader task.
    _stop_reader: oneshot::Sender<()>,
}

impl RelayConnection {
    /// Queues a command for the relay.
    ///
    /// # Errors
    ///
    /// When the connection is gone, with a reason for the learner.
    pub fn send(&self, command: Command) -> Result<(), String> {
        self.commands
            .unbounded_send(command)
            .map_err(|_| "the connection to the relay is closed".to_string())
    }
}

/// The relay's WebSocket URL for the page at `protocol` (`http:`/`https:`)
/// and `host` (`host:port`), as `window.location` gives them, on `path`.
pub fn relay_url(protocol: &str, host: &str, path: &str) -> String {
    let scheme = if protocol == "https:" { "wss" } else { "ws" };
    format!("{scheme}://{host}{path}")
}

/// The relay's WebSocket URL on `path` for the page being shown.
///
/// # Errors
///
/// When there is no `window.location` (not in a browser).
pub fn page_relay_url(path: &str) -> Result<String, String> {
    let location = web_sys::window()
        .ok_or("no window: not running in a browser")?
        .location();
    let protocol = location
        .protocol()
        .map_err(|_| "cannot read location.protocol")?;
    let host = location.host().map_err(|_| "cannot read location.host")?;
    Ok(relay_url(&protocol, &host, path))
}

/// Opens the connection and starts the handshake.
///
/// # Errors
///
/// When the browser refuses to open the WebSocket (a malformed URL).
pub fn connect(
    url: &str,
    hello: Command,
    on_event: Callback<WsEvent>,
) -> Result<RelayConnection, String> {
    let ws = WebSocket::open(url).map_err(|e| format!("cannot open {url}: {e}"))?;
    let (mut sink, stream) = ws.split();
    let (commands, mut queue) = mpsc::unbounded::<Command>();
    let (stop_reader, stopped) = oneshot::channel::<()>();

    // The handshake goes first; the sink waits for the socket to open.
    commands
        .unbounded_send(hello)
        .map_err(|_| "command queue closed".to_string())?;

    let writer_events = on_event.clone();
    spawn_local(async move {
        while let Some(command) = queue.next().await {
            let id = command.id;
            let frame = match codec::encode_command(Encoding::MessagePack, &command) {
                Ok(bytes) => Message::Bytes(bytes),
                Err(reason) => {
                    writer_events.emit(WsEvent::SendFailed { id, reason });
                    continue;
                }
            };
            if let Err(e) = sink.send(frame).await {
                writer_events.emit(WsEvent::SendFailed {
                    id,
                    reason: e.to_string(),
                });
            }
        }
    });

    spawn_local(async move {
        let mut stream = stream.take_until(stopped);
        let mut close_reason = None;
        while let Some(frame) = stream.next().await {
            match frame {
                Ok(Message::Bytes(bytes)) => {
                    on_event.emit(decoded(playground::decode::event_frame(&bytes)))
                }
                // The relay answers in the encoding of the hello, MessagePack;
                // not linking the JSON decoder keeps the wasm smaller.
                Ok(Message::Text(_)) => on_event.emit(WsEvent::Undecodable(
                    "a text frame where MessagePack was expected".into(),
                )),
                Err(WebSocketError::ConnectionClose(e)) => {
                    close_reason = Some(close_reason_text(e.code, &e.reason));
                }
                // An error event is always followed by a close event, which
                // carries the better explanation.
                Err(_) => {}
            }
        }
        // `take_result` is `Some` only when the connection was dropped (the
        // stop signal fired). `is_stopped()` cannot tell: it is also true
        // once the socket's own stream has ended, so a WebSocket the network
        // closed would never be reported and the page would never reconnect.
        if stream.take_result().is_none() {
            on_event.emit(WsEvent::Closed(
                close_reason.unwrap_or_else(|| "connection lost".into()),
            ));
        }
    });

    Ok(RelayConnection {
        commands,
        _stop_reader: stop_reader,
    })
}

/// Why the WebSocket closed, for "reconnecting (attempt 1) after …".
fn close_reason_text(code: u16, reason: &str) -> String {
    match (code, reason.is_empty()) {
        // No close frame: the network or the relay's process went away.
        (1006, _) => "the connection was lost (code 1006)".into(),
        (code, true) => format!("the relay closed the connection (code {code})"),
        (code, false) => format!("the relay closed the connection (code {code}): {reason}"),
    }
}

fn decoded(result: Result<Event, String>) -> WsEvent {
    match result {
        Ok(event) => WsEvent::Event(Box::new(event)),
        Err(detail) => WsEvent::Undecodable(detail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_reasons_read_as_sentences() {
        assert_eq!(
            close_reason_text(1006, ""),
            "the connection was lost (code 1006)"
        );
        assert_eq!(
            close_reason_text(1001, ""),
            "the relay closed the connection (code 1001)"
        );
        assert_eq!(
            close_reason_text(1011, "overloaded"),
            "the relay closed the connection (code 1011): overloaded"
        );
    }

    #[test]
    fn url_follows_the_page_scheme() {
        assert_eq!(
            relay_url("http:", "127.0.0.1:8080", "/ws"),
            "ws://127.0.0.1:8080/ws"
        );
        assert_eq!(
            relay_url("https:", "play.example", "/relay/K/ws"),
            "wss://play.example/relay/K/ws"
        );
    }
}
