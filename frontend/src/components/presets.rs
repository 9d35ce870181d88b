//! Presets: pick a guided sequence ("TCP echo client", "my own echo
//! server", …) and run it one call at a time, or all at once. Each step
//! shows the Python line it runs and what to watch for.

use super::use_relay_context;
use playground::presets::{self, Preset};
use playground::python;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The presets box.
#[function_component(Presets)]
pub fn presets_box() -> Html {
    let relay = use_relay_context();
    let all = use_memo((), |_| presets::all());
    let chosen = use_state(|| 0_usize);
    // The command id each step was sent as.
    let sent = use_state(Vec::<Option<u64>>::new);
    let auto = use_state(|| false);
    let state = &*relay.state;
    let Some(preset) = all.get(*chosen).cloned() else {
        return html! {};
    };
    let next = sent.iter().take_while(|s| s.is_some()).count();
    let done = next >= preset.steps.len();
    let ready = !done && state.is_connected() && presets::ready(&preset, next, &sent, state);
    let resolved = (!done).then(|| presets::resolve(&preset.steps[next].op, &sent, state));

    let run_next = {
        let send = relay.send.clone();
        let sent = sent.clone();
        let state = relay.state.clone();
        let preset = preset.clone();
        move || run_step(&preset, &sent, &state, &send)
    };
    {
        // "Run all": send the next step whenever it becomes ready.
        let run_next = run_next.clone();
        let auto_h = auto.clone();
        use_effect_with((ready, *auto, next), move |(ready, auto, _)| {
            if *auto && *ready {
                run_next();
            }
            if *auto && done {
                auto_h.set(false);
            }
        });
    }
    let on_pick = {
        let chosen = chosen.clone();
        let sent = sent.clone();
        let auto = auto.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(i) = v.parse() {
                chosen.set(i);
                sent.set(Vec::new());
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
        let sent = sent.clone();
        let auto = auto.clone();
        Callback::from(move |_: MouseEvent| {
            sent.set(Vec::new());
            auto.set(false);
        })
    };
    let options = all.iter().enumerate().map(|(i, p)| {
        html! { <option value={i.to_string()} selected={i == *chosen}>{ format!("{} ({})", p.title, p.concepts) }</option> }
    });
    let steps = preset.steps.iter().enumerate().map(|(i, step)| {
        let line = match sent.get(i).copied().flatten().and_then(|id| state.entry(id)) {
            Some(e) => e.call_line(),
            None => match presets::resolve(&step.op, &sent, state) {
                Ok(op) => python::call_line(&op, None),
                Err(_) => presets::sketch(&step.op),
            },
        };
        let class = if i < next { "done" } else if i == next { "current" } else { "todo" };
        html! {
            <li class={class} data-testid={format!("preset-step-{}", i + 1)} aria-current={(i == next).then_some("step")}>
                <code>{ line }</code>
                <small>{ step.say }</small>
            </li>
        }
    });
    let status = match (&resolved, done) {
        (_, true) => "All steps sent. Pick another preset, or start again.".to_string(),
        (Some(Err(why)), _) => format!("Next step: {why}."),
        _ if !ready => "Waiting for the previous step…".into(),
        _ => format!("Next: step {} of {}.", next + 1, preset.steps.len()),
    };
    html! {
        <details class="presets" id="presets" data-testid="presets">
            <summary>{ "Presets: guided sequences" }</summary>
            <div class="field">
                <label for="preset-select">{ "preset" }</label>
                <select id="preset-select" data-testid="preset-select" onchange={on_pick}>{ for options }</select>
            </div>
            <ol class="steps">{ for steps }</ol>
            <p class="hint" data-testid="preset-status" role="status">{ status }</p>
            <div class="row">
                <button type="button" data-testid="preset-step" disabled={!ready || resolved.as_ref().is_some_and(|r| r.is_err())}
                    onclick={step_click}>{ "Run next step" }</button>
                <button type="button" data-testid="preset-all" disabled={done || *auto || !state.is_connected()}
                    onclick={all_click}>{ "Run all" }</button>
                <button type="button" data-testid="preset-restart" onclick={restart}>{ "Start again" }</button>
            </div>
        </details>
    }
}

/// Sends the next step of `preset` if it can be resolved.
fn run_step(
    preset: &Preset,
    sent: &UseStateHandle<Vec<Option<u64>>>,
    state: &UseReducerHandle<playground::state::State>,
    send: &Callback<shared::Op, u64>,
) {
    let next = sent.iter().take_while(|s| s.is_some()).count();
    let Some(step) = preset.steps.get(next) else {
        return;
    };
    if let Ok(op) = presets::resolve(&step.op, sent, state) {
        let id = send.emit(op);
        let mut list = (**sent).clone();
        list.push(Some(id));
        sent.set(list);
    }
}
