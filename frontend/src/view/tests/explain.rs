use crate::view::explain::{eof_note, explain};
use shared::{ExceptionClass, PyError};

/// The explanation of errno `name` raised by `op`.
fn os(name: &str, op: &str) -> String {
    let n = shared::errno::number(name).unwrap_or_else(|| panic!("unknown errno {name}"));
    explain(&PyError::from_errno(n), op)
}

fn plain(class: ExceptionClass, msg: &str, op: &str) -> String {
    explain(&PyError::plain(class, msg), op)
}

#[test]
fn the_briefs_sentences() {
    assert_eq!(
        os("EAGAIN", "recv"),
        "The socket is non-blocking and no data had arrived, so recv raised at once instead of waiting."
    );
    assert_eq!(
        os("ECONNREFUSED", "connect"),
        "Nothing is listening on that port, so the peer's kernel answered the connection request with a reset (RST)."
    );
    assert_eq!(
        explain(&PyError::timed_out(), "recv"),
        "No data arrived within the socket's timeout (settimeout), so the call gave up."
    );
    assert_eq!(
        eof_note(),
        "The peer closed its side (EOF): recv returns b'' and will keep returning it."
    );
    let in_use = os("EADDRINUSE", "bind");
    assert!(in_use.starts_with("Another socket is already bound to this address and port"));
    assert!(in_use.contains("SO_REUSEADDR"));
}

#[test]
fn would_block_names_what_it_waited_for() {
    assert!(os("EAGAIN", "recvfrom").contains("no data had arrived, so recvfrom raised"));
    assert!(os("EAGAIN", "accept").contains("no connection was waiting in the accept queue"));
    for op in ["send", "sendall", "sendto"] {
        assert!(os("EAGAIN", op).contains("send buffer was full"), "{op}");
    }
    assert!(os("EAGAIN", "connect").contains("could not be set up at once"));
    assert!(os("EAGAIN", "shutdown").contains("would have had to wait, so shutdown raised"));
    let wouldblock = PyError {
        class: ExceptionClass::BlockingIOError,
        errno: Some(11),
        errno_name: Some("EWOULDBLOCK".into()),
        message: "[Errno 11] Resource temporarily unavailable".into(),
    };
    assert_eq!(explain(&wouldblock, "recv"), os("EAGAIN", "recv"));
}

#[test]
fn connect_ex_returns_rather_than_raises() {
    let s = os("EINPROGRESS", "connect_ex");
    assert!(s.contains("so connect started the TCP handshake and returned the error code at once"));
    assert!(os("EINPROGRESS", "connect").contains("handshake and raised at once"));
    assert_eq!(
        os("ECONNREFUSED", "connect_ex"),
        os("ECONNREFUSED", "connect")
    );
    assert!(os("EALREADY", "connect").contains("still in progress, so connect cannot start"));
}

#[test]
fn refused_reset_and_aborted_depend_on_the_call() {
    assert!(os("ECONNREFUSED", "recv").contains("ICMP \"port unreachable\""));
    assert!(os("ECONNREFUSED", "recv").contains("recv on this connected UDP socket"));
    assert!(os("ECONNRESET", "recv").contains("data still in flight is lost"));
    assert!(os("ECONNRESET", "recvfrom").contains("SO_LINGER set to 0"));
    assert!(os("ECONNRESET", "sendall").contains("so sendall cannot deliver anything more"));
    assert!(os("ECONNRESET", "connect").contains("while it was being set up"));
    assert!(os("ECONNRESET", "shutdown").contains("so shutdown failed"));
    assert!(os("ECONNABORTED", "accept").contains("before accept picked it up"));
    assert!(os("ECONNABORTED", "recv").contains("own network stack, so recv"));
}

#[test]
fn address_in_use_depends_on_the_call() {
    assert!(os("EADDRINUSE", "listen").contains("only one socket may listen"));
    assert!(os("EADDRINUSE", "connect").contains("second identical one"));
    assert_eq!(os("EADDRINUSE", "sendto"), os("EADDRINUSE", "bind"));
}

#[test]
fn writing_to_nothing() {
    let pipe = os("EPIPE", "send");
    assert!(pipe.contains("never connected"));
    assert!(pipe.contains("shutdown(SHUT_WR)"));
    assert!(pipe.ends_with("so send raised instead of sending."));
    assert!(os("ESHUTDOWN", "sendall").contains("so sendall cannot send"));
    assert!(os("EDESTADDRREQ", "send").contains("use sendto with an address"));
    assert!(os("EMSGSIZE", "sendto").contains("whole or not at all, so sendto sent nothing"));
}

#[test]
fn not_connected_depends_on_the_call() {
    assert!(os("ENOTCONN", "recv").contains("before recv can use it"));
    assert!(os("ENOTCONN", "getpeername").contains("no peer address"));
    assert!(os("ENOTCONN", "shutdown").starts_with("shutdown closes one direction"));
    assert!(os("EISCONN", "connect").contains("connects only once"));
    assert!(os("EISCONN", "connect_ex").contains("connects only once"));
    assert!(os("EISCONN", "sendto").contains("so sendto cannot send to another address"));
}

