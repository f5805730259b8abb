using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.EmailLabs;

/// <summary>A tenant with a sender domain (one per fixture: each has its own DKIM key in the test DNS) and SMTP credentials named like an EmailLabs account, and its PHP client.</summary>
public abstract class EmailLabsFixture(string senderDomain) : TenantFixture("api,relay,delivery,events", senderDomain)
{
    protected const string Account = "1.acme.smtp";

    protected PhpEmailLabsClient Php { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task CreateAccountAsync()
    {
        var created = await Tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = Account });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        Php = PhpEmailLabsClient.For(Factory.HttpPort, Tenant.ApiKey);
    }

    /// <summary>A plain HttpClient with the app key and secret, for bodies a PHP client would not write.</summary>
    protected HttpClient BasicClient()
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Factory.HttpPort}") };
        var split = Tenant.ApiKey.LastIndexOf('_');
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Tenant.ApiKey[..split]}:{Tenant.ApiKey[(split + 1)..]}")));
        return http;
    }

    protected static string Unique(string local, string domain = "mx-ok.test") => $"{local}-{Guid.NewGuid():N}"[..(local.Length + 9)] + "@" + domain;

    protected static string[] MessageIds(PhpEmailLabsClient.Answer answer) =>
        answer.Data.EnumerateArray().Select(d => d.GetProperty("message_id").GetString()!).ToArray();
}
