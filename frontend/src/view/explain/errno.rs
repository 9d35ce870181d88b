//! One sentence per errno, shaped by the call that failed: `ECONNRESET`
//! means something different to `recv` than to `connect`.

/// The sentence for an errno raised by `op`, or `None` for an errno this
/// table does not know (the caller then falls back to a generic sentence).
pub(super) fn sentence(name: &str, op: &str) -> Option<String> {
    let raised = raised(op);
    let op = base_op(op);
    let s = match name {
        "EAGAIN" | "EWOULDBLOCK" => would_block(op, raised),
        "EINPROGRESS" => format!("The socket is non-blocking, so {op} started the TCP handshake and {raised} at once; the connection completes in the background, and a later send or getsockopt(SOL_SOCKET, SO_ERROR) tells you how it went."),
        "EALREADY" => format!("A non-blocking connect on this socket is still in progress, so {op} cannot start another one until the first has finished."),
        "ECONNREFUSED" if op == "connect" => "Nothing is listening on that port, so the peer's kernel answered the connection request with a reset (RST).".into(),
        "ECONNREFUSED" => format!("An earlier datagram went to a port where nothing listens; the other host answered with an ICMP \"port unreachable\" message, and {op} on this connected UDP socket reports it."),
        "EADDRINUSE" => addr_in_use(op),
        "ECONNRESET" => conn_reset(op),
        "ECONNABORTED" if op == "accept" => "A client gave up (reset its connection) while it waited in the accept queue, before accept picked it up.".into(),
        "ECONNABORTED" => format!("The connection was aborted by this machine's own network stack, so {op} cannot use it any more."),
        "EPIPE" => format!("There is no connection left to write to from this side (it was never connected, was shut down for writing with shutdown(SHUT_WR), or the peer reset it), so {op} {raised} instead of sending."),
        "ESHUTDOWN" => format!("This socket was shut down for writing (shutdown(SHUT_WR) or SHUT_RDWR), so {op} cannot send on it any more."),
        "ENOTCONN" => not_connected(op),
        "EISCONN" if op == "connect" => "This socket is already connected, and a TCP socket connects only once: make a new socket for another connection.".into(),
        "EISCONN" => format!("The socket is already connected, so {op} cannot send to another address: use send, or a new socket."),
        "EINVAL" => invalid(op),
        "EBADF" => format!("The socket has been closed, so its file descriptor no longer refers to anything and {op} cannot use it."),
        "ENOTSOCK" => format!("That file descriptor is not a socket, so {op} cannot act on it."),
        "EAFNOSUPPORT" if op == "socket" => "The relay's machine does not support this address family (IPv6 may be turned off there), so the socket could not be created.".into(),
        "EAFNOSUPPORT" => format!("The address belongs to another family than the socket (an IPv6 address on an AF_INET socket, or the other way round), so {op} cannot use it."),
        "EADDRNOTAVAIL" if op == "bind" => "That IP address does not belong to any network interface of the relay's machine, so no socket can be bound to it.".into(),
        "EADDRNOTAVAIL" => format!("The kernel could not find a local address and port for {op} to use (the ephemeral ports may be used up, or the destination cannot be reached from any local address)."),
        "EDESTADDRREQ" => format!("This datagram socket has no default destination, so {op} does not know where to send: use sendto with an address, or connect the socket first."),
        "EMSGSIZE" => format!("The datagram is bigger than the largest one this socket can send (a UDP datagram carries at most about 64 KiB), and UDP sends a datagram whole or not at all, so {op} sent nothing."),
        "EACCES" if op == "bind" => "Ports below 1024 are privileged, and the relay is not allowed to bind them (that needs root or CAP_NET_BIND_SERVICE).".into(),
        "EACCES" | "EPERM" => format!("The operating system did not give the relay permission for this {op} (a privileged port or a firewall rule, for example)."),
        "ENETUNREACH" => format!("The relay's machine has no route to that network (for example it has no IPv6 connectivity), so {op} could not even send a packet."),
        "EHOSTUNREACH" => format!("No route to that host: the network reported it cannot be reached (or a firewall said so), so {op} {raised}."),
        "ENETDOWN" => format!("The network interface {op} needed is down."),
        "ETIMEDOUT" if op == "connect" => "The other host never answered the connection request (SYN), even after the kernel's retries, so connect gave up.".into(),
        "ETIMEDOUT" => format!("The peer stopped acknowledging data (or keepalive probes) for too long, so the kernel declared the connection dead and {op} {raised}."),
        "EOPNOTSUPP" if matches!(op, "listen" | "accept") => format!("A datagram (UDP) socket has no connections, so it cannot {op}: receive with recvfrom instead."),
        "EOPNOTSUPP" => format!("This kind of socket does not support {op}."),
        "ENOPROTOOPT" => format!("The socket does not know that option at that level, so {op} cannot use it."),
        "EPROTONOSUPPORT" | "EPROTOTYPE" => format!("That protocol does not go with this socket's family and type, so {op} {raised}."),
        "EMFILE" => "The relay's process has run out of file descriptors, so no new socket could be opened.".into(),
        "ENOBUFS" | "ENOMEM" => format!("The kernel ran out of memory for socket buffers, so {op} could not run."),
        "EINTR" => format!("A signal interrupted {op} before it finished."),
        _ => return None,
    };
    Some(s)
}

