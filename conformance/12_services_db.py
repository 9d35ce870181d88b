# Service names: getservbyname and getservbyport read the services database; unknown names raise OSError.
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

print("getservbyname('http', 'tcp'):", socket.getservbyname('http', 'tcp'))
print("getservbyname('http'):", socket.getservbyname('http'))
print("getservbyname('ssh'):", socket.getservbyname('ssh'))
print("getservbyname('domain', 'udp'):", socket.getservbyname('domain', 'udp'))
print("getservbyport(22):", repr(socket.getservbyport(22)))
print("getservbyport(80, 'tcp'):", socket.getservbyport(80, 'tcp'))
print("getservbyport(53, 'udp'):", socket.getservbyport(53, 'udp'))
print('type of a port:', type(socket.getservbyname('http')).__name__)

try:
    socket.getservbyname('no-such-service-here')
except OSError as e:
    print('unknown name:', type(e).__name__, e)
    print('errno:', e.errno, 'args:', e.args)

try:
    socket.getservbyname('http', 'no-such-proto')
except OSError as e:
    print('unknown protocol:', e)

try:
    socket.getservbyport(3)
except OSError as e:
    print('port without a service:', type(e).__name__, e)

try:
    socket.getservbyport(70000)
except OverflowError as e:
    print('port out of range:', type(e).__name__, e)

print("getprotobyname('tcp'):", socket.getprotobyname('tcp'))
print("getprotobyname('udp'):", socket.getprotobyname('udp'))
print('IPPROTO_TCP:', socket.IPPROTO_TCP == socket.getprotobyname('tcp'))
