# Large transfers: sendall of 1 MB to discard, 64 KB echoed back in full, and chargen read to EOF.
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

big = b'x' * 1000000
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2.0)
s.connect((HOST, PORTS['discard']))
result = s.sendall(big)
print('sendall of', len(big), 'bytes to discard returned', result)
s.close()

payload = b'0123456789abcdef' * 4096
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2.0)
s.connect((HOST, PORTS['echo']))
s.sendall(payload)
received = []
total = 0
while total < len(payload):
    data = s.recv(65536)
    if not data:
        break
    received.append(data)
    total += len(data)
s.close()
back = b''.join(received)
print('sent', len(payload), 'echoed', total)
print('identical:', back == payload)
print('tail:', back[-20:])

# chargen streams a fixed amount, then closes.
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2.0)
s.connect((HOST, PORTS['chargen']))
parts = []
while True:
    data = s.recv(65536)
    if data == b'':
        break
    parts.append(data)
s.close()
stream = b''.join(parts)
lines = stream.split(b'\r\n')
print('chargen bytes:', len(stream))
print('chargen first line:', lines[0])
print('chargen second line:', lines[1])
print('line length:', len(lines[0]), 'all full lines 72:', all([len(x) == 72 for x in lines[:-1]]))
print('last piece:', repr(lines[-1]))
