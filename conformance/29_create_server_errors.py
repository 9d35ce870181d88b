# create_server: a bind that fails names the address, and the socket is closed.
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

first = socket.create_server((HOST, 0))
port = first.getsockname()[1]
print('listening:', port > 0, first.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR))
try:
    second = socket.create_server((HOST, port))
except OSError as e:
    print(type(e).__name__, e.errno, e.strerror.replace(str(port), 'PORT'))
first.close()

six = socket.create_server(('::1', 0), family=socket.AF_INET6)
print('v6only:', six.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY))
print(six.family, len(six.getsockname()))
six.close()
