//! The resolver panel (C6, C22): `gethostname`, `getfqdn`, `getaddrinfo`,
//! `gethostbyname`, `gethostbyaddr`, `getservbyname`, `getservbyport`,
//! `getprotobyname`, and a table of well-known ports. Every answer comes
//! from the relay's real resolver and appears in the console like any call.

use super::use_relay_context;
use playground::view::WELL_KNOWN;
use shared::{Op, Outcome, Value};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Which lookup the form does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lookup {
    Addrinfo,
    Hostbyname,
    Hostbyaddr,
    Servbyname,
    Servbyport,
    Protobyname,
    Fqdn,
}

impl Lookup {
    const ALL: [Lookup; 7] = [
        Lookup::Addrinfo,
        Lookup::Servbyname,
        Lookup::Servbyport,
        Lookup::Protobyname,
        Lookup::Hostbyname,
        Lookup::Hostbyaddr,
        Lookup::Fqdn,
    ];

    fn name(self) -> &'static str {
        match self {
            Lookup::Addrinfo => "getaddrinfo",
            Lookup::Hostbyname => "gethostbyname",
            Lookup::Hostbyaddr => "gethostbyaddr",
            Lookup::Servbyname => "getservbyname",
            Lookup::Servbyport => "getservbyport",
            Lookup::Protobyname => "getprotobyname",
            Lookup::Fqdn => "getfqdn",
        }
    }

    /// The first argument's label and default, and the second's if any.
    fn args(
        self,
    ) -> (
        &'static str,
        &'static str,
        Option<(&'static str, &'static str)>,
    ) {
        match self {
            Lookup::Addrinfo => ("host", "localhost", Some(("port", "7000"))),
            Lookup::Hostbyname => ("host", "localhost", None),
            Lookup::Hostbyaddr => ("ip", "127.0.0.1", None),
            Lookup::Servbyname => ("name", "http", Some(("proto", "tcp"))),
            Lookup::Servbyport => ("port", "53", Some(("proto", "udp"))),
            Lookup::Protobyname => ("name", "tcp", None),
            Lookup::Fqdn => ("name", "", None),
        }
    }

    /// The op, or what is wrong with the arguments.
    fn op(self, a: &str, b: &str) -> Result<Op, String> {
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        Ok(match self {
            Lookup::Addrinfo => Op::Getaddrinfo {
                host: a.trim().into(),
                port: opt(b),
                family: None,
                kind: None,
            },
            Lookup::Hostbyname => Op::Gethostbyname {
                host: a.trim().into(),
            },
            Lookup::Hostbyaddr => Op::Gethostbyaddr {
                ip: a.trim().into(),
            },
            Lookup::Servbyname => Op::Getservbyname {
                name: a.trim().into(),
                proto: opt(b),
            },
            Lookup::Servbyport => Op::Getservbyport {
                port: a
                    .trim()
                    .parse()
                    .map_err(|_| "the port must be a whole number, e.g. 53".to_string())?,
                proto: opt(b),
            },
            Lookup::Protobyname => Op::Getprotobyname {
                name: a.trim().into(),
            },
            Lookup::Fqdn => Op::Getfqdn {
                name: a.trim().into(),
            },
        })
    }
}

