//! The session's open sockets, from the snapshot each result carries: real
//! descriptor, addresses, TCP state and queued bytes.

use super::use_relay_context;
use shared::SockAddr;
use yew::prelude::*;

fn addr(a: Option<&SockAddr>) -> String {
    a.map_or_else(|| "—".into(), SockAddr::python_repr)
}

fn count(n: Option<u32>) -> String {
    n.map_or_else(|| "—".into(), |n| n.to_string())
}

/// A table of open sockets; empty until one is created.
#[function_component(SocketTable)]
pub fn socket_table() -> Html {
    let relay = use_relay_context();
    let state = &*relay.state;
    if state.sockets.is_empty() {
        return html! {};
    }
    let rows = state.sockets.values().map(|s| {
        let timeout = match s.timeout {
            None => "None".to_string(),
            Some(t) => crate::python::float_repr(t),
        };
        html! {
            <tr data-testid={format!("socket-{}", s.id)}>
                <th scope="row">{ s.id.to_string() }</th>
                <td>{ s.fd }</td>
                <td>{ s.kind.python_name() }</td>
                <td><code>{ addr(s.local.as_ref()) }</code></td>
                <td><code>{ addr(s.peer.as_ref()) }</code></td>
                <td>{ s.tcp_state.map_or_else(|| "—".into(), |t| format!("{t:?}")) }</td>
                <td>{ count(s.recv_queue) }</td>
                <td>{ count(s.send_queue) }</td>
                <td>{ timeout }</td>
            </tr>
        }
    });
    html! {
        <section class="panel" aria-labelledby="sockets-title">
            <h2 id="sockets-title">{ "Sockets" }</h2>
            <div class="scroll">
                <table id="sockets" class="sockets">
                    <thead>
                        <tr>
                            <th scope="col">{ "Name" }</th>
                            <th scope="col">{ "fd" }</th>
                            <th scope="col">{ "Type" }</th>
                            <th scope="col">{ "Local" }</th>
                            <th scope="col">{ "Peer" }</th>
                            <th scope="col">{ "TCP state" }</th>
                            <th scope="col" title="bytes received, not yet read">{ "Recv-Q" }</th>
                            <th scope="col" title="bytes sent, not yet acknowledged">{ "Send-Q" }</th>
                            <th scope="col">{ "Timeout" }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </section>
    }
}
