# Language speed: a `while` loop of integer arithmetic, as a checksum or a
# retry counter would be. Times its own core; prints a check value that
# must be the same under CPython and the playground.
import sys
import time

n = int(sys.argv[1])
t0 = time.monotonic()
i = 0
acc = 0
while i < n:
    acc = (acc * 31 + i) % 1000003
    if i % 7 == 0:
        acc += 1
    i += 1
t1 = time.monotonic()
print('check', acc)
print('elapsed', t1 - t0)
