//! The header's buttons: colour theme, presenter mode, keyboard help. The
//! preferences are stored in `localStorage` and applied as attributes on
//! `<html>` (`data-theme`, `data-presenter`), which the stylesheet reads.

use playground::state::prefs::{Prefs, PrefsAction, Theme};
use yew::prelude::*;

const THEME_KEY: &str = "socket-playground.theme";
const PRESENTER_KEY: &str = "socket-playground.presenter";
const SHORTCUTS_KEY: &str = "socket-playground.shortcuts";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored preferences (defaults when there are none or storage is off).
pub fn load_prefs() -> Prefs {
    let Some(store) = storage() else {
        return Prefs::default();
    };
    let get = |k: &str| store.get_item(k).ok().flatten().unwrap_or_default();
    Prefs {
        theme: Theme::parse(&get(THEME_KEY)),
        presenter: get(PRESENTER_KEY) == "on",
        shortcuts: get(SHORTCUTS_KEY) != "off",
    }
}

/// Shows the preferences on `<html>` and stores them.
pub fn apply_prefs(prefs: &Prefs) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-theme", prefs.theme.as_str());
        let _ = root.set_attribute("data-presenter", if prefs.presenter { "on" } else { "off" });
    }
    if let Some(store) = storage() {
        let _ = store.set_item(THEME_KEY, prefs.theme.as_str());
        let _ = store.set_item(PRESENTER_KEY, if prefs.presenter { "on" } else { "off" });
        let _ = store.set_item(SHORTCUTS_KEY, if prefs.shortcuts { "on" } else { "off" });
    }
}

/// Props of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// Opens (true) or closes the help overlay.
    pub on_help: Callback<bool>,
}

/// Theme, presenter and help buttons.
#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    let prefs = use_context::<UseReducerHandle<Prefs>>();
    let Some(prefs) = prefs else {
        return html! {};
    };
    let theme = {
        let prefs = prefs.clone();
        Callback::from(move |_: MouseEvent| prefs.dispatch(PrefsAction::CycleTheme))
    };
    let presenter = {
        let prefs = prefs.clone();
        Callback::from(move |_: MouseEvent| prefs.dispatch(PrefsAction::TogglePresenter))
    };
    let help = {
        let on_help = props.on_help.clone();
        Callback::from(move |_: MouseEvent| on_help.emit(true))
    };
    html! {
        <nav class="toolbar" aria-label="Display">
            <button type="button" id="theme-toggle" data-testid="theme-toggle" onclick={theme}
                title="Colour theme: automatic, light or dark (key D)">
                { format!("Theme: {}", prefs.theme.as_str()) }
            </button>
            <button type="button" id="presenter-toggle" data-testid="presenter-toggle"
                onclick={presenter} aria-pressed={prefs.presenter.to_string()}
                title="Large type for a projector (key P)">
                { "Presenter" }
            </button>
            <button type="button" id="help-open" data-testid="help-open" onclick={help}
                title="Keyboard shortcuts (key ?)" aria-label="? Keys: keyboard shortcuts">
                { "? Keys" }
            </button>
        </nav>
    }
}
