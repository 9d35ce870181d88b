# UDP: sendto/recvfrom with the UDP echo service; datagrams keep their boundaries and a short buffer truncates.
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

ECHO = (HOST, PORTS['echo'])

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2.0)
print('type:', s.type == socket.SOCK_DGRAM)

n = s.sendto(b'hello over udp', ECHO)
print('sendto returned', n)
data, addr = s.recvfrom(1024)
print('data:', data)
print('from the echo service:', addr == (HOST, PORTS['echo']))
print('addr:', addr)
print('sendto bound the socket:', s.getsockname()[0], s.getsockname()[1] > 0)

# Two datagrams come back as two datagrams, never merged.
s.sendto(b'first', ECHO)
s.sendto(b'second', ECHO)
first, a1 = s.recvfrom(1024)
second, a2 = s.recvfrom(1024)
print('separate datagrams:', first, second)

# A buffer smaller than the datagram: the rest of it is discarded.
s.sendto(b'0123456789', ECHO)
part, addr = s.recvfrom(4)
print('truncated to 4 bytes:', part)
s.sendto(b'next', ECHO)
print('the next datagram is whole:', s.recvfrom(1024)[0])

# An empty datagram is a datagram too.
s.sendto(b'', ECHO)
empty, addr = s.recvfrom(1024)
print('empty datagram:', repr(empty))
s.close()

# A connected UDP socket: send/recv without addresses.
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
c.settimeout(2.0)
c.connect(ECHO)
print('getpeername matches:', c.getpeername() == ECHO)
print('send returned', c.send(b'connected udp'))
print('recv:', c.recv(1024))
c.close()

# Nothing comes back when nothing is sent: recvfrom times out.
q = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
q.bind((HOST, 0))
q.settimeout(0.1)
try:
    q.recvfrom(1024)
except socket.timeout as e:
    print('recvfrom with nothing sent:', type(e).__name__, e)
q.close()
