# Address already in use: binding a second socket to a port that is taken raises OSError EADDRINUSE.
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

first = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
first.bind((HOST, 0))
port = first.getsockname()[1]
print('first bound:', first.getsockname() == (HOST, port))

second = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    second.bind((HOST, port))
except OSError as e:
    print('second bind:', type(e).__name__, e)
    print('errno:', e.errno, e.errno == errno.EADDRINUSE)
    print('strerror:', e.strerror)
    print('args:', e.args)
else:
    print('second bind succeeded?!')
second.close()

# Once the first is listening, SO_REUSEADDR on the second does not help.
first.listen(1)
third = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
third.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    third.bind((HOST, port))
except OSError as e:
    print('bind next to a listener with SO_REUSEADDR:', e)
else:
    print('third bind succeeded?!')
third.close()

# A failed bind leaves the socket unbound and usable: bind it elsewhere.
fourth = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    fourth.bind((HOST, port))
except OSError as e:
    print('fourth:', e.errno == errno.EADDRINUSE)
fourth.bind((HOST, 0))
print('fourth then bound to another port:', fourth.getsockname()[1] != port)
fourth.close()

first.close()
# After the first is closed (it never had a connection), the port is free.
fifth = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
fifth.bind((HOST, port))
print('bind after the first closed:', fifth.getsockname()[1] == port)
fifth.close()
