//! The raw system calls socket2 does not wrap the way we need: `TCP_INFO`,
//! the `SIOCINQ`/`SIOCOUTQ` queue sizes, `recv`/`recvfrom` into initialised
//! buffers, integer and linger socket options with the kernel's own errno, and
//! a `close()` whose return value we can report. Everything unsafe in the relay lives here, behind safe functions.
#![allow(unsafe_code)] // FFI to libc for calls with no safe wrapper; each block says why it is sound.

use std::net::SocketAddr;
use std::os::fd::RawFd;

/// What `TCP_INFO` tells us that the page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TcpInfo {
    /// `tcpi_state` (see `shared::TcpState::from_kernel`).
    pub state: u8,
    /// On a listener: connections in the accept queue.
    pub unacked: u32,
    /// On a listener: the backlog.
    pub sacked: u32,
}

/// `getsockopt(fd, IPPROTO_TCP, TCP_INFO)`.
///
/// # Errors
///
/// The errno (e.g. `EOPNOTSUPP` on a UDP socket).
pub fn tcp_info(fd: RawFd) -> Result<TcpInfo, i32> {
    let mut info = std::mem::MaybeUninit::<libc::tcp_info>::zeroed();
    let mut len = std::mem::size_of::<libc::tcp_info>() as libc::socklen_t;
    // SAFETY: `info` is a writable buffer of `len` bytes that outlives the
    // call; the kernel writes at most `len` bytes and updates `len`.
    let ret = unsafe {
        libc::getsockopt(
            fd,
            libc::IPPROTO_TCP,
            libc::TCP_INFO,
            info.as_mut_ptr().cast(),
            &mut len,
        )
    };
    if ret != 0 {
        return Err(last_errno());
    }
    // SAFETY: zero-initialised plain-old-data, partly filled by the kernel.
    let info = unsafe { info.assume_init() };
    Ok(TcpInfo {
        state: info.tcpi_state,
        unacked: info.tcpi_unacked,
        sacked: info.tcpi_sacked,
    })
}

/// Bytes waiting to be read (`ioctl(SIOCINQ)`; for UDP, the next datagram's size).
///
/// # Errors
///
/// The errno (`EINVAL` on a listener).
pub fn inq(fd: RawFd) -> Result<u32, i32> {
    ioctl_int(fd, libc::FIONREAD)
}

/// Bytes sent but not yet acknowledged (`ioctl(SIOCOUTQ)`).
///
/// # Errors
///
/// The errno.
pub fn outq(fd: RawFd) -> Result<u32, i32> {
    ioctl_int(fd, libc::TIOCOUTQ)
}

fn ioctl_int(fd: RawFd, request: libc::Ioctl) -> Result<u32, i32> {
    let mut value: libc::c_int = 0;
    // SAFETY: both requests write one `int` through the pointer we pass.
    let ret = unsafe { libc::ioctl(fd, request, &mut value as *mut libc::c_int) };
    if ret != 0 {
        return Err(last_errno());
    }
    Ok(value.max(0) as u32)
}

/// `close(fd)`, returning what the kernel said so the trace can show it.
///
/// The caller must own `fd` and never use it again (it comes from
/// `IntoRawFd`, which gives up ownership).
pub fn close(fd: RawFd) -> Result<(), i32> {
    // SAFETY: the caller transferred ownership of `fd` to us; nothing else
    // closes or uses it afterwards.
    let ret = unsafe { libc::close(fd) };
    if ret != 0 {
        return Err(last_errno());
    }
    Ok(())
}

/// `recv(fd, buf, len, 0)` into an initialised buffer.
///
/// # Errors
///
/// The errno (`EAGAIN` when nothing is queued on a non-blocking socket).
pub fn recv(fd: RawFd, buf: &mut [u8]) -> std::io::Result<usize> {
    // SAFETY: `buf` is valid for writes of `buf.len()` bytes for the call.
    let n = unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), 0) };
    if n < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(n as usize)
}

/// `recvfrom(fd, buf, len, 0, &addr, &addrlen)` into an initialised buffer.
///
/// # Errors
///
/// The errno.
pub fn recvfrom(fd: RawFd, buf: &mut [u8]) -> std::io::Result<(usize, Option<SocketAddr>)> {
    let mut storage = std::mem::MaybeUninit::<libc::sockaddr_storage>::zeroed();
    let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    // SAFETY: `buf` is valid for `buf.len()` bytes and `storage` for `len`
    // bytes; the kernel writes within both and updates `len`.
    let n = unsafe {
        libc::recvfrom(
            fd,
            buf.as_mut_ptr().cast(),
            buf.len(),
            0,
            storage.as_mut_ptr().cast(),
            &mut len,
        )
    };
    if n < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: zero-initialised, then partly filled by the kernel.
    let storage = unsafe { storage.assume_init() };
    Ok((n as usize, sockaddr_from_storage(&storage)))
}

