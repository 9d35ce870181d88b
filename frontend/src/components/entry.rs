//! One console entry: `>>> s1.recv(1024)`, the result line (`b'hello'`, an
//! exception line, or the relay's refusal), and a `<details>` with the
//! syscall trace.

use crate::state::{Entry, ResultKind};
use crate::trace::{self, StepKind};
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
    let trace_lines = steps.iter().map(|l| {
        let class = match l.kind {
            StepKind::Syscall => "step syscall",
            StepKind::Failed => "step failed",
            StepKind::WouldBlock => "step would-block",
            StepKind::Wait => "step wait",
            StepKind::Note => "step note",
        };
        let at = l
            .at_us
            .map(|us| format!("+{}", trace::duration(us)))
            .unwrap_or_default();
        html! {
            <li class={class}>
                <span class="at">{ at }</span>
                <code>{ &l.text }</code>
            </li>
        }
    });
    let summary = match entry.elapsed_us() {
        Some(us) => format!(
            "trace: {syscalls} syscall{} · {}",
            if syscalls == 1 { "" } else { "s" },
            trace::duration(us)
        ),
        None => "trace".into(),
    };
    // The result line and the trace slot are always present (the result is
    // hidden when Python would print nothing): yew matches unkeyed children
    // from the end, so optional siblings would make it rebuild the lines
    // above them.
    html! {
        <li class={classes!("entry", kind.as_str())} data-testid={format!("entry-{id}")}
            data-kind={kind.as_str()}>
            <div class="call">
                <span class="prompt" aria-hidden="true">{ ">>> " }</span>
                <code>{ entry.call_line() }</code>
            </div>
            <div class={classes!("result", kind.as_str())} data-testid={format!("result-{id}")}
                hidden={text.is_empty()}>
                if kind == ResultKind::Rejected {
                    <span class="tag">{ "relay" }</span>
                }
                <code>{ text }</code>
            </div>
            <div class="trace-slot">
                if !steps.is_empty() {
                    <details class="trace" data-testid={format!("trace-{id}")}>
                        <summary>{ summary }</summary>
                        <ol>{ for trace_lines }</ol>
                    </details>
                }
            </div>
        </li>
    }
}
