//! The syscall trace of a result, written the way `strace` writes it:
//! `connect(fd=7, {AF_INET, 127.0.0.1:7007}) = -1 ECONNREFUSED (Connection refused)`.
//!
//! Pure functions, unit-tested natively.

use shared::trace::{Interest, WaitEnd};
use shared::{Trace, TraceStep};

/// What kind of step a line shows, for styling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    /// A system call that succeeded.
    Syscall,
    /// A system call that failed with an errno.
    Failed,
    /// A system call on the relay's non-blocking socket that would have
    /// blocked (`EAGAIN`, `EINPROGRESS`, `EALREADY`): the relay then waits,
    /// which is what a blocking Python call does inside the kernel.
    WouldBlock,
    /// A wait for readiness.
    Wait,
    /// A remark, or the count of steps left out.
    Note,
}

/// One line of a trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceLine {
    /// Microseconds since the op started, when the step has a timestamp.
    pub at_us: Option<u64>,
    /// The line itself.
    pub text: String,
    /// What it is.
    pub kind: StepKind,
}

/// Every line of a trace, in order, plus a last line counting the steps the
/// relay did not record (a long `sendall` makes thousands).
pub fn lines(trace: &Trace) -> Vec<TraceLine> {
    let mut out: Vec<TraceLine> = trace.steps.iter().map(line).collect();
    if trace.omitted > 0 {
        out.push(TraceLine {
            at_us: None,
            text: format!("… {} more steps not recorded", trace.omitted),
            kind: StepKind::Note,
        });
    }
    out
}

/// One step as a line.
pub fn line(step: &TraceStep) -> TraceLine {
    match step {
        TraceStep::Syscall {
            call,
            args,
            ret,
            errno,
            at_us,
        } => match errno {
            Some(e) => TraceLine {
                at_us: Some(*at_us),
                text: format!(
                    "{call}({args}) = {ret} {} ({})",
                    shared::errno::name(*e).unwrap_or("E?"),
                    shared::errno::message(*e)
                ),
                kind: if matches!(
                    shared::errno::name(*e),
                    Some("EAGAIN" | "EINPROGRESS" | "EALREADY")
                ) {
                    StepKind::WouldBlock
                } else {
                    StepKind::Failed
                },
            },
            None => TraceLine {
                at_us: Some(*at_us),
                text: format!("{call}({args}) = {ret}"),
                kind: StepKind::Syscall,
            },
        },
        TraceStep::Wait {
            interest,
            end,
            waited_us,
        } => {
            let interest = match interest {
                Interest::Readable => "readable",
                Interest::Writable => "writable",
            };
            let end = match end {
                WaitEnd::Ready => "ready",
                WaitEnd::TimedOut => "timed out",
                WaitEnd::Cancelled => "cancelled",
            };
            TraceLine {
                at_us: None,
                text: format!("… waited {} for {interest}: {end}", duration(*waited_us)),
                kind: StepKind::Wait,
            }
        }
        TraceStep::Note { text } => TraceLine {
            at_us: None,
            text: format!("# {text}"),
            kind: StepKind::Note,
        },
    }
}

/// A duration for people: `85 µs`, `1.2 ms`, `2.00 s`.
pub fn duration(us: u64) -> String {
    if us < 1_000 {
        format!("{us} µs")
    } else if us < 1_000_000 {
        format!("{:.1} ms", us as f64 / 1_000.0)
    } else {
        format!("{:.2} s", us as f64 / 1_000_000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syscalls_read_like_strace() {
        let ok = TraceStep::Syscall {
            call: "connect".into(),
            args: "fd=7, {AF_INET, 127.0.0.1:7007}".into(),
            ret: 0,
            errno: None,
            at_us: 12,
        };
        assert_eq!(
            line(&ok),
            TraceLine {
                at_us: Some(12),
                text: "connect(fd=7, {AF_INET, 127.0.0.1:7007}) = 0".into(),
                kind: StepKind::Syscall
            }
        );
        let refused = TraceStep::Syscall {
            call: "connect".into(),
            args: "fd=7, {AF_INET, 127.0.0.1:1}".into(),
            ret: -1,
            errno: Some(111),
            at_us: 30,
        };
        let l = line(&refused);
        assert_eq!(l.kind, StepKind::Failed);
        let in_progress = TraceStep::Syscall {
            call: "connect".into(),
            args: "fd=7".into(),
            ret: -1,
            errno: Some(115),
            at_us: 3,
        };
        assert_eq!(line(&in_progress).kind, StepKind::WouldBlock);
        assert_eq!(
            l.text,
            "connect(fd=7, {AF_INET, 127.0.0.1:1}) = -1 ECONNREFUSED (Connection refused)"
        );
    }

    #[test]
    fn waits_notes_and_omitted_steps() {
        let trace = Trace {
            steps: vec![
                TraceStep::Wait {
                    interest: Interest::Readable,
                    end: WaitEnd::TimedOut,
                    waited_us: 2_000_000,
                },
                TraceStep::Note {
                    text: "resolved localhost".into(),
                },
            ],
            omitted: 3,
        };
        let texts: Vec<String> = lines(&trace).into_iter().map(|l| l.text).collect();
        assert_eq!(
            texts,
            vec![
                "… waited 2.00 s for readable: timed out",
                "# resolved localhost",
                "… 3 more steps not recorded",
            ]
        );
    }

    #[test]
    fn durations() {
        assert_eq!(duration(85), "85 µs");
        assert_eq!(duration(1_240), "1.2 ms");
        assert_eq!(duration(1_500_000), "1.50 s");
    }
}
