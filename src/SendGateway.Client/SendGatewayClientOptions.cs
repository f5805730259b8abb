namespace SendGateway.Client;

/// <summary>Where the API is, the key to use and how patiently to retry.</summary>
public sealed class SendGatewayClientOptions
{
    /// <summary>The API's base address, e.g. <c>https://mail.example.com/</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>An API key (<c>sgk_…</c>) or the operator key for the admin operations.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How many times a 429 or 503 answer is retried (after its Retry-After); 0 turns retries off. Other errors are never retried.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>A Retry-After longer than this is not waited for: the error is thrown (a sending quota may say "in an hour").</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The delay before a retry when the answer gave no Retry-After (doubled each time, with jitter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Time allowed for one attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    internal void Validate()
    {
        if (BaseAddress is null || !BaseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("SendGatewayClientOptions.BaseAddress must be an absolute URI.", nameof(BaseAddress));
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new ArgumentException("SendGatewayClientOptions.ApiKey is required.", nameof(ApiKey));
        }

        if (MaxRetries is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries must be between 0 and 10.");
        }

        if (MaxRetryDelay < TimeSpan.Zero || RetryDelay <= TimeSpan.Zero || Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), "MaxRetryDelay must not be negative; RetryDelay and Timeout must be positive.");
        }
    }
}
