//! Whole course-style scripts parse.

use super::{dump, parse_ok};
use crate::ast::{Pos, StmtKind};

const CLIENT: &str = r#"import socket
import sys

HOST, PORT = '127.0.0.1', 7000
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    message = b'This is the message.  It will be repeated.'
    s.sendall(message)
    amount_received = 0
    amount_expected = len(message)
    chunks = []
    while amount_received < amount_expected:
        data = s.recv(16)
        if not data:
            break
        amount_received += len(data)
        chunks.append(data)
        print(f'received {data!r}', file=sys.stderr)
    print('received', b''.join(chunks).decode())
try:
    conn, addr = srv.accept()
except (socket.timeout, BlockingIOError) as e:
    print("no client: %s" % (e,))
else:
    pass
finally:
    srv.close()
"#;

const SERVER: &str = r#"#!/usr/bin/env python3
"""An echo server that handles one client at a time."""

import socket
from socket import (AF_INET, SOCK_STREAM,
                    SOL_SOCKET, SO_REUSEADDR)

HOST = ''          # all interfaces
PORT = 65432       # non-privileged ports are > 1023
BACKLOG = 5


def handle(conn, addr, bufsize=1024):
    """Echo until the client closes."""
    print('Connected by', addr)
    total = 0
    while True:
        data = conn.recv(bufsize)
        if not data:
            break
        total += len(data)
        conn.sendall(data)
    return total


def main():
    srv = socket.socket(AF_INET, SOCK_STREAM)
    srv.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
    srv.bind((HOST, PORT))
    srv.listen(BACKLOG)
    srv.settimeout(5.0)
    print(f"listening on {HOST or '*'}:{PORT:>5} (backlog={BACKLOG})")
    served = 0
    try:
        while served < 3:
            try:
                conn, addr = srv.accept()
            except socket.timeout:
                print('.', end='', flush=True)
                continue
            with conn:
                n = handle(conn, addr)
                print(f'{addr[0]}:{addr[1]} sent {n} bytes')
            served += 1
    except KeyboardInterrupt:
        print('\ninterrupted')
    finally:
        srv.close()


if __name__ == '__main__':
    main()
"#;

const MISC: &str = r#"import select, struct, errno
import sys as system

def pack(msg):
    header = struct.pack('!I', len(msg))
    return header + msg

def unpack(buf):
    if len(buf) < 4:
        return None, buf
    (n,) = struct.unpack('!I', buf[:4])
    if len(buf) < 4 + n:
        return None, buf
    return buf[4:4 + n], buf[4 + n:]

sockets = [srv]
pending = {}
while sockets:
    readable, writable, errored = select.select(sockets, [], sockets, 0.5)
    for s in readable:
        if s is srv:
            c, _ = srv.accept(); c.setblocking(False); sockets.append(c)
        else:
            try:
                chunk = s.recv(4096)
            except OSError as exc:
                if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
                    continue
                raise
            if chunk:
                pending[s] = pending.get(s, b'') + chunk
            else:
                sockets.remove(s); del pending[s]
                s.close()
    squares = [x ** 2 for x in range(10) if x % 2 == 0]
    flags = 0x01 | 0x04 & ~0x02
    ok = not errored and len(readable) >= 0 or False
    label = 'many' if len(sockets) > 3 else 'few'
    assert isinstance(label, str), "label must be text"
    global_count = -1
    text = ('a long string '
            'split across lines')
    value = pending.get(srv, None) \
        or b'\x00\xff'
    print("%d sockets, %s" % (len(sockets), label), sep=' ', end='\n')
    system.stdout.flush()
"#;

#[test]
fn course_client_parses() {
    let m = parse_ok(CLIENT);
    assert_eq!(m.body.len(), 5);
    let StmtKind::With { items, body } = &m.body[3].kind else {
        panic!("not a with: {:?}", m.body[3]);
    };
    assert_eq!(
        dump(&items[0].context),
        "socket.socket(socket.AF_INET, socket.SOCK_STREAM)"
    );
    assert_eq!(items[0].target.as_ref().map(dump), Some("s".into()));
    assert_eq!(body.len(), 8);
    assert_eq!(body[6].pos, Pos { line: 12, col: 5 });
    let StmtKind::Try {
        handlers,
        orelse,
        finalbody,
        ..
    } = &m.body[4].kind
    else {
        panic!("not a try");
    };
    assert_eq!(handlers[0].pos, Pos { line: 22, col: 1 });
    assert_eq!(handlers[0].name.as_deref(), Some("e"));
    assert_eq!((orelse.len(), finalbody.len()), (1, 1));
}

#[test]
fn echo_server_parses() {
    let m = parse_ok(SERVER);
    assert_eq!(m.body.len(), 9);
    let StmtKind::FunctionDef(handle) = &m.body[6].kind else {
        panic!("not a def: {:?}", m.body[6]);
    };
    assert_eq!((handle.name.as_str(), handle.params.len()), ("handle", 3));
    assert_eq!(handle.pos, Pos { line: 13, col: 1 });
}

#[test]
fn assorted_script_parses() {
    let m = parse_ok(MISC);
    assert_eq!(m.body.len(), 7);
}
