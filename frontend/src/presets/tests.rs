//! Presets resolve against a model fed with relay-shaped events.

use super::*;
use crate::testing::{self, Session};
use shared::{Body, Payload, SockAddr, SocketSnapshot};

/// A TCP socket `s{id}`, bound to `local` if given.
fn snap(id: u32, local: Option<(&str, u16)>) -> SocketSnapshot {
    SocketSnapshot {
        local: local.map(|(ip, port)| SockAddr {
            ip: ip.into(),
            port,
        }),
        ..testing::snap(id)
    }
}

fn preset(id: &str) -> Preset {
    all()
        .into_iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no preset {id}"))
}

#[test]
fn every_preset_starts_with_a_socket_and_has_unique_ids() {
    let presets = all();
    let mut ids: Vec<&str> = presets.iter().map(|p| p.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), presets.len());
    for p in &presets {
        assert!(
            matches!(p.steps[0].op, StepOp::Socket(..)),
            "{} starts with socket()",
            p.id
        );
        assert!(
            matches!(p.steps.last().map(|s| &s.op), Some(StepOp::Close(_))),
            "{} ends by closing",
            p.id
        );
    }
}

#[test]
fn the_echo_client_resolves_the_created_socket_and_the_service() {
    let p = preset("tcp-echo-client");
    let mut s = Session::new();
    let first = resolve(&p.steps[0].op, &[], &s.state);
    assert!(matches!(first, Ok(Op::Socket { .. })));
    assert_eq!(
        resolve(&p.steps[1].op, &[(0, 1)], &s.state),
        Err(Unresolved::Waiting(1)),
        "step 2 waits for the socket of step 1"
    );
    assert!(!ready(&p, &[(0, 1)], &s.state));
    assert_eq!(next_step(&p, &[], &s.state), Some(0));
    s.send(1, first.unwrap_or(Op::Gethostname));
    assert!(!ready(&p, &[(0, 1)], &s.state));
    s.finish(
        1,
        "socket",
        Some(SocketId(3)),
        Outcome::Ok(Value::Socket(snap(3, None))),
        Some(snap(3, None)),
    );
    assert!(ready(&p, &[(0, 1)], &s.state));
    assert_eq!(next_step(&p, &[(0, 1)], &s.state), Some(1));
    assert_eq!(
        resolve(&p.steps[1].op, &[(0, 1)], &s.state),
        Ok(Op::Connect {
            sock: SocketId(3),
            addr: Address::new("127.0.0.1", 7000)
        })
    );
}

#[test]
fn the_server_preset_connects_to_the_port_the_kernel_picked() {
    let p = preset("own-echo-server");
    let mut s = Session::new();
    s.send(
        1,
        Op::Socket {
            family: Family::Inet,
            kind: SockType::Stream,
        },
    );
    s.finish(
        1,
        "socket",
        Some(SocketId(1)),
        Outcome::Ok(Value::Socket(snap(1, None))),
        Some(snap(1, None)),
    );
    s.send(2, Op::Gethostname);
    s.send(3, Op::Gethostname);
    s.finish(
        3,
        "bind",
        Some(SocketId(1)),
        Outcome::Ok(Value::None),
        Some(snap(1, Some(("127.0.0.1", 41234)))),
    );
    let sent = [(0, 1), (1, 2), (2, 3)];
    // Step 7 connects the client (step 6) to the listener's bound address.
    let connect = &p.steps[6].op;
    assert_eq!(
        resolve(connect, &sent, &s.state),
        Err(Unresolved::Waiting(6))
    );
    s.send(
        6,
        Op::Socket {
            family: Family::Inet,
            kind: SockType::Stream,
        },
    );
    s.finish(
        6,
        "socket",
        Some(SocketId(2)),
        Outcome::Ok(Value::Socket(snap(2, None))),
        Some(snap(2, None)),
    );
    let sent = [(0, 1), (1, 2), (2, 3), (5, 6)];
    assert_eq!(
        resolve(connect, &sent, &s.state),
        Ok(Op::Connect {
            sock: SocketId(2),
            addr: Address::new("127.0.0.1", 41234)
        })
    );
}

#[test]
fn a_blocking_step_lets_the_next_one_run_once_it_waits() {
    let p = preset("own-echo-server");
    let accept = 4;
    assert!(p.steps[accept].blocks);
    let mut s = Session::new();
    let mut sent = Vec::new();
    for id in 0..=accept as u64 {
        sent.push((id as usize, id + 1));
        if id < accept as u64 {
            s.quick_call(id + 1);
        } else {
            s.send(id + 1, Op::Gethostname);
        }
    }
    assert!(
        !ready(&p, &sent, &s.state),
        "not before the relay says it waits"
    );
    s.event(Body::Pending {
        id: accept as u64 + 1,
        sock: SocketId(1),
        op: "accept".into(),
        timeout: None,
    });
    assert!(ready(&p, &sent, &s.state));
    assert_eq!(next_step(&p, &sent, &s.state), Some(accept + 1));
}

