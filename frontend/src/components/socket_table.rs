//! The session's sockets as the kernel reports them after every op: real
//! descriptor (and when its number was reused), family and type, local and
//! peer address, blocking mode, TCP state, queued bytes, accept-queue fill.
//! A closed socket fades out, then leaves.

use super::use_relay_context;
use playground::state::sockets::SocketRow;
use playground::state::Action;
use shared::{Family, SockAddr, SockType};
use std::time::Duration;
use yew::platform::{spawn_local, time::sleep};
use yew::prelude::*;

/// How long a closed socket's row stays, fading.
const FADE: Duration = Duration::from_millis(1200);

fn addr(a: Option<&SockAddr>) -> String {
    a.map_or_else(|| "—".into(), SockAddr::to_string)
}

fn count(n: Option<u32>) -> String {
    n.map_or_else(|| "—".into(), |n| n.to_string())
}

/// `TCP/IPv4`, `UDP/IPv6`, with the Python constants in the title.
fn kind(row: &SocketRow) -> (String, String) {
    let t = match row.snap.kind {
        SockType::Stream => "TCP",
        SockType::Dgram => "UDP",
    };
    let f = match row.snap.family {
        Family::Inet => "IPv4",
        Family::Inet6 => "IPv6",
    };
    (
        format!("{t}/{f}"),
        format!(
            "{} × {}",
            row.snap.family.python_name(),
            row.snap.kind.python_name()
        ),
    )
}

/// The table.
#[function_component(SocketTable)]
pub fn socket_table() -> Html {
    let relay = use_relay_context();
    let state = &*relay.state;
    let selected = state.selected;
    let rows = state.sockets.rows().map(|row| {
        html! {
            <Row key={row.snap.id.0} row={row.clone()} selected={Some(row.snap.id) == selected} />
        }
    });
    let empty = state.sockets.rows().next().is_none();
    let lingering = state.lingering.iter().map(|l| {
        let note = match l.state {
            shared::TcpState::TimeWait => {
                "the kernel keeps the port about 60 s; a new socket binds it only with SO_REUSEADDR, and only if this one had it too"
            }
            shared::TcpState::FinWait1 | shared::TcpState::FinWait2 => {
                "this side sent its FIN; waiting for the peer's"
            }
            shared::TcpState::LastAck | shared::TcpState::Closing => {
                "both sides sent FIN; waiting for the last ACK"
            }
            _ => "still in the kernel after close()",
        };
        html! {
            <li data-testid={format!("lingering-{}", l.sock)}>
                <strong>{ l.sock.to_string() }</strong>{ " (closed) " }
                <code>{ format!("{} ↔ {}", l.local, l.peer) }</code>{ " " }
                <span class="kstate">{ l.state.name() }</span>{ format!(" — {note}") }
            </li>
        }
    });
    html! {
        <section class="panel sockets-panel" aria-labelledby="sockets-title">
            <h2 id="sockets-title">{ "Sockets" }</h2>
            if empty {
                <p class="empty" data-testid="no-sockets">
                    if state.entries.is_empty() {
                        { "No sockets yet. Create one with socket() in the builder — or, new here, open “Presets” and step through “TCP echo client”." }
                    } else {
                        { "No open sockets." }
                    }
                </p>
            }
            <div class="scroll" hidden={empty}>
                <table id="sockets" class="sockets">
                    <thead>
                        <tr>
                            <th scope="col">{ "Name" }</th>
                            <th scope="col">{ "fd" }</th>
                            <th scope="col">{ "Kind" }</th>
                            <th scope="col">{ "Local" }</th>
                            <th scope="col">{ "Peer" }</th>
                            <th scope="col">{ "Mode" }</th>
                            <th scope="col" title="TCP state, from the kernel's TCP_INFO">{ "State" }</th>
                            <th scope="col" title="Bytes received and not yet read (SIOCINQ)">{ "Recv-Q" }</th>
                            <th scope="col" title="Bytes sent and not yet acknowledged (SIOCOUTQ)">{ "Send-Q" }</th>
                            <th scope="col" title="Connections completed and waiting for accept(), and the backlog">{ "Accept queue" }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            if !state.lingering.is_empty() {
                <div class="lingering" data-testid="lingering">
                    <h3>{ "Closed, but still held by the kernel" }</h3>
                    <ul>{ for lingering }</ul>
                </div>
            }
        </section>
    }
}

