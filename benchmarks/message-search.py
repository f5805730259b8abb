#!/usr/bin/env python3
"""GET /v1/messages latency per search, sequential requests: prints a Markdown table (used by benchmarks/scale.sh).
Usage: message-search.py BASE_URL API_KEY REQUESTS MESSAGES (the rows scale.sh wrote: message g to person g % people,
subject "Order <g % 100000> for Person <g % people>" or "Weekly news <g % 52>", tags and streams by g)"""
import sys
import urllib.parse

from search_timing import SearchTiming

base, key, count, messages = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
people = max(1, messages // 5)
search = SearchTiming(base, key, count)


def measure(name, paths, requests=None):
    search.row(name, lambda i: paths(i) + "&limit=50", requests)


print("| Search (limit 50) | p50 ms | p99 ms | rows per page |")
print("|---|---|---|---|")
for _ in range(20):  # warm-up: plans, caches, JIT
    search.get("/v1/messages?limit=50")
measure("first page, no filter", lambda i: "/v1/messages?x=1")
measure("recipient (one person, 5 messages)", lambda i: "/v1/messages?recipient=" + urllib.parse.quote(f"person{i * 4999 % people}@example{i * 4999 % people % 50}.test"))
measure("subject words, rare (one order number; 20 requests, p99 = the slowest)", lambda i: "/v1/messages?subject=" + urllib.parse.quote(f"order {(i * 7919) % 100000}"), requests=20)
measure("subject word, common (\"weekly\", 10 % of messages)", lambda i: "/v1/messages?subject=weekly")
measure("status=hardbounce (1 %)", lambda i: "/v1/messages?status=hardbounce")
measure("stream=broadcast (10 %)", lambda i: "/v1/messages?stream=broadcast")
measure("message_id", lambda i: f"/v1/messages?message_id=msg_m{(i * 24989 + 7) % messages}")
search.cursor_walk("cursor walk, 20 pages from the newest", "/v1/messages?limit=50", "/v1/messages?limit=50")
