using System.Net;
using System.Net.Sockets;
using System.Text;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T41 on a real Kestrel listener: headers trickled at 1 byte a second are cut off at
/// <c>Api:RequestHeadersTimeout</c>, 40 KB of headers get 431 and a 10 KB request line 414, while a legitimate POST
/// on another connection is accepted meanwhile.
/// </summary>
[TestFixture]
public sealed class HttpSlowlorisTests
{
    private SendGatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _factory = new SendGatewayFactory("api,relay", new Dictionary<string, string?> { ["SendGateway:Api:RequestHeadersTimeout"] = "00:00:02" });
        _factory.StartServer();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    [Test]
    public async Task HeadersTrickledAtOneBytePerSecondAreCutOffWhileOthersAreServed()
    {
        using var slow = new TcpClient();
        await slow.ConnectAsync(IPAddress.Loopback, _factory.HttpPort);
        var stream = slow.GetStream();
        await stream.WriteAsync("POST /v1/messages HTTP/1.1\r\nHost: x\r\n"u8.ToArray());
        var trickling = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < 60; i++)
                {
                    await stream.WriteAsync("X"u8.ToArray());
                    await Task.Delay(1000); // the attack itself: one byte a second
                }
            }
            catch (IOException)
            {
                // Cut off by the server: what the test waits for.
            }
        });

        using var tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "slowloris.test");
        using (var response = await tenant.SendAsync(new { from = new { email = "a@slowloris.test" }, to = new[] { new { email = "r@mx-ok.test" } }, subject = "s", text = "t" }))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "a legitimate request meanwhile");
        }

        var started = DateTime.UtcNow;
        var answer = await ReadToEndAsync(stream, TimeSpan.FromSeconds(15));
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(10)), "closed near RequestHeadersTimeout, not after the trickle");
        Assert.That(answer, Is.Empty.Or.StartWith("HTTP/1.1 408"), answer);
        await trickling.WaitAsync(TimeSpan.FromSeconds(70));
    }

    [Test]
    public async Task FortyKilobytesOfHeadersAre431()
    {
        var headers = string.Concat(Enumerable.Range(0, 40).Select(i => $"X-Filler-{i}: {new string('a', 1000)}\r\n"));
        Assert.That(await RawRequestAsync($"GET /healthz HTTP/1.1\r\nHost: x\r\n{headers}\r\n"), Does.StartWith("HTTP/1.1 431"));
    }

    [Test]
    public async Task ATenKilobyteRequestLineIs414()
    {
        Assert.That(await RawRequestAsync($"GET /healthz?{new string('a', 10_000)} HTTP/1.1\r\nHost: x\r\n\r\n"), Does.StartWith("HTTP/1.1 414"));
    }

    private async Task<string> RawRequestAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _factory.HttpPort);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything.
        }

        return await ReadToEndAsync(stream, TimeSpan.FromSeconds(10));
    }

    private static async Task<string> ReadToEndAsync(NetworkStream stream, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        var text = new StringBuilder();
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cts.Token)) > 0)
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
