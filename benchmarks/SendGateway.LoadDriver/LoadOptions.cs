using System.Globalization;

namespace SendGateway.LoadDriver;

/// <summary>Command line of the load driver; every value bounded. <c>--rate</c> paces requests per second (0: as fast as the clients go); <c>--rcpt-domains K</c> spreads recipients over K domains (d0.…dK-1.&lt;rcpt-domain&gt;), so over the queue's shards; <c>--template ID</c> sends a stored template (with <c>vars.n</c>) instead of inline content; <c>--track</c> turns open and click tracking on for each message; <c>--tracking-hits N</c> loads the public tracking endpoints instead (<see cref="TrackingLoad"/>).</summary>
internal sealed record LoadOptions(Uri Url, string ApiKey, string From, string RecipientDomain, int Messages, int Concurrency, int RecipientsPerRequest, int BodyBytes, TimeSpan DeliveryTimeout, bool AcceptOnly, int Rate, int RecipientDomains, string? Template, int TrackingHits, bool Track)
{
    public static LoadOptions Parse(string[] args)
    {
        string Arg(string name, string? fallback = null)
        {
            var i = Array.IndexOf(args, $"--{name}");
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"--{name} is required");
        }

        int Int(string name, string fallback, int max, int min = 1)
        {
            var value = int.Parse(Arg(name, fallback), CultureInfo.InvariantCulture);
            return value >= min && value <= max ? value : throw new ArgumentException($"--{name} must be {min}..{max}");
        }

        return new LoadOptions(
            new Uri(Arg("url", "http://127.0.0.1:8080")), Arg("key"), Arg("from"), Arg("rcpt-domain", "load.test"),
            Int("messages", "10000", 10_000_000), Int("concurrency", "16", 1024), Int("recipients-per-request", "1", 1000),
            Int("body-bytes", "5120", 10_000_000), TimeSpan.FromSeconds(Int("timeout", "600", 86_400)), args.Contains("--accept-only"),
            Int("rate", "0", 1_000_000, min: 0), Int("rcpt-domains", "1", 10_000), Arg("template", "") is { Length: > 0 } t ? t : null,
            Int("tracking-hits", "0", 10_000_000, min: 0), args.Contains("--track"));
    }
}
