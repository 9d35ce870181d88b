//! The left column's three ways to drive sockets: clicking (the op builder
//! and presets), typing Python (the console), and scripts. All three stay
//! mounted so the console keeps its variables and a running script keeps
//! running while another tab is shown.

use super::builder::Builder;
use super::py_console::PyConsole;
use super::script_editor::{opened_from_link, ScriptEditor};
use yew::prelude::*;

/// Which tab is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// The op builder and presets.
    Click,
    /// The Python console.
    Console,
    /// The script editor.
    Script,
}

impl Tab {
    fn name(self) -> &'static str {
        match self {
            Tab::Click => "click",
            Tab::Console => "console",
            Tab::Script => "script",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Tab::Click => "Build a call",
            Tab::Console => "Python console",
            Tab::Script => "Script",
        }
    }
}

/// The tabs and their panels.
#[function_component(Drive)]
pub fn drive() -> Html {
    // A shared link opens on its script.
    let tab = use_state(|| {
        if opened_from_link() {
            Tab::Script
        } else {
            Tab::Click
        }
    });
    let tabs = [Tab::Click, Tab::Console, Tab::Script].map(|t| {
        let chosen = *tab == t;
        let onclick = {
            let tab = tab.clone();
            Callback::from(move |_| tab.set(t))
        };
        html! {
            <button role="tab" id={format!("tab-{}", t.name())} data-testid={format!("tab-{}", t.name())}
                aria-selected={chosen.to_string()} aria-controls={format!("pane-{}", t.name())}
                class={classes!("tab", chosen.then_some("chosen"))} {onclick}>{ t.label() }</button>
        }
    });
    let pane = |t: Tab, body: Html| {
        html! {
            <div role="tabpanel" id={format!("pane-{}", t.name())} aria-labelledby={format!("tab-{}", t.name())}
                hidden={*tab != t}>{ body }</div>
        }
    };
    html! {
        <div class="drive" data-tab={tab.name()}>
            <div class="tabs" role="tablist" aria-label="How to make calls">{ for tabs }</div>
            { pane(Tab::Click, html! { <Builder /> }) }
            { pane(Tab::Console, html! { <PyConsole /> }) }
            { pane(Tab::Script, html! { <ScriptEditor /> }) }
        </div>
    }
}