#[test]
fn invalid_argument_depends_on_the_call() {
    assert!(os("EINVAL", "bind").contains("bound only once"));
    assert!(os("EINVAL", "accept").contains("call listen on it first"));
    assert!(os("EINVAL", "listen").contains("already connected"));
    assert!(os("EINVAL", "setsockopt").contains("so setsockopt failed"));
    assert!(os("EINVAL", "getsockopt").contains("so getsockopt failed"));
    assert!(os("EINVAL", "shutdown").contains("refused shutdown because"));
}

#[test]
fn descriptors_families_and_addresses() {
    assert!(os("EBADF", "recv").contains("closed, so its file descriptor"));
    assert!(os("ENOTSOCK", "recv").contains("not a socket"));
    assert!(os("EAFNOSUPPORT", "socket").contains("IPv6 may be turned off"));
    assert!(os("EAFNOSUPPORT", "connect").contains("an IPv6 address on an AF_INET socket"));
    assert!(os("EADDRNOTAVAIL", "bind").contains("does not belong to any network interface"));
    assert!(os("EADDRNOTAVAIL", "connect").contains("ephemeral ports"));
}

#[test]
fn permissions_routes_and_timeouts() {
    assert!(os("EACCES", "bind").contains("below 1024 are privileged"));
    assert!(os("EACCES", "sendto").contains("permission for this sendto"));
    assert!(os("EPERM", "connect").contains("firewall"));
    assert!(os("ENETUNREACH", "connect").contains("no route to that network"));
    assert!(os("EHOSTUNREACH", "connect").contains("so connect raised"));
    assert!(os("ENETDOWN", "sendto").contains("interface sendto needed is down"));
    assert!(os("ETIMEDOUT", "connect").contains("never answered the connection request (SYN)"));
    assert!(os("ETIMEDOUT", "recv").contains("declared the connection dead and recv raised"));
}

#[test]
fn unsupported_and_resource_errors() {
    assert!(os("EOPNOTSUPP", "listen").contains("so it cannot listen"));
    assert!(os("EOPNOTSUPP", "accept").contains("so it cannot accept"));
    assert!(os("EOPNOTSUPP", "shutdown").contains("does not support shutdown"));
    assert!(os("ENOPROTOOPT", "setsockopt").contains("so setsockopt cannot use it"));
    assert!(os("EPROTONOSUPPORT", "socket").contains("so socket raised"));
    assert!(os("EPROTOTYPE", "socket").contains("does not go with"));
    assert!(os("EMFILE", "socket").contains("out of file descriptors"));
    assert!(os("ENOBUFS", "send").contains("out of memory"));
    assert!(os("ENOMEM", "send").contains("out of memory"));
    assert!(os("EINTR", "accept").contains("interrupted accept"));
}

#[test]
fn unknown_errnos_get_a_generic_sentence() {
    assert_eq!(
        os("ENOENT", "bind"),
        "The operating system answered bind with the error ENOENT (\"No such file or directory\"), so Python raised OSError."
    );
    assert_eq!(
        os("EFAULT", "recv"),
        "The operating system answered recv with the error EFAULT (\"Bad address\"), so Python raised OSError."
    );
    // The name is looked up from the number when the relay did not send it.
    let mut e = PyError::from_errno(111);
    e.errno_name = None;
    assert_eq!(explain(&e, "connect"), os("ECONNREFUSED", "connect"));
    // An errno no table knows, and a message without the `[Errno N]` part.
    let odd = PyError {
        class: ExceptionClass::OSError,
        errno: Some(4242),
        errno_name: Some("EWEIRD".into()),
        message: "Something odd".into(),
    };
    assert_eq!(
        explain(&odd, "recv"),
        "The operating system answered recv with the error EWEIRD (\"Something odd\"), so Python raised OSError."
    );
    let unterminated = PyError {
        message: "[Errno 4242".into(),
        ..odd
    };
    assert!(explain(&unterminated, "recv").contains("(\"4242\")"));
}

#[test]
fn timeouts_by_call() {
    let t = |op: &str| explain(&PyError::timed_out(), op);
    assert_eq!(t("recvfrom"), t("recv"));
    assert!(t("accept").starts_with("No client connected"));
    assert!(t("connect").contains("so connect gave up"));
    assert_eq!(t("connect_ex"), t("connect"));
    assert!(t("sendall").contains("part of the data may already have been sent"));
    assert!(t("send").contains("and send gave up"));
    assert!(t("sendto").contains("and sendto gave up"));
    assert!(t("shutdown").contains("so shutdown gave up"));
    // ETIMEDOUT from the kernel is a different story.
    assert!(os("ETIMEDOUT", "recv").contains("kernel declared"));
}

