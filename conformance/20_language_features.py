# Python features course scripts use around sockets: formatting, containers, bytes reprs, str/bytes methods, exceptions, loop else.
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

# One echo exchange supplies the bytes the rest of the script works on.
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2.0)
s.connect((HOST, PORTS['echo']))
request = b'GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n'
s.sendall(request)
reply = b''
while len(reply) < len(request):
    chunk = s.recv(1024)
    if not chunk:
        break
    reply += chunk
s.close()

# %-formatting and f-strings.
n = len(reply)
print('%d bytes, %5d|, %-5d|, %05d, %x, %s, %r' % (n, n, n, n, 255, 'text', 'text'))
print('%.2f %8.3f %s %%' % (3.14159, 2.5, None))
print('%s and %r' % (reply[:3], reply[:3]))
ratio = n / 3
print(f'{n} {n:5}| {n:<5}| {ratio:.2f} {"str"!r} {reply[:3]!r} {n * 2}')
print(f'{"left":<8}|{"right":>8}|{"mid":^7}|')
print(f'{3:03d} {7:>3} {2.5:6.2f}|')

# Bytes: reprs of non-printables, decoding, methods.
raw = b'\x00\xff\t\n\r\\\'"' + bytes([7, 127, 128])
print(repr(raw), len(raw))
print(b'caf\xc3\xa9'.decode(), 'café'.encode(), len('café'), len('café'.encode()))
print(b'A'[0], b'AZ'[-1], b'hello'[1:3], 'hello'[::-1])
lines = reply.split(b'\r\n')
print(lines)
method, path, version = lines[0].split()
print(method, path, version, sep=' | ')
print(lines[1].split(b': ', 1), lines[1].startswith(b'Host'), lines[1].find(b':'))
print(reply.strip().upper().replace(b'HTTP', b'http'))
print(b' '.join([method, path]), b'-'.join([b'a', b'b', b'c']))
text = reply.decode('ascii')
print(text.splitlines(), text.count('\r\n'), text.endswith('\r\n\r\n'))
print('  padded  '.strip(), 'a,b,,c'.split(','), 'x'.join(['1', '2', '3']), 'abc'.upper(), 'ABC'.lower())
print('port' in 'support', b'GET' in reply, 'zz' not in 'abc')

# Numbers and conversions.
print(int('42'), int(' 7 '), int(b'13'), str(42), repr('42'), float('2.5'), 7 // 2, -7 // 2, 7 % 3, -7 % 3)
print(10 / 4, 10 / 5, 0.1 + 0.2, 1e3, min(3, 1, 2), max([4, 9, 2]), str(1.0), int(3.9))
print(True + True, bool(0), bool(b''), bool(b'\x00'), None is None, 1 == 1.0)

# Lists, tuples and dicts.
ports = {'echo': 7, 'discard': 9, 'daytime': 13}
for name in ports:
    print(name, ports[name], end='; ')
print()
for name, port in sorted(ports.items()):
    print('%-8s%3d' % (name, port))
print(list(ports.keys()), list(ports.values()), ports.get('chargen'), ports.get('chargen', 19))
ports['chargen'] = 19
print(ports, len(ports), 'echo' in ports)
items = [5, 3, 8, 1]
items.append(7)
items.extend([2, 2])
items.sort()
print(items, items[1:3], items[-2:], items[::2], items[::-1][:2], sorted(items, reverse=True)[:3])
print(items.pop(), items.index(5), items.count(2), [x * x for x in items if x % 2])
for i, item in enumerate(['a', 'b'], 1):
    print(i, item)
pair = (HOST, 80)
host, port = pair
print(pair, host, port, pair[0], len(pair), (1,), ())
a, b = 1, 2
a, b = b, a
print(a, b)
total = 0
total += 5
total *= 3
total -= 1
print(total)

# Exceptions: raise from, re-raise, finally order.
def parse_port(text):
    try:
        return int(text)
    except ValueError as e:
        raise RuntimeError('bad port %r' % text) from e

try:
    parse_port('eighty')
except RuntimeError as e:
    print('caught:', e, '| cause:', type(e.__cause__).__name__, e.__cause__)

def order():
    try:
        print('try')
        raise KeyError('k')
    except KeyError as e:
        print('except', repr(e), e)
        return 'from except'
    finally:
        print('finally')

print(order())
try:
    try:
        {}['missing']
    except KeyError:
        print('re-raising')
        raise
except LookupError as e:
    print('outer caught', type(e).__name__, e)
try:
    assert 1 + 1 == 3, 'math is broken'
except AssertionError as e:
    print('assert:', e)
try:
    [1, 2][5]
except IndexError as e:
    print('index:', e)
try:
    None.recv(1)
except AttributeError as e:
    print('attribute:', e)

# Loops with else.
for x in [1, 3, 5]:
    if x % 2 == 0:
        print('found even', x)
        break
else:
    print('for-else: no even number')
i = 0
while i < 3:
    i += 1
else:
    print('while-else ran, i =', i)
while True:
    i -= 1
    if i == 1:
        continue
    if i < 0:
        break
print('after break, i =', i)
print('done', file=sys.stdout)
