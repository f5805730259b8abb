"""Verify a SendGateway webhook (Standard Webhooks) with Python's standard library only."""
import base64
import hashlib
import hmac
import os
import sys
import time

TOLERANCE_SECONDS = 5 * 60


def verify(secrets, headers, body):
    """True when the request is genuine: a recent timestamp and a v1 signature by one of the secrets.

    secrets: the endpoint's signing secrets ("whsec_..."; both during a rotation).
    headers: a dict of the request's headers, names in lower case. body: the raw request body (bytes).
    """
    msg_id = headers.get("webhook-id", "")
    timestamp = headers.get("webhook-timestamp", "")
    if not msg_id or not timestamp.isdigit() or abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    offered = [s[3:] for s in headers.get("webhook-signature", "").split() if s.startswith("v1,")]
    for secret in secrets:
        key = base64.b64decode(secret.removeprefix("whsec_"))
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        if any(hmac.compare_digest(expected, sig) for sig in offered):
            return True
    return False


if __name__ == "__main__":
    # python3 verify.py < body, with SENDGATEWAY_WEBHOOK_SECRET and the three webhook-* headers in the environment.
    found = {name: os.environ.get(name.upper().replace("-", "_"), "") for name in ("webhook-id", "webhook-timestamp", "webhook-signature")}
    ok = verify([os.environ["SENDGATEWAY_WEBHOOK_SECRET"]], found, sys.stdin.buffer.read())
    print("verified" if ok else "not genuine")
    sys.exit(0 if ok else 1)
