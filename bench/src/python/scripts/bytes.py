# Language speed: a message built from 4-byte chunks with b''.join, then
# sliced back into its chunks and decoded, as a framing protocol does.
# Times its own core; prints a check value that must be the same under
# CPython and the playground.
import sys
import time

n = int(sys.argv[1])
t0 = time.monotonic()
chunks = []
i = 0
while i < n:
    chunks.append(bytes([(i >> 24) & 255, (i >> 16) & 255, (i >> 8) & 255, i & 255]))
    i += 1
message = b''.join(chunks)
total = 0
pos = 0
while pos < len(message):
    chunk = message[pos:pos + 4]
    total += (chunk[0] << 24) | (chunk[1] << 16) | (chunk[2] << 8) | chunk[3]
    pos += 4
t1 = time.monotonic()
print('check', len(message), total)
print('elapsed', t1 - t0)
