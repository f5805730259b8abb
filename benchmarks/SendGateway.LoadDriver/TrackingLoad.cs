using System.Diagnostics;
using Microsoft.Extensions.Options;
using SendGateway.Server.Common;
using SendGateway.Server.Tracking;

namespace SendGateway.LoadDriver;

/// <summary>
/// <c>--tracking-hits N</c>: N GETs of the public tracking endpoints (opens and clicks alternating) with C clients, tokens
/// signed with the master key in <c>SendGateway__Secrets__MasterKey</c> (what the bench's server uses) for a message the
/// ingester will not find, so each hit costs what a real one does up to the event stream. Reports hits/s and latency.
/// </summary>
internal static class TrackingLoad
{
    public static async Task<int> RunAsync(LoadOptions options)
    {
        var key = Environment.GetEnvironmentVariable("SendGateway__Secrets__MasterKey") ?? throw new InvalidOperationException("SendGateway__Secrets__MasterKey is not set");
        var secrets = Options.Create(new SecretsOptions { MasterKey = key });
        var tokens = new TrackingTokens(new SecretBox(secrets), secrets);
        string Path(char kind) => (kind == TrackingToken.Open ? "/t/o/" : "/t/c/") + tokens.Create(new TrackingToken(
            kind, "ten_bench", "msg_01BENCHBENCHBENCHBENCHBENCH", 0, 2, DateTimeOffset.UtcNow.AddHours(-1), kind == TrackingToken.Click ? "https://bench.test/landing?id=1" : null));
        string[] paths = [Path(TrackingToken.Open), Path(TrackingToken.Click)];
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, AllowAutoRedirect = false }) { BaseAddress = options.Url };
        var latencies = new double[options.TrackingHits];
        var failures = 0;
        var next = -1;
        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < latencies.Length)
            {
                var t0 = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Get, paths[i % 2]);
                request.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36");
                using var response = await http.SendAsync(request);
                latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if ((int)response.StatusCode is not (200 or 302))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var seconds = started.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT hits_per_s={options.TrackingHits / seconds:F0} p50_ms={Percentile(0.50):F2} p99_ms={Percentile(0.99):F2} failed={failures}"));
        return failures == 0 ? 0 : 1;
    }
}
