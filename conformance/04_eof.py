# End of stream: recv returns b'' once the peer has closed (daytime) or shut down its sending side (half-close).
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


def read_to_eof(s):
    chunks = []
    while True:
        data = s.recv(1024)
        if data == b'':
            break
        chunks.append(data)
    return b''.join(chunks), data


# daytime: one line, then the server closes. The date changes, so only its
# shape is printed.
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2.0)
s.connect((HOST, PORTS['daytime']))
line, last = read_to_eof(s)
print('daytime: EOF seen:', last == b'')
print('daytime: last recv is', repr(last), type(last).__name__)
print('daytime: line ends with CRLF:', line.endswith(b'\r\n'))
print('daytime: one line:', line.count(b'\n') == 1)
print('daytime: line is not empty:', len(line.strip()) > 0)
print('daytime: recv after EOF again:', repr(s.recv(1024)))
s.close()

# half-close: a fixed greeting, then shutdown(SHUT_WR) on the server side.
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2.0)
s.connect((HOST, PORTS['half-close']))
greeting, last = read_to_eof(s)
print('half-close: EOF seen:', last == b'')
print('half-close: greeting:', repr(greeting))
print('half-close: decoded:', greeting.decode().strip())
print('half-close: recv after EOF again:', repr(s.recv(16)))
s.close()
