use crate::builder::*;
use shared::{
    Address, ExceptionClass, Family, Op, PyError, ShutdownHow, SockOpt, SockType, SocketId,
    SocketSnapshot,
};

pub(super) const S1: SocketId = SocketId(1);

pub(super) fn sock(family: Family, kind: SockType) -> SocketSnapshot {
    SocketSnapshot {
        family,
        kind,
        ..crate::testing::snap(S1.0)
    }
}

pub(super) fn tcp4() -> SocketSnapshot {
    sock(Family::Inet, SockType::Stream)
}

/// What a build gives, as one string: the op's Python line, or the field
/// and the error's text (`port: OverflowError: …` / `port: input: …`).
pub(super) fn outcome(form: &Form, s: &SocketSnapshot) -> String {
    match form.build(Some(s)) {
        Ok(op) => crate::python::call_line(&op, None),
        Err(Invalid {
            field,
            kind: InvalidKind::Python(e),
        }) => format!("{}: {e}", field.id()),
        Err(Invalid {
            field,
            kind: InvalidKind::Input(m),
        }) => format!("{}: input: {m}", field.id()),
    }
}

pub(super) fn with(kind: OpKind, edit: impl FnOnce(&mut Form)) -> Form {
    let mut form = Form::new(kind);
    edit(&mut form);
    form
}

#[test]
fn defaults_are_a_course_example() {
    let f = Form::new(OpKind::Connect);
    assert_eq!(f.kind, OpKind::Connect);
    assert_eq!((f.family, f.sock_type), (Family::Inet, SockType::Stream));
    assert_eq!((f.host.as_str(), f.port.as_str()), ("127.0.0.1", "7000"));
    assert_eq!(Form::new(OpKind::Bind).port, "");
    assert_eq!(Form::new(OpKind::Sendto).port, "7000");
    assert_eq!(f.backlog, "");
    assert_eq!(f.bufsize, "1024");
    assert_eq!(f.timeout, "2.0");
    assert!(!f.flag);
    assert_eq!(f.how, ShutdownHow::Write);
    assert_eq!((f.option, f.opt_value.as_str()), (SockOpt::ReuseAddr, "1"));
    assert_eq!(f.data_format, PayloadFormat::Text);
    assert_eq!(describe(&f.data, f.data_format), "6 bytes (bytes literal)");
    assert_eq!(Form::default(), Form::new(OpKind::Socket));
}

#[test]
fn every_kind_builds_from_its_defaults() {
    let s = tcp4();
    #[rustfmt::skip]
    let table = [
        (OpKind::Socket, "socket.socket(socket.AF_INET, socket.SOCK_STREAM)"),
        (OpKind::Listen, "s1.listen()"),
        (OpKind::Accept, "conn, addr = s1.accept()"),
        (OpKind::Connect, "s1.connect(('127.0.0.1', 7000))"),
        (OpKind::ConnectEx, "s1.connect_ex(('127.0.0.1', 7000))"),
        (OpKind::Send, r"s1.send(b'hello\n')"),
        (OpKind::Sendall, r"s1.sendall(b'hello\n')"),
        (OpKind::Recv, "s1.recv(1024)"),
        (OpKind::Sendto, r"s1.sendto(b'hello\n', ('127.0.0.1', 7000))"),
        (OpKind::Recvfrom, "s1.recvfrom(1024)"),
        (OpKind::Shutdown, "s1.shutdown(socket.SHUT_WR)"),
        (OpKind::Close, "s1.close()"),
        (OpKind::Settimeout, "s1.settimeout(2.0)"),
        (OpKind::Setblocking, "s1.setblocking(False)"),
        (OpKind::Gettimeout, "s1.gettimeout()"),
        (OpKind::Setsockopt, "s1.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)"),
        (OpKind::Getsockopt, "s1.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)"),
        (OpKind::Getsockname, "s1.getsockname()"),
        (OpKind::Getpeername, "s1.getpeername()"),
        (OpKind::Fileno, "s1.fileno()"),
    ];
    for (kind, line) in table {
        assert_eq!(outcome(&Form::new(kind), &s), line, "{}", kind.name());
    }
    // bind has no default port: the learner picks the one to serve on.
    assert_eq!(
        outcome(&Form::new(OpKind::Bind), &s),
        "port: input: type the port to bind, e.g. 9000, or 0 to let the kernel pick one"
    );
}

