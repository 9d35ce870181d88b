# Trickling data: slow-echo returns one byte every 50 ms, so a single recv never has the whole message; loop until it is all there.
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
import time

message = b'trickle'
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2.0)
s.connect((HOST, PORTS['slow-echo']))
s.sendall(message)

start = time.time()
first = s.recv(1024)
print('first recv is only part of it:', 1 <= len(first) < len(message))
print('first byte:', first[:1])

received = first
while len(received) < len(message):
    chunk = s.recv(1024)
    if not chunk:
        print('unexpected EOF')
        break
    received += chunk
elapsed = time.time() - start
print('reassembled:', received)
print('complete:', received == message)
print('took at least 0.2 s:', elapsed >= 0.2)

# A recv with a short timeout during the trickle gets some bytes, not all.
s.sendall(b'0123456789')
s.settimeout(0.2)
got = b''
try:
    while True:
        got += s.recv(1024)
        if len(got) >= 10:
            break
except socket.timeout:
    pass
print('prefix of what was sent:', b'0123456789'.startswith(got))
s.settimeout(2.0)
while len(got) < 10:
    got += s.recv(1024)
print('eventually:', got)
s.close()
