using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T41, the parts after the headers, on a real Kestrel listener set from <c>SendGateway:Api</c>: a body
/// trickled below <c>MinRequestBodyBytesPerSecond</c> is cut off after the grace period, an idle keep-alive connection
/// is closed at <c>KeepAliveTimeout</c>, and connections past <c>MaxConcurrentConnections</c> are closed unanswered,
/// while legitimate POSTs are accepted. Each limit is set tighter than Kestrel's default, so only the option explains it.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HttpConnectionLimitsTests
{
    private const int Cap = 24;
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(4);
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new SendGatewayFactory("api,relay", new Dictionary<string, string?>
        {
            ["SendGateway:Api:MinRequestBodyBytesPerSecond"] = "2000", // Kestrel's default is 240
            ["SendGateway:Api:MinRequestBodyGracePeriod"] = "00:00:02",
            ["SendGateway:Api:KeepAliveTimeout"] = "00:00:04", // Kestrel's default is 2 minutes
            ["SendGateway:Api:MaxConcurrentConnections"] = Cap.ToString(),
        });
        _factory.StartServer();
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, "limits.test");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _factory.DisposeAsync();
    }

    private async Task<HttpStatusCode> SendLegitimateAsync()
    {
        using var response = await _tenant.SendAsync(new { from = new { email = "a@limits.test" }, to = new[] { new { email = "r@mx-ok.test" } }, subject = "s", text = "t" });
        return response.StatusCode;
    }

    [Test]
    public async Task ABodyTrickledBelowTheMinimumRateIsCutOffAfterTheGracePeriodWhileOthersAreServed()
    {
        using var slow = await ConnectAsync();
        var stream = slow.GetStream();
        const int length = 20_000; // 40 s at the trickle's 500 bytes a second
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /v1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {_tenant.ApiKey}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n{{\"text\":\""));
        var reading = ReadAllAsync(stream);
        var started = Stopwatch.StartNew();
        var trickling = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < length / 100 && !reading.IsCompleted; i++)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(new string('x', 100)));
                    await Task.Delay(200); // the attack itself: 500 bytes a second, above Kestrel's default minimum, below the option's
                }
            }
            catch (IOException)
            {
                // Cut off by the server: what the test waits for.
            }
        });

        Assert.That(await SendLegitimateAsync(), Is.EqualTo(HttpStatusCode.Accepted), "a legitimate request meanwhile");
        var answer = await reading.WaitAsync(TimeSpan.FromSeconds(60));
        var elapsed = started.Elapsed;
        await trickling;
        TestContext.Out.WriteLine($"cut off after {elapsed.TotalSeconds:F1} s: {answer.Split("\r\n")[0]}");
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "cut off after the 2 s grace, long before the 40 s the body would take");
        Assert.That(answer, Is.Empty.Or.StartWith("HTTP/1.1 408"), answer);
    }

    [Test]
    public async Task AnIdleKeepAliveConnectionIsClosedAtTheKeepAliveTimeout()
    {
        using var client = await ConnectAsync();
        var stream = client.GetStream();
        await stream.WriteAsync("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        var answered = await ReadUntilAsync(stream, "\r\n\r\n");
        Assert.That(answered, Does.StartWith("HTTP/1.1 200"), answered);
        var idle = Stopwatch.StartNew();
        var rest = await ReadAllAsync(stream).WaitAsync(TimeSpan.FromSeconds(60));
        TestContext.Out.WriteLine($"closed after {idle.Elapsed.TotalSeconds:F1} s idle");
        Assert.That(rest, Does.Not.Contain("HTTP/1.1"), "nothing more was sent, the connection was closed");
        Assert.That(idle.Elapsed, Is.GreaterThan(KeepAlive - TimeSpan.FromSeconds(1)).And.LessThan(KeepAlive + TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task ConnectionsPastTheCapAreClosedUnansweredAndASlotFreesOnceTheyLeave()
    {
        // More connections than the cap, all opened before any sends a request (the tenant's pooled connection may hold a slot).
        var clients = new List<TcpClient>();
        try
        {
            for (var i = 0; i < Cap + 16; i++)
            {
                clients.Add(await ConnectAsync());
            }

            var answers = await Task.WhenAll(clients.Select(async c =>
            {
                try
                {
                    await c.GetStream().WriteAsync("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
                }
                catch (IOException)
                {
                    // Closed by the server before the request: refused.
                }

                return await ReadUntilAsync(c.GetStream(), "\r\n\r\n");
            }));
            var served = answers.Count(a => a.StartsWith("HTTP/1.1 200", StringComparison.Ordinal));
            TestContext.Out.WriteLine($"{served} of {clients.Count} served");
            Assert.That(served, Is.InRange(Cap - 4, Cap), "at most the cap served");
            Assert.That(answers.Where(a => !a.StartsWith("HTTP/1.1 200", StringComparison.Ordinal)), Has.All.Empty, "the others closed unanswered");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        var after = await Polling.UntilAsync(SendLegitimateAsync, s => s == HttpStatusCode.Accepted, TimeSpan.FromSeconds(30));
        Assert.That(after, Is.EqualTo(HttpStatusCode.Accepted), "served again once the connections are gone");
    }

    private async Task<TcpClient> ConnectAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _factory.HttpPort);
        return client;
    }

    /// <summary>What the server sends until it closes the connection (or resets it).</summary>
    private static async Task<string> ReadAllAsync(NetworkStream stream) => await ReadUntilAsync(stream, null);

    private static async Task<string> ReadUntilAsync(NetworkStream stream, string? end)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new byte[4096];
        var text = new StringBuilder();
        try
        {
            int read;
            while ((end is null || !text.ToString().Contains(end, StringComparison.Ordinal)) && (read = await stream.ReadAsync(buffer, cts.Token)) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
            // Reset by the server.
        }

        return text.ToString();
    }
}