/// What the call did with the error: `connect_ex` returns the errno instead
/// of raising it, everything else raises.
fn raised(op: &str) -> &'static str {
    if op == "connect_ex" {
        "returned the error code"
    } else {
        "raised"
    }
}

/// The op whose meaning an errno takes: `connect_ex` fails as `connect`.
fn base_op(op: &str) -> &str {
    if op == "connect_ex" {
        "connect"
    } else {
        op
    }
}

fn would_block(op: &str, raised: &str) -> String {
    let waiting_for = match op {
        "recv" | "recvfrom" => "no data had arrived",
        "accept" => "no connection was waiting in the accept queue",
        "send" | "sendall" | "sendto" => {
            "its send buffer was full (the peer is not reading fast enough)"
        }
        "connect" => "the connection could not be set up at once",
        _ => "the call would have had to wait",
    };
    format!(
        "The socket is non-blocking and {waiting_for}, so {op} {raised} at once instead of waiting."
    )
}

fn addr_in_use(op: &str) -> String {
    match op {
        "listen" => "Another socket is already listening on this address and port; SO_REUSEADDR lets a socket bind a port still in TIME_WAIT, but only one socket may listen on it.".into(),
        "connect" => "Another connection already uses the same local and remote address and port, so the kernel cannot make a second identical one.".into(),
        _ => "Another socket is already bound to this address and port (or a recently closed connection on it is still in TIME_WAIT); set SO_REUSEADDR before bind to reuse a port in TIME_WAIT (on Linux the old socket must have had it too).".into(),
    }
}

fn conn_reset(op: &str) -> String {
    match op {
        "recv" | "recvfrom" => "The peer aborted the connection with a reset (RST), for example by closing with unread data or with SO_LINGER set to 0, so data still in flight is lost.".into(),
        "send" | "sendall" | "sendto" => format!("The peer aborted the connection with a reset (RST), so {op} cannot deliver anything more on it."),
        "connect" => "The other host answered the connection request with a reset (RST) while it was being set up.".into(),
        _ => format!("The peer aborted the connection with a reset (RST), so {op} failed."),
    }
}

fn not_connected(op: &str) -> String {
    match op {
        "getpeername" => "The socket is not connected, so it has no peer address to report.".into(),
        "shutdown" => "shutdown closes one direction of a connection, and this socket is not connected.".into(),
        _ => format!("The socket is not connected: a TCP socket needs connect (or must come from accept) before {op} can use it."),
    }
}

fn invalid(op: &str) -> String {
    match op {
        "bind" => "This socket already has an address (a socket is bound only once, and connect or listen may have bound it already), so bind cannot give it another.".into(),
        "accept" => "accept only works on a listening socket: call listen on it first.".into(),
        "listen" => "listen only works on a socket that is not connected; this one is already connected.".into(),
        "setsockopt" | "getsockopt" => format!("The kernel does not accept that option value for this socket, so {op} failed."),
        _ => format!("The kernel refused {op} because an argument does not fit the socket's type or current state."),
    }
}
