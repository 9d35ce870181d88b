# Timeouts: settimeout makes a blocking recv or accept raise socket.timeout (TimeoutError) after the delay.
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

print('default timeout:', socket.getdefaulttimeout())
print('socket.timeout is TimeoutError:', socket.timeout is TimeoutError)

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
print('new socket: gettimeout', s.gettimeout(), 'getblocking', s.getblocking())
s.connect((HOST, PORTS['silent']))
s.settimeout(0.2)
print('after settimeout(0.2):', s.gettimeout(), s.getblocking())

start = time.time()
try:
    s.recv(1024)
except socket.timeout as e:
    elapsed = time.time() - start
    print('caught:', type(e).__name__)
    print('isinstance socket.timeout:', isinstance(e, socket.timeout))
    print('isinstance TimeoutError:', isinstance(e, TimeoutError))
    print('isinstance OSError:', isinstance(e, OSError))
    print('str:', e)
    print('repr:', repr(e))
    print('args:', e.args)
    print('errno:', e.errno)
    print('waited about 0.2 s:', 0.15 <= elapsed < 1.5)
print('gettimeout after the timeout:', s.gettimeout())

# The socket is still usable after a timeout: send works, recv times out again.
print('send after timeout:', s.send(b'still here'))
try:
    s.recv(1024)
except TimeoutError as e:
    print('second recv:', e)

# An integer timeout is stored as a float.
s.settimeout(1)
print('settimeout(1):', repr(s.gettimeout()))
s.settimeout(None)
print('settimeout(None):', s.gettimeout(), s.getblocking())
s.close()

# accept with a timeout on a listening socket nobody connects to.
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.bind((HOST, 0))
srv.listen(1)
srv.settimeout(0.1)
try:
    conn, addr = srv.accept()
except socket.timeout as e:
    print('accept:', type(e).__name__, e)
srv.close()

# connect with a timeout succeeds normally when the server answers.
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
c.settimeout(0.5)
c.connect((HOST, PORTS['echo']))
c.sendall(b'quick')
print('echo with a timeout set:', c.recv(16))
c.close()

# create_connection takes the timeout as an argument.
c = socket.create_connection((HOST, PORTS['silent']), timeout=0.1)
print('create_connection timeout:', c.gettimeout())
try:
    c.recv(1)
except TimeoutError as e:
    print('recv:', e)
c.close()
