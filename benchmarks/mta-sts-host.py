#!/usr/bin/env python3
"""make bench-tls: an HTTPS MTA-STS policy host for the bench's recipient domains.

Usage: mta-sts-host.py PORT CERT KEY MODE MX LOG
Serves /.well-known/mta-sts.txt (RFC 8461 §3.2) for any Host with the given mode and MX pattern, and appends one line
per request to LOG, so the bench counts how many policy fetches the run made.
"""
import http.server
import ssl
import sys

port, cert, key, mode, mx, log = sys.argv[1:7]
policy = f"version: STSv1\r\nmode: {mode}\r\nmx: {mx}\r\nmax_age: 86400\r\n".encode()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(log, "a", encoding="ascii") as out:
            out.write(f"{self.headers.get('Host', '')} {self.path}\n")
        if self.path != "/.well-known/mta-sts.txt":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(policy)))
        self.end_headers()
        self.wfile.write(policy)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
