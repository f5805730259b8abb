"""Reads the tables of `make bench` runs (base and new, alternating) and prints the A/B table of benchmarks/ab.sh."""
import re
import statistics
import sys

base_name, new_name, files = sys.argv[1], sys.argv[2], sys.argv[3:]


def cells(text, prefix):
    for line in text.splitlines():
        if line.startswith("| " + prefix):
            return [c.strip() for c in line.strip().strip("|").split("|")]
    return None


def number(text, pattern=r"([0-9]+(?:\.[0-9]+)?)"):
    match = re.search(pattern, text or "")
    return float(match.group(1)) if match else None


def figures(path):
    text = open(path, encoding="utf-8").read()
    e2e, cpu, smtp = cells(text, "End to end, DKIM"), cells(text, "… CPU per message"), cells(text, "SMTP accept")
    ingest, rest = cells(text, "Event ingestion"), cells(text, "REST accept, 1 recipient")
    tracked = cells(text, "… over REST, a stored template")
    row = {}
    if cpu:
        row["CPU per delivered message, all processes (ms of a core)"] = number(cpu[1])
        for part in ("SendGateway", "Redis", "PostgreSQL", "smtp-sink"):
            row[f"… {part}"] = number(cpu[1], part + r" ([0-9.]+)")
        row["… Postfix, all processes (same run)"] = number(cpu[2])
    if e2e:
        row["End to end (msg/s)"] = number(e2e[1])
        row["End to end ÷ Postfix (same run)"] = number(e2e[3])
    if tracked:
        row["End to end, template + tracking ÷ Postfix (same run)"] = number(tracked[3])
    if smtp:
        row["SMTP accept ÷ Postfix (same run)"] = number(smtp[3])
    if ingest:
        row["Event ingestion (events/s)"] = number(ingest[1])
    if rest:
        row["REST accept, 1 recipient (msg/s)"] = number(rest[1])
    return row


base = [figures(f) for f in files[0::2]]
new = [figures(f) for f in files[1::2]]


def median(rows, key):
    values = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(values) if values else None


print(f"A/B, {len(base)} round(s), medians: base {base_name}, new {new_name}\n")
print(f"| Measure | {base_name} | {new_name} | new ÷ base |")
print("|---|---|---|---|")
for key in new[0].keys():
    b, n = median(base, key), median(new, key)
    ratio = f"{n / b:.2f}" if b and n is not None else ""
    print(f"| {key} | {'' if b is None else f'{b:g}'} | {'' if n is None else f'{n:g}'} | {ratio} |")
print("\nRuns: " + ", ".join(files))
