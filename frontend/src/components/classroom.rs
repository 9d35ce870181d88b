//! The Classroom panel and the header's room banner.
//!
//! Out of a room, the panel has two small forms: join a room with its code
//! and a name, or open one as the teacher (with the relay's teacher key on a
//! shared relay). A page opened with `#join=K7P3QX` has the code filled in
//! and the name field focused. In a room, a student sees the title, the
//! teacher's task, whether the room is paused, and the addresses classmates
//! bound, with the Python line that reaches each (and a note when the
//! teacher reset their sockets or shows their calls on the projector); the
//! teacher sees the join code large for a projector, the join link and its
//! QR code, the members with their activity ([`super::room_members`]), the
//! controls (pause, task, spotlight, reset, remove, close) and the presenter
//! view ([`super::presenter`]), which presenter mode opens too.
//!
//! What is shown is decided by [`playground::room`]; a form's refusal is read
//! from its command's console entry ([`playground::room::refusal`]).

use super::presenter::Presenter;
use super::room_members::RoomMembers;
use super::use_relay_context;
use crate::services::tab_storage;
use playground::room::teaching::{self, Remember, Teaching};
use playground::room::{self, qr, ListenerRow};
use playground::state::prefs::Prefs;
use shared::{Op, Profile, RoomControl, RoomView};
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The code a join link carried, if the page was opened with one.
fn link_code() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    room::code_from_fragment(&hash)
}

/// The room this tab was teaching before a reload, if any.
fn load_teaching() -> Option<Teaching> {
    let text = tab_storage()?.get_item(teaching::STORAGE_KEY).ok()??;
    Teaching::decode(&text)
}

/// Applies [`teaching::remember`]'s decision to this tab's storage.
fn store_teaching(what: Remember) {
    let Some(storage) = tab_storage() else { return };
    let _ = match what {
        Remember::Store(t) => storage.set_item(teaching::STORAGE_KEY, &t.encode()),
        Remember::Forget => storage.remove_item(teaching::STORAGE_KEY),
        Remember::Keep => Ok(()),
    };
}

/// The page's address (for the join link).
fn page_href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// Copies text to the clipboard, then says whether it worked.
fn copy(text: String, done: UseStateHandle<Option<String>>) {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
        return;
    };
    let promise = clipboard.write_text(&text);
    spawn_local(async move {
        let ok = JsFuture::from(promise).await.is_ok();
        done.set(Some(if ok {
            "copied".into()
        } else {
            "select the text and copy it".into()
        }));
    });
}

/// A text field's value into a state.
fn on_input(h: &UseStateHandle<String>) -> Callback<InputEvent> {
    let h = h.clone();
    Callback::from(move |e: InputEvent| {
        h.set(e.target_unchecked_into::<HtmlInputElement>().value())
    })
}

/// What went wrong with the form's last command, or the local check's
/// complaint, as one line under the form.
fn form_error(state: &playground::state::State, sent: Option<u64>, local: Option<&str>) -> String {
    local
        .map(str::to_string)
        .or_else(|| sent.and_then(|id| room::refusal(state, id)))
        .unwrap_or_default()
}

