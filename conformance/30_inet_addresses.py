# inet_aton / inet_ntoa / inet_pton / inet_ntop: addresses as packed bytes.
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

packed = socket.inet_aton(HOST)
print('inet_aton:', packed, len(packed))
print('inet_ntoa:', socket.inet_ntoa(packed), socket.inet_ntoa(b'\xc0\xa8\x00\x01'))
print('short forms:', socket.inet_aton('127.1'), socket.inet_aton('0x7f.1'))
print('inet_pton v4:', socket.inet_pton(socket.AF_INET, '10.0.0.255'))
six = socket.inet_pton(socket.AF_INET6, '::1')
print('inet_pton v6:', six, len(six))
print('inet_ntop:', socket.inet_ntop(socket.AF_INET6, six), socket.inet_ntop(socket.AF_INET, packed))
print('mapped:', socket.inet_ntop(socket.AF_INET6, b'\x00' * 10 + b'\xff\xff' + packed))
for text in ['999.0.0.1', 'localhost', '1.2.3.4.5']:
    try:
        socket.inet_aton(text)
    except OSError as e:
        print(repr(text), type(e).__name__, e)
for call in [lambda: socket.inet_ntoa(b'\x01\x02\x03'),
             lambda: socket.inet_pton(socket.AF_INET, '1.2.3'),
             lambda: socket.inet_ntop(socket.AF_INET, b'12345')]:
    try:
        call()
    except (OSError, ValueError) as e:
        print(type(e).__name__, e)
