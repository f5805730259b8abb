using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Panel;

/// <summary><c>SendGateway:Panel</c>: sessions and sign-in throttling of the web panel.</summary>
public sealed class PanelOptions
{
    /// <summary>A session ends after this long without a request (the cookie slides while in use).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Time between the password and the code (or the enrolment of a second factor).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan SecondStepTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Failed passwords or codes per account within <see cref="FailureWindow"/> before sign-in pauses for it.</summary>
    [Range(1, 1000)]
    public int MaxFailuresPerAccount { get; set; } = 5;

    /// <summary>Failed attempts per client address within <see cref="FailureWindow"/> before sign-in pauses for it.</summary>
    [Range(1, 100_000)]
    public int MaxFailuresPerAddress { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Rows per page of Activity.</summary>
    [Range(10, 500)]
    public int PageSize { get; set; } = 50;

    /// <summary>How long a template preview rendered in the panel can be opened (its frame loads it once, at once).</summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan PreviewLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Characters of rendered previews kept in memory on a node at most; the oldest go first beyond it.</summary>
    [Range(1024 * 1024, 1024 * 1024 * 1024)]
    public int PreviewCacheChars { get; set; } = 32 * 1024 * 1024;
}
