//! Linux errno names, numbers and `strerror` messages for the errors a socket
//! learner meets. Kept as a table (not a libc call) so the page, compiled to
//! wasm, names errors exactly as the relay's kernel does.

/// `(number, name, message)` for each errno the playground explains.
const TABLE: &[(i32, &str, &str)] = &[
    (1, "EPERM", "Operation not permitted"),
    (2, "ENOENT", "No such file or directory"),
    (4, "EINTR", "Interrupted system call"),
    (9, "EBADF", "Bad file descriptor"),
    (11, "EAGAIN", "Resource temporarily unavailable"),
    (12, "ENOMEM", "Cannot allocate memory"),
    (13, "EACCES", "Permission denied"),
    (14, "EFAULT", "Bad address"),
    (22, "EINVAL", "Invalid argument"),
    (24, "EMFILE", "Too many open files"),
    (32, "EPIPE", "Broken pipe"),
    (88, "ENOTSOCK", "Socket operation on non-socket"),
    (89, "EDESTADDRREQ", "Destination address required"),
    (90, "EMSGSIZE", "Message too long"),
    (91, "EPROTOTYPE", "Protocol wrong type for socket"),
    (92, "ENOPROTOOPT", "Protocol not available"),
    (93, "EPROTONOSUPPORT", "Protocol not supported"),
    (95, "EOPNOTSUPP", "Operation not supported"),
    (
        97,
        "EAFNOSUPPORT",
        "Address family not supported by protocol",
    ),
    (98, "EADDRINUSE", "Address already in use"),
    (99, "EADDRNOTAVAIL", "Cannot assign requested address"),
    (100, "ENETDOWN", "Network is down"),
    (101, "ENETUNREACH", "Network is unreachable"),
    (103, "ECONNABORTED", "Software caused connection abort"),
    (104, "ECONNRESET", "Connection reset by peer"),
    (105, "ENOBUFS", "No buffer space available"),
    (106, "EISCONN", "Transport endpoint is already connected"),
    (107, "ENOTCONN", "Transport endpoint is not connected"),
    (
        108,
        "ESHUTDOWN",
        "Cannot send after transport endpoint shutdown",
    ),
    (110, "ETIMEDOUT", "Connection timed out"),
    (111, "ECONNREFUSED", "Connection refused"),
    (113, "EHOSTUNREACH", "No route to host"),
    (114, "EALREADY", "Operation already in progress"),
    (115, "EINPROGRESS", "Operation now in progress"),
];

/// The symbolic name of an errno (`111` → `ECONNREFUSED`), if known.
pub fn name(errno: i32) -> Option<&'static str> {
    TABLE.iter().find(|e| e.0 == errno).map(|e| e.1)
}

/// The kernel's message for an errno (`111` → `Connection refused`).
pub fn message(errno: i32) -> String {
    TABLE
        .iter()
        .find(|e| e.0 == errno)
        .map(|e| e.2.to_string())
        .unwrap_or_else(|| format!("Unknown error {errno}"))
}

/// Every errno name in the table, for Python's `errno` module.
pub fn names() -> impl Iterator<Item = &'static str> {
    TABLE.iter().map(|(_, name, _)| *name)
}

/// The number for an errno name (`ECONNREFUSED` → 111).
pub fn number(name: &str) -> Option<i32> {
    TABLE.iter().find(|e| e.1 == name).map(|e| e.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers_agree() {
        assert_eq!(name(111), Some("ECONNREFUSED"));
        assert_eq!(number("EADDRINUSE"), Some(98));
        assert_eq!(message(98), "Address already in use");
        assert_eq!(message(4242), "Unknown error 4242");
        for (n, nm, _) in TABLE {
            assert_eq!(number(nm), Some(*n));
        }
    }
}
