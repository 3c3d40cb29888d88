#!/usr/bin/env python3
"""Per-connection heap by class: the difference of two jcmd GC.class_histogram files divided by K.

    channels-bench/histogram-diff.py BEFORE.txt AFTER.txt K [TOP]

(the driver writes both with --workloads connections --histogram PREFIX: PREFIX-<target>-before.txt
and PREFIX-<target>.txt). Prints classes whose count or bytes grew, largest first, as instances and
bytes per connection (shallow sizes), and the total.
"""
import re
import sys


def read(path):
    rows = {}
    for line in open(path, encoding="utf-8", errors="replace"):
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if m:
            count, size, name = int(m.group(1)), int(m.group(2)), m.group(3)
            c, s = rows.get(name, (0, 0))
            rows[name] = (c + count, s + size)
    return rows


def main():
    before, after, k = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3])
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    diff = []
    for name in set(before) | set(after):
        c0, s0 = before.get(name, (0, 0))
        c1, s1 = after.get(name, (0, 0))
        diff.append((s1 - s0, c1 - c0, name))
    diff.sort(reverse=True)
    total = sum(d[0] for d in diff)
    print(f"{'bytes/conn':>10} {'inst/conn':>9}  class")
    for size, count, name in diff[:top]:
        print(f"{size / k:10.1f} {count / k:9.2f}  {name}")
    print(f"{total / k:10.1f} {'':9}  total (all classes, after - before)")


if __name__ == "__main__":
    main()
