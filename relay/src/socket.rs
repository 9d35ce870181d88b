//! One learner socket: a real, kernel-owned descriptor plus the Python-level
//! state the kernel does not hold (the timeout mode).
//!
//! The descriptor itself is always non-blocking: a Python "blocking" call is
//! the relay waiting on the event loop for readiness, so a learner's blocked
//! `recv` never blocks a relay thread and `close` can cancel it.

use shared::{AcceptQueue, Family, SockAddr, SockType, SocketId, SocketSnapshot, TcpState};
use socket2::{Domain, Protocol, SockAddr as RawAddr, Socket, Type};
use std::net::SocketAddr;
use std::os::fd::{AsRawFd, IntoRawFd, RawFd};
use std::time::Duration;
use tokio::io::unix::AsyncFd;

use crate::sys;

/// A learner's socket, owned by its actor task.
#[derive(Debug)]
pub struct LearnerSocket {
    /// The session's handle for it.
    pub id: SocketId,
    /// `AF_INET` or `AF_INET6`.
    pub family: Family,
    /// `SOCK_STREAM` or `SOCK_DGRAM`.
    pub kind: SockType,
    /// The descriptor, registered with tokio's reactor for readiness.
    /// `None` only for the instant of a re-registration (see [`Self::reregister`]).
    fd: Option<AsyncFd<Socket>>,
    /// Python's timeout: `None` blocking, `Some(ZERO)` non-blocking.
    pub timeout: Option<Duration>,
    /// The address this socket's own `bind` gave it, which the policy lets
    /// the session reach until the socket closes.
    pub bound: Option<SocketAddr>,
}

impl LearnerSocket {
    /// Wraps a descriptor (from `socket()` or `accept()`), making it
    /// non-blocking at the OS level and registering it with the reactor.
    ///
    /// # Errors
    ///
    /// The errno if the descriptor cannot be set non-blocking or registered.
    pub fn new(
        id: SocketId,
        family: Family,
        kind: SockType,
        socket: Socket,
        timeout: Option<Duration>,
    ) -> Result<Self, i32> {
        socket.set_nonblocking(true).map_err(|e| errno_of(&e))?;
        let fd = sys::register(socket).map_err(|e| errno_of(&e))?;
        Ok(LearnerSocket {
            id,
            family,
            kind,
            fd: Some(fd),
            timeout,
            bound: None,
        })
    }

    /// The descriptor's registration with the reactor, for waiting.
    pub fn afd(&self) -> &AsyncFd<Socket> {
        self.fd
            .as_ref()
            .expect("registered except inside reregister")
    }

    /// Registers the descriptor with the reactor afresh.
    ///
    /// Why: epoll reports `EPOLLHUP` for a TCP socket that is not yet
    /// connected, and tokio keeps "write closed" as a final state, so a
    /// socket registered before `connect`/`listen` would look writable
    /// forever. Calling this right after those calls starts from the
    /// socket's real state.
    pub fn reregister(&mut self) {
        if let Some(afd) = self.fd.take() {
            let socket = afd.into_inner();
            match sys::register(socket) {
                Ok(afd) => self.fd = Some(afd),
                Err(e) => {
                    // Registering a descriptor that was registered a moment
                    // ago does not fail in practice; if it did, the socket
                    // could not wait any more, so say so loudly.
                    tracing::error!(cause = %e, "could not re-register a learner socket");
                }
            }
        }
    }

    /// The raw descriptor number (what `fileno()` returns).
    pub fn raw_fd(&self) -> RawFd {
        self.afd().get_ref().as_raw_fd()
    }

    /// The underlying socket, for syscalls.
    pub fn sock(&self) -> &Socket {
        self.afd().get_ref()
    }

    /// Whether Python would raise at once instead of waiting.
    pub fn non_blocking(&self) -> bool {
        self.timeout == Some(Duration::ZERO)
    }

    /// `gettimeout()` as Python returns it.
    pub fn timeout_secs(&self) -> Option<f64> {
        self.timeout.map(|d| d.as_secs_f64())
    }

    /// What the kernel says about this socket now.
    pub fn snapshot(&self) -> SocketSnapshot {
        let fd = self.raw_fd();
        let sock = self.sock();
        let local = sock
            .local_addr()
            .ok()
            .and_then(|a| a.as_socket())
            .filter(|a| a.port() != 0 || !a.ip().is_unspecified())
            .map(to_sockaddr);
        let peer = sock
            .peer_addr()
            .ok()
            .and_then(|a| a.as_socket())
            .map(to_sockaddr);
        let (tcp_state, accept_queue) = match self.kind {
            SockType::Stream => match sys::tcp_info(fd) {
                Ok(info) => {
                    let state = TcpState::from_kernel(info.state);
                    let queue = (state == Some(TcpState::Listen)).then_some(AcceptQueue {
                        len: info.unacked,
                        backlog: info.sacked,
                    });
                    (state, queue)
                }
                Err(_) => (None, None),
            },
            SockType::Dgram => (None, None),
        };
        let listening = accept_queue.is_some();
        SocketSnapshot {
            id: self.id,
            fd,
            family: self.family,
            kind: self.kind,
            local,
            peer,
            timeout: self.timeout_secs(),
            tcp_state,
            recv_queue: if listening { None } else { sys::inq(fd).ok() },
            send_queue: if listening { None } else { sys::outq(fd).ok() },
            accept_queue,
            closed: false,
        }
    }

    /// Closes the descriptor for real and reports `close()`'s result.
    ///
    /// # Errors
    ///
    /// The errno `close()` returned (the descriptor is gone either way).
    pub fn close(self) -> Result<(), i32> {
        match self.fd {
            Some(afd) => sys::close(afd.into_inner().into_raw_fd()),
            None => Ok(()),
        }
    }
}

/// Creates a real socket as Python's `socket.socket(family, type)` does
/// (protocol 0), with `SOCK_NONBLOCK | SOCK_CLOEXEC` so the relay can wait
/// on it without blocking a thread.
///
/// # Errors
///
/// The errno from `socket()`.
pub fn create(family: Family, kind: SockType) -> Result<Socket, i32> {
    let ty = match kind {
        SockType::Stream => Type::STREAM,
        SockType::Dgram => Type::DGRAM,
    };
    Socket::new(domain(family), ty.nonblocking().cloexec(), None::<Protocol>)
        .map_err(|e| errno_of(&e))
}

/// The socket2 domain for a family.
pub fn domain(family: Family) -> Domain {
    match family {
        Family::Inet => Domain::IPV4,
        Family::Inet6 => Domain::IPV6,
    }
}

/// A kernel address as the protocol reports it.
pub fn to_sockaddr(a: SocketAddr) -> SockAddr {
    SockAddr {
        ip: a.ip().to_string(),
        port: a.port(),
    }
}

/// A raw socket2 address as the protocol reports it (`None` for non-IP).
pub fn raw_to_sockaddr(a: &RawAddr) -> Option<SockAddr> {
    a.as_socket().map(to_sockaddr)
}

/// The errno inside an I/O error (`EIO` if it has none, which socket calls
/// do not produce).
pub fn errno_of(e: &std::io::Error) -> i32 {
    e.raw_os_error().unwrap_or(libc::EIO)
}
