//! Export: the whole session — calls made by clicking and by Python — as a
//! runnable `.py` file with what each call returned as comments, to run
//! with `python3` at home against the relay's services.

use super::use_relay_context;
use playground::script::export::export;
use yew::prelude::*;

/// The button and the dialog it opens.
#[function_component(Export)]
pub fn export_button() -> Html {
    let relay = use_relay_context();
    let text = use_state(|| None::<String>);
    let open = {
        let text = text.clone();
        let state = relay.state.clone();
        Callback::from(move |_| text.set(Some(export(&state))))
    };
    let close = {
        let text = text.clone();
        Callback::from(move |_| text.set(None))
    };
    let copy = {
        let text = text.clone();
        Callback::from(move |_| {
            if let (Some(w), Some(t)) = (web_sys::window(), &*text) {
                let _ = w.navigator().clipboard().write_text(t);
            }
        })
    };
    let dialog = (*text).as_ref().map(|t| {
        let href = format!(
            "data:text/x-python;charset=utf-8,{}",
            String::from(js_sys::encode_uri_component(t))
        );
        html! {
            <div class="export-dialog" role="dialog" aria-modal="true" aria-labelledby="export-title" data-testid="export-dialog">
                <h3 id="export-title">{ "Your session as a Python script" }</h3>
                <p class="hint">{ "Every call in the order the kernel finished them, with what it returned as comments. Run it with python3 while the relay runs." }</p>
                <textarea readonly=true rows="16" spellcheck="false" data-testid="export-text" value={t.clone()} />
                <div class="actions">
                    <a class="button primary" href={href} download="socket-session.py" data-testid="export-download">{ "Download .py" }</a>
                    <button onclick={copy}>{ "Copy" }</button>
                    <button onclick={close} data-testid="export-close">{ "Close" }</button>
                </div>
            </div>
        }
    });
    html! {
        <>
            <button class="small" data-testid="export" onclick={open}
                title="The whole session as a runnable Python script">{ "Export .py" }</button>
            { for dialog }
        </>
    }
}
