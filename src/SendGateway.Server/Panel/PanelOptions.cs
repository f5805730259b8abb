using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Panel;

/// <summary><c>SendGateway:Panel</c>: sessions and sign-in throttling of the web panel (progressive waits per client address, never a lock-out of the account).</summary>
public sealed class PanelOptions : IValidatableObject
{
    /// <summary>A session ends after this long without a request (the cookie slides while in use).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Time between the password and the code (or the enrolment of a second factor).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan SecondStepTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Failed passwords or codes for one account from one client address (within <see cref="FailureWindow"/>) that
    /// cost nothing; each further one makes that address wait <see cref="FailureDelay"/> × 2^k before its next try at
    /// that account (k = failures beyond these), at most <see cref="MaxFailureDelay"/>.
    /// </summary>
    [Range(0, 100)]
    public int FreeFailures { get; set; } = 3;

    /// <summary>Failed attempts from one client address on any accounts that cost nothing; past them the address waits as above for every account.</summary>
    [Range(1, 100_000)]
    public int MaxFailuresPerAddress { get; set; } = 30;

    /// <summary>The first wait after the free failures; it doubles with each further failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan FailureDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait a client address is given.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxFailureDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Failed attempts on one account from all addresses past which every attempt on it is answered
    /// <see cref="AccountSlowdown"/> later. This never refuses: a spray from elsewhere cannot lock the owner out.
    /// </summary>
    [Range(1, 1000)]
    public int MaxFailuresPerAccount { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan AccountSlowdown { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Failures are forgotten this long after the last one (longer than <see cref="MaxFailureDelay"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows per page of Activity.</summary>
    [Range(10, 500)]
    public int PageSize { get; set; } = 50;

    /// <summary>How long a template preview rendered in the panel can be opened (its frame loads it once, at once).</summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan PreviewLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Characters of rendered previews kept in memory on a node at most; the oldest go first beyond it.</summary>
    [Range(1024 * 1024, 1024 * 1024 * 1024)]
    public int PreviewCacheChars { get; set; } = 32 * 1024 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FailureWindow <= MaxFailureDelay)
        {
            yield return new ValidationResult("must be longer than MaxFailureDelay, or failures are forgotten while the wait lasts", [nameof(FailureWindow)]);
        }
    }
}
