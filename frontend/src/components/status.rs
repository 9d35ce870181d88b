//! The connection badge in the header: connected, reconnecting (the session
//! resumes, nothing is lost) or stopped, with the relay's profile and the
//! socket budget ("3 of 16 sockets") where it matters.

use super::use_relay_context;
use playground::state::Connection;
use shared::Profile;
use yew::prelude::*;

/// After this many failed attempts the badge says the relay is not
/// answering (it keeps retrying every few seconds).
const QUIET_AFTER: u32 = 6;

/// The status badge.
#[function_component(Status)]
pub fn status() -> Html {
    let relay = use_relay_context();
    let state = &*relay.state;
    let label = state.connection.label();
    let text = match &state.connection {
        Connection::Connecting => "connecting…".to_string(),
        Connection::Connected => match state.hello.as_ref().map(|h| h.resumed) {
            Some(true) => "connected (session resumed)".into(),
            _ => "connected".into(),
        },
        Connection::Reconnecting { attempt, reason } if *attempt > QUIET_AFTER => format!(
            "relay not answering ({reason}); retrying every 5 s — your sockets wait {} s",
            state.hello.as_ref().map_or(0, |h| h.limits.grace_secs)
        ),
        Connection::Reconnecting { attempt, reason } => {
            format!("reconnecting (attempt {attempt}) after {reason}…")
        }
        Connection::Stopped { reason } if reason.contains("shutting down") => {
            format!("relay stopped: {reason}")
        }
        Connection::Stopped { reason } => format!("session ended: {reason}"),
    };
    let symbol = match &state.connection {
        Connection::Connected => "●",
        Connection::Connecting | Connection::Reconnecting { .. } => "◌",
        Connection::Stopped { .. } => "■",
    };
    let profile = state.hello.as_ref().map(|h| {
        // One relay of a group behind a proxy names itself: `shared relay K`.
        let (name, title) = match h.profile {
            Profile::Local => ("local relay", "The relay listens on loopback only: bind any local address, connect to any loopback port.".to_string()),
            Profile::Shared => ("shared relay", format!("A shared server: binds on loopback in ports {}–{}, connects only to the relay's services and your own sockets.", h.limits.bind_port_min, h.limits.bind_port_max)),
        };
        let (text, title) = match &h.relay_id {
            Some(id) => (format!("{name} {id}"), format!("{title} Relay {id} of several behind this address; its rooms' codes start with {id}.")),
            None => (name.to_string(), title),
        };
        html! {
            <span class="chip" id="profile" data-relay={h.relay_id.clone()} title={title}>{ text }</span>
        }
    });
    let budget = state.socket_budget().map(|(open, max)| {
        let near = open as u32 + 2 >= max;
        html! {
            <span class={classes!("chip", near.then_some("near-limit"))} id="socket-budget"
                data-testid="socket-budget" title="Open sockets in this session, and the relay's limit">
                { format!("{open} of {max} sockets") }
            </span>
        }
    });
    let connected_ms = state
        .connected_at_ms
        .map(|ms| format!("{ms:.0}"))
        .unwrap_or_default();
    html! {
        <div class="status" role="group" aria-label="Relay connection">
            <span id="connection-status" data-testid="connection-status" data-state={label}
                data-connected-ms={connected_ms}
                class={classes!("badge", label)} role="status" aria-live="polite">
                <span class="symbol" aria-hidden="true">{ symbol }</span>
                { " " }{ text }
            </span>
            { for profile }
            { for budget }
        </div>
    }
}
