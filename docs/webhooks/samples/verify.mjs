// Verify a SendGateway webhook (Standard Webhooks) with Node.js's own crypto module.
import { createHmac, timingSafeEqual } from "node:crypto";

const TOLERANCE_SECONDS = 5 * 60;

/**
 * True when the request is genuine: a recent timestamp and a v1 signature by one of the secrets.
 * @param {string[]} secrets the endpoint's signing secrets ("whsec_..."; both during a rotation)
 * @param {Record<string, string>} headers the request's headers, names in lower case
 * @param {Buffer} body the raw request body
 */
export function verify(secrets, headers, body) {
  const id = headers["webhook-id"] ?? "";
  const timestamp = headers["webhook-timestamp"] ?? "";
  if (!id || !/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) {
    return false;
  }
  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`), body]);
  const offered = (headers["webhook-signature"] ?? "").split(" ").filter((s) => s.startsWith("v1,")).map((s) => Buffer.from(s.slice(3)));
  return secrets.some((secret) => {
    const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
    const expected = Buffer.from(createHmac("sha256", key).update(signed).digest("base64"));
    return offered.some((sig) => sig.length === expected.length && timingSafeEqual(sig, expected));
  });
}

// node verify.mjs < body, with SENDGATEWAY_WEBHOOK_SECRET and the three webhook-* headers in the environment.
if (import.meta.url === `file://${process.argv[1]}`) {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const env = (name) => process.env[name.toUpperCase().replaceAll("-", "_")] ?? "";
  const headers = Object.fromEntries(["webhook-id", "webhook-timestamp", "webhook-signature"].map((n) => [n, env(n)]));
  const ok = verify([process.env.SENDGATEWAY_WEBHOOK_SECRET], headers, Buffer.concat(chunks));
  console.log(ok ? "verified" : "not genuine");
  process.exit(ok ? 0 : 1);
}