/// The Classroom panel.
#[function_component(Classroom)]
pub fn classroom() -> Html {
    let relay = use_relay_context();
    let state = &*relay.state;
    // The forms' state lives here, not in a child, so it survives a visit
    // to a room (a student who left finds their name still typed).
    let linked = use_state(link_code);
    // A reloaded tab that was teaching a room offers it back (a join link
    // opened in it wins).
    let remembered = use_state(|| load_teaching().filter(|_| linked.is_none()));
    let code = use_state(|| {
        (*linked)
            .clone()
            .or_else(|| remembered.as_ref().map(|t| t.code.clone()))
            .unwrap_or_default()
    });
    let name = use_state(|| {
        remembered
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_default()
    });
    let as_teacher = use_state(|| remembered.is_some());
    let join_sent = use_state(|| None::<u64>);
    let join_error = use_state(|| None::<String>);
    let title = use_state(String::new);
    let teacher = use_state(String::new);
    let key = use_state(|| {
        remembered
            .as_ref()
            .map(|t| t.key.clone())
            .unwrap_or_default()
    });
    let open_sent = use_state(|| None::<u64>);
    let open_error = use_state(|| None::<String>);
    let name_ref = use_node_ref();
    {
        // A join link: the code is in; the name is what is left to type.
        let name_ref = name_ref.clone();
        let linked = linked.is_some();
        use_effect_with((), move |_| {
            if linked {
                if let Some(input) = name_ref.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                }
            }
        });
    }
    {
        // Remember the room this tab teaches, for a reload.
        let teaching = state.room.as_ref().filter(|v| v.is_teacher()).map(|v| {
            let me = v.me().map(|m| m.name.clone()).unwrap_or_default();
            (v.code.clone(), me)
        });
        let left = room::last_left_reason(&state.notices).is_some();
        use_effect_with((teaching, left, (*key).clone()), |(teaching, left, key)| {
            let teaching = teaching.as_ref().map(|(c, n)| (c.as_str(), n.as_str()));
            store_teaching(teaching::remember(teaching, *left, key));
        });
    }
    let connected = state.is_connected();
    let needs_key = state
        .hello
        .as_ref()
        .is_some_and(|h| h.profile == Profile::Shared);

    if let Some(view) = &state.room {
        let body = if view.is_teacher() {
            html! { <TeacherRoom view={view.clone()} /> }
        } else {
            html! { <StudentRoom view={view.clone()} /> }
        };
        return html! {
            <section class="panel classroom in-room" aria-labelledby="classroom-title"
                data-testid="classroom" data-role={if view.is_teacher() { "teacher" } else { "student" }}>
                <h2 id="classroom-title">{ "Classroom" }</h2>
                { body }
            </section>
        };
    }

    let join = {
        let send = relay.send.clone();
        let (code, name, join_sent, join_error) = (
            code.clone(),
            name.clone(),
            join_sent.clone(),
            join_error.clone(),
        );
        let (as_teacher, key) = (as_teacher.clone(), key.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match room::check_join(&code, &name) {
                Ok((c, n)) => {
                    join_error.set(None);
                    code.set(c.clone());
                    join_sent.set(Some(send.emit(Op::JoinRoom {
                        code: c,
                        name: n,
                        // Present (even empty, on a local relay) asks for
                        // the teacher's place.
                        teacher_key: as_teacher.then(|| key.trim().to_string()),
                    })));
                }
                Err(why) => {
                    join_sent.set(None);
                    join_error.set(Some(why));
                }
            }
        })
    };
    let open = {
        let send = relay.send.clone();
        let (title, key, open_sent, open_error) = (
            title.clone(),
            key.clone(),
            open_sent.clone(),
            open_error.clone(),
        );
        let teacher = teacher.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match room::check_create(&title, &key, needs_key) {
                Ok((name, teacher_key)) => {
                    open_error.set(None);
                    open_sent.set(Some(send.emit(Op::CreateRoom {
                        name,
                        teacher: teacher.trim().to_string(),
                        teacher_key,
                    })));
                }
                Err(why) => {
                    open_sent.set(None);
                    open_error.set(Some(why));
                }
            }
        })
    };
    let join_msg = form_error(state, *join_sent, join_error.as_deref());
    let open_msg = form_error(state, *open_sent, open_error.as_deref());
    let left = room::last_left_reason(&state.notices);
    let here = state.hello.as_ref().and_then(|h| h.relay_id.as_deref());
    let moves = room::move_note(&code, here, state.sockets.open_count());
    html! {
        <section class="panel classroom" aria-labelledby="classroom-title" data-testid="classroom" data-role="none">
            <h2 id="classroom-title">{ "Classroom" }</h2>
            if let Some(reason) = left {
                <p class="room-left" data-testid="room-left" role="status">{ format!("Out of the room: {reason}.") }</p>
            }
            <form class="room-form" onsubmit={join} aria-labelledby="room-join-title" data-testid="room-join-form">
                <h3 id="room-join-title">{ "Join a room" }</h3>
                if linked.is_some() && join_sent.is_none() {
                    <p class="hint">{ "The link you opened filled in the code: type your name and join." }</p>
                }
                if remembered.is_some() && join_sent.is_none() {
                    <p class="hint" data-testid="room-rejoin-hint">{ "You were teaching this room in this tab: press Join to take your place back." }</p>
                }
                <div class="field">
                    <label for="room-join-code">{ "code" }</label>
                    <input id="room-join-code" data-testid="room-join-code" type="text" placeholder="K7P-3QX"
                        value={(*code).clone()} oninput={on_input(&code)} autocomplete="off"
                        autocapitalize="characters" spellcheck="false" maxlength="16" />
                </div>
                <div class="field">
                    <label for="room-join-name">{ "your name" }</label>
                    <input id="room-join-name" data-testid="room-join-name" type="text" placeholder="Ada"
                        ref={name_ref} value={(*name).clone()} oninput={on_input(&name)}
                        autocomplete="nickname" maxlength="40" />
                </div>
                <label class="check">
                    <input type="checkbox" id="room-join-teacher" data-testid="room-join-teacher"
                        checked={*as_teacher} onchange={{
                            let as_teacher = as_teacher.clone();
                            Callback::from(move |e: Event| as_teacher.set(
                                e.target_unchecked_into::<HtmlInputElement>().checked()))
                        }} />
                    { " as the room's teacher" }
                </label>
                if *as_teacher && needs_key {
                    <div class="field">
                        <label for="room-join-key">{ "teacher key" }</label>
                        <input id="room-join-key" data-testid="room-join-key" type="password"
                            value={(*key).clone()} oninput={on_input(&key)} autocomplete="off" />
                    </div>
                }
                <div class="row">
                    <button type="submit" data-testid="room-join" disabled={!connected}>{ "Join" }</button>
                    <p class="field-error" data-testid="room-join-error" role="alert">{ join_msg }</p>
                </div>
                if let Some(note) = moves {
                    <p class="hint" data-testid="room-join-moves">{ note }</p>
                }
            </form>
            <form class="room-form" onsubmit={open} aria-labelledby="room-open-title" data-testid="room-open-form">
                <h3 id="room-open-title">{ "Open a room (teacher)" }</h3>
                <div class="field">
                    <label for="room-title">{ "title" }</label>
                    <input id="room-title" data-testid="room-title" type="text" placeholder="Sockets 101"
                        value={(*title).clone()} oninput={on_input(&title)} autocomplete="off" maxlength="60" />
                </div>
                <div class="field">
                    <label for="room-teacher">{ "your name" }</label>
                    <input id="room-teacher" data-testid="room-teacher" type="text" placeholder="Teacher"
                        value={(*teacher).clone()} oninput={on_input(&teacher)} autocomplete="name" maxlength="40" />
                </div>
                if needs_key {
                    <div class="field">
                        <label for="room-key">{ "teacher key" }</label>
                        <input id="room-key" data-testid="room-key" type="password"
                            value={(*key).clone()} oninput={on_input(&key)} autocomplete="off" />
                    </div>
                }
                <div class="row">
                    <button type="submit" data-testid="room-open" disabled={!connected}>{ "Open" }</button>
                    <p class="field-error" data-testid="room-open-error" role="alert">{ open_msg }</p>
                </div>
                <p class="hint">{ if needs_key {
                    "A shared relay asks for its teacher key. Students then join with the code the room gets."
                } else {
                    "This relay is local: no key is needed. Students join with the code the room gets."
                } }</p>
            </form>
        </section>
    }
}

