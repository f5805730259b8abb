<?php
// Verify a SendGateway webhook (Standard Webhooks) with PHP's own hash functions.

const SENDGATEWAY_TOLERANCE_SECONDS = 300;

/**
 * True when the request is genuine: a recent timestamp and a v1 signature by one of the secrets.
 * @param string[] $secrets the endpoint's signing secrets ("whsec_..."; both during a rotation)
 * @param array<string, string> $headers the request's headers, names in lower case
 * @param string $body the raw request body (file_get_contents('php://input'))
 */
function sendgateway_verify(array $secrets, array $headers, string $body): bool
{
    $id = $headers['webhook-id'] ?? '';
    $timestamp = $headers['webhook-timestamp'] ?? '';
    if ($id === '' || !ctype_digit($timestamp) || abs(time() - (int) $timestamp) > SENDGATEWAY_TOLERANCE_SECONDS) {
        return false;
    }
    $signed = $id . '.' . $timestamp . '.' . $body;
    $offered = [];
    foreach (explode(' ', $headers['webhook-signature'] ?? '') as $part) {
        if (str_starts_with($part, 'v1,')) {
            $offered[] = substr($part, 3);
        }
    }
    foreach ($secrets as $secret) {
        $key = base64_decode(preg_replace('/^whsec_/', '', $secret), true);
        $expected = base64_encode(hash_hmac('sha256', $signed, $key, true));
        foreach ($offered as $signature) {
            if (hash_equals($expected, $signature)) {
                return true;
            }
        }
    }
    return false;
}

// php verify.php < body, with SENDGATEWAY_WEBHOOK_SECRET and the three webhook-* headers in the environment.
if (PHP_SAPI === 'cli' && realpath($argv[0] ?? '') === __FILE__) {
    $headers = [];
    foreach (['webhook-id', 'webhook-timestamp', 'webhook-signature'] as $name) {
        $headers[$name] = getenv(strtoupper(str_replace('-', '_', $name))) ?: '';
    }
    $ok = sendgateway_verify([getenv('SENDGATEWAY_WEBHOOK_SECRET')], $headers, stream_get_contents(STDIN));
    echo $ok ? "verified\n" : "not genuine\n";
    exit($ok ? 0 : 1);
}
