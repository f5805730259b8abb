using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using SendGateway.Server.Common;
using SendGateway.Server.Tracking;

namespace SendGateway.Benchmarks.Tracking;

/// <summary>
/// What tracking adds per delivered copy: parse a 20 KB HTML part with 30 links (AngleSharp), sign a token for each
/// link and the pixel, and serialize it again; and reading one token on the tracking endpoint.
/// </summary>
[MemoryDiagnoser]
public class LinkRewriteBenchmarks
{
    private static readonly IOptions<SecretsOptions> Secrets = Options.Create(new SecretsOptions { MasterKey = Convert.ToBase64String(new byte[32]) });
    private static readonly TrackingTokens Tokens = new(new SecretBox(Secrets), Secrets);
    private string _html = string.Empty;
    private string _token = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var paragraph = "<p>" + new string('x', 600) + "</p>";
        _html = "<html><body>" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{paragraph}<a href=\"https://shop.acme.test/product/{i}?utm_source=mail&amp;utm_campaign=nov#top\">Product {i}</a>")) + "</body></html>";
        _token = Token(TrackingToken.Click, "https://shop.acme.test/product/1?utm_source=mail");
    }

    private static string Token(char kind, string? url) =>
        Tokens.Create(new TrackingToken(kind, "ten_01M8248N61MXRFWT8FQCNCR8M0", "msg_01M825VBNHGYHJ1WJB48EPVQW4", 7, 3, DateTimeOffset.UtcNow, url));

    [Benchmark(Description = "rewrite a 20 KB HTML part with 30 links and a pixel")]
    public int Rewrite() => LinkRewriter.Rewrite(_html, url => "https://t.acme.test/t/c/" + Token(TrackingToken.Click, url), "https://t.acme.test/t/o/" + Token(TrackingToken.Open, null), 500).Length;

    [Benchmark(Description = "read and verify one click token")]
    public bool ReadToken() => Tokens.Read(_token, 8192) is not null;
}
