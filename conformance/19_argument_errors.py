# Argument errors raised before any system call: TypeError, OverflowError and ValueError with CPython's messages.
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


def attempt(label, f):
    try:
        result = f()
    except (TypeError, ValueError, OverflowError, OSError) as e:
        print('%-24s %s: %s' % (label, type(e).__name__, e))
    else:
        print('%-24s returned %r' % (label, result))


attempt("send('text')", lambda: s.send('text'))
attempt("sendall('text')", lambda: s.sendall('text'))
attempt("connect('host')", lambda: s.connect('host'))
attempt("connect((HOST, 'http'))", lambda: s.connect((HOST, 'http')))
attempt("connect((HOST,))", lambda: s.connect((HOST,)))
attempt("bind((HOST, 70000))", lambda: s.bind((HOST, 70000)))
attempt("bind((HOST, -1))", lambda: s.bind((HOST, -1)))
attempt("bind((127, 0))", lambda: s.bind((127, 0)))
attempt('recv(-1)', lambda: s.recv(-1))
attempt("recv('10')", lambda: s.recv('10'))
attempt('settimeout(-1)', lambda: s.settimeout(-1))
attempt("settimeout('1')", lambda: s.settimeout('1'))
attempt('setsockopt str value', lambda: s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 'yes'))
s.close()

u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
attempt("sendto('text', addr)", lambda: u.sendto('text', (HOST, PORTS['echo'])))
attempt('sendto no address', lambda: u.sendto(b'data'))
attempt('recvfrom(-5)', lambda: u.recvfrom(-5))
u.close()

attempt("socket(99)", lambda: socket.socket(99, socket.SOCK_STREAM))
attempt("getservbyname(80)", lambda: socket.getservbyname(80))
