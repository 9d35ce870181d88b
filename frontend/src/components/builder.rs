//! The op builder: pick a socket and a call, fill in typed arguments, run.
//!
//! The calls that make sense for the socket's state come first; every other
//! call is one step away and, when run, produces the genuine error (learners
//! must be able to make mistakes). Arguments are checked as Python checks
//! them before any system call: `bind(('127.0.0.1', 70000))` shows
//! `OverflowError: bind(): port must be 0-65535.` under the port field, and
//! running it records that exception without sending anything.

use super::presets::Presets;
use super::use_relay_context;
use playground::builder::{
    describe, parse_payload, suggested, Field, Form, Invalid, InvalidKind, OpKind, PayloadFormat,
};
use playground::python;
use playground::state::Action;
use shared::{Family, ServiceProto, ShutdownHow, SockOpt, SockType, SocketId, SocketSnapshot};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const OPTIONS: [SockOpt; 8] = [
    SockOpt::ReuseAddr,
    SockOpt::ReusePort,
    SockOpt::RcvBuf,
    SockOpt::SndBuf,
    SockOpt::KeepAlive,
    SockOpt::Linger,
    SockOpt::Broadcast,
    SockOpt::TcpNoDelay,
];

/// Writes one typed value into the form.
type Setter = Box<dyn Fn(&mut Form, String)>;

/// The Python line for a form that did not build: its arguments as typed,
/// the data as the bytes literal it parses to (when it does).
fn raw_line(form: &Form, sock: Option<SocketId>) -> String {
    let s = sock.map_or_else(|| "s".to_string(), |s| s.to_string());
    let port = if form.port.trim().is_empty() {
        "?"
    } else {
        form.port.trim()
    };
    let addr = format!("({}, {port})", python::str_repr(&form.host));
    let data = match parse_payload(&form.data, form.data_format) {
        Ok(bytes) => python::data_arg(&bytes),
        Err(_) => form.data.trim().to_string(),
    };
    let args = match form.kind {
        OpKind::Bind | OpKind::Connect | OpKind::ConnectEx => addr,
        OpKind::Sendto => format!("{data}, {addr}"),
        OpKind::Recv | OpKind::Recvfrom => form.bufsize.trim().to_string(),
        OpKind::Settimeout => form.timeout.trim().to_string(),
        OpKind::Listen => form.backlog.trim().to_string(),
        OpKind::Send | OpKind::Sendall => data,
        OpKind::Setsockopt => format!(
            "socket.{}, socket.{}, {}",
            form.option.level_name(),
            form.option.python_name(),
            form.opt_value.trim()
        ),
        _ => String::new(),
    };
    format!("{s}.{}({args})", form.kind.name())
}

/// What the learner typed in a field, to tell an untouched empty field
/// (whose error waits for a Run) from a wrong value (shown at once).
fn typed(form: &Form, field: Field) -> &str {
    match field {
        Field::Host => &form.host,
        Field::Port => &form.port,
        Field::Backlog => &form.backlog,
        Field::Bufsize => &form.bufsize,
        Field::Data => &form.data,
        Field::Timeout => &form.timeout,
        Field::OptValue => &form.opt_value,
        _ => "",
    }
}

