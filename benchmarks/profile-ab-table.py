"""Reads `make bench-profile` outputs (base and new, alternating) and prints the table of benchmarks/profile-ab.sh."""
import re
import statistics
import sys

base_name, new_name, files = sys.argv[1], sys.argv[2], sys.argv[3:]


def figures(path):
    """The rate (first line: 'end to end: R msg/s …' or 'ingest: R events/s …') and each process's CPU figure."""
    row = {}
    for line in open(path, encoding="utf-8"):
        rate = re.match(r"(end to end|ingest): ([0-9.]+) (\S+)", line)
        if rate:
            row[f"rate ({rate.group(3)})"] = float(rate.group(2))
        cost = re.match(r"(ms of a core per [a-z ]+): (.*)", line)
        if cost:
            for name, value in re.findall(r"([a-z-]+) ([0-9.]+)", cost.group(2)):
                row[f"{cost.group(1)}: {name}"] = float(value)
    return row


base = [figures(f) for f in files[0::2]]
new = [figures(f) for f in files[1::2]]
keys = list(dict.fromkeys(k for r in new + base for k in r))


def column(rows, key):
    values = [r[key] for r in rows if key in r]
    return (statistics.median(values) if values else None), ", ".join(f"{v:g}" for v in values)


print(f"Profile A/B, {len(base)} interleaved pair(s), medians: base {base_name}, new {new_name}\n")
print(f"| Measure | {base_name} | {new_name} | new ÷ base | runs, base | runs, new |")
print("|---|---|---|---|---|---|")
for key in keys:
    (b, b_runs), (n, n_runs) = column(base, key), column(new, key)
    ratio = f"{n / b:.2f}" if b and n is not None else ""
    print(f"| {key} | {'' if b is None else f'{b:g}'} | {'' if n is None else f'{n:g}'} | {ratio} | {b_runs} | {n_runs} |")
print("\nRuns: " + ", ".join(files))
