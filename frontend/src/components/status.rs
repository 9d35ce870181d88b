//! Connection status and the relay's hello: protocol version, relay version,
//! profile and session.

use super::use_relay_context;
use crate::state::Connection;
use shared::Profile;
use yew::prelude::*;

/// The status badge and, once connected, what the relay said in its hello.
#[function_component(Status)]
pub fn status() -> Html {
    let relay = use_relay_context();
    let state = &*relay.state;
    let detail = match &state.connection {
        Connection::Connecting => "connecting…".to_string(),
        Connection::Connected => "connected".to_string(),
        Connection::Closed { reason } => {
            format!("disconnected: {reason} (reload the page to reconnect)")
        }
    };
    let label = state.connection.label();
    let hello = state.hello.as_ref().map(|h| {
        let (profile, explain) = match h.profile {
            Profile::Local => (
                "local",
                "the relay listens on loopback only: bind any local address, connect to any loopback port",
            ),
            Profile::Shared => (
                "shared",
                "a shared server: loopback binds in a port range, connects only to the relay's services and your own sockets",
            ),
        };
        html! {
            <dl class="hello" id="hello" data-testid="hello">
                <dt>{ "Protocol" }</dt>
                <dd id="hello-version">{ format!("version {}", h.version) }</dd>
                <dt>{ "Relay" }</dt>
                <dd>{ format!("socket-playground {}", h.relay) }</dd>
                <dt>{ "Profile" }</dt>
                <dd id="hello-profile" title={explain}>
                    <strong>{ profile }</strong>{ " — " }{ explain }
                </dd>
                <dt>{ "Session" }</dt>
                <dd><code>{ &h.session }</code></dd>
            </dl>
        }
    });
    html! {
        <section class="panel" aria-labelledby="status-title">
            <h2 id="status-title">{ "Relay" }</h2>
            <p>
                <span
                    id="connection-status"
                    data-testid="connection-status"
                    data-state={label}
                    class={classes!("badge", label)}
                    role="status"
                    aria-live="polite"
                >
                    { detail }
                </span>
            </p>
            // A fixed wrapper: yew matches unkeyed children from the end, so
            // an optional last child would make it rebuild the badge above.
            <div class="hello-slot">{ for hello }</div>
        </section>
    }
}