/// Props of the in-room views.
#[derive(Properties, PartialEq)]
pub struct RoomProps {
    /// The room as the relay last described it.
    pub view: RoomView,
}

/// The addresses classmates bound, each with the Python that reaches it.
fn listeners_list(rows: &[ListenerRow], copied: &UseStateHandle<Option<String>>) -> Html {
    if rows.is_empty() {
        return html! {
            <p class="empty" data-testid="room-no-listeners">{ "No one in the room has bound a socket yet." }</p>
        };
    }
    let items = rows.iter().map(|r| {
        let text = r.python.clone();
        let onclick = {
            let copied = copied.clone();
            Callback::from(move |_: MouseEvent| copy(text.clone(), copied.clone()))
        };
        html! {
            <li class={classes!("room-listener", r.mine.then_some("mine"))}
                data-testid={format!("room-listener-{}", r.port)}>
                <span class="who">{ format!("{} — ", r.owner) }<code>{ &r.addr }</code>
                    { " " }<span class="proto">{ r.kind }</span></span>
                <div class="cmd"><code data-testid={format!("room-listener-py-{}", r.port)}>{ &r.python }</code>
                    <button type="button" class="small" {onclick}
                        aria-label={format!("copy the Python line for {}", r.addr)}>{ "copy" }</button></div>
            </li>
        }
    });
    html! { <ul class="room-listeners" data-testid="room-listeners">{ for items }</ul> }
}

