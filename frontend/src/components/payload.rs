//! A payload in one of three views — text, hex + ASCII (like Wireshark's
//! "follow stream"), or the Python bytes repr — with a toggle.

use playground::view::payload::{self, PayloadView};
use yew::prelude::*;

/// Props of [`PayloadBox`].
#[derive(Properties, PartialEq)]
pub struct PayloadProps {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// A prefix for test ids and element ids (unique on the page).
    pub id: String,
    /// What the bytes are ("sent", "received").
    pub caption: String,
}

/// The payload and its view toggle.
#[function_component(PayloadBox)]
pub fn payload_box(props: &PayloadProps) -> Html {
    // Text first: the call line or the result already shows the bytes repr.
    let view = use_state(|| PayloadView::Text);
    let buttons = PayloadView::ALL.iter().map(|v| {
        let pressed = *view == *v;
        let onclick = {
            let view = view.clone();
            let v = *v;
            Callback::from(move |_: MouseEvent| view.set(v))
        };
        html! {
            <button type="button" class="seg" aria-pressed={pressed.to_string()}
                data-testid={format!("{}-view-{}", props.id, v.label())} {onclick}>
                { v.label() }
            </button>
        }
    });
    let text = payload::render(*view, &props.bytes);
    html! {
        <figure class="payload" data-testid={format!("{}-payload", props.id)}>
            <figcaption>
                { format!("{} · {} bytes", props.caption, props.bytes.len()) }
                <span class="segmented" role="group" aria-label="Payload view">{ for buttons }</span>
            </figcaption>
            <pre class={classes!("payload-body", view.label())}
                data-testid={format!("{}-payload-body", props.id)}>{ text }</pre>
        </figure>
    }
}
