# Non-blocking sockets: recv with no data and send into a full buffer raise BlockingIOError (EAGAIN).
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
s.connect((HOST, PORTS['silent']))
s.setblocking(False)
print('getblocking:', s.getblocking())
print('gettimeout:', s.gettimeout())

try:
    s.recv(1024)
except BlockingIOError as e:
    print('recv:', type(e).__name__)
    print('errno is EAGAIN:', e.errno == errno.EAGAIN)
    print('EAGAIN == EWOULDBLOCK:', errno.EAGAIN == errno.EWOULDBLOCK)
    print('errno:', e.errno)
    print('str:', e)
    print('args:', e.args)
    print('isinstance OSError:', isinstance(e, OSError))
else:
    print('recv returned?!')

# silent never reads: keep sending until the buffers are full.
block = b'x' * 262144
sent = 0
full = False
for i in range(200):
    try:
        n = s.send(block)
    except BlockingIOError as e:
        full = True
        print('send into full buffers:', type(e).__name__, e.errno == errno.EAGAIN)
        break
    sent += n
print('buffers filled:', full, 'some bytes were accepted first:', sent > 0)
s.close()

# settimeout(0.0) is the same as setblocking(False).
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(0.0)
print('settimeout(0.0): getblocking', s.getblocking(), 'gettimeout', s.gettimeout())
s.setblocking(True)
print('setblocking(True): getblocking', s.getblocking(), 'gettimeout', s.gettimeout())
s.close()

# accept on a non-blocking listener with nothing pending.
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.bind((HOST, 0))
srv.listen(1)
srv.setblocking(False)
try:
    srv.accept()
except BlockingIOError as e:
    print('accept:', e)

# A non-blocking connect is in progress when connect_ex returns.
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
c.setblocking(False)
code = c.connect_ex(srv.getsockname())
print('connect_ex:', code, code == errno.EINPROGRESS)
c.close()
srv.close()
