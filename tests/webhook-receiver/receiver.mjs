// A webhook receiver for the integration tests. Every POST to /hooks/<name> is verified with the
// standardwebhooks package, unchanged, against the secret configured for <name>:
//   PUT  /_config/<name>   {"secret": "whsec_...", "status": 204}   set the secret and the status to answer
//   GET  /_received/<name>                                            every request so far, verified or not
//   GET  /_count/<name>                                               {requests, verified, events: {type: n}} (benchmarks)
// A request is answered with the configured status when it verifies (so a test can play "down" with 503),
// and with 400 when it does not; a configured 3xx carries Location: /hooks/<name>-redirected. Listens on 127.0.0.1 only; prints "listening <port>" when ready.
import http from "node:http";
import swh from "standardwebhooks";

const { Webhook } = swh;
const configs = new Map();
const received = new Map();
const maxBody = 8 * 1024 * 1024;

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > maxBody) { reject(new Error("too large")); req.destroy(); return; }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const server = http.createServer(async (req, res) => {
  try {
    const [, kind, name] = req.url.split("/");
    if (req.method === "PUT" && kind === "_config") {
      configs.set(name, JSON.parse(await readBody(req)));
      res.writeHead(204).end();
      return;
    }
    if (req.method === "GET" && kind === "_received") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(received.get(name) ?? []));
      return;
    }
    if (req.method === "GET" && kind === "_count") {
      const records = received.get(name) ?? [];
      const events = {};
      for (const r of records.filter((r) => r.verified)) {
        for (const e of JSON.parse(r.body)) events[e.type] = (events[e.type] ?? 0) + 1;
      }
      const count = { requests: records.length, verified: records.filter((r) => r.verified).length, events };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(count));
      return;
    }
    if (req.method === "POST" && kind === "hooks") {
      const body = await readBody(req);
      const config = configs.get(name) ?? { secret: null, status: 503 };
      const record = {
        webhook_id: req.headers["webhook-id"] ?? null,
        webhook_timestamp: req.headers["webhook-timestamp"] ?? null,
        webhook_signature: req.headers["webhook-signature"] ?? null,
        body,
        verified: false,
        status: 400,
        error: null,
      };
      try {
        new Webhook(config.secret).verify(body, {
          "webhook-id": record.webhook_id,
          "webhook-timestamp": record.webhook_timestamp,
          "webhook-signature": record.webhook_signature,
        });
        record.verified = true;
        record.status = config.status ?? 204;
      } catch (e) {
        record.error = String(e.message ?? e);
      }
      if (!received.has(name)) received.set(name, []);
      received.get(name).push(record);
      const headers = record.status >= 300 && record.status < 400 ? { location: `/hooks/${name}-redirected` } : {};
      res.writeHead(record.status, headers).end();
      return;
    }
    res.writeHead(404).end();
  } catch (e) {
    res.writeHead(500).end(String(e));
  }
});

server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  console.log(`listening ${server.address().port}`);
});
