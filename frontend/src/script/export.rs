//! The whole session as a runnable `.py`: every console entry, whether the
//! learner clicked it or Python made it, as the Python call that does the
//! same at home, with what the playground saw as comments.
//!
//! The page's calls overlap (a blocking `accept` waits while the learner
//! clicks a `connect` on another socket), but a script runs one call after
//! another. So the calls are written in the order the kernel completed
//! them ([`Entry::done_seq`]): the `connect` that let the `accept` finish
//! comes before it, and the script runs through without waiting forever.
//! A call that raised is wrapped in `try`/`except` so the script goes on,
//! and a call that never produced a result (cancelled, still waiting,
//! refused by the relay, checked by the page, not sent) is a comment at the
//! place it was sent: as a live call it would block, or fail differently.

use crate::python;
use crate::state::{Entry, EntryStatus, State};
use shared::{Op, OptValue, Outcome, Value};

/// Reprs longer than this (in characters) are cut with `…` in comments.
const MAX_REPR: usize = 100;

/// The script's opening comment.
const HEADER: &str = "\
# Exported from the socket playground.
# The calls appear in the order the kernel completed them, so a call that
# waited (an accept(), a recv()) comes after the calls that let it finish;
# calls that never finished are comments where they were sent.
# \"# ->\" shows what a call returned in the playground.
# Run it with python3 while the relay runs: it talks to the relay's services.
";

/// The session as a Python script that runs under CPython against the
/// relay's services: calls in the order the kernel completed them, return
/// values as `# -> repr` comments, exceptions caught and printed, calls
/// without a result as comments. Deterministic for a given state.
pub fn export(state: &State) -> String {
    let entries: Vec<&Entry> = state.entries.iter().collect();
    let mut body = String::new();
    let mut needs_struct = false;
    for i in completion_order(&entries) {
        let Some(entry) = entries.get(i) else {
            continue;
        };
        needs_struct |= is_live(entry) && packs_linger(entry);
        render(entry, &mut body);
    }
    let mut out = String::from(HEADER);
    out.push('\n');
    out.push_str("import socket\n");
    if needs_struct {
        out.push_str("import struct\n");
    }
    out.push('\n');
    if body.is_empty() {
        out.push_str("# (no calls yet)\n");
    } else {
        out.push_str(&body);
    }
    out
}

/// Indices of `entries` in script order: finished calls by the seq of
/// their result; a call without one just before the first result among
/// the calls sent after it (or at the end), so it keeps its place relative
/// to what was sent later.
fn completion_order(entries: &[&Entry]) -> Vec<usize> {
    let done = |e: &Entry| match e.status {
        EntryStatus::Done(_) => e.done_seq,
        _ => None,
    };
    // The first result among the calls sent after each entry.
    let mut next_done = vec![u64::MAX; entries.len()];
    let mut min = u64::MAX;
    for (i, e) in entries.iter().enumerate().rev() {
        next_done[i] = min;
        if let Some(seq) = done(e) {
            min = min.min(seq);
        }
    }
    let mut keys: Vec<(u64, u8, usize)> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| match done(e) {
            Some(seq) => (seq, 1, i),
            None => (next_done[i], 0, i),
        })
        .collect();
    keys.sort_unstable();
    keys.into_iter().map(|(_, _, i)| i).collect()
}

/// Whether the entry becomes a live call (it returned or raised).
fn is_live(entry: &Entry) -> bool {
    matches!(&entry.status, EntryStatus::Done(r) if !matches!(r.outcome, Outcome::Cancelled { .. }))
}

/// Whether the call is a `SO_LINGER` `setsockopt`, written with
/// `struct.pack`.
fn packs_linger(entry: &Entry) -> bool {
    matches!(
        entry.op,
        Some(Op::Setsockopt {
            value: OptValue::Linger { .. },
            ..
        })
    )
}

/// Appends the entry's lines to `out`.
fn render(entry: &Entry, out: &mut String) {
    if matches!(entry.op, Some(Op::Hello { .. } | Op::WatchServices { .. })) {
        return;
    }
    let call = entry.call_line();
    if call.is_empty() {
        return;
    }
    let line = match &entry.status {
        EntryStatus::Done(result) => match &result.outcome {
            Outcome::Ok(value) => {
                let line = full_call_line(entry, call);
                match value_comment(value) {
                    Some(repr) => format!("{line}  # -> {}", comment_text(&abbreviate(&repr))),
                    None => line,
                }
            }
            Outcome::Err(error) => format!(
                "try:\n    {}\nexcept Exception as e:\n    print(type(e).__name__, e)  # playground: {}",
                full_call_line(entry, call),
                comment_text(&error.to_string())
            ),
            Outcome::Cancelled { reason } => {
                comment(&format!("{call} was cancelled: {reason}"))
            }
        },
        EntryStatus::Sent | EntryStatus::Pending { .. } => {
            comment(&format!("{call} was still waiting when exported"))
        }
        EntryStatus::Rejected(reason) => {
            comment(&format!("refused by the relay: {call} ({reason})"))
        }
        EntryStatus::RaisedLocally(error) => comment(&format!(
            "{call} raised before any system call (nothing was sent): {error}"
        )),
        EntryStatus::NotSent { reason } => comment(&format!("{call} was not sent: {reason}")),
    };
    out.push_str(&line);
    out.push('\n');
}

/// What the call returned, for its comment: the repr, except that the
/// new socket of an `accept()` is cut short so the peer's address (the
/// interesting part) fits.
fn value_comment(value: &Value) -> Option<String> {
    match value {
        Value::Accepted { socket, addr } => Some(format!(
            "(<socket.socket fd={}, …>, {})",
            socket.fd,
            addr.python_repr()
        )),
        v => python::value_repr(v),
    }
}

/// The call with its data argument in full: the console abbreviates a long
/// payload that is not a repetition (`b'0123…'… (5000 bytes)`), which is
/// not Python.
fn full_call_line(entry: &Entry, call: String) -> String {
    let data = match &entry.op {
        Some(Op::Send { data, .. } | Op::Sendall { data, .. } | Op::Sendto { data, .. }) => {
            data.as_bytes()
        }
        _ => return call,
    };
    let short = python::data_arg(data);
    // A bytes literal never contains `…` (non-ASCII is escaped), so only
    // the abbreviation does.
    if short.contains('…') {
        call.replacen(&short, &python::bytes_repr(data), 1)
    } else {
        call
    }
}

/// A one-line comment.
fn comment(text: &str) -> String {
    format!("# {}", comment_text(text))
}

/// `text` made safe to end a line with: anything that would end the
/// comment (a newline) or upset a reader is escaped.
fn comment_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&c.escape_unicode().to_string());
            }
            c => out.push(c),
        }
    }
    out
}

/// `repr` cut to [`MAX_REPR`] characters with `…`.
fn abbreviate(repr: &str) -> String {
    if repr.chars().count() <= MAX_REPR {
        return repr.to_string();
    }
    let mut out: String = repr.chars().take(MAX_REPR - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests;