#[test]
fn the_form_carries_every_choice_into_the_op() {
    let s = tcp4();
    let f = with(OpKind::Socket, |f| {
        f.family = Family::Inet6;
        f.sock_type = SockType::Dgram;
    });
    assert_eq!(
        f.build(None),
        Ok(Op::Socket {
            family: Family::Inet6,
            kind: SockType::Dgram
        })
    );
    // A picked socket does not matter to socket().
    assert_eq!(f.build(Some(&s)), f.build(None));
    let f = with(OpKind::Bind, |f| {
        f.host = String::new();
        f.port = "0".into();
    });
    assert_eq!(
        f.build(Some(&s)),
        Ok(Op::Bind {
            sock: S1,
            addr: Address::new("", 0)
        })
    );
    let f = with(OpKind::Setblocking, |f| f.flag = true);
    assert_eq!(outcome(&f, &s), "s1.setblocking(True)");
    let f = with(OpKind::Shutdown, |f| f.how = ShutdownHow::Both);
    assert_eq!(outcome(&f, &s), "s1.shutdown(socket.SHUT_RDWR)");
    let f = with(OpKind::Getsockopt, |f| f.option = SockOpt::TcpNoDelay);
    assert_eq!(
        outcome(&f, &s),
        "s1.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)"
    );
    let f = with(OpKind::Send, |f| {
        f.data = "68 69".into();
        f.data_format = PayloadFormat::Hex;
    });
    assert_eq!(outcome(&f, &s), "s1.send(b'hi')");
    let f = with(OpKind::Sendall, |f| f.data = "héllo".into());
    assert_eq!(outcome(&f, &s), r"s1.sendall(b'h\xc3\xa9llo')");
}

#[test]
fn a_method_needs_a_socket() {
    let err = Form::new(OpKind::Recv).build(None);
    assert_eq!(
        err,
        Err(Invalid {
            field: Field::Socket,
            kind: InvalidKind::Input(
                "recv() is a method of a socket: pick one, or create one with socket() first"
                    .into()
            ),
        })
    );
}

