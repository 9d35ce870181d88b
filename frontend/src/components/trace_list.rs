//! A syscall trace as a list of `strace`-like lines with their times.

use playground::trace::{self, StepKind, TraceLine};
use yew::prelude::*;

/// Props of [`TraceList`].
#[derive(Properties, PartialEq)]
pub struct TraceProps {
    /// The lines.
    pub lines: Vec<TraceLine>,
}

/// The trace.
#[function_component(TraceList)]
pub fn trace_list(props: &TraceProps) -> Html {
    let lines = props.lines.iter().map(|l| {
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
    html! { <ol class="trace-lines">{ for lines }</ol> }
}
