#!/usr/bin/env python3
"""GET /v1/messages latency per search, sequential requests: prints a Markdown table (used by benchmarks/scale.sh).
Usage: message-search.py BASE_URL API_KEY REQUESTS MESSAGES (the rows scale.sh wrote: message g to person g % people,
subject "Order <g % 100000> for Person <g % people>" or "Weekly news <g % 52>", tags and streams by g)"""
import json
import statistics
import sys
import time
import urllib.parse
import urllib.request

base, key, count, messages = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
people = max(1, messages // 5)


def get(path):
    request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {key}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        body = json.load(response)
    return (time.perf_counter() - started) * 1000, body


def measure(name, paths, limit=50, requests=None):
    latencies, rows = [], 0
    for i in range(requests or count):
        ms, body = get(paths(i) + f"&limit={limit}")
        latencies.append(ms)
        rows += len(body["data"])
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"| {name} | {statistics.median(latencies):.1f} | {p99:.1f} | {rows / len(latencies):.0f} |")


cursor = None


def walking(i):
    global cursor
    if i % 20 == 0 or cursor is None:
        cursor = None
        path = "/v1/messages?limit=50"
    else:
        path = "/v1/messages?limit=50&cursor=" + urllib.parse.quote(cursor)
    ms, body = get(path)
    cursor = body.get("next_cursor")
    return ms, body


print("| Search (limit 50) | p50 ms | p99 ms | rows per page |")
print("|---|---|---|---|")
for _ in range(20):  # warm-up: plans, caches, JIT
    get("/v1/messages?limit=50")
measure("first page, no filter", lambda i: "/v1/messages?x=1")
measure("recipient (one person, 5 messages)", lambda i: "/v1/messages?recipient=" + urllib.parse.quote(f"person{i * 4999 % people}@example{i * 4999 % people % 50}.test"))
measure("subject words, rare (one order number; 20 requests, p99 = the slowest)", lambda i: "/v1/messages?subject=" + urllib.parse.quote(f"order {(i * 7919) % 100000}"), requests=20)
measure("subject word, common (\"weekly\", 10 % of messages)", lambda i: "/v1/messages?subject=weekly")
measure("status=hardbounce (1 %)", lambda i: "/v1/messages?status=hardbounce")
measure("stream=broadcast (10 %)", lambda i: "/v1/messages?stream=broadcast")
measure("message_id", lambda i: f"/v1/messages?message_id=msg_m{(i * 24989 + 7) % messages}")
latencies, rows = [], 0
for i in range(count):
    ms, body = walking(i)
    latencies.append(ms)
    rows += len(body["data"])
latencies.sort()
print(f"| cursor walk, 20 pages from the newest | {statistics.median(latencies):.1f} | {latencies[min(count - 1, int(count * 0.99))]:.1f} | {rows / count:.0f} |")
