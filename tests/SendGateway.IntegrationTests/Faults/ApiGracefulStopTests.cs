using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T94, the API's side of a graceful stop (a rolling deploy): on SIGTERM the real server process answers
/// <c>/readyz</c> with 503 first while its listener still serves (<c>Api:StopDrainTime</c>), so a load balancer drains it;
/// a request in flight (its body still arriving) finishes with 202 and its message is queued; then the process exits 0
/// and the port is closed.
/// </summary>
[TestFixture]
public sealed class ApiGracefulStopTests
{
    [Test]
    public async Task OnSigtermReadinessIs503FirstWhileTheListenerServesAndARequestInFlightFinishes()
    {
        await using var factory = new SendGatewayFactory("api,events");
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "api-drain.test");
        var port = ProcessRunner.FreePort();
        var environment = factory.EnvironmentFor("api", new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["SendGateway:Api:StopDrainTime"] = "00:00:20", // long for a loaded machine: the test moves on at the 503, not after the time
        });
        await using var server = CapturedProcess.Start(ServerProcess.StartInfo(environment, ["serve"]));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        async Task<HttpStatusCode> ReadinessAsync()
        {
            try
            {
                using var response = await http.GetAsync("/readyz");
                return response.StatusCode;
            }
            catch (HttpRequestException)
            {
                return 0; // not listening
            }
        }

        Assert.That(await Polling.UntilAsync(ReadinessAsync, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(120)), Is.EqualTo(HttpStatusCode.OK), server.Output);

        // A request in flight: its headers and half its body are sent before the stop signal, the rest after it (HTTP/1.0:
        // the answer is not chunked and ends with the connection).
        var recipient = $"t94-{Guid.NewGuid():N}@mx-ok.test";
        var body = JsonSerializer.SerializeToUtf8Bytes(new { from = new { email = "a@api-drain.test" }, to = new[] { new { email = recipient } }, subject = "s", text = "t" });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /v1/messages HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {tenant.ApiKey}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n"));
        await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
        await stream.FlushAsync();

        await ProcessRunner.RunAsync("kill", ["-TERM", server.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], CancellationToken.None);
        var draining = await Polling.UntilAsync(ReadinessAsync, s => s != HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        Assert.That(draining, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "not ready first, while the listener still answers");

        await stream.WriteAsync(body.AsMemory(body.Length / 2));
        await stream.FlushAsync();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.That(response, Does.Match(@"^HTTP/1\.\d 202 "), "the request in flight finished");
        var id = JsonDocument.Parse(response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]).RootElement.GetProperty("messages")[0].GetProperty("id").GetString()!;

        await server.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        Assert.That(server.Process.ExitCode, Is.Zero, server.Output);
        Assert.That(await ReadinessAsync(), Is.EqualTo((HttpStatusCode)0), "the listener is closed once stopped");
        Assert.That((await tenant.WaitForIngestedStatusAsync(id, "injected", seconds: 60)).GetProperty("status").GetString(), Is.EqualTo("injected"), "its message was queued");
    }
}
