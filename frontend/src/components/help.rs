//! Keyboard shortcuts (a document-wide listener, ignored while typing in a
//! field) and the help overlay that lists them.

use super::use_relay_context;
use playground::state::prefs::{Prefs, PrefsAction};
use playground::state::Action;
use shared::SocketId;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Every shortcut, as the overlay lists it.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("?", "show or hide this help"),
    ("o", "go to the op builder (pick an op)"),
    ("1 … 9", "select socket s1 … s9"),
    ("Enter", "in the builder: run the op"),
    ("l", "go to the presets (lessons)"),
    (
        "t",
        "go to the timeline; then ↑ ↓ Home End move, Esc closes details",
    ),
    ("c", "go to the console"),
    ("d", "change the colour theme (auto, light, dark)"),
    ("p", "presenter mode: large type for a projector"),
    ("Esc", "close this help"),
];

fn focus(selector: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        // A heading cannot take the focus: let it, by script only (-1 keeps
        // it out of the Tab order), or the key would do nothing.
        if el.tab_index() < 0 && !el.has_attribute("tabindex") {
            let _ = el.set_attribute("tabindex", "-1");
        }
        let _ = el.focus();
    }
}

/// Whether a key press belongs to a text field rather than to the page.
fn typing(e: &web_sys::KeyboardEvent) -> bool {
    let Some(target) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    matches!(target.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
}

/// Props of [`Shortcuts`].
#[derive(Properties, PartialEq)]
pub struct ShortcutsProps {
    /// Whether the help overlay is open now (it can also be closed by its
    /// button, so `?` must not keep its own idea of it).
    pub open: bool,
    /// Opens (true) or closes the help overlay.
    pub on_help: Callback<bool>,
}

/// Installs the document keydown listener while mounted; renders nothing.
#[function_component(Shortcuts)]
pub fn shortcuts(props: &ShortcutsProps) -> Html {
    let relay = use_relay_context();
    let prefs = use_context::<UseReducerHandle<Prefs>>();
    let open = use_mut_ref(|| false);
    *open.borrow_mut() = props.open;
    // Read by the listener on each key, so turning shortcuts off in the
    // help takes effect at once.
    let enabled = use_mut_ref(|| true);
    *enabled.borrow_mut() = prefs.as_ref().is_none_or(|p| p.shortcuts);
    let on_help = props.on_help.clone();
    let dispatch = relay.dispatch.clone();
    use_effect_with((), move |_| {
        let handler =
            Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
                if e.ctrl_key() || e.meta_key() || e.alt_key() {
                    return;
                }
                let key = e.key();
                if key == "Escape" {
                    *open.borrow_mut() = false;
                    on_help.emit(false);
                    return;
                }
                if typing(&e) || !*enabled.borrow() {
                    return;
                }
                match key.as_str() {
                    "?" => {
                        let now = !*open.borrow();
                        *open.borrow_mut() = now;
                        on_help.emit(now);
                    }
                    "o" => focus("#op-kind"),
                    "l" => focus("#presets summary, #preset-select"),
                    "t" => focus("#timeline"),
                    "c" => focus("#console-title"),
                    "d" => {
                        if let Some(p) = &prefs {
                            p.dispatch(PrefsAction::CycleTheme);
                        }
                    }
                    "p" => {
                        if let Some(p) = &prefs {
                            p.dispatch(PrefsAction::TogglePresenter);
                        }
                    }
                    k if k.len() == 1 && k.as_bytes()[0].is_ascii_digit() && k != "0" => {
                        if let Ok(n) = k.parse::<u32>() {
                            dispatch.emit(Action::Select(SocketId(n)));
                        }
                    }
                    _ => return,
                }
                e.prevent_default();
            });
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(d) = &document {
            let _ = d.add_event_listener_with_callback("keydown", handler.as_ref().unchecked_ref());
        }
        move || {
            if let Some(d) = document {
                let _ = d.remove_event_listener_with_callback(
                    "keydown",
                    handler.as_ref().unchecked_ref(),
                );
            }
            drop(handler);
        }
    });
    html! {}
}

/// Props of [`Help`].
#[derive(Properties, PartialEq)]
pub struct HelpProps {
    /// Whether it is shown.
    pub open: bool,
    /// Closes it (with `false`).
    pub on_close: Callback<bool>,
}

/// The help overlay: shortcuts and how to read the page. Focus moves to
/// its Close button when it opens, stays inside while it is open (Tab
/// cycles its controls), and returns to the "? Keys" button when it closes.
#[function_component(Help)]
pub fn help(props: &HelpProps) -> Html {
    let close_ref = use_node_ref();
    let prefs = use_context::<UseReducerHandle<Prefs>>();
    let was_open = use_mut_ref(|| false);
    {
        let close_ref = close_ref.clone();
        use_effect_with(props.open, move |open| {
            if *open {
                if let Some(b) = close_ref.cast::<web_sys::HtmlElement>() {
                    let _ = b.focus();
                }
            } else if *was_open.borrow() {
                focus("#help-open");
            }
            *was_open.borrow_mut() = *open;
        });
    }
    if !props.open {
        return html! {};
    }
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(false))
    };
    let shortcuts_on = prefs.as_ref().is_none_or(|p| p.shortcuts);
    let toggle = {
        let prefs = prefs.clone();
        Callback::from(move |_: Event| {
            if let Some(p) = &prefs {
                p.dispatch(PrefsAction::ToggleShortcuts);
            }
        })
    };
    // Keep Tab inside the dialog: from the last control back to the first.
    let trap = Callback::from(|e: KeyboardEvent| {
        if e.key() != "Tab" {
            return;
        }
        let ids = ["help-shortcuts", "help-close"];
        let active = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .map(|el| el.id())
            .unwrap_or_default();
        let at = ids.iter().position(|id| *id == active).unwrap_or(0);
        let next = if e.shift_key() {
            (at + ids.len() - 1) % ids.len()
        } else {
            (at + 1) % ids.len()
        };
        e.prevent_default();
        focus(&format!("#{}", ids[next]));
    });
    let rows = SHORTCUTS.iter().map(|(k, what)| {
        html! { <tr><th scope="row"><kbd>{ *k }</kbd></th><td>{ *what }</td></tr> }
    });
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title" data-testid="help"
            onkeydown={trap}>
            <div class="overlay-box">
                <h2 id="help-title">{ "Keyboard shortcuts" }</h2>
                <table class="keys"><tbody>{ for rows }</tbody></table>
                <p>{ "Every control is a button or a labelled field: Tab moves between them, Enter or Space activates." }</p>
                <p>{ "Results read like Python: the value the REPL prints, or the exception line. Red marks an exception, amber a refusal by the relay's rules (not the operating system), and each also says so in words." }</p>
                <p>
                    <label class="inline">
                        <input type="checkbox" id="help-shortcuts" data-testid="help-shortcuts"
                            checked={shortcuts_on} onchange={toggle} />
                        { " Single-key shortcuts (turn off if speech input or typing sets them off by accident; Esc and the buttons always work)" }
                    </label>
                </p>
                <button type="button" id="help-close" ref={close_ref} data-testid="help-close" onclick={close}>{ "Close (Esc)" }</button>
            </div>
        </div>
    }
}
