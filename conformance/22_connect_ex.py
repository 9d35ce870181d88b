# connect_ex returns an error number instead of raising: ECONNREFUSED for a closed port, 0 on success.
import socket
import sys

# Service ports: the conformance runner passes name=port arguments.
PORTS = {'echo': 7000, 'discard': 7001, 'daytime': 7002, 'chargen': 7003,
         'slow-echo': 7004, 'chunked-echo': 7005, 'reset': 7006,
         'half-close': 7007, 'silent': 7008, 'backlog': 7009}
for arg in sys.argv[1:]:
    name, port = arg.split('=')
    PORTS[name] = int(port)
HOST = '127.0.0.1'
import errno

placeholder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
placeholder.bind((HOST, 0))
closed_port = placeholder.getsockname()[1]

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2.0)
code = s.connect_ex((HOST, closed_port))
print('connect_ex to a closed port:', code)
print('is ECONNREFUSED:', code == errno.ECONNREFUSED)
print('type:', type(code).__name__)
s.close()

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2.0)
code = s.connect_ex((HOST, PORTS['echo']))
print('connect_ex to echo:', code)
if code == 0:
    s.sendall(b'connected via connect_ex')
    print('echo:', s.recv(1024))

# With a timeout set, CPython connects in non-blocking mode and waits for
# the handshake, so the kernel still sees the connect as in progress: the
# next connect_ex completes it and returns 0, the one after reports EISCONN.
again = s.connect_ex((HOST, PORTS['echo']))
print('connect_ex again:', again)
third = s.connect_ex((HOST, PORTS['echo']))
print('connect_ex a third time:', third, third == errno.EISCONN)

# A blocking socket (no timeout) reports EISCONN at once.
b = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
print('blocking connect_ex:', b.connect_ex((HOST, PORTS['echo'])))
code = b.connect_ex((HOST, PORTS['echo']))
print('blocking connect_ex again:', code, code == errno.EISCONN)
b.close()
s.close()

# Argument errors are still raised, not returned.
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.connect_ex((HOST, 70000))
except OverflowError as e:
    print('bad port raises:', type(e).__name__, e)
s.close()
placeholder.close()
