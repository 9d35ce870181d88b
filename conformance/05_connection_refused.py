# Connection refused: connecting to a port with no listener raises ConnectionRefusedError (caught, then uncaught).
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

# A socket bound to port 0 but not listening: the port is ours, and nothing
# accepts on it, so a connect is refused with RST.
placeholder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
placeholder.bind((HOST, 0))
port = placeholder.getsockname()[1]
print('got a port:', port > 0)

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2.0)
try:
    s.connect((HOST, port))
except ConnectionRefusedError as e:
    print('caught:', type(e).__name__)
    print('errno:', e.errno, e.errno == errno.ECONNREFUSED)
    print('strerror:', e.strerror)
    print('str:', e)
    print('repr:', repr(e))
    print('args:', e.args)
    print('is an OSError:', isinstance(e, OSError))
    print('is a ConnectionError:', isinstance(e, ConnectionError))
else:
    print('connected?!')
finally:
    s.close()

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2.0)
print('second attempt, not caught:')
s.connect((HOST, port))
print('not reached')