#[test]
fn overflow_errors() {
    let port = "Valid ports are 0–65535 (a port is a 16-bit number; 0 asks the kernel to pick a free one), so Python raised before making any system call.";
    use ExceptionClass::OverflowError as O;
    assert_eq!(plain(O, "bind(): port must be 0-65535.", "bind"), port);
    assert_eq!(
        plain(O, "getservbyport: port must be 0-65535.", "getservbyport"),
        port
    );
    assert_eq!(
        plain(O, "signed integer is greater than maximum", "getservbyport"),
        port
    );
    assert!(plain(O, "timeout doesn't fit into C timeval", "settimeout").contains("time value"));
    assert!(
        plain(O, "Python int too large to convert to C int", "setsockopt")
            .contains("too large for the C integer")
    );
}

#[test]
fn value_and_type_errors() {
    use ExceptionClass::{TypeError as T, ValueError as V};
    let idna = "encoding with 'idna' codec failed (UnicodeError: label too long)";
    assert!(plain(V, idna, "getaddrinfo").contains("cannot be encoded for the DNS"));
    assert!(plain(V, "embedded null character", "getservbyname").contains("NUL"));
    assert_eq!(
        plain(V, "negative buffersize in recv", "recv"),
        "The buffer size must not be negative: recv(n) returns at most n bytes."
    );
    assert!(plain(V, "Timeout value out of range", "settimeout").contains("0 or more, or None"));
    assert!(
        plain(V, "Invalid value NaN (not a number)", "setdefaulttimeout")
            .contains("so setdefaulttimeout refused")
    );
    assert_eq!(
        plain(V, "something else.", "bind"),
        "Python refused an argument of bind before making any system call: something else."
    );
    assert_eq!(
        plain(T, "SO_LINGER takes a struct linger", "setsockopt"),
        "An argument of setsockopt has the wrong type, so Python raised before making any system call."
    );
}

#[test]
fn errors_without_errno() {
    use ExceptionClass::OSError as O;
    assert!(
        plain(O, "service/proto not found", "getservbyname").contains("service name and protocol")
    );
    assert!(plain(O, "port/proto not found", "getservbyport").contains("that port and protocol"));
    assert!(plain(O, "protocol not found", "getprotobyname").contains("/etc/protocols"));
    assert!(plain(O, "address family mismatched", "getaddrinfo").contains("IPv4 versus IPv6"));
    assert_eq!(
        plain(O, "name resolution failed inside the relay", "getaddrinfo"),
        "Python raised OSError in getaddrinfo: name resolution failed inside the relay."
    );
}

#[test]
fn resolver_errors() {
    let gai = |code: i32, msg: &str| explain(&PyError::gai(code, msg), "getaddrinfo");
    assert!(gai(-2, "Name or service not known").contains("no DNS record"));
    assert!(gai(-3, "Temporary failure in name resolution").contains("try again"));
    assert!(gai(-5, "No address associated with hostname").contains("no address of the kind"));
    assert!(gai(-8, "Servname not supported for ai_socktype").contains("service name is not known"));
    assert!(gai(-9, "Address family for hostname not supported").contains("requested family"));
    assert_eq!(
        gai(-4, "Non-recoverable failure in name resolution"),
        "Name resolution failed: the resolver answered \"Non-recoverable failure in name resolution\"."
    );
    let herror = |code: i32, msg: &str| {
        explain(
            &PyError {
                class: ExceptionClass::Herror,
                errno: Some(code),
                errno_name: None,
                message: format!("[Errno {code}] {msg}"),
            },
            "gethostbyaddr",
        )
    };
    assert!(herror(1, "Unknown host").contains("no PTR record"));
    assert!(herror(2, "Host name lookup failure").contains("try again"));
    assert_eq!(
        herror(3, "Unknown server error"),
        "The host lookup failed: the resolver answered \"Unknown server error\"."
    );
}

#[test]
fn every_sentence_is_one_line_ending_in_a_full_stop() {
    let names = [
        "EAGAIN",
        "EINPROGRESS",
        "EALREADY",
        "ECONNREFUSED",
        "EADDRINUSE",
        "ECONNRESET",
        "EPIPE",
        "ENOTCONN",
        "EINVAL",
        "EISCONN",
        "EBADF",
        "EAFNOSUPPORT",
        "EADDRNOTAVAIL",
        "EDESTADDRREQ",
        "EMSGSIZE",
        "EACCES",
        "ENETUNREACH",
        "EHOSTUNREACH",
        "ETIMEDOUT",
        "EOPNOTSUPP",
        "ENOENT",
    ];
    let ops = [
        "connect",
        "connect_ex",
        "bind",
        "listen",
        "accept",
        "recv",
        "sendto",
        "socket",
    ];
    for name in names {
        for op in ops {
            let s = os(name, op);
            assert!(s.ends_with('.') && !s.contains('\n'), "{name} {op}: {s}");
        }
    }
}

#[test]
fn a_nul_in_a_host_is_explained_whatever_the_class() {
    let t = plain(
        ExceptionClass::TypeError,
        "host name must not contain null character",
        "connect",
    );
    assert!(t.contains("NUL"), "{t}");
    let other = plain(ExceptionClass::TypeError, "an integer is required", "bind");
    assert!(other.contains("wrong type"), "{other}");
}
