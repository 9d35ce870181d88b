# SO_REUSEADDR: after the server side closes first (TIME_WAIT) a plain bind fails with EADDRINUSE, a bind with SO_REUSEADDR succeeds.
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

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.settimeout(2.0)
print('SO_REUSEADDR by default:', srv.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR))
# Linux lets a new socket take a port held by a TIME_WAIT connection only if
# both the old server and the new one set SO_REUSEADDR, so servers set it.
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((HOST, 0))
srv.listen(1)
port = srv.getsockname()[1]

client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.settimeout(2.0)
client.connect((HOST, port))
conn, addr = srv.accept()
conn.settimeout(2.0)
client.sendall(b'ping')
print('server got', repr(conn.recv(16)))

# The server side closes first: its end of the connection goes to TIME_WAIT
# and keeps the port busy.
conn.close()
print('client sees EOF:', client.recv(16) == b'')
client.close()
srv.close()

plain = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    plain.bind((HOST, port))
except OSError as e:
    print('plain bind:', e)
    print('EADDRINUSE:', e.errno == errno.EADDRINUSE)
else:
    print('plain bind succeeded?!')
plain.close()

again = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
result = again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
print('setsockopt returned', result)
print('SO_REUSEADDR now:', again.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR))
again.bind((HOST, port))
print('bind with SO_REUSEADDR succeeded:', again.getsockname() == (HOST, port))
again.listen(1)
again.settimeout(2.0)

# The reopened server works.
client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.settimeout(2.0)
client.connect((HOST, port))
conn, addr = again.accept()
client.sendall(b'pong')
print('new server got', repr(conn.recv(16)))
conn.close()
client.close()
again.close()

# Linux stores the option as a boolean: any non-zero value reads back as 1.
other = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 5)
print('after setting 5:', other.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR))
other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 0)
print('after setting 0:', other.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR))
other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, True)
print('after setting True:', other.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR))
other.close()
