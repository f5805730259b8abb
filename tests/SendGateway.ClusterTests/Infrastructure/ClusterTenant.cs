using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace SendGateway.ClusterTests.Infrastructure;

/// <summary>
/// A tenant made through lb with the operator API, its sender domain verified with <c>domain verify --force</c> (the
/// hosts have no DNS) and an SMTP credential; sends through lb by REST (with an Idempotency-Key, retried on failure as a
/// client would) and by the SMTP relay. Each message's subject carries a token the mx sink is searched for.
/// </summary>
public sealed class ClusterTenant : IDisposable
{
    private readonly HttpClient _client;

    private ClusterTenant(string id, string apiKey, string domain)
    {
        Id = id;
        Domain = domain;
        _client = new HttpClient { BaseAddress = ClusterTopology.LoadBalancer, Timeout = TimeSpan.FromSeconds(20) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public string Id { get; }

    public string Domain { get; }

    public string SmtpUser { get; private set; } = "";

    public string SmtpPassword { get; private set; } = "";

    public static async Task<ClusterTenant> CreateAsync(string kind)
    {
        var name = $"{kind}{ClusterTopology.RunId}"; // a domain of its own on a reused topology too
        using var admin = new HttpClient { BaseAddress = ClusterTopology.LoadBalancer };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ClusterTopology.AdminKey);
        var created = await admin.PostAsJsonAsync("v1/admin/tenants", new { name });
        created.EnsureSuccessStatusCode();
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var tenant = new ClusterTenant(body.GetProperty("id").GetString()!, body.GetProperty("api_key").GetString()!, $"{name}.cluster.test");
        (await tenant._client.PostAsJsonAsync("v1/domains", new { name = tenant.Domain })).EnsureSuccessStatusCode();
        await ClusterTopology.ServerCommandAsync("api1", "domain", "verify", "--force", "--tenant", tenant.Id, "--name", tenant.Domain);
        var credential = await tenant._client.PostAsJsonAsync("v1/smtp-credentials", new { name = "cluster" });
        credential.EnsureSuccessStatusCode();
        var login = await credential.Content.ReadFromJsonAsync<JsonElement>();
        tenant.SmtpUser = login.GetProperty("username").GetString()!;
        tenant.SmtpPassword = login.GetProperty("password").GetString()!;
        return tenant;
    }

    /// <summary>One REST send through lb; true when answered 202 (the message is accepted). <paramref name="sendAt"/>: held in the queue until then.</summary>
    public async Task<bool> TrySendAsync(string token, DateTimeOffset? sendAt = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages")
        {
            Content = JsonContent.Create(new
            {
                from = new { email = $"sender@{Domain}" },
                to = new[] { new { email = $"{token}@rcpt{token.Sum(c => c) % 16}.test" } }, // 16 domains: every shard, both delivery nodes
                subject = token,
                text = $"cluster test message {token}",
                send_at = sendAt,
            }),
        };
        request.Headers.Add("Idempotency-Key", token);
        try
        {
            using var response = await _client.SendAsync(request, cancellationToken);
            return response.StatusCode == HttpStatusCode.Accepted;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false; // lb had no ready node, or the node died mid-answer: the client retries with the same key
        }
    }

    /// <summary>Sends until accepted, as a client with an Idempotency-Key does (the same key: at most one message).</summary>
    public async Task SendAsync(string token, TimeSpan within)
    {
        var accepted = await Polling.UntilAsync(() => TrySendAsync(token), ok => ok, within);
        Assert.That(accepted, Is.True, $"{token} accepted through lb within {within}");
    }

    /// <summary>Messages through lb's SMTP port (STARTTLS, AUTH), one session each.</summary>
    public async Task SendSmtpAsync(string token)
    {
        using var smtp = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true, Timeout = 20000 };
        await smtp.ConnectAsync(ClusterTopology.Ip("lb"), 587, SecureSocketOptions.StartTls);
        await smtp.AuthenticateAsync(SmtpUser, SmtpPassword);
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse($"sender@{Domain}"));
        message.To.Add(MailboxAddress.Parse($"{token}@smtp.test"));
        message.Subject = token;
        message.Body = new TextPart("plain") { Text = $"cluster test message {token}" };
        await smtp.SendAsync(message);
        await smtp.DisconnectAsync(true);
    }

    public void Dispose() => _client.Dispose();
}
