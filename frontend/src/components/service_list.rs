//! The relay's own services (echo, discard, …) with the addresses a
//! learner's sockets, or `nc` in a terminal, can reach.

use super::use_relay_context;
use shared::ServiceProto;
use yew::prelude::*;

/// A compact list of the services the relay announced in its hello.
#[function_component(ServiceList)]
pub fn service_list() -> Html {
    let relay = use_relay_context();
    let Some(hello) = relay.state.hello.as_ref() else {
        return html! {};
    };
    let items = hello.services.iter().map(|s| {
        let proto = match s.proto {
            ServiceProto::Tcp => "tcp",
            ServiceProto::Udp => "udp",
        };
        html! {
            <li data-testid={format!("service-{}-{proto}", s.name)}>
                <div class="service-head">
                    <strong>{ &s.name }</strong>
                    <span class="proto">{ proto.to_uppercase() }</span>
                    <code>{ format!("('{}', {})", s.host, s.port) }</code>
                </div>
                <p class="service-about">{ &s.description }</p>
            </li>
        }
    });
    html! {
        <section class="panel" aria-labelledby="services-title">
            <h2 id="services-title">{ "Services" }</h2>
            <ul id="services" class="services">{ for items }</ul>
        </section>
    }
}
