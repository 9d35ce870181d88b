# Half-close: shutdown(SHUT_WR) sends EOF while the other direction stays open, both as client and from the half-close service.
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

# Client side: send everything, shut down writing, then read the echo to EOF.
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2.0)
s.connect((HOST, PORTS['echo']))
message = b'all of this comes back before EOF'
s.sendall(message)
print('shutdown returned', s.shutdown(socket.SHUT_WR))
chunks = []
while True:
    data = s.recv(1024)
    if data == b'':
        break
    chunks.append(data)
echoed = b''.join(chunks)
print('echoed:', echoed)
print('all data came back:', echoed == message)
print('then EOF:', data == b'')

# Writing after our own SHUT_WR is a broken pipe.
try:
    s.send(b'too late')
except BrokenPipeError as e:
    print('send after SHUT_WR:', type(e).__name__, e)
    print('EPIPE:', e.errno == errno.EPIPE)
s.close()

# Server side half-close: the greeting, EOF, and the service still reads.
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2.0)
s.connect((HOST, PORTS['half-close']))
greeting = b''
while True:
    data = s.recv(1024)
    if not data:
        break
    greeting += data
print('greeting:', repr(greeting))
print('EOF after the greeting:', data == b'')
print('still sending after EOF:', s.send(b'hello, are you still reading?\n'))
s.sendall(b'yes, my receiving side is open\n')
print('sendall after EOF:', 'ok')
print('recv is still EOF:', repr(s.recv(1024)))
s.shutdown(socket.SHUT_RDWR)
s.close()

# Own server: SHUT_RD / SHUT_WR values and shutting down the server side.
print('constants:', socket.SHUT_RD, socket.SHUT_WR, socket.SHUT_RDWR)
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.settimeout(2.0)
srv.bind((HOST, 0))
srv.listen(1)
client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.settimeout(2.0)
client.connect(srv.getsockname())
conn, addr = srv.accept()
conn.settimeout(2.0)
conn.sendall(b'bye')
conn.shutdown(socket.SHUT_WR)
print('client reads:', client.recv(16), client.recv(16))
client.sendall(b'reply after server EOF')
print('server still reads:', conn.recv(64))
client.close()
conn.close()
srv.close()

# shutdown on a socket that was never connected.
u = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    u.shutdown(socket.SHUT_WR)
except OSError as e:
    print('shutdown unconnected:', type(e).__name__, e, e.errno == errno.ENOTCONN)
u.close()
