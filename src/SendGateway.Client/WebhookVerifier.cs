using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SendGateway.Client;

/// <summary>
/// Verifies a webhook request the Standard Webhooks way and returns its events: <c>webhook-signature</c> holds one or more
/// space-separated <c>v1,&lt;base64 HMAC-SHA256&gt;</c> signatures of <c>{webhook-id}.{webhook-timestamp}.{body}</c>; the request
/// is genuine when any of them matches any configured secret (so both sides of a secret rotation verify) and its
/// timestamp is within the tolerance (a replayed old request is refused).
/// </summary>
public sealed class WebhookVerifier
{
    private const string SecretPrefix = "whsec_";
    private readonly byte[][] _keys;
    private readonly TimeSpan _tolerance;
    private readonly TimeProvider _time;

    /// <summary>A verifier for one or more secrets (<c>whsec_…</c>: the current one and, during a rotation, the previous one).</summary>
    public WebhookVerifier(IEnumerable<string> secrets, TimeSpan? tolerance = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _keys = secrets.Select(Key).ToArray();
        if (_keys.Length == 0)
        {
            throw new ArgumentException("At least one webhook secret is required.", nameof(secrets));
        }

        _tolerance = tolerance ?? TimeSpan.FromMinutes(5);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>A verifier for one secret.</summary>
    public WebhookVerifier(string secret, TimeSpan? tolerance = null)
        : this([secret], tolerance)
    {
    }

    /// <summary>The largest body accepted (bytes); a larger one is refused before any work.</summary>
    public int MaxBodyBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Verifies with a header lookup, e.g. <c>verifier.Verify(body, name =&gt; request.Headers[name])</c> in ASP.NET Core.</summary>
    public VerifiedWebhook Verify(ReadOnlySpan<byte> body, Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return Verify(header("webhook-id"), header("webhook-timestamp"), header("webhook-signature"), body);
    }

    /// <summary>Verifies the three headers and the raw body (exactly as received) and returns the events.</summary>
    /// <exception cref="WebhookVerificationException">Missing headers, a timestamp outside the tolerance, no matching signature, or a body that is not an event array.</exception>
    public VerifiedWebhook Verify(string? webhookId, string? webhookTimestamp, string? webhookSignature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(webhookId) || string.IsNullOrEmpty(webhookTimestamp) || string.IsNullOrEmpty(webhookSignature))
        {
            throw new WebhookVerificationException("The webhook-id, webhook-timestamp and webhook-signature headers are required.");
        }

        if (body.Length > MaxBodyBytes)
        {
            throw new WebhookVerificationException("The body is larger than MaxBodyBytes.");
        }

        if (!long.TryParse(webhookTimestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
        {
            throw new WebhookVerificationException("webhook-timestamp is not a Unix time in seconds.");
        }

        var timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var now = _time.GetUtcNow();
        if (timestamp < now - _tolerance || timestamp > now + _tolerance)
        {
            throw new WebhookVerificationException("webhook-timestamp is outside the tolerance: an old request replayed, or a clock far off.");
        }

        if (!Matches(webhookId, webhookTimestamp, webhookSignature, body))
        {
            throw new WebhookVerificationException("No signature matches any configured secret.");
        }

        IReadOnlyList<EventView>? events;
        try
        {
            events = JsonSerializer.Deserialize<IReadOnlyList<EventView>>(body, ApiConnection.Json);
        }
        catch (JsonException e)
        {
            throw new WebhookVerificationException("The body is not a JSON array of events.", e);
        }

        return new VerifiedWebhook(webhookId, timestamp, events ?? []);
    }

    private bool Matches(string id, string timestamp, string signatures, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        Span<byte> presented = stackalloc byte[32];
        foreach (var signature in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!signature.StartsWith("v1,", StringComparison.Ordinal) || !Convert.TryFromBase64String(signature[3..], presented, out var length) || length != 32)
            {
                continue; // another scheme (v1a, …) or malformed: not ours to judge
            }

            foreach (var key in _keys)
            {
                if (CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, signed), presented))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static byte[] Key(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        try
        {
            return Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        }
        catch (FormatException e)
        {
            throw new ArgumentException("A webhook secret is whsec_ followed by base64.", nameof(secret), e);
        }
    }
}
