using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Idempotency;

/// <summary><c>SendGateway:Idempotency</c>: the keys of <c>Idempotency-Key</c> (REST) and <c>X-Idempotency-Key</c> (SMTP).</summary>
public sealed class IdempotencyOptions
{
    /// <summary>
    /// How long a key stays claimed by a request still running; a claim left by a request that could not finish (Redis
    /// failed before it released the key) frees itself after this. A finished request's answer is kept 24 h.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan InProgressTtl { get; set; } = TimeSpan.FromMinutes(1);
}
