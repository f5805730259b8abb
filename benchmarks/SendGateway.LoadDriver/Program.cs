using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SendGateway.LoadDriver;

// Injects N messages through POST /v1/messages with C concurrent clients, then waits until GET /v1/stats
// counts them all as `ok` (unless --accept-only). Reports accepted/s, delivered/s and the accept latency percentiles.
// Usage: see benchmarks/load.sh, which starts everything this needs.
var options = LoadOptions.Parse(args);
if (options.TrackingHits > 0)
{
    return await TrackingLoad.RunAsync(options);
}

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = options.Url,
    Timeout = TimeSpan.FromSeconds(60),
};
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);

var body = new string('x', options.BodyBytes);
var requests = options.Messages / options.RecipientsPerRequest;
var latencies = new double[requests];
var failures = 0;
var next = -1;
var started = Stopwatch.StartNew();
var startTicks = Stopwatch.GetTimestamp();
var since = DateTimeOffset.UtcNow.AddSeconds(-1);

await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < requests)
    {
        var to = Enumerable.Range(0, options.RecipientsPerRequest).Select(r => new { email = options.RecipientDomains == 1 ? $"load{i}-{r}@{options.RecipientDomain}" : $"load{i}-{r}@d{(i + r) % options.RecipientDomains}.{options.RecipientDomain}", vars = new { n = i.ToString() } });
        var payload = new Dictionary<string, object> { ["from"] = new { email = options.From }, ["to"] = to, ["tags"] = new[] { "load" } };
        if (options.Template is { } template)
        {
            payload["template_id"] = template;
        }
        else
        {
            (payload["subject"], payload["text"]) = ("Load test {{n}}", body);
        }

        if (options.Track)
        {
            payload["tracking"] = new { opens = true, clicks = true };
        }

        // Paced: request i is due at start + i / rate, and its latency counts from then (no coordinated omission).
        var t0 = Stopwatch.GetTimestamp();
        if (options.Rate > 0)
        {
            var due = startTicks + (long)(i * (double)Stopwatch.Frequency / options.Rate);
            var wait = Stopwatch.GetElapsedTime(t0, due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            t0 = due;
        }

        using var response = await http.PostAsJsonAsync("/v1/messages", payload);
        latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        if ((int)response.StatusCode != 202)
        {
            Interlocked.Increment(ref failures);
        }
    }
}));
var acceptSeconds = started.Elapsed.TotalSeconds;

long delivered = 0;
while (!options.AcceptOnly && started.Elapsed < options.DeliveryTimeout)
{
    var stats = await http.GetFromJsonAsync<JsonElement>($"/v1/stats?since={Uri.EscapeDataString(since.ToString("O"))}");
    delivered = stats.GetProperty("data").EnumerateArray().Sum(b => b.GetProperty("counts").GetProperty("ok").GetInt64());
    if (delivered >= options.Messages - (failures * options.RecipientsPerRequest))
    {
        break;
    }

    await Task.Delay(100);
}

var deliverSeconds = started.Elapsed.TotalSeconds;
Array.Sort(latencies);
double Percentile(double p) => latencies.Length == 0 ? 0 : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
var report = new StringBuilder()
    .AppendLine($"messages:          {options.Messages} ({requests} requests x {options.RecipientsPerRequest} recipients, {options.BodyBytes} B body, {options.Concurrency} clients)")
    .AppendLine($"failed requests:   {failures}")
    .AppendLine($"accepted/s:        {options.Messages / acceptSeconds:F0}")
    .AppendLine($"accept latency ms: p50 {Percentile(0.50):F2}  p99 {Percentile(0.99):F2}  max {Percentile(1.0):F2}")
    .AppendLine($"delivered:         {delivered} in {deliverSeconds:F1} s from the first request")
    .AppendLine($"delivered/s:       {delivered / deliverSeconds:F0}");
Console.Write(report);
var recipients = options.Messages - (failures * options.RecipientsPerRequest);
Console.WriteLine(FormattableString.Invariant(
    $"RESULT accepted_per_s={recipients / acceptSeconds:F0} requests_per_s={(requests - failures) / acceptSeconds:F0} p50_ms={Percentile(0.50):F2} p99_ms={Percentile(0.99):F2} failed={failures} delivered_per_s={delivered / deliverSeconds:F0}"));
return failures == 0 && (options.AcceptOnly || delivered >= options.Messages) ? 0 : 1;
