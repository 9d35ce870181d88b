# A full accept queue: the backlog service listens with backlog 1 and never accepts, so a later connect times out.
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

# Connections queue until the accept queue is full (earlier runs may have
# filled it already), then the kernel drops SYNs and connect times out. How
# many connect first depends on history, so only the outcome is printed.
held = []
timed_out = None
for attempt in range(5):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(0.3)
    try:
        s.connect((HOST, PORTS['backlog']))
    except socket.timeout as e:
        timed_out = e
        s.close()
        break
    held.append(s)

print('a connect timed out:', timed_out is not None)
print('within the first 4 attempts:', len(held) <= 3)
print('exception:', type(timed_out).__name__, timed_out)

# A queued connection looks connected to its client: sending works, but
# nothing is ever read or answered.
for s in held:
    s.close()
print('closed the queued connections')
