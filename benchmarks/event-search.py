#!/usr/bin/env python3
"""GET /v1/events latency per filter, sequential requests: prints a Markdown table (used by benchmarks/scale.sh).
Usage: event-search.py BASE_URL API_KEY REQUESTS EVENTS (the rows scale.sh wrote: message k and user k % 1e6 for g / 2)"""
import sys
import time
import urllib.parse

from search_timing import SearchTiming

base, key, count, events = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
messages = events // 2
people = min(1_000_000, messages)
search = SearchTiming(base, key, count)

print("| Filter | p50 ms | p99 ms | rows per page |")
print("|---|---|---|---|")
for _ in range(20):  # warm-up: plans, caches, JIT
    search.get("/v1/events?limit=100")
search.row("first page, no filter (limit 100)", lambda i: "/v1/events?limit=100")
search.row("type=hardbounce (0.1 % of events)", lambda i: "/v1/events?limit=100&type=hardbounce")
search.row(f"recipient (one person, ~{events // people} events)", lambda i: "/v1/events?limit=100&recipient=" + urllib.parse.quote(f"user{i * 4999 % people}@example{i * 4999 % people % 50}.test"))
search.row("message_id", lambda i: f"/v1/events?limit=100&message_id=msg_s{(i * 24989 + 7) % messages}")
search.row("one hour window", lambda i: "/v1/events?limit=100&since=" + urllib.parse.quote(time.strftime("%Y-%m-%dT%H:00:00Z", time.gmtime(time.time() - 3600 * (i % 150 + 2)))))
# every 20th request starts again from the first page of a time window
search.cursor_walk("cursor walk, 20 pages from the oldest", "/v1/events?limit=100&since=" + urllib.parse.quote("2000-01-01T00:00:00Z"), "/v1/events?limit=100")
