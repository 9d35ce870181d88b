# An uncaught socket.timeout: recv on the silent service after settimeout(0.1) ends the script with TimeoutError: timed out.
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

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2.0)
s.connect((HOST, PORTS['silent']))
s.sendall(b'anyone there?')
s.settimeout(0.1)
print('waiting for a reply that never comes')
data = s.recv(1024)
print('not reached', data)