#[test]
fn a_missing_service_is_named() {
    let p = preset("timeout");
    let mut s = Session::new();
    s.send(
        1,
        Op::Socket {
            family: Family::Inet,
            kind: SockType::Stream,
        },
    );
    s.finish(
        1,
        "socket",
        Some(SocketId(1)),
        Outcome::Ok(Value::Socket(snap(1, None))),
        Some(snap(1, None)),
    );
    assert_eq!(
        resolve(&p.steps[1].op, &[(0, 1)], &s.state),
        Err(Unresolved::NoService("silent"))
    );
}

#[test]
fn unresolved_steps_are_sketched_with_their_references() {
    let p = preset("own-echo-server");
    assert_eq!(sketch(&p.steps[3].op), "(socket of step 1).listen(1)");
    assert_eq!(
        sketch(&p.steps[6].op),
        "(socket of step 6).connect((address of step 1))"
    );
    assert_eq!(
        sketch(&preset("tcp-echo-client").steps[1].op),
        "(socket of step 1).connect(('127.0.0.1', echo port))"
    );
    assert_eq!(
        sketch(&p.steps[0].op),
        "socket.socket(socket.AF_INET, socket.SOCK_STREAM)"
    );
}

#[test]
fn the_reassembly_loop_repeats_recv_until_the_message_is_whole() {
    let p = preset("partial-reads");
    let want = p.expect.unwrap_or_default();
    assert_eq!(want, 100);
    let recv = p
        .steps
        .iter()
        .position(|st| st.repeat)
        .unwrap_or(usize::MAX);
    let mut s = Session::new();
    let mut runs: Vec<(usize, u64)> = (0..recv).map(|k| (k, k as u64 + 1)).collect();
    for (_, id) in &runs {
        s.quick_call(*id);
    }
    assert_eq!(next_step(&p, &runs, &s.state), Some(recv));
    // Chunks of 16, 16, 30 and 38 bytes: recv runs until 100 are in.
    let mut id = 100;
    for (i, n) in [16_usize, 16, 30, 38].into_iter().enumerate() {
        id += 1;
        runs.push((recv, id));
        s.send(
            id,
            Op::Recv {
                sock: SocketId(1),
                bufsize: 16,
            },
        );
        assert!(!ready(&p, &runs, &s.state), "not while recv waits");
        s.finish(
            id,
            "recv",
            Some(SocketId(1)),
            Outcome::Ok(Value::Bytes(Payload::from(vec![b'a' + i as u8; n]))),
            Some(snap(1, None)),
        );
        let have: usize = chunks(&p, &runs, &s.state).iter().map(Vec::len).sum();
        let expected = if have < want {
            Some(recv)
        } else {
            Some(recv + 1)
        };
        assert_eq!(
            next_step(&p, &runs, &s.state),
            expected,
            "after {have} bytes"
        );
    }
    let got = chunks(&p, &runs, &s.state);
    assert_eq!(got.len(), 4);
    assert_eq!(got.concat().len(), 100);
    // The last step ends the preset.
    runs.push((recv + 1, 200));
    s.send(200, Op::Close { sock: SocketId(1) });
    assert_eq!(next_step(&p, &runs, &s.state), None);
}

#[test]
fn the_reassembly_loop_stops_at_eof() {
    let p = preset("partial-reads");
    let recv = p
        .steps
        .iter()
        .position(|st| st.repeat)
        .unwrap_or(usize::MAX);
    let mut s = Session::new();
    s.send(
        1,
        Op::Recv {
            sock: SocketId(1),
            bufsize: 16,
        },
    );
    s.finish(
        1,
        "recv",
        Some(SocketId(1)),
        Outcome::Ok(Value::Bytes(Payload::from(vec![]))),
        Some(snap(1, None)),
    );
    assert_eq!(next_step(&p, &[(recv, 1)], &s.state), Some(recv + 1));
}

#[test]
fn the_reassembly_loop_stops_at_an_exception() {
    let p = preset("partial-reads");
    let recv = p
        .steps
        .iter()
        .position(|st| st.repeat)
        .unwrap_or(usize::MAX);
    let mut s = Session::new();
    s.send(
        1,
        Op::Recv {
            sock: SocketId(1),
            bufsize: 16,
        },
    );
    s.finish(
        1,
        "recv",
        Some(SocketId(1)),
        Outcome::Err(shared::PyError::from_errno(104)),
        Some(snap(1, None)),
    );
    assert_eq!(next_step(&p, &[(recv, 1)], &s.state), Some(recv + 1));
}
