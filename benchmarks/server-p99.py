#!/usr/bin/env python3
"""Server-side latency of POST /v1/messages between two /metrics scrapes: the upper bound of the histogram bucket that
holds the 99th percentile (http.server.request.duration, measured inside Kestrel, without the load driver's share of
the cores). Usage: server-p99.py BEFORE_FILE AFTER_FILE"""
import re
import sys


def buckets(path):
    found = {}
    for line in open(path):
        if line.startswith("http_server_request_duration_seconds_bucket") and 'http_route="/v1/messages/"' in line and 'code="202"' in line:
            le = re.search(r'le="([^"]+)"', line).group(1)
            found[float("inf") if le == "+Inf" else float(le)] = float(line.rsplit(" ", 1)[1])
    return found


before, after = buckets(sys.argv[1]), buckets(sys.argv[2])
delta = sorted((le, after[le] - before.get(le, 0)) for le in after)
total = delta[-1][1]
bound = next(le for le, count in delta if count >= 0.99 * total)
print("n/a" if total == 0 else f"{bound * 1000:g}")