/// The task, in a live region so a screen reader reads a new one out.
fn task_box(task: Option<&str>) -> Html {
    html! {
        <div class="room-task" data-testid="room-task" aria-live="polite" aria-atomic="true">
            if let Some(task) = task {
                <p class="room-task-label">{ "Task" }</p>
                <p class="room-task-text">{ task }</p>
            }
        </div>
    }
}

/// A student's view of the room.
#[function_component(StudentRoom)]
fn student_room(props: &RoomProps) -> Html {
    let relay = use_relay_context();
    let copied = use_state(|| None::<String>);
    let leave_sent = use_state(|| None::<u64>);
    let view = &props.view;
    let me = view.me().map(|m| m.name.clone()).unwrap_or_default();
    let leave = {
        let send = relay.send.clone();
        let leave_sent = leave_sent.clone();
        Callback::from(move |_: MouseEvent| leave_sent.set(Some(send.emit(Op::LeaveRoom))))
    };
    let error = form_error(&relay.state, *leave_sent, None);
    html! {
        <>
            <p class="room-title">
                <strong data-testid="room-name">{ &view.name }</strong>{ " · room " }
                <code data-testid="room-code">{ &view.code }</code>
            </p>
            <p class="room-you" data-testid="room-you">{ format!("you are {me}") }</p>
            if let Some(reason) = &relay.state.room_reset {
                <p class="room-reset" data-testid="room-reset" role="status">{ format!("{reason}.") }</p>
            }
            if view.spotlight == Some(view.you) {
                <p class="room-spotlit" data-testid="room-spotlit" role="status">
                    <span aria-hidden="true">{ "◎ " }</span>{ "the teacher is showing your calls on the projector" }
                </p>
            }
            { task_box(view.task.as_deref()) }
            if view.paused {
                <p class="room-paused" data-testid="room-paused" role="status">
                    <span aria-hidden="true">{ "⏸ " }</span>{ "paused by the teacher: socket calls are refused until the room resumes" }
                </p>
            }
            <h3>{ "Reachable in the room" }</h3>
            <p class="hint">{ "Addresses classmates bound: connect your sockets to them." }</p>
            <p class="copied" role="status">{ copied.as_deref().unwrap_or_default() }</p>
            { listeners_list(&room::listener_rows(view), &copied) }
            <p class="room-count" data-testid="room-count">{ room::member_count(view) }</p>
            <div class="row">
                <button type="button" data-testid="room-leave" disabled={!relay.state.is_connected()}
                    onclick={leave}>{ "Leave the room" }</button>
                <p class="field-error" role="alert">{ error }</p>
            </div>
        </>
    }
}

