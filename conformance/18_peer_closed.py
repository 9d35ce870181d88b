# Peer closed: recv returns b'' after the peer's close; the first send still succeeds, the peer answers RST, later sends fail.
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

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.settimeout(2.0)
srv.bind((HOST, 0))
srv.listen(1)

client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.settimeout(2.0)
client.connect(srv.getsockname())
conn, addr = srv.accept()
conn.close()
print('server closed its connection')

data = client.recv(1024)
print('client recv:', repr(data), 'EOF:', data == b'')
print('recv again:', repr(client.recv(1024)))

# The FIN only says the peer stopped sending: the first send is accepted
# by the kernel, and the closed peer answers it with RST.
print('first send:', client.send(b'hello'))
time.sleep(0.1)

results = []
for i in range(2):
    try:
        n = client.send(b'hello again')
        results.append('sent %d' % n)
    except (BrokenPipeError, ConnectionResetError) as e:
        results.append(type(e).__name__)
        print('send %d after the RST: %s (%s)' % (i + 2, type(e).__name__, e))
        print('  is a ConnectionError:', isinstance(e, ConnectionError))
print('results:', results)

client.close()
srv.close()
