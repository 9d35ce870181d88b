# Echo server and client in one script: bind port 0, listen, connect, accept, exchange, close.
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

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.settimeout(2.0)
srv.bind((HOST, 0))
srv.listen(1)
port = srv.getsockname()[1]
print('server bound to', srv.getsockname()[0], 'port > 0:', port > 0)

client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.settimeout(2.0)
client.connect((HOST, port))
print('client connected to server port:', client.getpeername()[1] == port)

conn, addr = srv.accept()
conn.settimeout(2.0)
print('accepted from', addr[0])
print('addr is a tuple of', len(addr), 'items')
print('addr matches client sockname:', addr == client.getsockname())
print('conn sockname matches server:', conn.getsockname() == (HOST, port))

client.sendall(b'hello, server')
data = conn.recv(1024)
print('server received', repr(data))
conn.sendall(data.upper())

reply = b''
while len(reply) < len(data):
    chunk = client.recv(1024)
    if not chunk:
        break
    reply += chunk
print('client received', repr(reply))

client.close()
print('server recv after client close:', repr(conn.recv(1024)))
conn.close()
srv.close()
print('all closed:', client.fileno(), conn.fileno(), srv.fileno())
