//! Unit tests for the model across a reload or a replay with a gap: the
//! notices a reloaded tab gives, the old page's refusals kept quiet, and
//! the sockets event that makes the table whole after a gap.

use super::tests::{created, hello, received, run, snapshot};
use super::*;
use shared::Rejection;

#[test]
fn a_reloaded_page_rebuilds_its_session_from_the_replay() {
    // A new page (nothing sent yet) resumes the session its tab carried:
    // the replay from seq 1 brings the socket back, with no console entry.
    let mut state = run([received(
        0,
        Body::Hello(Hello {
            resumed: true,
            ..hello()
        }),
    )]);
    state.apply(Action::Reloaded { first_id: 3 });
    state.apply(received(1, created(1, 1)));
    // The old page's refusal is history: no notice for it.
    state.apply(received(
        2,
        Body::Rejected {
            id: Some(2),
            reason: Rejection::Limit {
                limit: "ops_per_second".into(),
                detail: "too fast".into(),
            },
        },
    ));
    assert_eq!(state.sockets.open_count(), 1, "the socket is back");
    assert_eq!(state.entries.len(), 0, "the console starts afresh");
    let notices: Vec<&str> = state.notices.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].starts_with("the page reloaded and took its session back"));
}

#[test]
fn a_replay_with_a_gap_gets_the_sockets_as_they_are() {
    let mut state = run([received(
        0,
        Body::Hello(Hello {
            resumed: true,
            ..hello()
        }),
    )]);
    state.apply(received(0, Body::Gap { from: 1, to: 40 }));
    state.apply(received(41, created(42, 3)));
    // s9 is open here, but its close was among the lost events.
    state.apply(received(42, created(43, 9)));
    let snap = |id: u32| snapshot(id, false);
    state.apply(received(
        0,
        Body::Sockets {
            sockets: vec![
                shared::KnownSocket {
                    socket: snap(1),
                    accepted_from: None,
                },
                shared::KnownSocket {
                    socket: snap(2),
                    accepted_from: Some(SocketId(1)),
                },
                shared::KnownSocket {
                    socket: snap(3),
                    accepted_from: None,
                },
            ],
        },
    ));
    assert_eq!(state.sockets.open_count(), 3, "the lost sockets are back");
    assert!(
        !state.sockets.is_open(SocketId(9)),
        "an unlisted socket is closed"
    );
    let notices: Vec<&str> = state.notices.iter().map(|n| n.text.as_str()).collect();
    assert!(
        notices
            .iter()
            .any(|n| n.starts_with("events 1–40 were too old")),
        "{notices:?}"
    );
}

#[test]
fn a_reloaded_page_whose_session_ended_says_so() {
    let refused = Body::Rejected {
        id: Some(0),
        reason: Rejection::ResumeFailed {
            detail: "that session has ended".into(),
        },
    };
    let state = run([
        received(0, refused.clone()),
        received(0, Body::Hello(hello())),
    ]);
    let notices: Vec<&str> = state.notices.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].contains("before the page loaded again has ended"),
        "{notices:?}"
    );
    assert!(!state.reload_refused, "said once");

    // A page with a session that loses it says the usual thing, once.
    let mut state = run([received(0, Body::Hello(hello()))]);
    state.apply(received(0, refused));
    state.apply(received(0, Body::Hello(hello())));
    let notices: Vec<&str> = state.notices.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].starts_with("the earlier session had ended"),
        "{notices:?}"
    );
}
