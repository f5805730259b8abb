using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Webhooks;

/// <summary>
/// The signature verification samples the guide shows (<c>docs/webhooks/samples/</c>, in Python, Node.js and PHP) verify
/// a webhook the server really sent, and refuse it with its body changed or under another secret.
/// </summary>
[TestFixture]
public sealed class WebhookSampleTests() : TenantFixture("api,delivery,events", "samples.test")
{
    private (string Id, string Timestamp, string Signature, byte[] Body, string Secret) _delivery;

    [OneTimeSetUp]
    public async Task CaptureAWebhookAsync()
    {
        var port = ProcessRunner.FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var created = await Tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = $"http://127.0.0.1:{port}/hooks", events = new[] { "ok" } });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;

        var sent = await Tenant.SendAsync(new
        {
            from = new { email = "a@samples.test" }, to = new[] { new { email = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test" } },
            subject = "s", text = "t",
        });
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        var context = await listener.GetContextAsync().WaitAsync(TimeSpan.FromSeconds(60));
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        _delivery = (context.Request.Headers["webhook-id"]!, context.Request.Headers["webhook-timestamp"]!,
            context.Request.Headers["webhook-signature"]!, body.ToArray(), secret);
        context.Response.StatusCode = 204;
        context.Response.Close();
    }

    [TestCase("python3", "verify.py")]
    [TestCase("node", "verify.mjs")]
    [TestCase("php", "verify.php")]
    public async Task TheSampleVerifiesARealWebhookAndRefusesATamperedOne(string runtime, string sample)
    {
        var (genuine, output) = await RunAsync(runtime, sample, _delivery.Secret, _delivery.Body);
        Assert.That(genuine, Is.True, output);
        Assert.That(output.Trim(), Is.EqualTo("verified"));

        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(_delivery.Body).Replace("\"ok\"", "\"hardbounce\"", StringComparison.Ordinal));
        Assert.That(tampered, Is.Not.EqualTo(_delivery.Body));
        Assert.That((await RunAsync(runtime, sample, _delivery.Secret, tampered)).Genuine, Is.False, "a changed body verified");

        var otherSecret = "whsec_" + Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray());
        Assert.That((await RunAsync(runtime, sample, otherSecret, _delivery.Body)).Genuine, Is.False, "another secret verified");
    }

    private async Task<(bool Genuine, string Output)> RunAsync(string runtime, string sample, string secret, byte[] body)
    {
        var start = new ProcessStartInfo(runtime, [sample])
        {
            WorkingDirectory = Path.Combine(TestPaths.RepositoryRoot(), "docs", "webhooks", "samples"),
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["SENDGATEWAY_WEBHOOK_SECRET"] = secret;
        start.Environment["WEBHOOK_ID"] = _delivery.Id;
        start.Environment["WEBHOOK_TIMESTAMP"] = _delivery.Timestamp;
        start.Environment["WEBHOOK_SIGNATURE"] = _delivery.Signature;
        using var process = Process.Start(start)!;
        await process.StandardInput.BaseStream.WriteAsync(body);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode == 0, output + errors);
    }
}
