# Connection reset: the reset service echoes 16 bytes then aborts with RST; recv raises ConnectionResetError after the data.
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
s.settimeout(2.0)
s.connect((HOST, PORTS['reset']))
s.sendall(b'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345')

received = b''
try:
    while True:
        data = s.recv(1024)
        if data == b'':
            print('EOF instead of a reset?!')
            break
        received += data
except ConnectionResetError as e:
    print('read before the reset:', received, len(received))
    print('caught:', type(e).__name__)
    print('errno:', e.errno, e.errno == errno.ECONNRESET)
    print('strerror:', e.strerror)
    print('str:', e)
    print('is a ConnectionError:', isinstance(e, ConnectionError))
s.close()

# Again, this time not caught: the script ends with the traceback.
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2.0)
s.connect((HOST, PORTS['reset']))
s.sendall(b'0123456789abcdef and more bytes')
first = b''
while len(first) < 16:
    first += s.recv(16 - len(first))
print('first 16:', first)
s.recv(1024)
print('not reached')
