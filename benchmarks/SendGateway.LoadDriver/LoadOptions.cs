using System.Globalization;

namespace SendGateway.LoadDriver;

/// <summary>Command line of the load driver; every value bounded.</summary>
internal sealed record LoadOptions(Uri Url, string ApiKey, string From, string RecipientDomain, int Messages, int Concurrency, int RecipientsPerRequest, int BodyBytes, TimeSpan DeliveryTimeout, bool AcceptOnly)
{
    public static LoadOptions Parse(string[] args)
    {
        string Arg(string name, string? fallback = null)
        {
            var i = Array.IndexOf(args, $"--{name}");
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"--{name} is required");
        }

        int Int(string name, string fallback, int max)
        {
            var value = int.Parse(Arg(name, fallback), CultureInfo.InvariantCulture);
            return value >= 1 && value <= max ? value : throw new ArgumentException($"--{name} must be 1..{max}");
        }

        return new LoadOptions(
            new Uri(Arg("url", "http://127.0.0.1:8080")), Arg("key"), Arg("from"), Arg("rcpt-domain", "load.test"),
            Int("messages", "10000", 10_000_000), Int("concurrency", "16", 1024), Int("recipients-per-request", "1", 1000),
            Int("body-bytes", "5120", 10_000_000), TimeSpan.FromSeconds(Int("timeout", "600", 86_400)), args.Contains("--accept-only"));
    }
}
