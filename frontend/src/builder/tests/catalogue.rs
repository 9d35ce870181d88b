use crate::builder::*;
use shared::{Op, SockAddr, SockType, SocketSnapshot, TcpState};
use std::collections::HashSet;

use OpKind as K;

#[test]
fn all_lists_every_kind_once_with_python_names() {
    let names: Vec<&str> = OpKind::ALL.iter().map(|k| k.name()).collect();
    assert_eq!(
        names,
        [
            "socket",
            "bind",
            "listen",
            "accept",
            "connect",
            "connect_ex",
            "send",
            "sendall",
            "recv",
            "sendto",
            "recvfrom",
            "shutdown",
            "close",
            "settimeout",
            "setblocking",
            "gettimeout",
            "setsockopt",
            "getsockopt",
            "getsockname",
            "getpeername",
            "fileno",
        ]
    );
    let unique: HashSet<OpKind> = OpKind::ALL.into_iter().collect();
    assert_eq!(unique.len(), OpKind::ALL.len());
}

#[test]
fn only_socket_needs_no_socket() {
    let free: Vec<OpKind> = OpKind::ALL
        .into_iter()
        .filter(|k| !k.needs_socket())
        .collect();
    assert_eq!(free, [K::Socket]);
}

#[test]
fn fields_follow_pythons_argument_order() {
    use Field as F;
    let table: [(OpKind, &[Field]); 21] = [
        (K::Socket, &[F::Family, F::Type]),
        (K::Bind, &[F::Host, F::Port]),
        (K::Listen, &[F::Backlog]),
        (K::Accept, &[]),
        (K::Connect, &[F::Host, F::Port]),
        (K::ConnectEx, &[F::Host, F::Port]),
        (K::Send, &[F::Data]),
        (K::Sendall, &[F::Data]),
        (K::Recv, &[F::Bufsize]),
        (K::Sendto, &[F::Data, F::Host, F::Port]),
        (K::Recvfrom, &[F::Bufsize]),
        (K::Shutdown, &[F::How]),
        (K::Close, &[]),
        (K::Settimeout, &[F::Timeout]),
        (K::Setblocking, &[F::Flag]),
        (K::Gettimeout, &[]),
        (K::Setsockopt, &[F::Option, F::OptValue]),
        (K::Getsockopt, &[F::Option]),
        (K::Getsockname, &[]),
        (K::Getpeername, &[]),
        (K::Fileno, &[]),
    ];
    for (kind, fields) in table {
        assert_eq!(kind.fields(), fields, "{}", kind.name());
    }
}

#[test]
fn hints_are_single_lines_and_say_the_key_thing() {
    assert_eq!(
        K::Recv.hint(),
        "read up to bufsize bytes; b'' means the peer closed"
    );
    assert_eq!(
        K::ConnectEx.hint(),
        "like connect, but returns the errno (0 on success) instead of raising"
    );
    assert!(K::Send.hint().contains("fewer"));
    assert!(K::Bind.hint().contains("port 0"));
    let mut seen = HashSet::new();
    for k in OpKind::ALL {
        let h = k.hint();
        assert!(!h.is_empty() && !h.contains('\n'), "{}", k.name());
        assert!(h.len() < 100, "{}: {} chars", k.name(), h.len());
        assert!(seen.insert(h), "{} repeats a hint", k.name());
    }
}

