//! Sentences for the relay's refusals: no system call ran, and the page
//! must not let a learner mistake a playground rule for an OS error.

use shared::Rejection;

/// One sentence for a command the relay refused without running it,
/// making clear the rule is the relay's, not the operating system's.
pub fn explain_rejection(r: &Rejection) -> String {
    match r {
        Rejection::Malformed { detail } => format!(
            "The relay could not read the command the page sent ({}), so nothing ran; this is a fault in the playground, not a socket error.",
            clean(detail)
        ),
        Rejection::UnknownOp { name } => format!(
            "The relay knows no operation called `{name}` (the page and relay may be different versions), so nothing ran; this is not a socket error."
        ),
        Rejection::UnknownSocket { sock } => format!(
            "This session never had a socket {sock}, so the relay ran nothing; that is the relay's bookkeeping, not an operating-system error."
        ),
        Rejection::Busy { sock, pending } => format!(
            "{sock} is still waiting in {pending}, and the relay runs one call at a time per socket (like one Python thread), so it refused this one; close {sock} to cancel the wait."
        ),
        Rejection::Policy { detail } => format!(
            "The relay's safety policy refused this before any system call ran: {} (a rule of this playground, not of the operating system).",
            clean(detail)
        ),
        Rejection::Limit { limit, detail } => limit_sentence(limit, detail),
        Rejection::VersionMismatch { client, relay } => format!(
            "The page speaks protocol version {client} and the relay version {relay}, so the relay will not run its commands; reload the page to get the matching version."
        ),
        Rejection::Handshake { detail } => format!(
            "The page and the relay got out of step while greeting each other ({}); reloading the page starts a clean session.",
            clean(detail)
        ),
        Rejection::ResumeFailed { detail } => format!(
            "The relay could not resume the earlier session ({}), so its sockets are gone and a fresh session starts empty.",
            clean(detail)
        ),
        Rejection::Room { detail } => format!(
            "The room refused this before any system call ran: {} (a rule of the classroom, not of the operating system).",
            clean(detail)
        ),
    }
}

fn limit_sentence(limit: &str, detail: &str) -> String {
    let what = match limit {
        "sockets" => "The relay caps how many sockets one session may hold open",
        "ops_per_second" => "The relay caps how fast one page may send operations",
        "payload" => "The relay caps how many bytes one operation may carry",
        "sessions" | "sessions_per_ip" => "The relay caps how many sessions it serves at once",
        _ => "The relay caps what one session may use",
    };
    format!(
        "{what}, so it refused this before any system call ran: {} (a rule of this playground, not of the operating system).",
        clean(detail)
    )
}

/// A detail to embed mid-sentence: without a trailing full stop.
fn clean(detail: &str) -> &str {
    detail.trim().trim_end_matches('.')
}
