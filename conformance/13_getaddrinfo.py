# Name resolution: getaddrinfo and gethostbyname for localhost and numeric hosts, with enum reprs in the result.
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

infos = socket.getaddrinfo('localhost', 80, socket.AF_INET, socket.SOCK_STREAM)
print('getaddrinfo localhost:', infos)
family, type_, proto, canonname, sockaddr = infos[0]
print('family:', family, repr(family), family == socket.AF_INET)
print('type:', type_, repr(type_))
print('proto:', proto, 'canonname:', repr(canonname), 'sockaddr:', sockaddr)

print('gethostbyname localhost:', socket.gethostbyname('localhost'))
print('gethostbyname numeric:', socket.gethostbyname('127.0.0.1'))

print("numeric host, port 'http':",
      socket.getaddrinfo('127.0.0.1', 'http', socket.AF_INET, socket.SOCK_STREAM))
print('numeric host, port as str digits:',
      socket.getaddrinfo('127.0.0.1', '8080', socket.AF_INET, socket.SOCK_STREAM))
print('port None:',
      socket.getaddrinfo('127.0.0.1', None, socket.AF_INET, socket.SOCK_STREAM))
print('UDP:',
      socket.getaddrinfo('127.0.0.1', 53, socket.AF_INET, socket.SOCK_DGRAM))
print('IPv6 numeric:',
      socket.getaddrinfo('::1', 80, socket.AF_INET6, socket.SOCK_STREAM))
print('proto TCP only:',
      socket.getaddrinfo('127.0.0.1', 80, 0, 0, socket.IPPROTO_TCP))

# Using a result to connect, as course code does.
family, type_, proto, canonname, sockaddr = socket.getaddrinfo(
    'localhost', PORTS['echo'], socket.AF_INET, socket.SOCK_STREAM)[0]
s = socket.socket(family, type_, proto)
s.settimeout(2.0)
s.connect(sockaddr)
s.sendall(b'resolved')
print('echo via getaddrinfo:', s.recv(64))
s.close()

print('socket reprs:', socket.AF_INET, socket.AF_INET6, socket.SOCK_STREAM, socket.SOCK_DGRAM)
print('enum reprs:', repr(socket.AF_INET), repr(socket.SOCK_DGRAM))
print('int values:', int(socket.AF_INET), int(socket.AF_INET6), int(socket.SOCK_STREAM), int(socket.SOCK_DGRAM))

try:
    socket.getaddrinfo('127.0.0.1', 'no-such-service', socket.AF_INET, socket.SOCK_STREAM)
except socket.gaierror as e:
    print('unknown service:', type(e).__name__, e)
    print('errno:', e.errno)
