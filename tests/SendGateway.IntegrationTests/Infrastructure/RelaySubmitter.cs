using System.Net.Http.Json;
using System.Text.Json;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// Submits through a running relay over a raw socket as a tenant's SMTP credential (EHLO, STARTTLS, AUTH PLAIN), and
/// can run a step (a store fault) just before MAIL or before the message body, so a test sees each reply as sent.
/// </summary>
public sealed class RelaySubmitter
{
    private readonly int _port;
    private readonly string _user;
    private readonly string _password;

    private RelaySubmitter(int port, string user, string password) => (_port, _user, _password) = (port, user, password);

    public static async Task<RelaySubmitter> CreateAsync(SendGatewayFactory relay, TestTenant tenant)
    {
        using var response = await tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "relay-submitter" });
        var credential = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new RelaySubmitter(relay.SubmissionPort, credential.GetProperty("username").GetString()!, credential.GetProperty("password").GetString()!);
    }

    /// <summary>
    /// One transaction: MAIL, one RCPT per recipient, and (if MAIL was taken) DATA and the message. The replies are
    /// returned as they came; a transaction refused at MAIL sends no more.
    /// </summary>
    public async Task<RelayReplies> SubmitAsync(
        string from, IReadOnlyList<string> recipients, Func<Task>? beforeMail = null, Func<Task>? beforeBody = null, string? extraHeaders = null)
    {
        await using var client = await RawSmtpClient.ConnectAsync(_port);
        await client.SendAsync("EHLO raw.test\r\n");
        await client.StartTlsAsync();
        await client.SendAsync("EHLO raw.test\r\n");
        await client.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain(_user, _password)}\r\n");
        if (beforeMail is not null)
        {
            await beforeMail();
        }

        var mail = await client.SendAsync($"MAIL FROM:<{from}>\r\n");
        if (!mail.StartsWith("250", StringComparison.Ordinal))
        {
            return new RelayReplies(mail, [], string.Empty, TimeSpan.Zero);
        }

        var rcpts = new List<string>();
        foreach (var recipient in recipients)
        {
            rcpts.Add(await client.SendAsync($"RCPT TO:<{recipient}>\r\n"));
        }

        await client.SendAsync("DATA\r\n");
        if (beforeBody is not null)
        {
            await beforeBody();
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var message = $"From: {from}\r\nTo: {string.Join(", ", recipients)}\r\n{extraHeaders}Subject: relay\r\n\r\nbody\r\n.\r\n";
        var end = await client.SendBytesAsync(System.Text.Encoding.UTF8.GetBytes(message), seconds: 60); // generous: the reply is timed, not waited for

        return new RelayReplies(mail, rcpts, end, started.Elapsed);
    }
}