/// The teacher's dashboard.
#[function_component(TeacherRoom)]
fn teacher_room(props: &RoomProps) -> Html {
    let relay = use_relay_context();
    let view = &props.view;
    let copied = use_state(|| None::<String>);
    let task = use_state(|| view.task.clone().unwrap_or_default());
    let confirm = use_state(|| false);
    let control_sent = use_state(|| None::<u64>);
    let cancel_ref = use_node_ref();
    let presenter_ref = use_node_ref();
    let presenting = use_presenting(&presenter_ref);
    let link = room::join_link(&page_href(), &view.code);
    let picture = use_memo(link.clone(), |l| qr::picture(l));
    let connected = relay.state.is_connected();
    {
        // The confirmation takes the focus, on its safe choice.
        let cancel_ref = cancel_ref.clone();
        use_effect_with(*confirm, move |shown| {
            if *shown {
                if let Some(b) = cancel_ref.cast::<web_sys::HtmlElement>() {
                    let _ = b.focus();
                }
            }
        });
    }
    // Every control goes through here, so the form's error line follows
    // the latest one sent.
    let on_control = {
        let send = relay.send.clone();
        let control_sent = control_sent.clone();
        Callback::from(move |c: RoomControl| control_sent.set(Some(send.emit(Op::RoomControl(c)))))
    };
    let pause = {
        let paused = !view.paused;
        on_control.reform(move |_: MouseEvent| RoomControl::Pause { paused })
    };
    let post = {
        let (on_control, task) = (on_control.clone(), task.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = task.trim().to_string();
            on_control.emit(RoomControl::Task { text });
        })
    };
    let clear_task = {
        let (on_control, task) = (on_control.clone(), task.clone());
        Callback::from(move |_: MouseEvent| {
            task.set(String::new());
            on_control.emit(RoomControl::Task {
                text: String::new(),
            });
        })
    };
    let ask_close = {
        let confirm = confirm.clone();
        Callback::from(move |_: MouseEvent| confirm.set(true))
    };
    let cancel_close = {
        let confirm = confirm.clone();
        Callback::from(move |_: MouseEvent| confirm.set(false))
    };
    let close = {
        let (on_control, confirm) = (on_control.clone(), confirm.clone());
        Callback::from(move |_: MouseEvent| {
            confirm.set(false);
            on_control.emit(RoomControl::Close);
        })
    };
    let copy_link = {
        let (link, copied) = (link.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| copy(link.clone(), copied.clone()))
    };
    let error = form_error(&relay.state, *control_sent, None);
    let qr_svg = picture.as_ref().as_ref().map(|p| {
        let size = p.size.to_string();
        html! {
            <svg class="qr" data-testid="room-qr" viewBox={format!("0 0 {size} {size}")}
                role="img" aria-label={format!("QR code of the join link {link}")} shape-rendering="crispEdges">
                <rect width={size.clone()} height={size} fill="#fff" />
                <path d={p.path.clone()} fill="#000" />
            </svg>
        }
    });
    html! {
        <>
            <p class="room-title">
                <strong data-testid="room-name">{ &view.name }</strong>{ " · you teach this room" }
            </p>
            <div class="row">
                <button type="button" class="primary" data-testid="presenter-open" ref={presenter_ref}
                    onclick={presenting.open.clone()}>{ "Presenter view" }</button>
                <span class="hint">{ "the room, large, for the projector" }</span>
            </div>
            if presenting.shown {
                <Presenter view={view.clone()} on_close={presenting.close.clone()} />
            }
            <div class="room-share">
                <div class="room-share-text">
                    <p class="room-code-label" id="room-code-label">{ "Join code" }</p>
                    <p class="room-code-big" data-testid="room-code" >{ &view.code }</p>
                    <p class="hint">{ "Students type it in their Classroom panel, open the link or scan the code." }</p>
                    <div class="cmd"><code data-testid="room-link">{ link.clone() }</code>
                        <button type="button" class="small" onclick={copy_link} aria-label="copy the join link">{ "copy" }</button></div>
                    <p class="copied" role="status">{ copied.as_deref().unwrap_or_default() }</p>
                </div>
                { for qr_svg }
            </div>
            { task_box(view.task.as_deref()) }
            <form class="room-task-form row" onsubmit={post}>
                <label for="room-task-input">{ "Task for the room" }</label>
                <input id="room-task-input" data-testid="room-task-input" type="text" maxlength="280"
                    placeholder="connect to my server and send your name"
                    value={(*task).clone()} oninput={on_input(&task)} autocomplete="off" />
                <button type="submit" data-testid="room-task-post" disabled={!connected}>{ "Post" }</button>
                if view.task.is_some() {
                    <button type="button" data-testid="room-task-clear" disabled={!connected} onclick={clear_task}>{ "Clear" }</button>
                }
            </form>
            <div class="row">
                <button type="button" data-testid="room-pause" disabled={!connected} onclick={pause}
                    class={classes!(view.paused.then_some("primary"))}>
                    { if view.paused { "Resume the room" } else { "Pause the room" } }
                </button>
                <span class="room-state" data-testid="room-state" role="status">{
                    if view.paused { "paused: students' socket calls are refused" } else { "running" }
                }</span>
            </div>
            <h3>{ "Members" }<small class="count" data-testid="room-count">{ format!(" {}", room::member_count(view)) }</small></h3>
            <RoomMembers view={view.clone()} connected={connected} on_control={on_control} />
            <super::room_timeline::RoomTimeline />
            <h3>{ "Reachable in the room" }</h3>
            { listeners_list(&room::listener_rows(view), &copied) }
            <p class="field-error" data-testid="room-control-error" role="alert">{ error }</p>
            if *confirm {
                <div class="room-confirm" role="group" aria-labelledby="room-confirm-text">
                    <p id="room-confirm-text">{ format!("Close room {} for everyone? Students leave it; their sessions and sockets stay.", view.code) }</p>
                    <button type="button" class="danger" data-testid="room-close-confirm" onclick={close}>{ "Yes, close it" }</button>
                    <button type="button" data-testid="room-close-cancel" ref={cancel_ref} onclick={cancel_close}>{ "Cancel" }</button>
                </div>
            } else {
                <div class="row">
                    <button type="button" class="danger" data-testid="room-close" disabled={!connected}
                        onclick={ask_close}>{ "Close the room…" }</button>
                </div>
            }
        </>
    }
}

