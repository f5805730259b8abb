#!/usr/bin/env python3
"""AUTH timing of the relay (reliability.md T10): an unknown user and a known user with a wrong password must take
the same time, so a client cannot enumerate usernames. Each attempt is its own STARTTLS session; only the AUTH
command is timed. Run against a relay whose AUTH throttles are raised for the measurement, e.g.:
  SendGateway__Relay__MaxAuthFailuresPerIp=100000 SendGateway__Relay__MaxAuthFailuresPerUsername=100000 make run
  python3 benchmarks/auth-timing.py 127.0.0.1 2587 <real username> [attempts]
"""
import smtplib, ssl, statistics, sys, time, base64

host, port, user = sys.argv[1], int(sys.argv[2]), sys.argv[3]
attempts = int(sys.argv[4]) if len(sys.argv) > 4 else 40
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE

def attempt(username):
    with smtplib.SMTP(host, port, timeout=30) as smtp:
        smtp.starttls(context=context)
        smtp.ehlo()
        token = base64.b64encode(f"\0{username}\0wrong-password".encode()).decode()
        start = time.perf_counter()
        code, reply = smtp.docmd("AUTH", f"PLAIN {token}")
        elapsed = (time.perf_counter() - start) * 1000
        return code, reply.decode(), elapsed

timings = {"unknown user": [], "wrong password": []}
replies = set()
for i in range(attempts):
    for label, username in (("unknown user", f"sgs_nobody{i:04d}xxxxxxxx"), ("wrong password", user)):
        code, reply, ms = attempt(username)
        replies.add(f"{code} {reply}")
        timings[label].append(ms)

for label, values in timings.items():
    print(f"{label:15s} n={len(values)} median {statistics.median(values):.2f} ms  p10 {sorted(values)[len(values)//10]:.2f}  p90 {sorted(values)[len(values)*9//10]:.2f}")
print("replies:", " | ".join(sorted(replies)))
