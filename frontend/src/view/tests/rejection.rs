use crate::view::explain::explain_rejection;
use shared::{Rejection, SocketId};

const NOT_OS: &str = "(a rule of this playground, not of the operating system).";

#[test]
fn malformed_unknown_and_busy() {
    assert_eq!(
        explain_rejection(&Rejection::Malformed {
            detail: "missing field `op`.".into()
        }),
        "The relay could not read the command the page sent (missing field `op`), so nothing ran; this is a fault in the playground, not a socket error."
    );
    assert_eq!(
        explain_rejection(&Rejection::UnknownOp {
            name: "frobnicate".into()
        }),
        "The relay knows no operation called `frobnicate` (the page and relay may be different versions), so nothing ran; this is not a socket error."
    );
    assert_eq!(
        explain_rejection(&Rejection::UnknownSocket { sock: SocketId(42) }),
        "This session never had a socket s42, so the relay ran nothing; that is the relay's bookkeeping, not an operating-system error."
    );
    assert_eq!(
        explain_rejection(&Rejection::Busy {
            sock: SocketId(1),
            pending: "recv".into()
        }),
        "s1 is still waiting in recv, and the relay runs one call at a time per socket (like one Python thread), so it refused this one; close s1 to cancel the wait."
    );
}

#[test]
fn policy_says_it_is_the_relays_rule() {
    let s = explain_rejection(&Rejection::Policy {
        detail: "port 80 is outside the ports this relay lets you bind, 20000-29999".into(),
    });
    assert_eq!(
        s,
        format!("The relay's safety policy refused this before any system call ran: port 80 is outside the ports this relay lets you bind, 20000-29999 {NOT_OS}")
    );
}

#[test]
fn limits_name_what_is_capped() {
    let limit = |limit: &str| {
        explain_rejection(&Rejection::Limit {
            limit: limit.into(),
            detail: "the detail".into(),
        })
    };
    let tail = format!(", so it refused this before any system call ran: the detail {NOT_OS}");
    assert_eq!(
        limit("sockets"),
        format!("The relay caps how many sockets one session may hold open{tail}")
    );
    assert_eq!(
        limit("ops_per_second"),
        format!("The relay caps how fast one page may send operations{tail}")
    );
    assert_eq!(
        limit("payload"),
        format!("The relay caps how many bytes one operation may carry{tail}")
    );
    let sessions = format!("The relay caps how many sessions it serves at once{tail}");
    assert_eq!(limit("sessions"), sessions);
    assert_eq!(limit("sessions_per_ip"), sessions);
    assert_eq!(
        limit("bananas"),
        format!("The relay caps what one session may use{tail}")
    );
}

#[test]
fn protocol_troubles_say_what_to_do() {
    assert_eq!(
        explain_rejection(&Rejection::VersionMismatch { client: 1, relay: 2 }),
        "The page speaks protocol version 1 and the relay version 2, so the relay will not run its commands; reload the page to get the matching version."
    );
    assert_eq!(
        explain_rejection(&Rejection::Handshake {
            detail: "hello must come first".into()
        }),
        "The page and the relay got out of step while greeting each other (hello must come first); reloading the page starts a clean session."
    );
    assert_eq!(
        explain_rejection(&Rejection::ResumeFailed {
            detail: "session expired".into()
        }),
        "The relay could not resume the earlier session (session expired), so its sockets are gone and a fresh session starts empty."
    );
}
