using System.ComponentModel.DataAnnotations;
using SendGateway.Server.Domains;

namespace SendGateway.Server.Tracking;

/// <summary>
/// <c>SendGateway:Tracking</c>: where tracked links point, the tracking host a sender domain may publish (read by the
/// domains' records through <see cref="ITrackingHost"/>), which proxies may tell the client's address, verdict rules.
/// </summary>
public sealed class TrackingOptions : ITrackingHost, IValidatableObject
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

    /// <summary>
    /// Hits of one token within this long of the first count once (the answer is served every time). A double click,
    /// a reload, a mail client fetching the image twice or a scanner's retries come within seconds; a person coming
    /// back to the mail comes later and counts again. Zero counts every hit (not advised: one link fetched in a loop
    /// makes as many events, webhook calls and stats).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RepeatWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after sending a copy's opens, clicks and unsubscribe link record anything (the token carries when it
    /// was sent). Later, a click still redirects and the pixel is still served, but nothing is recorded; the
    /// unsubscribe link shows a page saying it expired (any newer mail carries a working one).
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>The window of <see cref="MaxHitsPerAddress"/> and <see cref="MaxUnsubscribesPerAddress"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PublicLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Opens and clicks one client address (an IPv6 one by its /64) may make per <see cref="PublicLimitWindow"/>, on
    /// all nodes together; 0 = no limit. Generous, because mail image proxies (Gmail's, Apple's) fetch for many
    /// people from few addresses. Over it, the pixel answers 429 with Retry-After and a click still redirects; neither
    /// records anything.
    /// </summary>
    [Range(0, 10_000_000)]
    public int MaxHitsPerAddress { get; set; } = 1200;

    /// <summary>
    /// Unsubscribe pages and one-click POSTs one client address may make per <see cref="PublicLimitWindow"/>, on all
    /// nodes together; 0 = no limit. Mailbox providers send the one-click POSTs of many people from their servers.
    /// Over it: 429 with Retry-After, nothing recorded.
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxUnsubscribesPerAddress { get; set; } = 300;

    /// <summary>Links rewritten per message at most (the rest stay as they are).</summary>
    [Range(1, 10_000)]
    public int MaxLinksPerMessage { get; set; } = 500;

    /// <summary>The label before the sender domain: <c>track</c> → <c>track.example.com</c>.</summary>
    [Required, RegularExpression("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    public string Subdomain { get; set; } = "track";

    /// <summary>What the tenant's tracking host is a CNAME of: the public host of the api role; empty = the host of <see cref="BaseUrl"/>.</summary>
    public string CnameTarget { get; set; } = string.Empty;

    /// <summary>How often each process reloads the verified tracking hosts (a verify or delete on this process reloads at once).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan HostRefresh { get; set; } = TimeSpan.FromMinutes(1);

    public string Target => CnameTarget.Length > 0 ? CnameTarget : new Uri(BaseUrl).Host;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CnameTarget.Length > 0 && !Common.DomainNames.IsValid(CnameTarget))
        {
            yield return new ValidationResult("SendGateway:Tracking:CnameTarget must be a lower-case host name such as track.sendgateway.example.", [nameof(CnameTarget)]);
        }
    }
}
