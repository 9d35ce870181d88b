# Language speed: %-formatting, f-strings, a dict of counters and a list of
# lines, then joining, splitting and parsing them again, as a log or a
# request parser does. Times its own core; prints a check value that must
# be the same under CPython and the playground.
import sys
import time

n = int(sys.argv[1])
t0 = time.monotonic()
counts = {}
lines = []
for i in range(n):
    key = 'host-%d' % (i % 50)
    counts[key] = counts.get(key, 0) + 1
    lines.append(f'{i:06d} {key:>8} {i * 0.25:.2f} {counts[key]}')
text = '\n'.join(lines)
fields = 0
for line in text.split('\n'):
    parts = line.split()
    fields += len(parts) + int(parts[0]) % 3
t1 = time.monotonic()
print('check', len(counts), len(text), fields, sorted(counts.items())[:2])
print('elapsed', t1 - t0)