/// The panel.
#[function_component(Resolver)]
pub fn resolver() -> Html {
    let relay = use_relay_context();
    let lookup = use_state(|| Lookup::Servbyname);
    let first = use_state(|| "http".to_string());
    let second = use_state(|| "tcp".to_string());
    let error = use_state(|| None::<String>);
    let connected = relay.state.is_connected();

    let pick = |l: Lookup| {
        let (lookup, first, second, error) =
            (lookup.clone(), first.clone(), second.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            let (_, a, b) = l.args();
            lookup.set(l);
            first.set(a.into());
            second.set(b.map(|(_, d)| d).unwrap_or_default().into());
            error.set(None);
        })
    };
    let input = |h: &UseStateHandle<String>| {
        let h = h.clone();
        Callback::from(move |e: InputEvent| {
            h.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let submit = {
        let send = relay.send.clone();
        let (lookup, first, second, error) =
            (lookup.clone(), first.clone(), second.clone(), error.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match lookup.op(&first, &second) {
                Ok(op) => {
                    error.set(None);
                    send.emit(op);
                }
                Err(why) => error.set(Some(why)),
            }
        })
    };
    let simple = |op: Op| {
        let send = relay.send.clone();
        Callback::from(move |_: MouseEvent| {
            send.emit(op.clone());
        })
    };
    let table = {
        let send = relay.send.clone();
        Callback::from(move |_: MouseEvent| {
            for (port, proto) in WELL_KNOWN {
                send.emit(Op::Getservbyport {
                    port: i64::from(*port),
                    proto: Some((*proto).to_string()),
                });
            }
        })
    };
    // The well-known ports table, from the answers in the session.
    // The well-known ports table, from the answers in the session: one
    // pass over the console, newest answer first.
    let mut found: std::collections::HashMap<(i64, String), String> =
        std::collections::HashMap::new();
    for e in relay.state.entries.iter().rev() {
        if let (
            Some(Op::Getservbyport {
                port,
                proto: Some(proto),
            }),
            playground::state::EntryStatus::Done(r),
        ) = (&e.op, &e.status)
        {
            found
                .entry((*port, proto.clone()))
                .or_insert_with(|| match &r.outcome {
                    Outcome::Ok(Value::Str(name)) => name.clone(),
                    Outcome::Err(err) => format!("({})", err.message),
                    _ => "?".into(),
                });
        }
    }
    let answers: Vec<Html> = WELL_KNOWN
        .iter()
        .filter_map(|(port, proto)| {
            let answer = found.get(&(i64::from(*port), (*proto).to_string()))?;
            Some(html! {
                <tr data-testid={format!("wk-{port}-{proto}")}>
                    <td>{ port }</td><td>{ proto }</td><td><code>{ answer }</code></td>
                </tr>
            })
        })
        .collect();

    let (a_label, _, b) = lookup.args();
    let tabs = Lookup::ALL.iter().map(|l| {
        html! {
            <button type="button" class="seg" aria-pressed={(*lookup == *l).to_string()}
                data-testid={format!("lookup-{}", l.name())} onclick={pick(*l)}>{ l.name() }</button>
        }
    });
    html! {
        <section class="panel resolver" aria-labelledby="resolver-title">
            <h2 id="resolver-title">{ "Resolver" }</h2>
            <div class="row">
                <button type="button" data-testid="gethostname" disabled={!connected}
                    onclick={simple(Op::Gethostname)}>{ "gethostname()" }</button>
                <button type="button" data-testid="getdefaulttimeout" disabled={!connected}
                    onclick={simple(Op::Getdefaulttimeout)}>{ "getdefaulttimeout()" }</button>
            </div>
            <div class="segmented wrap" role="group" aria-label="Lookup">{ for tabs }</div>
            <form class="row" onsubmit={submit}>
                <label for="lookup-a">{ a_label }</label>
                <input id="lookup-a" data-testid="lookup-a" value={(*first).clone()} oninput={input(&first)} autocomplete="off" />
                if let Some((b_label, _)) = b {
                    <label for="lookup-b">{ b_label }</label>
                    <input id="lookup-b" data-testid="lookup-b" value={(*second).clone()} oninput={input(&second)} autocomplete="off" />
                }
                <button type="submit" data-testid="lookup-run" disabled={!connected}>{ format!("{}()", lookup.name()) }</button>
            </form>
            <p class="field-error" role="alert">{ error.as_deref().unwrap_or_default() }</p>
            <details class="well-known" data-testid="well-known">
                <summary>{ "Well-known ports (IANA), answered by the relay's resolver" }</summary>
                <button type="button" data-testid="well-known-load" disabled={!connected} onclick={table}>
                    { format!("ask getservbyport() for {} ports", WELL_KNOWN.len()) }
                </button>
                if !answers.is_empty() {
                    <table class="ports">
                        <thead><tr><th scope="col">{ "port" }</th><th scope="col">{ "proto" }</th><th scope="col">{ "service name" }</th></tr></thead>
                        <tbody>{ for answers }</tbody>
                    </table>
                }
            </details>
        </section>
    }
}
