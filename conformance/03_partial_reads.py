# Partial reads: recv returns whatever has arrived; a loop collects chunks and b''.join reassembles them.
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

message = b'The quick brown fox jumps over the lazy dog. ' * 4

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2.0)
s.connect((HOST, PORTS['chunked-echo']))
s.sendall(message)

chunks = []
total = 0
while total < len(message):
    chunk = s.recv(4)
    if chunk == b'':
        print('unexpected EOF')
        break
    assert 1 <= len(chunk) <= 4, len(chunk)
    chunks.append(chunk)
    total += len(chunk)
s.close()

data = b''.join(chunks)
print('total length:', len(data))
print('every chunk at most 4 bytes:', max([len(c) for c in chunks]) <= 4)
print('at least', len(message) // 4, 'chunks:', len(chunks) >= len(message) // 4)
print('joined:', data)
print('same as sent:', data == message)
