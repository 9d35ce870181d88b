# Convenience helpers: socket.create_server and socket.create_connection, including the refused and timeout cases.
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

srv = socket.create_server((HOST, 0))
print('server family/type:', srv.family, srv.type)
print('SO_REUSEADDR set by create_server:', srv.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) != 0)
srv.settimeout(2.0)
port = srv.getsockname()[1]

c = socket.create_connection((HOST, port), timeout=2.0)
print('create_connection timeout:', c.gettimeout())
conn, addr = srv.accept()
conn.settimeout(2.0)
print('accepted from', addr[0], 'same port as client:', addr[1] == c.getsockname()[1])
c.sendall(b'via helpers')
print('server got:', conn.recv(64))
conn.close()
c.close()

# Without a timeout argument the socket is blocking.
c = socket.create_connection(('localhost', PORTS['echo']))
print('no timeout:', c.gettimeout(), c.getblocking())
print('resolved localhost to:', c.getpeername()[0])
c.close()

# create_connection with a refused port raises the connect error.
placeholder = socket.socket()
placeholder.bind((HOST, 0))
try:
    socket.create_connection((HOST, placeholder.getsockname()[1]), timeout=1.0)
except ConnectionRefusedError as e:
    print('refused:', type(e).__name__, e)
placeholder.close()

# A with-block around create_connection.
with socket.create_connection((HOST, PORTS['echo']), timeout=2.0) as w:
    w.sendall(b'with create_connection')
    print('echo:', w.recv(64))
print('closed:', w.fileno() == -1)

# create_server with a backlog, then reuse of the port after close.
srv.close()
again = socket.create_server((HOST, port), backlog=5)
print('rebound the same port:', again.getsockname()[1] == port)
again.close()
