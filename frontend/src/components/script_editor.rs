//! The script editor: the course's example programs (or the learner's own,
//! or one opened from a shared link), run whole or one statement at a time
//! with the current line highlighted and the variables shown. Sockets the
//! script creates appear in the socket table and timeline like any others;
//! when the script ends, the ones it left open are closed, as the end of a
//! `python3` process would close them.

use super::py_console::{render_transcript, Append, Shown};
use super::use_relay_context;
use crate::hooks::use_relay::PyCall;
use crate::services::py_host::{Control, PageHost, Paused};
use futures::channel::oneshot;
use interp::{Interp, Limits, Mode};
use playground::pyconsole::Kind;
use playground::script::{examples, share};
use shared::Op;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

/// Where a run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Nothing runs: the source is editable.
    Idle,
    /// Running to the end.
    Running,
    /// Pausing before every statement.
    Stepping,
}

/// The script the page opened with: one from a shared link, if any.
pub fn shared_script() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    share::decode_fragment(&hash)
}

/// The editor.
#[function_component(ScriptEditor)]
pub fn script_editor() -> Html {
    let relay = use_relay_context();
    let state = &*relay.state;
    let services = state
        .hello
        .as_ref()
        .map(|h| h.services.clone())
        .unwrap_or_default();
    // The example shown, until the learner edits it (then `None`).
    let example = use_state(|| shared_script().is_none().then_some(0_usize));
    let source = use_state(|| {
        shared_script().unwrap_or_else(|| {
            examples::catalogue()
                .first()
                .map(|e| examples::source(e, &[]))
                .unwrap_or_default()
        })
    });
    let phase = use_state(|| Phase::Idle);
    let paused = use_state(|| None::<Paused>);
    let line = use_state(|| None::<u32>);
    let output = use_reducer(Shown::default);
    let control = use_mut_ref(|| Control::new(false));
    // Set the moment a run starts, before any re-render (see the console).
    let running = use_mut_ref(|| false);
    let shared_link = use_state(|| None::<String>);
    {
        // The relay's real service ports arrive with its hello: an example
        // nobody edited yet is shown with them.
        let source = source.clone();
        let example = example.clone();
        use_effect_with(services.clone(), move |services| {
            if let Some(e) = (*example).and_then(|i| examples::catalogue().get(i)) {
                source.set(examples::source(e, services));
            }
        });
    }

    let start = {
        let relay = relay.clone();
        let source = source.clone();
        let phase = phase.clone();
        let paused = paused.clone();
        let line = line.clone();
        let output = output.clone();
        let control = control.clone();
        let running = running.clone();
        move |stepping: bool| {
            if *running.borrow() {
                return;
            }
            *running.borrow_mut() = true;
            let src = (*source).clone();
            let run = Control::new(stepping);
            *control.borrow_mut() = run.clone();
            output.dispatch(Append::Clear);
            let out = output.dispatcher();
            let on_out = Callback::from(move |(stream, text): (interp::Stream, String)| {
                let kind = match stream {
                    interp::Stream::Stdout => Kind::Out,
                    interp::Stream::Stderr => Kind::Err,
                };
                out.dispatch(Append::Text(kind, text));
            });
            let on_pause = {
                let paused = paused.clone();
                Callback::from(move |p: Paused| paused.set(Some(p)))
            };
            let on_line = {
                let line = line.clone();
                Callback::from(move |n: u32| line.set(Some(n)))
            };
            let mut host = PageHost::new(relay.call.clone(), on_out, on_pause, on_line);
            host.start(&src, run);
            let mut interp = Interp::new(host, Limits::default(), vec!["script.py".into()]);
            phase.set(if stepping {
                Phase::Stepping
            } else {
                Phase::Running
            });
            let call = relay.call.clone();
            let phase = phase.clone();
            let paused = paused.clone();
            let line = line.clone();
            let done = output.dispatcher();
            let running = running.clone();
            spawn_local(async move {
                let outcome = interp.run(&src, Mode::Script).await;
                // The end of a process closes its sockets.
                for sock in interp.open_sockets() {
                    let (reply, _) = oneshot::channel();
                    call.emit(PyCall {
                        op: Op::Close { sock },
                        origin: Some("(the script ended: its open sockets close)".into()),
                        origin_is_source: false,
                        reply,
                    });
                }
                done.dispatch(Append::Ended(Box::new(outcome), src));
                *running.borrow_mut() = false;
                phase.set(Phase::Idle);
                paused.set(None);
                line.set(None);
            });
        }
    };
    let on_run = {
        let start = start.clone();
        Callback::from(move |_| start(false))
    };
    let on_step = {
        let start = start.clone();
        let phase = phase.clone();
        let control = control.clone();
        Callback::from(move |_| match *phase {
            Phase::Idle => start(true),
            _ => control.borrow().step(),
        })
    };
    let on_continue = {
        let control = control.clone();
        let phase = phase.clone();
        let paused = paused.clone();
        Callback::from(move |_| {
            phase.set(Phase::Running);
            paused.set(None);
            control.borrow().resume();
        })
    };
    let on_stop = {
        let control = control.clone();
        Callback::from(move |_| control.borrow().stop())
    };
    let on_pick = {
        let source = source.clone();
        let example = example.clone();
        let services = services.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(i) = select.value().parse::<usize>() {
                if let Some(ex) = examples::catalogue().get(i) {
                    source.set(examples::source(ex, &services));
                    example.set(Some(i));
                }
            }
        })
    };
    let on_edit = {
        let source = source.clone();
        let example = example.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            source.set(area.value());
            example.set(None);
        })
    };
    let on_share = {
        let source = source.clone();
        let shared_link = shared_link.clone();
        Callback::from(move |_| {
            let Some(window) = web_sys::window() else {
                return;
            };
            let fragment = share::encode_fragment(&source);
            let location = window.location();
            let _ = location.set_hash(&fragment);
            let link = location.href().unwrap_or_default();
            let _ = window.navigator().clipboard().write_text(&link);
            shared_link.set(Some(link));
        })
    };

    let idle = *phase == Phase::Idle;
    let current = (*paused).as_ref().map(|p| p.line).or(*line);
    let code_view = if idle {
        html! {
            <textarea class="script-source" data-testid="script-source" spellcheck="false"
                aria-label="Python script" rows="18" value={(*source).clone()} oninput={on_edit} />
        }
    } else {
        html! {
            <ol class="script-code" data-testid="script-code" aria-label="The running script">
                { for source.lines().enumerate().map(|(i, text)| {
                    let n = i as u32 + 1;
                    let here = current == Some(n);
                    html! {
                        <li class={classes!(here.then_some("current"))} aria-current={here.then_some("step")}>
                            <code>{ if text.is_empty() { " " } else { text } }</code>
                        </li>
                    }
                }) }
            </ol>
        }
    };
    let variables = (*paused).as_ref().map(|p| {
        html! {
            <table class="script-vars" data-testid="script-vars">
                <caption>{ format!("Before line {}", p.line) }</caption>
                <tbody>
                    if p.variables.is_empty() {
                        <tr><td colspan="2" class="hint">{ "no variables yet" }</td></tr>
                    }
                    { for p.variables.iter().map(|(name, value)| html! {
                        <tr><th scope="row">{ name }</th><td><code>{ value }</code></td></tr>
                    }) }
                </tbody>
            </table>
        }
    });
    let selected = example.map(|i| i.to_string()).unwrap_or_default();
    html! {
        <section class="panel script-editor" aria-labelledby="script-title" data-testid="script-editor">
            <h2 id="script-title">{ "Script" }</h2>
            <div class="field">
                <label for="script-example">{ "Example" }</label>
                <select id="script-example" data-testid="script-example" onchange={on_pick} disabled={!idle}>
                    if example.is_none() {
                        <option value="" selected=true>{ "(your script)" }</option>
                    }
                    { for examples::catalogue().iter().enumerate().map(|(i, e)| html! {
                        <option value={i.to_string()} selected={selected == i.to_string()} title={e.summary}>{ e.title }</option>
                    }) }
                </select>
            </div>
            { code_view }
            <div class="actions">
                if idle {
                    <button class="primary" data-testid="script-run" onclick={on_run} disabled={!state.is_connected()}>{ "Run" }</button>
                    <button data-testid="script-step" onclick={on_step} disabled={!state.is_connected()}>{ "Step" }</button>
                    <button data-testid="script-share" onclick={on_share}>{ "Share link" }</button>
                } else {
                    if *phase == Phase::Stepping {
                        <button class="primary" data-testid="script-step" onclick={on_step}>{ "Step" }</button>
                        <button data-testid="script-continue" onclick={on_continue}>{ "Continue" }</button>
                    }
                    <button class="danger" data-testid="script-stop" onclick={on_stop}>{ "Stop" }</button>
                }
            </div>
            if let Some(link) = &*shared_link {
                <p class="hint share-link">{ "Link copied: it carries the script, nothing is stored on the server. " }
                    <input readonly=true data-testid="script-link" value={link.clone()} aria-label="Shareable link" /></p>
            }
            { for variables }
            <pre class="py-transcript script-output" data-testid="script-output" aria-live="polite">
                { render_transcript(&output.0) }
            </pre>
        </section>
    }
}

/// Whether `source` is what a shared link opened (for the initial tab).
pub fn opened_from_link() -> bool {
    shared_script().is_some()
}