#[test]
fn field_labels_and_ids() {
    use Field as F;
    let table = [
        (F::Socket, "socket", "socket"),
        (F::Family, "family", "family"),
        (F::Type, "type", "type"),
        (F::Host, "host", "host"),
        (F::Port, "port", "port"),
        (F::Backlog, "backlog", "backlog"),
        (F::Bufsize, "bufsize", "bufsize"),
        (F::Data, "data", "data"),
        (F::Timeout, "timeout", "timeout"),
        (F::Flag, "flag", "flag"),
        (F::How, "how", "how"),
        (F::Option, "option", "option"),
        (F::OptValue, "value", "opt-value"),
    ];
    let mut ids = HashSet::new();
    for (field, label, id) in table {
        assert_eq!(field.label(), label);
        assert_eq!(field.id(), id);
        assert!(id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        assert!(ids.insert(id));
    }
}

#[test]
fn kind_of_an_op_round_trips_through_the_form() {
    let sock = snapshot(SockType::Stream, None, None, None);
    for kind in OpKind::ALL {
        let mut form = Form::new(kind);
        form.port = "7000".into();
        let op = form
            .build(Some(&sock))
            .unwrap_or_else(|e| panic!("{}: {e}", kind.name()));
        assert_eq!(op.name(), kind.name());
        assert_eq!(OpKind::of(&op), Some(kind));
    }
    assert_eq!(OpKind::of(&Op::Gethostname), None);
    assert_eq!(OpKind::of(&Op::Getdefaulttimeout), None);
}

fn addr(port: u16) -> Option<SockAddr> {
    Some(SockAddr {
        ip: "127.0.0.1".into(),
        port,
    })
}

fn snapshot(
    kind: SockType,
    local: Option<SockAddr>,
    peer: Option<SockAddr>,
    tcp_state: Option<TcpState>,
) -> SocketSnapshot {
    SocketSnapshot {
        kind,
        local,
        peer,
        tcp_state,
        ..crate::testing::snap(1)
    }
}

fn suggestions(sock: Option<&SocketSnapshot>) -> Vec<OpKind> {
    OpKind::ALL
        .into_iter()
        .filter(|&k| suggested(k, sock))
        .collect()
}

#[test]
fn suggestions_follow_the_sockets_state() {
    use SockType::{Dgram, Stream};
    use TcpState as T;
    let table: Vec<(&str, SocketSnapshot, Vec<OpKind>)> = vec![
        (
            "fresh TCP",
            snapshot(Stream, None, None, None),
            vec![
                K::Bind,
                K::Connect,
                K::ConnectEx,
                K::Close,
                K::Settimeout,
                K::Setblocking,
                K::Setsockopt,
            ],
        ),
        (
            "fresh TCP, state CLOSE",
            snapshot(Stream, None, None, Some(T::Close)),
            vec![
                K::Bind,
                K::Connect,
                K::ConnectEx,
                K::Close,
                K::Settimeout,
                K::Setblocking,
                K::Setsockopt,
            ],
        ),
        (
            "bound TCP",
            snapshot(Stream, addr(9000), None, Some(T::Close)),
            vec![
                K::Listen,
                K::Connect,
                K::ConnectEx,
                K::Close,
                K::Getsockname,
            ],
        ),
        (
            "listening",
            snapshot(Stream, addr(9000), None, Some(T::Listen)),
            vec![K::Accept, K::Close, K::Settimeout, K::Getsockname],
        ),
        (
            "connecting",
            snapshot(Stream, addr(40000), None, Some(T::SynSent)),
            vec![K::Connect, K::ConnectEx, K::Close],
        ),
        (
            "established",
            snapshot(Stream, addr(40000), addr(7000), Some(T::Established)),
            vec![
                K::Send,
                K::Sendall,
                K::Recv,
                K::Shutdown,
                K::Close,
                K::Settimeout,
                K::Getpeername,
            ],
        ),
        (
            "peer closed",
            snapshot(Stream, addr(40000), addr(7000), Some(T::CloseWait)),
            vec![K::Send, K::Sendall, K::Recv, K::Close],
        ),
        (
            "we shut down writing",
            snapshot(Stream, addr(40000), addr(7000), Some(T::FinWait2)),
            vec![K::Recv, K::Close],
        ),
        (
            "last ack",
            snapshot(Stream, addr(40000), addr(7000), Some(T::LastAck)),
            vec![K::Close],
        ),
        (
            "time wait",
            snapshot(Stream, addr(40000), None, Some(T::TimeWait)),
            vec![K::Close],
        ),
        (
            "fresh UDP",
            snapshot(Dgram, None, None, None),
            vec![
                K::Bind,
                K::Connect,
                K::Sendto,
                K::Close,
                K::Settimeout,
                K::Setblocking,
                K::Setsockopt,
            ],
        ),
        (
            "bound UDP",
            snapshot(Dgram, addr(9000), None, None),
            vec![
                K::Connect,
                K::Sendto,
                K::Recvfrom,
                K::Close,
                K::Settimeout,
                K::Setblocking,
                K::Getsockname,
            ],
        ),
        (
            "connected UDP",
            snapshot(Dgram, addr(40000), addr(7000), None),
            vec![K::Recv, K::Recvfrom, K::Close, K::Getpeername, K::Send],
        ),
    ];
    for (what, sock, expected) in table {
        let mut got = suggestions(Some(&sock));
        let mut expected = expected;
        got.sort_by_key(|k| k.name());
        expected.sort_by_key(|k| k.name());
        assert_eq!(got, expected, "{what}");
        assert!(!suggested(K::Socket, Some(&sock)), "{what}");
    }
}

#[test]
fn with_no_socket_only_socket_is_suggested() {
    assert_eq!(suggestions(None), [K::Socket]);
    let mut closed = snapshot(SockType::Stream, None, None, None);
    closed.closed = true;
    assert_eq!(suggestions(Some(&closed)), [K::Socket]);
}
