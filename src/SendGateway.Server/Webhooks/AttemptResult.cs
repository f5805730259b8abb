namespace SendGateway.Server.Webhooks;

/// <summary>What one POST produced: the status (null when no response came), the latency, an error kind and a Retry-After.</summary>
internal sealed record AttemptResult(int? StatusCode, int LatencyMs, string? Error, TimeSpan? RetryAfter = null)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
