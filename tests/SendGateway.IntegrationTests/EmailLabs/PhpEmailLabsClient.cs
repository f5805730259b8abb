using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.EmailLabs;

/// <summary>
/// Runs <c>tests/emaillabs-client/client.php</c> in php-cli: the request as an EmailLabs PHP client makes it (PHP's own
/// http_build_query, curl, Basic auth) against our <c>/api/</c>, the answer judged as that client judges it.
/// </summary>
public sealed class PhpEmailLabsClient(string baseUrl, string appKey, string appSecret)
{
    public sealed record Answer(bool Ok, int Http, string? Error, JsonElement Result)
    {
        public JsonElement Data => Result.GetProperty("data");
    }

    /// <summary>An API key as EmailLabs' app key and secret: split at its last '_'.</summary>
    public static PhpEmailLabsClient For(int port, string apiKey)
    {
        var split = apiKey.LastIndexOf('_');
        return new PhpEmailLabsClient($"http://127.0.0.1:{port}/api/", apiKey[..split], apiKey[(split + 1)..]);
    }

    public PhpEmailLabsClient WithSecret(string secret) => new(baseUrl, appKey, secret);

    public async Task<Answer> CallAsync(string method, string action, object? data = null, object? parameters = null, object? filters = null)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new { data, @params = parameters, filters }));
            var script = Path.Combine(TestPaths.RepositoryRoot(), "tests", "emaillabs-client", "client.php");
            var (exit, output) = await ProcessRunner.CaptureAsync("php", [script, baseUrl, appKey, appSecret, method, action, file], CancellationToken.None);
            Assert.That(exit, Is.EqualTo(0), output);
            using var json = JsonDocument.Parse(output.Split('\n')[0]);
            var root = json.RootElement.Clone();
            return new Answer(root.GetProperty("ok").GetBoolean(), root.GetProperty("http").GetInt32(),
                root.TryGetProperty("error", out var error) ? error.GetString() : null, root.GetProperty("result"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
