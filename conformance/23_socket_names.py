# Socket names and attributes: getsockname/getpeername tuples, family/type/proto values and reprs, repr of a socket.
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

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
print('family:', s.family, repr(s.family), s.family == socket.AF_INET)
print('type:', s.type, repr(s.type), s.type == socket.SOCK_STREAM)
print('proto:', s.proto)
print('unbound sockname:', s.getsockname())
print('unbound repr:', repr(s))
try:
    s.getpeername()
except OSError as e:
    print('getpeername unconnected:', type(e).__name__, e, e.errno == errno.ENOTCONN)

s.settimeout(2.0)
s.connect((HOST, PORTS['echo']))
local = s.getsockname()
peer = s.getpeername()
print('sockname type:', type(local).__name__, len(local))
print('sockname host:', local[0], 'port is int:', isinstance(local[1], int))
print('peername:', peer)
print('peer is echo:', peer == (HOST, PORTS['echo']))
print('connected repr:', repr(s))
print('str is repr:', str(s) == repr(s))
s.close()

d = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
print('udp:', d.family, d.type, repr(d.type), d.proto)
d.bind((HOST, 0))
print('udp bound host:', d.getsockname()[0], d.getsockname()[1] > 0)
print('udp repr:', repr(d))
d.close()

# The default arguments are AF_INET and SOCK_STREAM.
x = socket.socket()
print('defaults:', x.family == socket.AF_INET, x.type == socket.SOCK_STREAM, x.proto)
x.close()

# Explicit protocol numbers are kept.
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
print('explicit proto:', t.proto, t.proto == socket.IPPROTO_TCP)
t.close()

six = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
print('ipv6 family:', six.family, repr(six.family))
print('ipv6 unbound sockname:', six.getsockname())
six.close()

print('constants:', socket.SOL_SOCKET, socket.SO_REUSEADDR, socket.SO_KEEPALIVE,
      socket.IPPROTO_TCP, socket.IPPROTO_UDP, socket.TCP_NODELAY)
print('SOMAXCONN > 0:', socket.SOMAXCONN > 0)
print('INADDR_ANY:', socket.INADDR_ANY)