/// The builder panel (with the presets above it).
#[function_component(Builder)]
pub fn builder() -> Html {
    let relay = use_relay_context();
    let form = use_state(|| Form::new(OpKind::Socket));
    let tried = use_state(|| false);
    let state = &*relay.state;
    let connected = state.is_connected();
    let selected = state.selected.filter(|id| state.sockets.is_open(*id));
    let snap: Option<SocketSnapshot> = selected
        .and_then(|id| state.sockets.get(id))
        .map(|r| r.snap.clone());

    // The builder re-renders on every event the relay sends; building
    // parses the data field (up to 16 MB for `b'x' * n`), so it is done
    // again only when the form or the socket changed.
    let built = use_memo(((*form).clone(), snap.clone()), |(form, snap)| {
        form.build(snap.as_ref())
    });
    let data_summary = use_memo((form.data.clone(), form.data_format), |(data, format)| {
        describe(data, *format)
    });
    let invalid: Option<Invalid> = built.as_ref().as_ref().err().cloned();
    let preview = match &*built {
        Ok(op) => python::call_line(op, None),
        Err(_) => raw_line(&form, selected),
    };

    let set = {
        let form = form.clone();
        let tried = tried.clone();
        move |f: Setter| {
            let form = form.clone();
            let tried = tried.clone();
            move |value: String| {
                let mut next = (*form).clone();
                f(&mut next, value);
                form.set(next);
                tried.set(false);
            }
        }
    };
    let on_input = |f: Setter| {
        let apply = set(f);
        Callback::from(move |e: InputEvent| {
            apply(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_select = |f: Setter| {
        let apply = set(f);
        Callback::from(move |e: Event| {
            apply(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let pick_kind = {
        let form = form.clone();
        let tried = tried.clone();
        move |kind: OpKind| {
            let mut next = (*form).clone();
            let fresh = Form::new(kind);
            // Keep what was typed; take the new call's port default only
            // when the port is empty.
            next.kind = kind;
            if next.port.trim().is_empty() {
                next.port = fresh.port;
            }
            form.set(next);
            tried.set(false);
        }
    };
    let on_kind = {
        let pick_kind = pick_kind.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(k) = OpKind::ALL.iter().find(|k| k.name() == v) {
                pick_kind(*k);
            }
        })
    };
    let on_socket = {
        let dispatch = relay.dispatch.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(n) = v.trim_start_matches('s').parse::<u32>() {
                dispatch.emit(Action::Select(SocketId(n)));
            }
        })
    };
    let submit = {
        let send = relay.send.clone();
        let raise = relay.raise.clone();
        let built = built.clone();
        let preview = preview.clone();
        let tried = tried.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            tried.set(true);
            match &*built {
                Ok(op) => {
                    send.emit(op.clone());
                }
                Err(Invalid {
                    kind: InvalidKind::Python(err),
                    ..
                }) => raise.emit((preview.clone(), err.clone())),
                Err(_) => {}
            }
        })
    };

    // Socket picker.
    let socket_options = state.sockets.open().map(|r| {
        let id = r.snap.id;
        let kind = if r.is_stream() { "TCP" } else { "UDP" };
        let state_name = r.snap.tcp_state.map(|s| s.name()).unwrap_or("");
        html! {
            <option value={id.to_string()} selected={Some(id) == selected}>
                { format!("{id} · fd {} · {kind} {state_name}", r.snap.fd) }
            </option>
        }
    });

    // Op picker: suggested calls first.
    let (good, other): (Vec<OpKind>, Vec<OpKind>) = OpKind::ALL
        .iter()
        .copied()
        .partition(|k| suggested(*k, snap.as_ref()));
    let option = |k: &OpKind| {
        html! {
            <option value={k.name()} selected={*k == form.kind}>{ format!("{}()", k.name()) }</option>
        }
    };
    let chips = good.iter().map(|k| {
        let pick_kind = pick_kind.clone();
        let k = *k;
        let onclick = Callback::from(move |_: MouseEvent| pick_kind(k));
        html! {
            <button type="button" class="chip-btn" aria-pressed={(k == form.kind).to_string()}
                data-testid={format!("op-{}", k.name())} {onclick}>{ k.name() }</button>
        }
    });
    let group_label = match selected {
        Some(id) => format!("suggested for {id}"),
        None => "to start".into(),
    };

    // Python's own exceptions show at once (the learner sees what Python
    // would say while typing); "fill this in" waits for a Run, so picking
    // `bind` does not greet the learner with an error for an empty port.
    let error_for = |field: Field| -> Option<String> {
        invalid
            .as_ref()
            .filter(|i| i.field == field)
            .filter(|i| {
                matches!(i.kind, InvalidKind::Python(_))
                    || *tried
                    || !typed(&form, field).trim().is_empty()
            })
            .map(ToString::to_string)
    };
    let field_html = |field: Field| -> Html {
        let id = format!("f-{}", field.id());
        let err = error_for(field);
        let err_id = format!("{id}-error");
        let described = err.as_ref().map(|_| err_id.clone());
        let input = match field {
            Field::Family => html! {
                <select id={id.clone()} data-testid={id.clone()} onchange={on_select(Box::new(|f, v| f.family = if v == "AF_INET6" { Family::Inet6 } else { Family::Inet }))}>
                    <option value="AF_INET" selected={form.family == Family::Inet}>{ "AF_INET (IPv4)" }</option>
                    <option value="AF_INET6" selected={form.family == Family::Inet6}>{ "AF_INET6 (IPv6)" }</option>
                </select>
            },
            Field::Type => html! {
                <select id={id.clone()} data-testid={id.clone()} onchange={on_select(Box::new(|f, v| f.sock_type = if v == "SOCK_DGRAM" { SockType::Dgram } else { SockType::Stream }))}>
                    <option value="SOCK_STREAM" selected={form.sock_type == SockType::Stream}>{ "SOCK_STREAM (TCP)" }</option>
                    <option value="SOCK_DGRAM" selected={form.sock_type == SockType::Dgram}>{ "SOCK_DGRAM (UDP)" }</option>
                </select>
            },
            Field::How => html! {
                <select id={id.clone()} data-testid={id.clone()} onchange={on_select(Box::new(|f, v| f.how = match v.as_str() { "SHUT_RD" => ShutdownHow::Read, "SHUT_RDWR" => ShutdownHow::Both, _ => ShutdownHow::Write }))}>
                    { for [ShutdownHow::Write, ShutdownHow::Read, ShutdownHow::Both].iter().map(|h| html! {
                        <option value={h.python_name()} selected={form.how == *h}>{ h.python_name() }</option>
                    }) }
                </select>
            },
            Field::Option => html! {
                <select id={id.clone()} data-testid={id.clone()} onchange={on_select(Box::new(|f, v| if let Some(o) = OPTIONS.iter().find(|o| o.python_name() == v) { f.option = *o; }))}>
                    { for OPTIONS.iter().map(|o| html! {
                        <option value={o.python_name()} selected={form.option == *o}>{ format!("{} {}", o.level_name(), o.python_name()) }</option>
                    }) }
                </select>
            },
            Field::Flag => html! {
                <select id={id.clone()} data-testid={id.clone()} onchange={on_select(Box::new(|f, v| f.flag = v == "True"))}>
                    <option value="False" selected={!form.flag}>{ "False (non-blocking)" }</option>
                    <option value="True" selected={form.flag}>{ "True (blocking)" }</option>
                </select>
            },
            Field::Data => {
                let hex = form.data_format == PayloadFormat::Hex;
                html! {
                    <>
                        <input id={id.clone()} data-testid={id.clone()} type="text" autocomplete="off" spellcheck="false"
                            value={form.data.clone()} oninput={on_input(Box::new(|f, v| f.data = v))}
                            aria-invalid={err.is_some().to_string()} aria-describedby={described.clone()} />
                        <label class="inline">
                            <input type="checkbox" data-testid="f-data-hex" checked={hex}
                                onchange={{
                                    let form = form.clone();
                                    Callback::from(move |_: Event| {
                                        let mut next = (*form).clone();
                                        next.data_format = if next.data_format == PayloadFormat::Hex { PayloadFormat::Text } else { PayloadFormat::Hex };
                                        form.set(next);
                                    })
                                }} />
                            { " hex" }
                        </label>
                        <small class="describe" data-testid="f-data-describe">{ (*data_summary).clone() }</small>
                    </>
                }
            }
            _ => {
                let (value, setter, placeholder): (String, Setter, &str) = match field {
                    Field::Host => (form.host.clone(), Box::new(|f, v| f.host = v), "127.0.0.1"),
                    Field::Port => (form.port.clone(), Box::new(|f, v| f.port = v), "7000"),
                    Field::Backlog => (
                        form.backlog.clone(),
                        Box::new(|f, v| f.backlog = v),
                        "default",
                    ),
                    Field::Bufsize => {
                        (form.bufsize.clone(), Box::new(|f, v| f.bufsize = v), "1024")
                    }
                    Field::Timeout => {
                        (form.timeout.clone(), Box::new(|f, v| f.timeout = v), "None")
                    }
                    _ => (
                        form.opt_value.clone(),
                        Box::new(|f, v| f.opt_value = v),
                        "1",
                    ),
                };
                let numeric = matches!(field, Field::Port | Field::Backlog | Field::Bufsize);
                html! {
                    <input id={id.clone()} data-testid={id.clone()} type="text" autocomplete="off" spellcheck="false"
                        inputmode={if numeric { "numeric" } else { "text" }}
                        value={value} placeholder={placeholder} oninput={on_input(setter)}
                        aria-invalid={err.is_some().to_string()} aria-describedby={described.clone()} />
                }
            }
        };
        let quick = if field == Field::Port {
            let ports: Vec<(String, String, u16)> = state
                .hello
                .iter()
                .flat_map(|h| h.services.iter())
                .filter(|s| {
                    let want = if snap.as_ref().map(|s| s.kind) == Some(SockType::Dgram)
                        || form.kind == OpKind::Sendto
                    {
                        ServiceProto::Udp
                    } else {
                        ServiceProto::Tcp
                    };
                    // Every service the relay announced, of the socket's
                    // transport and address family.
                    let v6 = snap.as_ref().map(|s| s.family) == Some(Family::Inet6);
                    s.proto == want && s.host.contains(':') == v6
                })
                .map(|s| (s.name.clone(), s.host.clone(), s.port))
                .chain(
                    state
                        .sockets
                        .open()
                        .filter(|r| Some(r.snap.id) != selected)
                        .filter_map(|r| {
                            let l = r.snap.local.as_ref()?;
                            (l.port != 0)
                                .then(|| (format!("your {}", r.snap.id), l.ip.clone(), l.port))
                        }),
                )
                .collect();
            let buttons = ports.into_iter().map(|(name, host, port)| {
                let form = form.clone();
                let onclick = Callback::from(move |_: MouseEvent| {
                    let mut next = (*form).clone();
                    next.port = port.to_string();
                    next.host = host.clone();
                    form.set(next);
                });
                html! {
                    <button type="button" class="chip-btn small" data-testid={format!("port-{}", name.replace(' ', "-"))} {onclick}>
                        { format!("{name} {port}") }
                    </button>
                }
            });
            html! { <div class="quick" role="group" aria-label="Fill in a known port">{ for buttons }</div> }
        } else {
            html! {}
        };
        html! {
            <div class={classes!("field", err.is_some().then_some("invalid"))}>
                <label for={id.clone()}>{ field.label() }</label>
                { input }
                { quick }
                <p id={err_id} class="field-error" role="alert" data-testid={format!("{id}-error")}>
                    { err.clone().unwrap_or_default() }
                </p>
            </div>
        }
    };
    let fields = form.kind.fields().iter().map(|f| field_html(*f));
    let socket_error = error_for(Field::Socket);
    // Run stays enabled with an input error: pressing it shows the error.
    let runnable = connected;

    html! {
        <section class="panel builder" aria-labelledby="builder-title">
            <h2 id="builder-title">{ "Build a call" }</h2>
            <Presets />
            <form id="builder" data-testid="builder" onsubmit={submit}>
                <div class="field">
                    <label for="op-socket">{ "socket" }</label>
                    <select id="op-socket" data-testid="op-socket" onchange={on_socket}
                        disabled={state.sockets.open_count() == 0}>
                        if state.sockets.open_count() == 0 {
                            <option value="">{ "none yet: create one with socket()" }</option>
                        }
                        { for socket_options }
                    </select>
                </div>
                <div class="field">
                    <label for="op-kind">{ "call" }</label>
                    <select id="op-kind" data-testid="op-kind" onchange={on_kind}>
                        <optgroup label={group_label}>{ for good.iter().map(option) }</optgroup>
                        <optgroup label="other calls (may raise: try them)">{ for other.iter().map(option) }</optgroup>
                    </select>
                    <div class="chips" role="group" aria-label="Suggested calls">{ for chips }</div>
                    <p class="hint">{ form.kind.hint() }</p>
                </div>
                // A fixed wrapper: the number of fields changes with the call,
                // and yew matches unkeyed siblings from the end, so without it
                // the call picker above would be rebuilt and lose focus.
                <div class="fields">{ for fields }</div>
                <div class="run">
                    <code class="preview" data-testid="preview">{ preview }</code>
                    <button type="submit" id="run" data-testid="run" class="primary" disabled={!runnable}>
                        { "Run ⏎" }
                    </button>
                </div>
                <p class="field-error" role="alert" data-testid="f-socket-error">{ socket_error.unwrap_or_default() }</p>
            </form>
        </section>
    }
}
