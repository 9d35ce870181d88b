//! One console entry: `>>> data = s1.recv(16)`, then what Python prints (the
//! value's repr, or the exception line with a plain explanation), a live
//! countdown or progress bar while it blocks, the payload in three views,
//! and the syscall trace behind it.

use super::payload::PayloadBox;
use super::use_relay_context;
use crate::hooks::use_clock::use_clock;
use playground::state::{Direction, Entry, EntryStatus, ResultKind};
use playground::trace::{self, StepKind};
use playground::view::explain::{eof_note, explain, explain_rejection};
use shared::{Op, SocketId};
use yew::prelude::*;

/// Props of [`ConsoleEntry`].
#[derive(Properties, PartialEq)]
pub struct EntryProps {
    /// The command and its outcome.
    pub entry: Entry,
}

/// One command and its outcome.
#[function_component(ConsoleEntry)]
pub fn console_entry(props: &EntryProps) -> Html {
    let entry = &props.entry;
    let id = entry.id;
    let (kind, text) = entry.result();
    let note = match &entry.status {
        EntryStatus::RaisedLocally(e) => Some(format!(
            "{} Nothing was sent to the relay.",
            explain(e, &call_name(&entry.call_line()))
        )),
        EntryStatus::Rejected(r) => Some(explain_rejection(r)),
        _ if entry.is_eof() => Some(eof_note().to_string()),
        _ => entry.error().map(|e| explain(e, entry.op_name())),
    };
    let waiting = match &entry.status {
        EntryStatus::Pending {
            timeout,
            since_ms,
            progress,
        } => html! {
            <Waiting id={id} timeout={*timeout} since_ms={*since_ms} progress={*progress}
                sock={entry.op.as_ref().and_then(Op::socket)} />
        },
        _ => html! {},
    };
    let payload = entry.payload().map(|(dir, bytes)| {
        let caption = match dir {
            Direction::Sent => "sent",
            Direction::Received => "received",
        };
        html! { <PayloadBox id={format!("entry-{id}")} bytes={bytes.to_vec()} caption={caption} /> }
    });
    let steps = entry.trace();
    let syscalls = steps
        .iter()
        .filter(|l| {
            matches!(
                l.kind,
                StepKind::Syscall | StepKind::Failed | StepKind::WouldBlock
            )
        })
        .count();
    let summary = match entry.elapsed_us() {
        Some(us) => format!(
            "trace: {syscalls} syscall{} · {}",
            if syscalls == 1 { "" } else { "s" },
            trace::duration(us)
        ),
        None => "trace".into(),
    };
    let kind_tag = match kind {
        ResultKind::Rejected => Some((
            "relay",
            "Refused by the relay's rules, not by the operating system",
        )),
        ResultKind::Error => Some(("exception", "A Python exception")),
        ResultKind::Cancelled => Some(("cancelled", "The call was cancelled")),
        _ => None,
    };
    // Optional parts sit in fixed wrappers: yew matches unkeyed children
    // from the end, so optional siblings would rebuild the lines above them.
    html! {
        <li class={classes!("entry", kind.as_str())} data-testid={format!("entry-{id}")}
            data-kind={kind.as_str()}>
            <div class="call">
                <span class="prompt" aria-hidden="true">{ ">>> " }</span>
                <code data-testid={format!("call-{id}")}>{ entry.call_line() }</code>
                <span class="origin" title="The Python line that made this call">
                    { entry.origin.as_deref().map(|o| format!("← {o}")).unwrap_or_default() }
                </span>
            </div>
            <div class="waiting-slot">{ waiting }</div>
            <div class={classes!("result", kind.as_str())} data-testid={format!("result-{id}")} aria-live="polite"
                hidden={text.is_empty() || kind == ResultKind::Waiting}>
                if let Some((tag, title)) = kind_tag {
                    <span class="tag" title={title}>{ tag }</span>
                }
                <code>{ text }</code>
            </div>
            <div class="note-slot">
                if let Some(note) = note {
                    <p class="explain" data-testid={format!("explain-{id}")}>{ note }</p>
                }
            </div>
            <div class="payload-slot">{ for payload }</div>
            <div class="trace-slot">
                if !steps.is_empty() {
                    <details class="trace" data-testid={format!("trace-{id}")}>
                        <summary>{ summary }</summary>
                        <super::trace_list::TraceList lines={steps} />
                    </details>
                }
            </div>
        </li>
    }
}

/// `bind` from `s1.bind(('127.0.0.1', 70000))`, for explanations.
fn call_name(line: &str) -> String {
    let before = line.split('(').next().unwrap_or_default();
    before
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Props of [`Waiting`].
#[derive(Properties, PartialEq)]
struct WaitingProps {
    id: u64,
    timeout: Option<f64>,
    since_ms: f64,
    progress: Option<(u64, u64)>,
    sock: Option<SocketId>,
}

/// A blocking call: elapsed time, the countdown to its timeout, the bytes a
/// long `sendall` has sent so far, and a button to close the socket (which
/// cancels the call, as closing it from another thread would).
#[function_component(Waiting)]
fn waiting(props: &WaitingProps) -> Html {
    let relay = use_relay_context();
    let now = use_clock(100);
    let elapsed = ((now - props.since_ms) / 1000.0).max(0.0);
    let countdown = props.timeout.filter(|t| *t > 0.0).map(|t| {
        let left = (t - elapsed).max(0.0);
        html! {
            <span class="countdown" data-testid={format!("countdown-{}", props.id)}>
                { format!(" · times out in {left:.1} s") }
                <progress max={format!("{t}")} value={format!("{:.2}", t - left)}
                    aria-label="time until the timeout" />
            </span>
        }
    });
    let progress = props.progress.map(|(done, total)| {
        html! {
            <span class="sendall-progress" data-testid={format!("progress-{}", props.id)}>
                { format!(" · {done} of {total} bytes sent") }
                <progress max={total.to_string()} value={done.to_string()}
                    aria-label="bytes sent so far" />
            </span>
        }
    });
    let cancel = props.sock.map(|sock| {
        let send = relay.send.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            send.emit(Op::Close { sock });
        });
        html! {
            <button type="button" class="small" data-testid={format!("cancel-{}", props.id)} {onclick}
                title="Closing the socket cancels the call that waits on it">
                { format!("{sock}.close()") }
            </button>
        }
    });
    html! {
        // Not a live region: the clock ticks ten times a second, and a
        // screen reader would read every tick. The entry's result line
        // announces the outcome once.
        <div class="waiting" data-testid={format!("waiting-{}", props.id)} aria-live="off">
            <span class="spinner" aria-hidden="true">{ "◌" }</span>
            <span data-testid={format!("elapsed-{}", props.id)}>{ format!("blocking… {elapsed:.1} s") }</span>
            { for countdown }
            { for progress }
            { for cancel }
        </div>
    }
}
