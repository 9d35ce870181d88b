# Socket round trips: `sendall` 64 bytes to a TCP echo service, `recv`
# until the 64 bytes are back; `warmup` untimed, then `n` timed, each on
# its own and the loop as a whole.
# Arguments: the echo service's port on 127.0.0.1, n, warmup.
import socket
import sys
import time

port = int(sys.argv[1])
n = int(sys.argv[2])
warmup = int(sys.argv[3])
message = b'x' * 64
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(10.0)
s.connect(('127.0.0.1', port))
for i in range(warmup):
    s.sendall(message)
    got = 0
    while got < 64:
        data = s.recv(64 - got)
        if not data:
            raise OSError('the echo service closed the connection')
        got += len(data)
times = []
start = time.monotonic()
for i in range(n):
    t0 = time.monotonic()
    s.sendall(message)
    got = 0
    while got < 64:
        data = s.recv(64 - got)
        if not data:
            raise OSError('the echo service closed the connection')
        got += len(data)
    times.append(time.monotonic() - t0)
end = time.monotonic()
s.close()
times.sort()
print('check', n)
print('mean_us', (end - start) / n * 1e6)
print('p50_us', times[n // 2] * 1e6)
print('p99_us', times[(n * 99) // 100] * 1e6)
