"""Sequential latency of a list endpoint (GET /v1/events, GET /v1/messages): one Markdown table row per search, for the
search tables of benchmarks/scale.sh (event-search.py, message-search.py)."""
import json
import statistics
import time
import urllib.parse
import urllib.request


class SearchTiming:
    def __init__(self, base, key, count):
        self.base, self.key, self.count = base, key, count

    def get(self, path):
        """One request: (ms, parsed body)."""
        request = urllib.request.Request(self.base + path, headers={"Authorization": f"Bearer {self.key}"})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            body = json.load(response)
        return (time.perf_counter() - started) * 1000, body

    def row(self, name, paths, requests=None, seen=None):
        """Times paths(i) for i in range(requests, default count) and prints | name | p50 | p99 | rows per page |."""
        latencies, rows = [], 0
        for i in range(requests or self.count):
            ms, body = self.get(paths(i))
            latencies.append(ms)
            rows += len(body["data"])
            if seen:
                seen(body)
        latencies.sort()
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(f"| {name} | {statistics.median(latencies):.1f} | {p99:.1f} | {rows / len(latencies):.0f} |")

    def cursor_walk(self, name, first, page):
        """A row of cursor pages: from first, then page&cursor=<next_cursor>, starting again from first every 20th request."""
        cursor = None

        def path(i):
            return first if i % 20 == 0 or cursor is None else f"{page}&cursor={urllib.parse.quote(cursor)}"

        def seen(body):
            nonlocal cursor
            cursor = body.get("next_cursor")

        self.row(name, path, seen=seen)
