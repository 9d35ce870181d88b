//! Presets: pick a guided sequence ("TCP echo client", "my own echo
//! server", …) and run it one call at a time, or all at once. Each step
//! shows the Python line it runs and what to watch for; a reassembly
//! preset also shows its `chunks` list and `b''.join(chunks)` (C17).

use super::use_relay_context;
use playground::presets::{self, Preset};
use playground::python;
use playground::state::State;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// What a preset has sent: `(step, command id)`, in order.
type Runs = Vec<(usize, u64)>;

/// The presets box.
#[function_component(Presets)]
pub fn presets_box() -> Html {
    let relay = use_relay_context();
    let all = use_memo((), |_| presets::all());
    let chosen = use_state(|| 0_usize);
    let runs = use_state(Runs::new);
    let auto = use_state(|| false);
    let state = &*relay.state;
    let Some(preset) = all.get(*chosen).cloned() else {
        return html! {};
    };
    {
        // A new session numbers its sockets from s1 again: what the preset
        // sent before refers to sockets that are gone.
        let runs = runs.clone();
        let auto = auto.clone();
        let session = state.hello.as_ref().map(|h| h.session.clone());
        use_effect_with(session, move |_| {
            runs.set(Runs::new());
            auto.set(false);
        });
    }
    let next = presets::next_step(&preset, &runs, state);
    let ready = state.is_connected() && presets::ready(&preset, &runs, state);
    let resolved = next.map(|n| presets::resolve(&preset.steps[n].op, &runs, state));

    let run_next = {
        let send = relay.send.clone();
        let runs = runs.clone();
        let state = relay.state.clone();
        let preset = preset.clone();
        move || run_step(&preset, &runs, &state, &send)
    };
    {
        // "Run all": send the next step whenever it becomes ready.
        let run_next = run_next.clone();
        let auto_h = auto.clone();
        let done = next.is_none();
        use_effect_with(
            (ready, *auto, runs.len(), state.last_seq),
            move |(ready, auto, _, _)| {
                if *auto && *ready {
                    run_next();
                }
                if *auto && done {
                    auto_h.set(false);
                }
            },
        );
    }
    let on_pick = {
        let chosen = chosen.clone();
        let runs = runs.clone();
        let auto = auto.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(i) = v.parse() {
                chosen.set(i);
                runs.set(Runs::new());
                auto.set(false);
            }
        })
    };
    let step_click = {
        let run_next = run_next.clone();
        Callback::from(move |_: MouseEvent| run_next())
    };
    let all_click = {
        let auto = auto.clone();
        Callback::from(move |_: MouseEvent| auto.set(true))
    };
    let restart = {
        let runs = runs.clone();
        let auto = auto.clone();
        Callback::from(move |_: MouseEvent| {
            runs.set(Runs::new());
            auto.set(false);
        })
    };
    let options = all.iter().enumerate().map(|(i, p)| {
        html! { <option value={i.to_string()} selected={i == *chosen}>{ format!("{} ({})", p.title, p.concepts) }</option> }
    });
    let steps = preset.steps.iter().enumerate().map(|(i, step)| {
        let sent: Vec<u64> = runs.iter().filter(|(k, _)| *k == i).map(|(_, id)| *id).collect();
        let lines: Vec<String> = if sent.is_empty() {
            vec![match presets::resolve(&step.op, &runs, state) {
                Ok(op) => python::call_line(&op, None),
                Err(_) => presets::sketch(&step.op),
            }]
        } else {
            sent.iter()
                .filter_map(|id| state.entry(*id).map(|e| e.call_line()))
                .collect()
        };
        let class = if next == Some(i) {
            "current"
        } else if !sent.is_empty() {
            "done"
        } else {
            "todo"
        };
        let times = (sent.len() > 1).then(|| format!(" × {}", sent.len()));
        html! {
            <li class={class} data-testid={format!("preset-step-{}", i + 1)} aria-current={(next == Some(i)).then_some("step")}>
                <code>{ lines.first().cloned().unwrap_or_default() }</code>{ times.unwrap_or_default() }
                <small>{ step.say }</small>
            </li>
        }
    });
    let status = match (&resolved, next) {
        (_, None) => "All steps sent. Pick another preset, or start again.".to_string(),
        (Some(Err(why)), _) => format!("Next step: {why}."),
        _ if !ready => "Waiting for the previous step…".into(),
        (_, Some(n)) => format!("Next: step {} of {}.", n + 1, preset.steps.len()),
    };
    html! {
        <details class="presets" id="presets" data-testid="presets">
            <summary>{ "Presets: guided sequences" }</summary>
            <div class="field">
                <label for="preset-select">{ "preset" }</label>
                <select id="preset-select" data-testid="preset-select" onchange={on_pick}>{ for options }</select>
            </div>
            <ol class="steps">{ for steps }</ol>
            { reassembly(&preset, &runs, state) }
            <p class="hint" data-testid="preset-status" role="status">{ status }</p>
            <div class="row">
                <button type="button" data-testid="preset-step" disabled={!ready || resolved.as_ref().is_some_and(|r| r.is_err())}
                    onclick={step_click}>{ "Run next step" }</button>
                <button type="button" data-testid="preset-all" disabled={next.is_none() || *auto || !state.is_connected()}
                    onclick={all_click}>{ "Run all" }</button>
                <button type="button" data-testid="preset-restart" onclick={restart}>{ "Start again" }</button>
            </div>
        </details>
    }
}

/// The reassembly box: the chunks so far, the counts the course's loop
/// compares, and the joined message once complete.
fn reassembly(preset: &Preset, runs: &Runs, state: &State) -> Html {
    let Some(expected) = preset.expect else {
        return html! {};
    };
    let chunks = presets::chunks(preset, runs, state);
    let received: usize = chunks.iter().map(Vec::len).sum();
    let list: Vec<String> = chunks.iter().map(|c| python::bytes_repr(c)).collect();
    html! {
        <div class="reassembly" data-testid="reassembly">
            <code>{ format!("chunks = [{}]", list.join(", ")) }</code>
            <code data-testid="reassembly-count">{ format!("amount_received = {received}  # amount_expected = {expected}") }</code>
            if received >= expected {
                <code data-testid="reassembly-joined">{ format!("b''.join(chunks) == {}", python::bytes_repr(&chunks.concat())) }</code>
            }
        </div>
    }
}

/// Sends the next step of `preset` if it can be resolved.
fn run_step(
    preset: &Preset,
    runs: &UseStateHandle<Runs>,
    state: &UseReducerHandle<State>,
    send: &Callback<shared::Op, u64>,
) {
    let Some(next) = presets::next_step(preset, runs, state) else {
        return;
    };
    if let Ok(op) = presets::resolve(&preset.steps[next].op, runs, state) {
        let id = send.emit(op);
        let mut list = (**runs).clone();
        list.push((next, id));
        runs.set(list);
    }
}
