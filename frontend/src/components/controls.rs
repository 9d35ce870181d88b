//! Buttons and inputs that send socket ops: create a TCP socket, connect it
//! to the echo service, `sendall` text, `recv(bufsize)`, `close`.
//!
//! Every control is a native `<button>` or a labelled `<input>` inside a
//! `<form>`, so the page works from the keyboard (Tab, Enter, Space).

use super::use_relay_context;
use shared::{Address, Family, Op, Payload, ServiceProto, SockType, SocketId};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The default `recv` buffer size, as in most course examples.
const DEFAULT_BUFSIZE: &str = "1024";

/// The op controls.
#[function_component(Controls)]
pub fn controls() -> Html {
    let relay = use_relay_context();
    let text = use_state(String::new);
    let bufsize = use_state(|| DEFAULT_BUFSIZE.to_string());
    let bufsize_error = use_state(|| None::<String>);

    let state = &*relay.state;
    let connected = state.is_connected();
    let selected = state.selected;
    let echo = state
        .service("echo", ServiceProto::Tcp)
        .map(|s| Address::new(s.host.clone(), i64::from(s.port)));

    // Builds a click handler that sends the op `make` returns for the
    // selected socket (buttons are disabled when there is none).
    let on_socket = |make: fn(SocketId) -> Op| {
        let send = relay.send.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(sock) = selected {
                send.emit(make(sock));
            }
        })
    };

    let create = {
        let send = relay.send.clone();
        Callback::from(move |_: MouseEvent| {
            send.emit(Op::Socket {
                family: Family::Inet,
                kind: SockType::Stream,
            })
        })
    };
    let connect = {
        let send = relay.send.clone();
        let echo = echo.clone();
        Callback::from(move |_: MouseEvent| {
            if let (Some(sock), Some(addr)) = (selected, echo.clone()) {
                send.emit(Op::Connect { sock, addr });
            }
        })
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let submit_send = {
        let send = relay.send.clone();
        let text = text.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(sock) = selected {
                send.emit(Op::Sendall {
                    sock,
                    data: Payload::from(text.as_str()),
                });
            }
        })
    };
    let on_bufsize = {
        let bufsize = bufsize.clone();
        Callback::from(move |e: InputEvent| {
            bufsize.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let submit_recv = {
        let send = relay.send.clone();
        let bufsize = bufsize.clone();
        let bufsize_error = bufsize_error.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(sock) = selected else { return };
            match bufsize.trim().parse::<i64>() {
                Ok(n) => {
                    bufsize_error.set(None);
                    send.emit(Op::Recv { sock, bufsize: n });
                }
                Err(_) => bufsize_error.set(Some("bufsize must be a whole number".into())),
            }
        })
    };
    let on_select = {
        let select = relay.select.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(n) = value.trim_start_matches('s').parse::<u32>() {
                select.emit(SocketId(n));
            }
        })
    };

    let no_socket = !connected || selected.is_none();
    let options = state.sockets.keys().map(|id| {
        html! {
            <option value={id.to_string()} selected={Some(*id) == selected}>{ id.to_string() }</option>
        }
    });
    let echo_label = match &echo {
        Some(a) => format!("connect to echo ('{}', {})", a.host, a.port),
        None => "connect to echo (not announced)".into(),
    };

    html! {
        <section class="panel controls" aria-labelledby="controls-title">
            <h2 id="controls-title">{ "Try it" }</h2>
            <div class="row">
                <button id="create-socket" data-testid="create-socket" type="button"
                    onclick={create} disabled={!connected}>
                    { "socket(AF_INET, SOCK_STREAM)" }
                </button>
                <label for="socket-select">{ "Socket" }</label>
                <select id="socket-select" data-testid="socket-select" onchange={on_select}
                    disabled={state.sockets.is_empty()}>
                    if state.sockets.is_empty() {
                        <option value="">{ "none yet" }</option>
                    }
                    { for options }
                </select>
            </div>
            <div class="row">
                <button id="connect-echo" data-testid="connect-echo" type="button"
                    onclick={connect} disabled={no_socket || echo.is_none()}>
                    { echo_label }
                </button>
            </div>
            <form class="row" onsubmit={submit_send}>
                <label for="send-text">{ "Text to send" }</label>
                <input id="send-text" data-testid="send-text" type="text"
                    placeholder="hello playground" autocomplete="off"
                    value={(*text).clone()} oninput={on_text} />
                <button id="send" data-testid="send" type="submit" disabled={no_socket}>
                    { "sendall" }
                </button>
            </form>
            <form class="row" onsubmit={submit_recv}>
                <label for="recv-bufsize">{ "bufsize" }</label>
                <input id="recv-bufsize" data-testid="recv-bufsize" type="number" inputmode="numeric"
                    value={(*bufsize).clone()} oninput={on_bufsize}
                    aria-invalid={bufsize_error.is_some().to_string()}
                    aria-describedby="recv-bufsize-error" />
                <button id="recv" data-testid="recv" type="submit" disabled={no_socket}>
                    { "recv" }
                </button>
                <span id="recv-bufsize-error" class="field-error" role="alert">
                    { bufsize_error.as_deref().unwrap_or_default() }
                </span>
            </form>
            <div class="row">
                <button id="close" data-testid="close" type="button"
                    onclick={on_socket(|sock| Op::Close { sock })} disabled={no_socket}>
                    { "close" }
                </button>
            </div>
        </section>
    }
}
