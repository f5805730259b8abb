using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// The Node receiver in <c>tests/webhook-receiver</c>: verifies every POST with the npm package <c>standardwebhooks</c>,
/// unchanged, answers the status a test configures per hook name, and reports what it got.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly Process _node;
    private readonly HttpClient _http;

    private WebhookReceiver(Process node, int port)
    {
        _node = node;
        Port = port;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public int Port { get; }

    public string UrlFor(string name) => $"http://127.0.0.1:{Port}/hooks/{name}";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var dir = Path.Combine(TestPaths.RepositoryRoot(), "tests", "webhook-receiver");
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "standardwebhooks")))
        {
            throw new InvalidOperationException($"Run `npm ci` in {dir} first (make test does it).");
        }

        var start = new ProcessStartInfo("node", ["receiver.mjs", "0"]) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var line = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The webhook receiver did not start: {line} {await node.StandardError.ReadToEndAsync()}");
        }

        return new WebhookReceiver(node, int.Parse(line["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task ConfigureAsync(string name, string secret, int status)
    {
        var response = await _http.PutAsJsonAsync($"/_config/{name}", new { secret, status });
        response.EnsureSuccessStatusCode();
    }

    public async Task<IReadOnlyList<ReceivedWebhook>> ReceivedAsync(string name) =>
        (await _http.GetFromJsonAsync<List<ReceivedWebhook>>($"/_received/{name}", JsonOptions))!;

    /// <summary>Posts a request as-is to the receiver (to show that a tampered one does not verify).</summary>
    public async Task<int> PostRawAsync(string name, string id, string timestamp, string signature, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/{name}") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", signature);
        return (int)(await _http.SendAsync(request)).StatusCode;
    }

    public static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_node.HasExited)
        {
            _node.Kill(entireProcessTree: true);
            await _node.WaitForExitAsync();
        }

        _node.Dispose();
    }
}
