//! The teacher's members table: each member's sockets, ops, bytes, last
//! call and last error, and for each student the spotlight, reset and
//! remove buttons.
//!
//! Reset and remove end something of a student's, so they ask once more in
//! the student's own row ([`playground::room::Danger`]); the question takes
//! the focus on its safe answer, Escape or "Keep" dismisses it, and the
//! focus then goes back to the button that asked.

use playground::room::{self, Danger, MemberRow};
use shared::{RoomControl, RoomView};
use yew::prelude::*;

/// Props of [`RoomMembers`].
#[derive(Properties, PartialEq)]
pub struct RoomMembersProps {
    /// The room as the relay last described it.
    pub view: RoomView,
    /// Whether the relay is reachable (the buttons wait for it otherwise).
    pub connected: bool,
    /// Sends a control to the relay.
    pub on_control: Callback<RoomControl>,
}

/// The members table.
#[function_component(RoomMembers)]
pub fn room_members(props: &RoomMembersProps) -> Html {
    let asking = use_state(|| None::<(u32, Danger)>);
    let asked = use_mut_ref(|| None::<(u32, Danger)>);
    let keep_ref = use_node_ref();
    let table_ref = use_node_ref();
    {
        // The question takes the focus, on its safe answer. Answered, it
        // gives the focus back to the button that asked, or to the table
        // when that button went with its student.
        let (keep_ref, table_ref) = (keep_ref.clone(), table_ref.clone());
        use_effect_with(*asking, move |a| {
            let target = match (*a, asked.replace(*a)) {
                (Some(_), _) => keep_ref.cast::<web_sys::HtmlElement>(),
                (None, Some((id, danger))) => by_testid(&format!("room-{}-{id}", danger.word()))
                    .or_else(|| table_ref.cast::<web_sys::HtmlElement>()),
                (None, None) => None,
            };
            if let Some(el) = target {
                let _ = el.focus();
            }
        });
    }
    let rows = room::member_rows(&props.view).into_iter().map(|m| {
        let asked = (*asking).and_then(|(id, d)| (id == m.id).then_some(d));
        let actions = m.removable.then(|| match asked {
            Some(danger) => question(&m, danger, &asking, &keep_ref, props),
            None => buttons(&m, &asking, props),
        });
        // The last error goes on a line of its own under the member's, so
        // the table fits a side column.
        let error = (!m.last_error.is_empty()).then(|| {
            html! {
                <tr class={classes!("member-error", actions.is_some().then_some("has-actions"))}
                    data-testid={format!("room-member-error-{}", m.id)}>
                    <td colspan="4"><span class="sr-only">{ format!("{}'s last error: ", m.name) }</span>{ &m.last_error }</td>
                </tr>
            }
        });
        html! {
            <>
                <tr data-testid={format!("room-member-{}", m.id)} data-name={m.name.clone()}
                    class={classes!(error.is_some().then_some("has-error"), actions.is_some().then_some("has-actions"))}>
                    <th scope="row"><span class="member-name">{ &m.name }</span>
                        <small>{ &m.role }</small></th>
                    <td class="num" data-testid={format!("room-member-sockets-{}", m.id)}>{ &m.sockets }</td>
                    <td class="num"><span data-testid={format!("room-member-ops-{}", m.id)}>{ &m.ops }</span>
                        <small class="bytes" data-testid={format!("room-member-bytes-{}", m.id)}
                            aria-label={m.bytes_spoken.clone()}>
                            <span>{ &m.bytes_sent }</span><span>{ &m.bytes_received }</span></small></td>
                    <td><code>{ &m.last_op }</code></td>
                </tr>
                { for error }
                { for actions }
            </>
        }
    });
    html! {
        <div class="scroll room-members-wrap">
            <table class="room-members" data-testid="room-members" tabindex="-1" ref={table_ref}>
                <thead><tr>
                    <th scope="col">{ "name" }</th><th scope="col" class="num">{ "sockets" }</th>
                    <th scope="col" class="num">{ "ops / bytes" }</th><th scope="col">{ "last call" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}

/// The element whose `data-testid` is `testid`, if it is on the page.
fn by_testid(testid: &str) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast as _;
    web_sys::window()?
        .document()?
        .query_selector(&format!("[data-testid={testid}]"))
        .ok()??
        .dyn_into()
        .ok()
}

/// A student's buttons: spotlight (sent at once: it is undone by a second
/// click), reset and remove (asked first).
fn buttons(
    m: &MemberRow,
    asking: &UseStateHandle<Option<(u32, Danger)>>,
    props: &RoomMembersProps,
) -> Html {
    let spot = {
        let control = RoomControl::Spotlight {
            member: (!m.spotlit).then_some(m.id),
        };
        props
            .on_control
            .reform(move |_: MouseEvent| control.clone())
    };
    let ask = |danger: Danger| {
        let (asking, id) = (asking.clone(), m.id);
        Callback::from(move |_: MouseEvent| asking.set(Some((id, danger))))
    };
    html! {
        <tr class="member-actions" data-testid={format!("room-member-actions-{}", m.id)}>
            <td colspan="4"><div class="actions">
            <button type="button" class="small" data-testid={format!("room-spotlight-{}", m.id)}
                disabled={!props.connected} aria-pressed={m.spotlit.to_string()}
                title={format!("show {}'s calls in the presenter view", m.name)} onclick={spot}>{ "spotlight" }</button>
            <button type="button" class="small danger" data-testid={format!("room-reset-{}", m.id)}
                disabled={!props.connected} aria-label={format!("reset {}'s session: close all their sockets…", m.name)}
                onclick={ask(Danger::Reset)}>{ "reset…" }</button>
            <button type="button" class="small danger remove" data-testid={format!("room-remove-{}", m.id)}
                disabled={!props.connected} aria-label={format!("remove {} from the room…", m.name)}
                onclick={ask(Danger::Remove)}>{ "remove…" }</button>
            </div></td>
        </tr>
    }
}

/// The question in place of a student's buttons: yes sends the control,
/// "Keep" (or Escape) puts the buttons back.
fn question(
    m: &MemberRow,
    danger: Danger,
    asking: &UseStateHandle<Option<(u32, Danger)>>,
    keep_ref: &NodeRef,
    props: &RoomMembersProps,
) -> Html {
    let (text, yes_label) = danger.question(&m.name);
    let text_id = format!("room-member-question-{}", m.id);
    let yes = {
        let (asking, on_control, control) = (
            asking.clone(),
            props.on_control.clone(),
            danger.control(m.id),
        );
        Callback::from(move |_: MouseEvent| {
            asking.set(None);
            on_control.emit(control.clone());
        })
    };
    let keep = {
        let asking = asking.clone();
        Callback::from(move |_: MouseEvent| asking.set(None))
    };
    let escape = {
        let asking = asking.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.stop_propagation();
                asking.set(None);
            }
        })
    };
    html! {
        <tr class="member-actions asking" data-testid={format!("room-member-actions-{}", m.id)}>
            <td colspan="4">
                <div class="room-confirm" role="group" aria-labelledby={text_id.clone()} onkeydown={escape}>
                    <p id={text_id}>{ text }</p>
                    <button type="button" class="small danger"
                        data-testid={format!("room-{}-confirm-{}", danger.word(), m.id)}
                        disabled={!props.connected} onclick={yes}>{ yes_label }</button>
                    <button type="button" class="small" data-testid={format!("room-{}-cancel-{}", danger.word(), m.id)}
                        ref={keep_ref.clone()} onclick={keep}>{ "Keep" }</button>
                </div>
            </td>
        </tr>
    }
}
