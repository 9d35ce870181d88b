# Byte order conversions: htons/ntohs/htonl/ntohl, used to build and read packet fields, with their errors.
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

print('htons(1):', socket.htons(1), 'ntohs(256):', socket.ntohs(256))
print('htons(80):', socket.htons(80), 'round trip:', socket.ntohs(socket.htons(80)))
print('htons(0):', socket.htons(0), 'htons(65535):', socket.htons(65535))
print('htonl(1):', socket.htonl(1), 'ntohl(16777216):', socket.ntohl(16777216))
print('htonl(2130706433):', socket.htonl(2130706433))
print('ntohl(htonl(123456789)):', socket.ntohl(socket.htonl(123456789)))


def attempt(label, f):
    try:
        result = f()
    except (OSError, ValueError, TypeError, OverflowError) as e:
        print('%-18s %s: %s' % (label, type(e).__name__, e))
    else:
        print('%-18s returned %r' % (label, result))


attempt('htons(70000)', lambda: socket.htons(70000))
attempt('htons(-1)', lambda: socket.htons(-1))
attempt("htons('80')", lambda: socket.htons('80'))
attempt('htons(1.5)', lambda: socket.htons(1.5))
attempt('htonl(4294967296)', lambda: socket.htonl(4294967296))
attempt('htonl(-1)', lambda: socket.htonl(-1))
attempt('ntohs(65536)', lambda: socket.ntohs(65536))
