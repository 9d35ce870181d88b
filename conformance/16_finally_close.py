# Closing in finally and with: the socket is closed even when an exception escapes; a closed socket has fileno -1.
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

opened = []


def talk(message):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    opened.append(s)
    try:
        s.settimeout(2.0)
        s.connect((HOST, PORTS['echo']))
        print('open before the error:', s.fileno() != -1)
        s.sendall(message)
        reply = s.recv(1024)
        print('reply:', reply)
        if reply != b'ok':
            raise ValueError('unexpected reply: %r' % reply)
        return reply
    finally:
        print('finally: closing')
        s.close()


try:
    talk(b'not ok')
except ValueError as e:
    print('caller caught:', type(e).__name__, e)

s = opened[0]
print('fileno after close:', s.fileno(), s.fileno() == -1)
print('repr has [closed]:', '[closed]' in repr(s))
print('repr:', repr(s))
print('closing twice is fine:', s.close())

try:
    s.send(b'data')
except OSError as e:
    print('send on closed socket:', type(e).__name__, e, e.errno == errno.EBADF)

try:
    s.getpeername()
except OSError as e:
    print('getpeername on closed socket:', e)

# The same with a with-statement: __exit__ closes, the exception propagates.
try:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as w:
        w.settimeout(2.0)
        w.connect((HOST, PORTS['echo']))
        raise RuntimeError('inside with')
except RuntimeError as e:
    print('with propagated:', e)
print('with closed it:', w.fileno() == -1)

# The return value of a function whose finally closes the socket.
print('talk(b\'ok\') returns', talk(b'ok'))
print('sockets opened:', len(opened), 'all closed:', all([x.fileno() == -1 for x in opened]))
