#!/usr/bin/env python3
"""GET /v1/events latency per filter, sequential requests: prints a Markdown table (used by benchmarks/scale.sh).
Usage: event-search.py BASE_URL API_KEY REQUESTS EVENTS (the rows scale.sh wrote: message k and user k % 1e6 for g / 2)"""
import json
import statistics
import sys
import time
import urllib.parse
import urllib.request

base, key, count, events = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
messages = events // 2
people = min(1_000_000, messages)


def get(path):
    request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {key}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        body = json.load(response)
    return (time.perf_counter() - started) * 1000, body


def measure(name, paths):
    latencies, rows = [], 0
    for i in range(count):
        ms, body = get(paths(i))
        latencies.append(ms)
        rows += len(body["data"])
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"| {name} | {statistics.median(latencies):.1f} | {p99:.1f} | {rows / count:.0f} |")


def walk(i):
    # a cursor walk: every 20th request starts again from the first page of a time window
    global cursor
    if i % 20 == 0 or cursor is None:
        cursor = None
        return "/v1/events?limit=100&since=" + urllib.parse.quote("2000-01-01T00:00:00Z")
    return "/v1/events?limit=100&cursor=" + urllib.parse.quote(cursor)


cursor = None
print("| Filter | p50 ms | p99 ms | rows per page |")
print("|---|---|---|---|")
for _ in range(20):  # warm-up: plans, caches, JIT
    get("/v1/events?limit=100")
measure("first page, no filter (limit 100)", lambda i: "/v1/events?limit=100")
measure("type=hardbounce (0.1 % of events)", lambda i: "/v1/events?limit=100&type=hardbounce")
measure(f"recipient (one person, ~{events // people} events)", lambda i: "/v1/events?limit=100&recipient=" + urllib.parse.quote(f"user{i * 4999 % people}@example{i * 4999 % people % 50}.test"))
measure("message_id", lambda i: f"/v1/events?limit=100&message_id=msg_s{(i * 24989 + 7) % messages}")
measure("one hour window", lambda i: "/v1/events?limit=100&since=" + urllib.parse.quote(time.strftime("%Y-%m-%dT%H:00:00Z", time.gmtime(time.time() - 3600 * (i % 150 + 2)))))


def walking(i):
    global cursor
    path = walk(i)
    ms, body = get(path)
    cursor = body.get("next_cursor")
    return ms, body


latencies, rows = [], 0
for i in range(count):
    ms, body = walking(i)
    latencies.append(ms)
    rows += len(body["data"])
latencies.sort()
print(f"| cursor walk, 20 pages from the oldest | {statistics.median(latencies):.1f} | {latencies[min(count - 1, int(count * 0.99))]:.1f} | {rows / count:.0f} |")
