using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Hosting;

/// <summary>
/// <c>SendGateway:Proxies:Trusted</c> (issue 32 §4): a real Kestrel trusting 127.0.0.2 only. A client connecting from
/// 127.0.0.2 (the proxy) has its <c>X-Forwarded-For</c> believed by API keys' <c>allowed_ips</c> and the per-address
/// rate limit; the same header from 127.0.0.1 is ignored (not even loopback is trusted by default).
/// </summary>
[TestFixture]
public sealed class TrustedProxyTests
{
    private const string Proxy = "127.0.0.2";
    private const string Client = "198.51.100.7";
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new SendGatewayFactory("api,relay", new Dictionary<string, string?>
        {
            ["SendGateway:Proxies:Trusted:0"] = Proxy,
            ["SendGateway:RateLimits:PerAddressPerSecond"] = "1",
            ["SendGateway:RateLimits:PerAddressBurst"] = "3",
        });
        _factory.StartServer();
        _tenant = await _factory.CreateTenantAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _factory.DisposeAsync();
    }

    /// <summary>A client whose connections leave from <paramref name="source"/> (a loopback address of this machine).</summary>
    private HttpClient From(string source, string? key = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false, AllowAutoRedirect = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{_factory.HttpPort}") };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    private static HttpRequestMessage Get(string path, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        return request;
    }

    [Test]
    public async Task AllowedIpsJudgeTheForwardedClientOnlyWhenTheProxyIsTrusted()
    {
        var response = await _tenant.Client.PostAsJsonAsync("/v1/api-keys", new { name = "office", scopes = new[] { "read" }, allowed_ips = new[] { Client } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var key = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

        using var viaProxy = From(Proxy, key);
        var allowed = await viaProxy.SendAsync(Get("/v1/events", $"203.0.113.9, {Client}"));
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the trusted proxy's nearest entry is the client");

        using var direct = From("127.0.0.1", key);
        var forged = await direct.SendAsync(Get("/v1/events", Client));
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "an untrusted peer's X-Forwarded-For is ignored");
        Assert.That(await forged.Content.ReadAsStringAsync(), Does.Contain("allowed_ips"));
    }

    [Test]
    public async Task TheAddressRateLimitCountsForwardedClientsApartOnlyBehindATrustedProxy()
    {
        // Ten unauthenticated requests in a row, each naming another client; burst 3, one more per second.
        using var viaProxy = From(Proxy);
        var throughProxy = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            throughProxy.Add((await viaProxy.SendAsync(Get("/v1/events", $"192.0.2.{10 + i}"))).StatusCode);
        }

        Assert.That(throughProxy, Has.All.EqualTo(HttpStatusCode.Unauthorized), "each forwarded client has a bucket of its own");

        using var direct = From("127.0.0.1");
        var forged = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            forged.Add((await direct.SendAsync(Get("/v1/events", $"192.0.2.{100 + i}"))).StatusCode);
        }

        Assert.That(forged, Does.Contain(HttpStatusCode.TooManyRequests), "one peer's forged addresses share its one bucket");
    }
}
