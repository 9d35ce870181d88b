//! The relay's services (echo, discard, …): ports, what each does, copyable
//! `nc` and Python one-liners to reach them from a terminal, and the live
//! connections to them — the learner's own sockets and outside tools alike.

use super::use_relay_context;
use playground::state::services::ServiceConn;
use playground::view::{nc_command, python_command};
use shared::ServiceProto;
use wasm_bindgen_futures::JsFuture;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The host the page was loaded from (for one-liners to a wildcard service).
fn page_host() -> String {
    web_sys::window()
        .and_then(|w| w.location().hostname().ok())
        .unwrap_or_default()
}

/// Copies text to the clipboard; browsers allow it on localhost and HTTPS.
fn copy(text: String, done: UseStateHandle<Option<String>>) {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
        return;
    };
    let promise = clipboard.write_text(&text);
    spawn_local(async move {
        let ok = JsFuture::from(promise).await.is_ok();
        done.set(Some(if ok {
            "copied".into()
        } else {
            "select the text and copy it".into()
        }));
    });
}

/// The services panel.
#[function_component(ServicePanel)]
pub fn service_panel() -> Html {
    let relay = use_relay_context();
    let copied = use_state(|| None::<String>);
    let state = &*relay.state;
    let Some(hello) = state.hello.as_ref() else {
        return html! {
            <section class="panel" aria-labelledby="services-title">
                <h2 id="services-title">{ "Services" }</h2>
                <p class="hint">{ "Waiting for the relay…" }</p>
            </section>
        };
    };
    let host = page_host();
    let items = hello.services.iter().map(|s| {
        let proto = match s.proto {
            ServiceProto::Tcp => "tcp",
            ServiceProto::Udp => "udp",
        };
        let tid = format!("service-{}-{proto}", s.name);
        let nc = nc_command(s, &host);
        let py = python_command(s, &host);
        let copy_btn = |text: String, what: &'static str| {
            let copied = copied.clone();
            let onclick = Callback::from(move |_: MouseEvent| copy(text.clone(), copied.clone()));
            html! {
                <button type="button" class="small" {onclick} aria-label={format!("copy the {what} command")}>{ "copy" }</button>
            }
        };
        // UDP "connections" are per peer address; the relay names both
        // kinds by service name only, so list them under the TCP entry.
        let conns: Vec<&ServiceConn> = match s.proto {
            ServiceProto::Tcp => state.service_conns.of(&s.name),
            ServiceProto::Udp => Vec::new(),
        };
        let conns_html = conns.iter().map(|c| {
            let who = match state.sockets.by_local(&c.peer, None) {
                Some(id) => format!("your {id}"),
                None => "outside the page (nc, Python, a classmate)".into(),
            };
            let end = if c.open {
                "open"
            } else if c.reset {
                "reset"
            } else {
                "closed"
            };
            html! {
                <li class={classes!("conn", (!c.open).then_some("ended"))}
                    data-testid={format!("conn-{}-{}", s.name, c.conn)}>
                    <code>{ c.peer.to_string() }</code>{ format!(" — {who} · read {} B, wrote {} B · {end}", c.received, c.sent) }
                </li>
            }
        });
        html! {
            <li data-testid={tid} class="service">
                <div class="service-head">
                    <strong>{ &s.name }</strong>
                    <span class="proto">{ proto.to_uppercase() }</span>
                    <code>{ format!("('{}', {})", s.host, s.port) }</code>
                </div>
                <p class="service-about">{ &s.description }</p>
                <details class="oneliners">
                    <summary>{ "from a terminal" }</summary>
                    <div class="cmd"><code>{ nc.clone() }</code>{ copy_btn(nc, "nc") }</div>
                    <div class="cmd"><code>{ py.clone() }</code>{ copy_btn(py, "Python") }</div>
                </details>
                if !conns.is_empty() {
                    <ul class="conns">{ for conns_html }</ul>
                }
            </li>
        }
    });
    html! {
        <section class="panel" aria-labelledby="services-title">
            <h2 id="services-title">{ "Services" }
                <small class="count">{ match state.service_conns.open_count() {
                    1 => " 1 open connection".to_string(),
                    n => format!(" {n} open connections"),
                } }</small>
            </h2>
            <p class="hint">{ "Real servers in the relay. Connect your sockets to them, or reach them from a terminal." }</p>
            <p class="copied" role="status">{ copied.as_deref().unwrap_or_default() }</p>
            <ul id="services" class="services">{ for items }</ul>
        </section>
    }
}
