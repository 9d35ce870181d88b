# IPv6: an own server on ::1; IPv6 socket addresses are 4-tuples (host, port, flowinfo, scope_id).
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

srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
srv.settimeout(2.0)
srv.bind(('::1', 0))
srv.listen(1)
name = srv.getsockname()
print('server sockname length:', len(name))
print('server host:', name[0], 'flowinfo:', name[2], 'scope_id:', name[3])
print('family:', srv.family == socket.AF_INET6)
port = name[1]

client = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
client.settimeout(2.0)
client.connect(('::1', port))
conn, addr = srv.accept()
conn.settimeout(2.0)
print('accepted addr length:', len(addr))
print('accepted from:', addr[0], addr[2], addr[3])
print('addr is client sockname:', addr == client.getsockname())
print('client peername length:', len(client.getpeername()))
print('client peer is server:', client.getpeername() == (name[0], port, 0, 0))

# A 2-tuple is accepted for connect on AF_INET6 too.
client.sendall(b'hello over IPv6')
data = conn.recv(1024)
print('server got:', data)
conn.sendall(data[::-1])
print('client got:', client.recv(1024))

conn.close()
client.close()
srv.close()

# An IPv4 address on an IPv6 socket is not a valid address.
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
try:
    s.bind(('127.0.0.1', 0))
except OSError as e:
    print('IPv4 address on AF_INET6:', type(e).__name__, e)
s.close()
