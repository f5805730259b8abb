using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Hosting;

/// <summary>
/// The real executable started while its PostgreSQL is down: it stays up, not ready, with one log line for the outage;
/// once PostgreSQL starts, the migrations run, <c>/readyz</c> turns 200 and a message sent through it is delivered.
/// </summary>
[TestFixture]
public sealed class StartWhilePostgresDownTests
{
    [Test]
    public async Task AProcessStartedWithoutPostgresWaitsNotReadyAndServesOnceItIsUp()
    {
        await using var postgres = new PostgresProcess(); // not started yet
        await using var shared = new SendGatewayFactory("api,delivery,events"); // its settings only: never started
        var httpPort = ProcessRunner.FreePort();
        var environment = shared.EnvironmentFor("api,delivery,events", new Dictionary<string, string>
        {
            ["ConnectionStrings:Postgres"] = postgres.ConnectionString,
            ["urls"] = $"http://127.0.0.1:{httpPort}",
            ["SendGateway:Resilience:OutageMaxBackoff"] = "00:00:00.500",
        });
        var output = new ConcurrentQueue<string>();
        using var server = Start(environment, output);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var notReady = await Polling.UntilAsync(() => ReadyzAsync(http), s => s == HttpStatusCode.ServiceUnavailable || server.HasExited, TimeSpan.FromSeconds(60));
            Assert.That(server.HasExited, Is.False, $"the process waits for PostgreSQL instead of exiting: {string.Join('\n', output)}");
            Assert.That(notReady, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "not ready while PostgreSQL is down");
            await Polling.UntilAsync(() => Task.FromResult(output.Any(l => l.Contains("Migrations: storage unavailable", StringComparison.Ordinal))), seen => seen, TimeSpan.FromSeconds(30));
            Assert.That(output.Count(l => l.Contains("Migrations: storage unavailable", StringComparison.Ordinal)), Is.EqualTo(1), $"one line for the outage: {string.Join('\n', output)}");

            await postgres.StartAsync();
            var ready = await Polling.UntilAsync(() => ReadyzAsync(http), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            Assert.That(ready, Is.EqualTo(HttpStatusCode.OK), $"ready once PostgreSQL answers and the migrations ran: {string.Join('\n', output)}");
            Assert.That(output.Count(l => l.Contains("Migrations: storage unavailable", StringComparison.Ordinal)), Is.EqualTo(1), "still one line for the whole outage");

            using var tenant = await CreateTenantAsync(http);
            await SendGatewayFactory.AddDomainAsync(tenant, "pgdown-start.test");
            using var response = await tenant.SendAsync(new { from = new { email = "a@pgdown-start.test" }, to = new[] { new { email = $"late-{Guid.NewGuid():N}@mx-ok.test" } }, subject = "s", text = "t" });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
            await tenant.WaitForStatusAsync(id, "ok", seconds: 60);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }
    }

    private static async Task<HttpStatusCode> ReadyzAsync(HttpClient http)
    {
        try
        {
            return (await http.GetAsync("/readyz")).StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0; // not listening yet
        }
    }

    private static async Task<TestTenant> CreateTenantAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/admin/tenants") { Content = JsonContent.Create(new { name = $"tenant-{Guid.NewGuid():N}" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SendGatewayFactory.AdminKey);
        using var response = await http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var key = body.GetProperty("api_key").GetString()!;
        var client = new HttpClient { BaseAddress = http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return new TestTenant(body.GetProperty("id").GetString()!, key, client);
    }

    /// <summary>The server executable with its output lines collected (stdout and stderr).</summary>
    private static Process Start(IDictionary<string, string> environment, ConcurrentQueue<string> output)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "SendGateway.Server.dll")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
