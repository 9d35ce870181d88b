//! The trace: the genuine system calls the relay made for one op.
//!
//! Showing the syscalls is the point of the playground (a `sendall` of 1 MiB
//! is many `send()` calls; a blocking `recv` is a wait for readability, then a
//! `recvfrom()`), so every result carries one.

use serde::{Deserialize, Serialize};

/// How many steps a trace keeps; the rest are counted in [`Trace::omitted`],
/// so a 64 MiB `sendall` does not produce a megabyte of trace.
pub const MAX_TRACE_STEPS: usize = 256;

/// The steps behind one result, in order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    /// The recorded steps (at most [`MAX_TRACE_STEPS`]).
    pub steps: Vec<TraceStep>,
    /// Steps made but not recorded because the trace was full.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub omitted: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Trace {
    /// Records a step, or counts it if the trace is full. The last slot is
    /// kept for the final step so a long loop still shows how it ended.
    pub fn push(&mut self, step: TraceStep) {
        if self.steps.len() < MAX_TRACE_STEPS {
            self.steps.push(step);
        } else {
            self.omitted += 1;
            if let Some(last) = self.steps.last_mut() {
                *last = step;
            }
        }
    }

    /// The recorded system calls (not waits or notes).
    pub fn syscalls(&self) -> impl Iterator<Item = &TraceStep> {
        self.steps
            .iter()
            .filter(|s| matches!(s, TraceStep::Syscall { .. }))
    }
}

/// What the relay waited for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Interest {
    /// Data (or a connection, or EOF) to read.
    Readable,
    /// Room in the send buffer, or a connect finishing.
    Writable,
}

/// How a wait ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitEnd {
    /// The socket became ready.
    Ready,
    /// The socket's timeout expired first.
    TimedOut,
    /// The socket was closed meanwhile.
    Cancelled,
}

/// One step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceStep {
    /// A system call and what the kernel returned.
    ///
    /// ```text
    /// {"syscall": {"call": "send", "args": "fd=7, 65536 bytes, MSG_NOSIGNAL",
    ///   "ret": 43690, "errno": null, "at_us": 12}}
    /// ```
    Syscall {
        /// Its name, e.g. `connect`.
        call: String,
        /// Its arguments, written as `strace` would.
        args: String,
        /// The return value (`-1` on failure).
        ret: i64,
        /// The errno when it failed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        errno: Option<i32>,
        /// Microseconds since the op started.
        at_us: u64,
    },
    /// The relay waited (in its event loop, never blocking a thread) for the
    /// socket to become ready, as a blocking call waits in the kernel.
    Wait {
        /// For what.
        interest: Interest,
        /// How it ended.
        end: WaitEnd,
        /// How long, in microseconds.
        waited_us: u64,
    },
    /// A remark, e.g. how a host name was resolved.
    Note {
        /// The text.
        text: String,
    },
}