fn sockaddr_from_storage(storage: &libc::sockaddr_storage) -> Option<SocketAddr> {
    match storage.ss_family as libc::c_int {
        libc::AF_INET => {
            // SAFETY: the family says the storage holds a sockaddr_in, and
            // sockaddr_storage is large and aligned enough for it.
            let a =
                unsafe { &*(storage as *const libc::sockaddr_storage).cast::<libc::sockaddr_in>() };
            let ip = std::net::Ipv4Addr::from(u32::from_be(a.sin_addr.s_addr));
            Some(SocketAddr::new(ip.into(), u16::from_be(a.sin_port)))
        }
        libc::AF_INET6 => {
            // SAFETY: as above, for sockaddr_in6.
            let a = unsafe {
                &*(storage as *const libc::sockaddr_storage).cast::<libc::sockaddr_in6>()
            };
            let ip = std::net::Ipv6Addr::from(a.sin6_addr.s6_addr);
            Some(SocketAddr::new(ip.into(), u16::from_be(a.sin6_port)))
        }
        _ => None,
    }
}

/// `setsockopt(fd, level, name, &int, sizeof(int))`.
///
/// # Errors
///
/// The errno.
pub fn setsockopt_int(fd: RawFd, level: i32, name: i32, value: i32) -> std::io::Result<()> {
    // SAFETY: we pass a pointer to a live int and its exact size.
    let ret = unsafe {
        libc::setsockopt(
            fd,
            level,
            name,
            (&value as *const i32).cast(),
            std::mem::size_of::<i32>() as libc::socklen_t,
        )
    };
    if ret != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// `getsockopt(fd, level, name, &int, &len)`.
///
/// # Errors
///
/// The errno.
pub fn getsockopt_int(fd: RawFd, level: i32, name: i32) -> std::io::Result<i32> {
    let mut value: i32 = 0;
    let mut len = std::mem::size_of::<i32>() as libc::socklen_t;
    // SAFETY: we pass a writable int and its size; the kernel writes at most that.
    let ret =
        unsafe { libc::getsockopt(fd, level, name, (&mut value as *mut i32).cast(), &mut len) };
    if ret != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(value)
}

/// `setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger)`.
///
/// # Errors
///
/// The errno.
pub fn set_linger(fd: RawFd, onoff: bool, seconds: i32) -> std::io::Result<()> {
    let l = libc::linger {
        l_onoff: i32::from(onoff),
        l_linger: seconds,
    };
    // SAFETY: we pass a pointer to a live `linger` and its exact size.
    let ret = unsafe {
        libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&l as *const libc::linger).cast(),
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        )
    };
    if ret != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// `getsockopt(fd, SOL_SOCKET, SO_LINGER)` as `(onoff, seconds)`.
///
/// # Errors
///
/// The errno.
pub fn get_linger(fd: RawFd) -> std::io::Result<(bool, i32)> {
    let mut l = libc::linger {
        l_onoff: 0,
        l_linger: 0,
    };
    let mut len = std::mem::size_of::<libc::linger>() as libc::socklen_t;
    // SAFETY: we pass a writable `linger` and its size.
    let ret = unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&mut l as *mut libc::linger).cast(),
            &mut len,
        )
    };
    if ret != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok((l.l_onoff != 0, l.l_linger))
}

/// Registers a socket with tokio's reactor so the relay can wait for it.
///
/// # Errors
///
/// The I/O error if epoll refuses the descriptor.
pub fn register(
    socket: socket2::Socket,
) -> std::io::Result<tokio::io::unix::AsyncFd<socket2::Socket>> {
    // SAFETY: a `socket2::Socket` owns its descriptor: it stays open and
    // refers to the same socket until the `AsyncFd` is dropped or
    // `into_inner` gives the `Socket` back, and `as_raw_fd` never changes.
    unsafe { tokio::io::unix::AsyncFd::register(socket) }.map_err(std::io::Error::from)
}

fn last_errno() -> i32 {
    std::io::Error::last_os_error()
        .raw_os_error()
        .unwrap_or(libc::EIO)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::fd::AsRawFd;

    #[test]
    fn listener_reports_listen_state_and_backlog() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let info = tcp_info(l.as_raw_fd()).expect("tcp_info");
        assert_eq!(info.state, 10, "LISTEN");
        assert_eq!(info.unacked, 0);
        assert!(info.sacked > 0, "backlog is reported");
    }

    #[test]
    fn queues_show_unread_bytes() {
        use std::io::Write;
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let mut c = std::net::TcpStream::connect(l.local_addr().expect("addr")).expect("connect");
        let (s, _) = l.accept().expect("accept");
        c.write_all(b"12345").expect("write");
        // Loopback delivers synchronously within write(), so the bytes are queued now.
        assert_eq!(inq(s.as_raw_fd()), Ok(5));
        assert_eq!(
            tcp_info(s.as_raw_fd()).map(|i| i.state),
            Ok(1),
            "ESTABLISHED"
        );
        assert!(outq(c.as_raw_fd()).is_ok());
    }

    #[test]
    fn close_reports_ebadf_for_a_closed_descriptor() {
        assert_eq!(close(-1), Err(libc::EBADF));
    }
}