/// `(kind, family, host, port)` → outcome, each checked against CPython
/// 3.11 (`OverflowError` only where CPython raises it before resolving
/// anything that could fail first; otherwise sent, for the relay).
#[test]
fn addresses_are_checked_in_cpythons_order() {
    use Family::{Inet, Inet6};
    use OpKind::{Bind, Connect, ConnectEx, Sendto};
    #[rustfmt::skip]
    let table = [
        (Bind, Inet, "127.0.0.1", "70000", "port: OverflowError: bind(): port must be 0-65535."),
        (Bind, Inet, "127.0.0.1", "-1", "port: OverflowError: bind(): port must be 0-65535."),
        (Bind, Inet, "127.0.0.1", "65536", "port: OverflowError: bind(): port must be 0-65535."),
        (Bind, Inet, "127.0.0.1", "99999999999999999999", "port: OverflowError: bind(): port must be 0-65535."),
        (Bind, Inet, "127.0.0.1", "-99999999999999999999", "port: OverflowError: bind(): port must be 0-65535."),
        (Connect, Inet, "127.0.0.1", "70000", "port: OverflowError: connect(): port must be 0-65535."),
        (ConnectEx, Inet, "127.0.0.1", "70000", "port: OverflowError: connect_ex(): port must be 0-65535."),
        (Sendto, Inet, "127.0.0.1", "70000", "port: OverflowError: sendto(): port must be 0-65535."),
        (Bind, Inet, "", "70000", "port: OverflowError: bind(): port must be 0-65535."),
        (Bind, Inet, "<broadcast>", "70000", "port: OverflowError: bind(): port must be 0-65535."),
        (Bind, Inet, "255.255.255.255", "-1", "port: OverflowError: bind(): port must be 0-65535."),
        (Bind, Inet6, "::1", "70000", "port: OverflowError: bind(): port must be 0-65535."),
        (Bind, Inet6, "", "70000", "port: OverflowError: bind(): port must be 0-65535."),
        (Bind, Inet6, "::ffff:127.0.0.1", "70000", "port: OverflowError: bind(): port must be 0-65535."),
        // Beyond a C int, the port fails while the tuple is parsed: before
        // any resolving.
        (Bind, Inet, "localhost", "2147483648", "port: OverflowError: bind(): port must be 0-65535."),
        (Bind, Inet, "nonexist.invalid", "99999999999999999999", "port: OverflowError: bind(): port must be 0-65535."),
        (Bind, Inet6, "127.0.0.1", "-2147483649", "port: OverflowError: bind(): port must be 0-65535."),
        // Within a C int, CPython resolves the host first: its error (a
        // gaierror, `address family mismatched`) or the OverflowError is
        // the relay's to report.
        (Bind, Inet, "localhost", "70000", "s1.bind(('localhost', 70000))"),
        (Bind, Inet, "::1", "70000", "s1.bind(('::1', 70000))"),
        (Bind, Inet6, "127.0.0.1", "70000", "s1.bind(('127.0.0.1', 70000))"),
        (Bind, Inet6, "<broadcast>", "70000", "s1.bind(('<broadcast>', 70000))"),
        (Bind, Inet6, "fe80::1%lo", "70000", "s1.bind(('fe80::1%lo', 70000))"),
        (Bind, Inet, " 127.0.0.1", "70000", "s1.bind((' 127.0.0.1', 70000))"),
        (Bind, Inet, "2147483647", "-2147483648", "s1.bind(('2147483647', -2147483648))"),
        // A non-ASCII host is IDNA-encoded before the port is parsed, and
        // that may fail instead: sent, saturated (still beyond a C int).
        (Bind, Inet, "bücher.example", "99999999999999999999", "s1.bind(('bücher.example', 9223372036854775807))"),
        (Bind, Inet, "bücher.example", "7000.0", "port: input: the port must be a whole number from 0 to 65535, e.g. 7000"),
        // Valid ports, including 0 (the kernel picks, or refuses).
        (Bind, Inet, "127.0.0.1", "0", "s1.bind(('127.0.0.1', 0))"),
        (Bind, Inet, "127.0.0.1", "65535", "s1.bind(('127.0.0.1', 65535))"),
        (Connect, Inet, "127.0.0.1", "0", "s1.connect(('127.0.0.1', 0))"),
        (Connect, Inet, "127.0.0.1", " 7000 ", "s1.connect(('127.0.0.1', 7000))"),
        (Connect, Inet, "127.0.0.1", "+7000", "s1.connect(('127.0.0.1', 7000))"),
        (Connect, Inet6, "::1", "7000", "s1.connect(('::1', 7000))"),
        // What CPython says for a float; what we say for no number at all.
        (Bind, Inet, "127.0.0.1", "7000.0", "port: TypeError: 'float' object cannot be interpreted as an integer"),
        (Connect, Inet, "127.0.0.1", "7e3", "port: TypeError: 'float' object cannot be interpreted as an integer"),
        (Connect, Inet, "127.0.0.1", "abc", "port: input: the port must be a whole number from 0 to 65535, e.g. 7000"),
        (Connect, Inet, "127.0.0.1", "0x1b58", "port: input: the port must be a whole number from 0 to 65535, e.g. 7000"),
        (Connect, Inet, "127.0.0.1", "", "port: input: type the port to reach, e.g. 7000"),
        (Bind, Inet, "127.0.0.1", "  ", "port: input: type the port to bind, e.g. 9000, or 0 to let the kernel pick one"),
        // The host is checked first of all.
        (Bind, Inet, "a\0b", "7000.0", "host: TypeError: host name must not contain null character"),
        (Connect, Inet, "a\0b", "7000", "host: TypeError: host name must not contain null character"),
    ];
    for (kind, family, host, port, expected) in table {
        let f = with(kind, |f| {
            f.host = host.into();
            f.port = port.into();
        });
        let s = sock(family, SockType::Stream);
        assert_eq!(
            outcome(&f, &s),
            expected,
            "{}(({host:?}, {port}))",
            kind.name()
        );
    }
}

#[test]
fn sendto_checks_its_data_before_its_address() {
    let f = with(OpKind::Sendto, |f| {
        f.data = r"b'\x4'".into();
        f.port = "70000".into();
    });
    assert_eq!(
        outcome(&f, &sock(Family::Inet, SockType::Dgram)),
        r"data: input: SyntaxError: (value error) invalid \x escape at position 0"
    );
    let f = with(OpKind::Send, |f| f.data = "b'é'".into());
    assert_eq!(
        outcome(&f, &tcp4()),
        "data: input: SyntaxError: bytes can only contain ASCII literal characters"
    );
}

#[test]
fn python_errors_and_input_errors_display_as_the_page_shows_them() {
    let python = Invalid {
        field: Field::Port,
        kind: InvalidKind::Python(PyError::plain(
            ExceptionClass::OverflowError,
            "bind(): port must be 0-65535.",
        )),
    };
    assert_eq!(
        python.to_string(),
        "OverflowError: bind(): port must be 0-65535."
    );
    let input = Invalid {
        field: Field::Port,
        kind: InvalidKind::Input("type the port to reach, e.g. 7000".into()),
    };
    assert_eq!(input.to_string(), "type the port to reach, e.g. 7000");
    assert_eq!(InputError("x".into()).to_string(), "x");
}
