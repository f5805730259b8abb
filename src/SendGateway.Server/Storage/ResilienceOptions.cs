using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Storage;

/// <summary><c>SendGateway:Resilience</c>: how background work rides out a Redis or PostgreSQL outage.</summary>
public sealed class ResilienceOptions : IValidatableObject
{
    /// <summary>First pause of a background loop after its store failed; doubled per failure up to <see cref="OutageMaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan OutageFirstBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan OutageMaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>One try of a background PostgreSQL write (an ingest batch).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan PostgresWriteAttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Every try of one write together; after it the batch stays pending and is read again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PostgresWriteTimeout { get; set; } = TimeSpan.FromSeconds(60);

    [Range(0, 100)]
    public int PostgresWriteRetries { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan PostgresWriteRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OutageFirstBackoff > OutageMaxBackoff)
        {
            yield return new ValidationResult("SendGateway:Resilience:OutageFirstBackoff must not exceed OutageMaxBackoff.", [nameof(OutageFirstBackoff)]);
        }

        if (PostgresWriteAttemptTimeout > PostgresWriteTimeout)
        {
            yield return new ValidationResult("SendGateway:Resilience:PostgresWriteAttemptTimeout must not exceed PostgresWriteTimeout.", [nameof(PostgresWriteAttemptTimeout)]);
        }
    }
}