/// Whether the presenter view is shown, and how to open and close it.
struct Presenting {
    shown: bool,
    open: Callback<MouseEvent>,
    close: Callback<()>,
}

/// The presenter view's state: opened by its button, and by presenter mode
/// (switching it on opens the view; off closes it). Closing gives the focus
/// back to the button.
#[hook]
fn use_presenting(button: &NodeRef) -> Presenting {
    let presenter_mode = use_context::<UseReducerHandle<Prefs>>().is_some_and(|p| p.presenter);
    let shown = use_state(|| presenter_mode);
    {
        let shown = shown.clone();
        use_effect_with(presenter_mode, move |on| shown.set(*on));
    }
    let open = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(true))
    };
    let close = {
        let (shown, button) = (shown.clone(), button.clone());
        Callback::from(move |()| {
            shown.set(false);
            if let Some(b) = button.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        })
    };
    Presenting {
        shown: *shown,
        open,
        close,
    }
}

/// The header's banner while the page is in a room: `Room K7P-3QX ·
/// Sockets 101`, and the task if one is posted.
#[function_component(RoomBanner)]
pub fn room_banner() -> Html {
    let relay = use_relay_context();
    let Some(view) = relay.state.room.as_ref() else {
        return html! {};
    };
    html! {
        <div class="room-banner" data-testid="room-banner" role="note" aria-label="Classroom">
            <strong>{ room::banner(view) }</strong>
            if view.paused {
                <span class="chip paused">{ "paused" }</span>
            }
            if let Some(task) = &view.task {
                <span class="room-banner-task" data-testid="room-banner-task">{ format!("Task: {task}") }</span>
            }
        </div>
    }
}
