using System.Net;
using SendGateway.Server.EventContract;

namespace SendGateway.Server.Tracking;

/// <summary>
/// The machine verdict of an open or click, from the request alone (the address and User-Agent are used here and not
/// kept). Rules, first match wins:
/// <list type="number">
/// <item>User-Agent names Google's image proxy (<c>GoogleImageProxy</c>) → <c>google_image_proxy</c>.</item>
/// <item>From Apple's network 17.0.0.0/8 with a bare <c>Mozilla/5.0</c> User-Agent → <c>apple_privacy_proxy</c>
/// (Mail Privacy Protection fetches every image on delivery).</item>
/// <item>User-Agent of another mail image proxy (Yahoo, Outlook.com) → <c>other_image_proxy</c>.</item>
/// <item>User-Agent of a link scanner or a non-browser client (Barracuda, Mimecast, Proofpoint, Microsoft's
/// Office/SafeLinks checks, curl, Go, Python, Java, bots and crawlers), or none → <c>security_scanner</c>.</item>
/// <item>A click within <see cref="TrackingOptions.PrefetchWindow"/> of delivery → <c>prefetch</c>.</item>
/// <item>A click within <see cref="TrackingOptions.ClickBeforeOpenWindow"/> of delivery, on a copy with a pixel, before
/// any open of it → <c>prefetch</c> (needs state: <see cref="TrackingRecorder"/> applies it).</item>
/// </list>
/// Otherwise a person's: the client is a mail client (Thunderbird, Outlook, Apple Mail), a browser or unknown.
/// </summary>
internal static class ClientVerdicts
{
    public const string Prefetch = "prefetch";

    private static readonly string[] OtherProxies = ["YahooMailProxy", "Yahoo! Slurp", "OutlookImageProxy", "ggpht.com"];
    private static readonly string[] Scanners =
        ["Barracuda", "Mimecast", "Proofpoint", "urldefense", "Symantec", "Forcepoint", "MSOffice", "Microsoft Office Existence Discovery", "SafeLinks",
         "curl/", "Wget", "Go-http-client", "python-requests", "python-urllib", "Java/", "okhttp", "bot", "Bot", "spider", "crawler", "HeadlessChrome"];

    public static MachineVerdict Judge(char kind, string? userAgent, IPAddress? client, DateTimeOffset sentAt, DateTimeOffset now, TimeSpan prefetchWindow)
    {
        var ua = userAgent?.Trim() ?? string.Empty;
        if (ua.Contains("GoogleImageProxy", StringComparison.OrdinalIgnoreCase))
        {
            return new MachineVerdict(true, "google_image_proxy", new ClientDetail("proxy", "Gmail image proxy"));
        }

        if (IsApple(client) && ua == "Mozilla/5.0")
        {
            return new MachineVerdict(true, "apple_privacy_proxy", new ClientDetail("proxy", "Apple Mail Privacy Protection"));
        }

        if (OtherProxies.FirstOrDefault(p => ua.Contains(p, StringComparison.OrdinalIgnoreCase)) is { } proxy)
        {
            return new MachineVerdict(true, "other_image_proxy", new ClientDetail("proxy", proxy));
        }

        if (ua.Length == 0 || Scanners.FirstOrDefault(s => ua.Contains(s, StringComparison.Ordinal)) is not null)
        {
            var name = ua.Length == 0 ? null : Scanners.First(s => ua.Contains(s, StringComparison.Ordinal)).TrimEnd('/');
            return new MachineVerdict(true, "security_scanner", new ClientDetail("scanner", name));
        }

        var person = ClientOf(ua);
        return kind == TrackingToken.Click && now - sentAt < prefetchWindow
            ? new MachineVerdict(true, Prefetch, person)
            : new MachineVerdict(false, null, person);
    }

    private static ClientDetail ClientOf(string ua) => ua switch
    {
        _ when ua.Contains("Thunderbird", StringComparison.Ordinal) => new("mail_client", "Thunderbird"),
        _ when ua.Contains("Microsoft Outlook", StringComparison.Ordinal) || ua.Contains("Outlook-", StringComparison.Ordinal) => new("mail_client", "Outlook"),
        _ when ua.Contains("AppleWebKit", StringComparison.Ordinal) && !ua.Contains("Safari", StringComparison.Ordinal) => new("mail_client", "Apple Mail"),
        _ when ua.Contains("Edg/", StringComparison.Ordinal) => new("browser", "Edge"),
        _ when ua.Contains("Firefox/", StringComparison.Ordinal) => new("browser", "Firefox"),
        _ when ua.Contains("Chrome/", StringComparison.Ordinal) => new("browser", "Chrome"),
        _ when ua.Contains("Safari/", StringComparison.Ordinal) => new("browser", "Safari"),
        _ => new("unknown", null),
    };

    private static bool IsApple(IPAddress? address) =>
        address is not null && (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).GetAddressBytes() is [17, _, _, _];
}
