using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Tracking;

/// <summary><c>SendGateway:Tracking</c>: where tracked links point, which proxies may tell the client's address, verdict rules.</summary>
public sealed class TrackingOptions
{
    /// <summary>The public base of tracked links and the pixel (<c>{BaseUrl}/t/c/…</c>); reach the api role there.</summary>
    [Required, Url]
    public string BaseUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Old name of <c>SendGateway:Proxies:Trusted</c>, still read: its addresses are trusted proxies for the whole service.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>A click this soon after delivery is a machine's (<c>prefetch</c>): people do not read and click that fast.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan PrefetchWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A click this soon after delivery, on a copy with a pixel, with no open seen before it, is a machine's
    /// (<c>prefetch</c>): link scanners follow every link on arrival without loading images. Bounded because a person
    /// whose mail client blocks images clicks without an open too, just rarely this fast. Zero turns the rule off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ClickBeforeOpenWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest User-Agent kept on an event for tenants that keep them (longer ones are cut).</summary>
    [Range(16, 4096)]
    public int MaxUserAgentLength { get; set; } = 512;

    /// <summary>Longest token accepted (a click's token carries its URL).</summary>
    [Range(128, 65_536)]
    public int MaxTokenLength { get; set; } = 8192;

    /// <summary>Links rewritten per message at most (the rest stay as they are).</summary>
    [Range(1, 10_000)]
    public int MaxLinksPerMessage { get; set; } = 500;
}
