# Echo client: connect, sendall, and a recv loop until every byte sent has come back.
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

message = b'This is the message.  It will be repeated.'

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.settimeout(2.0)
    s.connect((HOST, PORTS['echo']))
    print('connected to', s.getpeername()[0])
    print('sending', repr(message))
    result = s.sendall(message)
    print('sendall returned', result)

    amount_received = 0
    amount_expected = len(message)
    received = b''
    while amount_received < amount_expected:
        data = s.recv(16)
        if not data:
            break
        amount_received += len(data)
        received += data
    print('received', repr(received))
    print('amount_received == amount_expected:', amount_received == amount_expected)
    print('same as sent:', received == message)

print('closed after with:', s.fileno() == -1)