/// Props of [`Row`].
#[derive(Properties, PartialEq)]
struct RowProps {
    row: SocketRow,
    selected: bool,
}

/// One socket; click (or Enter) selects it for the builder.
#[function_component(Row)]
fn row(props: &RowProps) -> Html {
    let relay = use_relay_context();
    let row = &props.row;
    let id = row.snap.id;
    {
        // A closed socket leaves after its fade.
        let dispatch = relay.dispatch.clone();
        use_effect_with(row.leaving, move |leaving| {
            if *leaving {
                spawn_local(async move {
                    sleep(FADE).await;
                    dispatch.emit(Action::Forget(id));
                });
            }
        });
    }
    let select = {
        let dispatch = relay.dispatch.clone();
        let leaving = row.leaving;
        Callback::from(move |_: MouseEvent| {
            if !leaving {
                dispatch.emit(Action::Select(id));
            }
        })
    };
    let select_key = {
        let dispatch = relay.dispatch.clone();
        let leaving = row.leaving;
        Callback::from(move |e: KeyboardEvent| {
            if !leaving && (e.key() == "Enter" || e.key() == " ") {
                e.prevent_default();
                dispatch.emit(Action::Select(id));
            }
        })
    };
    let (kind, kind_title) = kind(row);
    let name = match row.accepted_from {
        Some(from) => {
            html! { <>{ id.to_string() }<small>{ format!(" from {from}.accept()") }</small></> }
        }
        None => html! { id.to_string() },
    };
    let fd = match row.fd_was {
        Some(was) => html! {
            <>{ row.snap.fd }<small class="reused" title="The kernel gives out the lowest free descriptor number: this one was freed by close().">{ format!(" reused (was {was})") }</small></>
        },
        None => html! { row.snap.fd },
    };
    let state = if row.leaving {
        "closed".to_string()
    } else {
        match (row.snap.tcp_state, row.snap.kind) {
            (Some(s), _) => s.name().to_string(),
            (None, SockType::Dgram) => "(UDP: no connection state)".into(),
            (None, SockType::Stream) => "—".into(),
        }
    };
    let accept = match row.snap.accept_queue {
        Some(q) => {
            // Linux queues backlog + 1 connections (sk_acceptq_is_full is
            // len > backlog).
            let full = q.len > q.backlog;
            html! {
                <span class={classes!("queue", full.then_some("full"))}
                    data-testid={format!("accept-queue-{id}")}>
                    { format!("{} waiting / backlog {}", q.len, q.backlog) }
                    if full { <strong>{ " full" }</strong> }
                </span>
            }
        }
        None => html! { "—" },
    };
    html! {
        <tr data-testid={format!("socket-{id}")} data-fd={row.snap.fd.to_string()}
            class={classes!(props.selected.then_some("selected"), row.leaving.then_some("leaving"))}
            aria-selected={props.selected.to_string()} onclick={select} onkeydown={select_key}
            tabindex={if row.leaving { "-1" } else { "0" }}>
            <th scope="row">
                if props.selected { <span class="sel" aria-label="selected">{ "▶ " }</span> }
                { name }
            </th>
            <td data-label="fd">{ fd }</td>
            <td data-label="kind" title={kind_title}>{ kind }</td>
            <td data-label="local"><code data-testid={format!("local-{id}")}>{ addr(row.snap.local.as_ref()) }</code></td>
            <td data-label="peer"><code data-testid={format!("peer-{id}")}>{ addr(row.snap.peer.as_ref()) }</code></td>
            <td data-label="mode">{ row.mode() }</td>
            <td data-label="state" data-testid={format!("state-{id}")}>{ state }</td>
            <td data-label="Recv-Q">{ count(row.snap.recv_queue) }</td>
            <td data-label="Send-Q">{ count(row.snap.send_queue) }</td>
            <td data-label="accept queue">{ accept }</td>
        </tr>
    }
}
