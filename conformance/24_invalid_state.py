# Calls in the wrong state: accept without listen (EINVAL), recv/send before connect, listen on UDP, bind twice, connect twice.
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


def attempt(label, f):
    try:
        result = f()
    except OSError as e:
        print('%-30s %s %s' % (label, type(e).__name__, e))
        return e
    print('%-30s returned %r' % (label, result))


s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
e = attempt('accept without listen', lambda: s.accept())
print('  EINVAL:', e is not None and e.errno == errno.EINVAL)
e = attempt('recv before connect', lambda: s.recv(16))
print('  ENOTCONN:', e is not None and e.errno == errno.ENOTCONN)
attempt('recvfrom before connect', lambda: s.recvfrom(16))
attempt('send before connect', lambda: s.send(b'x'))
attempt('sendall before connect', lambda: s.sendall(b'x'))
s.close()

b = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
b.bind((HOST, 0))
e = attempt('bind twice', lambda: b.bind((HOST, 0)))
print('  EINVAL:', e is not None and e.errno == errno.EINVAL)
b.listen(1)
attempt('listen twice', lambda: b.listen(1))
attempt('recv on a listener', lambda: b.recv(16))
b.close()

u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
e = attempt('listen on UDP', lambda: u.listen(1))
print('  EOPNOTSUPP:', e is not None and e.errno == errno.EOPNOTSUPP)
attempt('accept on UDP', lambda: u.accept())
attempt('send on unconnected UDP', lambda: u.send(b'x'))
u.close()

c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
c.connect((HOST, PORTS['echo']))
e = attempt('connect twice', lambda: c.connect((HOST, PORTS['echo'])))
print('  EISCONN:', e is not None and e.errno == errno.EISCONN)
attempt('listen on a connected socket', lambda: c.listen(1))
c.settimeout(2.0)
c.sendall(b'a')
data, addr = c.recvfrom(16)
print('recvfrom on TCP:', data, addr)
c.close()
