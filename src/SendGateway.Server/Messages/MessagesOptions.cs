using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Messages;

/// <summary><c>SendGateway:Messages</c>: the accept limits of api.md §2.</summary>
public sealed class MessagesOptions
{
    [Range(1, 10_000)]
    public int MaxRecipients { get; set; } = 1000;

    /// <summary>Largest rendered message (bytes, attachments counted after base64).</summary>
    [Range(1024L, 1L << 30)]
    public long MaxMessageBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>Largest request body (bytes); above it the request is 413 before it is read.</summary>
    [Range(1024L, 1L << 31)]
    public long MaxRequestBytes { get; set; } = 40L * 1024 * 1024;

    [Range(1, 998)]
    public int MaxSubjectLength { get; set; } = 998;

    [Range(1, 998)]
    public int MaxHeaderLineLength { get; set; } = 998;

    [Range(0, 1000)]
    public int MaxTags { get; set; } = 10;

    [Range(0, 1000)]
    public int MaxMetadataKeys { get; set; } = 20;

    [Range(0, 1000)]
    public int MaxHeaders { get; set; } = 50;

    /// <summary>How far ahead <c>send_at</c> may be.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan MaxScheduleAhead { get; set; } = TimeSpan.FromHours(72);

    /// <summary>
    /// The shortest lifetime a message may ask for (<c>max_delivery_seconds</c>, <c>X-SG-Max-Delivery-Seconds</c>); the
    /// longest is <c>Delivery:MaxQueueLifetime</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MinMessageLifetime { get; set; } = TimeSpan.FromMinutes(1);
}
