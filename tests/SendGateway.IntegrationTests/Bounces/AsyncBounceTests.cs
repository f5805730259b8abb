using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Bounces;

/// <summary>
/// Asynchronous bounces and complaints (api.md §4, architecture §5): a real Postfix accepts our message, cannot deliver
/// it onward (the next hop, a test MX, answers 550 5.1.1 to <c>nouser…</c>), and sends its DSN to our signed VERP return path; the inbound listener turns it into a hardbounce on the
/// right message and a suppression. An RFC 5965 report becomes feedback.
/// </summary>
[TestFixture]
public sealed class AsyncBounceTests
{
    private const string Domain = "bounce-acme.test";
    private const string Bouncing = "postfix-bounce.test";
    private PostfixMta _postfix = null!;
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;
    private int _bouncePort;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _bouncePort = ProcessRunner.FreePort();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _postfix = await PostfixMta.StartAsync(
            IPAddress.Parse("127.0.0.6"),
            [$"{Bouncing} smtp:[127.0.0.2]:{TestEnvironment.MxPort}", $"bounces.localhost smtp:[127.0.0.1]:{_bouncePort}"], [Bouncing], timeout.Token);
        _factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:Bounces:Port"] = _bouncePort.ToString(),
            [$"SendGateway:Delivery:Routes:{Bouncing}"] = $"127.0.0.6:{_postfix.EndPoint.Port}",
        });
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, Domain);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _factory.DisposeAsync();
        await _postfix.DisposeAsync();
    }

    private async Task<string> SendAsync(string to)
    {
        var response = await _tenant.SendAsync(new { from = new { email = $"news@{Domain}" }, to = new[] { new { email = to } }, subject = "Hello", text = "Hi" });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    [Test]
    public async Task ADsnFromARealPostfixBecomesAHardBounceOnTheRightMessageAndSuppressesTheAddress()
    {
        var rcpt = $"nouser-{Guid.NewGuid():N}@{Bouncing}";
        var id = await SendAsync(rcpt);
        JsonElement message;
        try
        {
            message = await _tenant.WaitForStatusAsync(id, "hardbounce", seconds: 60);
        }
        catch (AssertionException)
        {
            TestContext.Out.WriteLine(_postfix.Log);
            throw;
        }

        var events = message.GetProperty("events").EnumerateArray().ToList();
        Assert.That(events.Select(e => e.GetProperty("type").GetString()), Is.EqualTo(new[] { "injected", "ok", "hardbounce" }), "Postfix accepted it (ok), then bounced it");
        var bounce = events[2];
        Assert.That(bounce.GetProperty("smtp").GetProperty("code").GetInt32(), Is.EqualTo(550));
        Assert.That(bounce.GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo("5.1.1"));
        Assert.That(bounce.GetProperty("bounce").GetProperty("class").GetString(), Is.EqualTo("InvalidRecipient"));
        Assert.That(bounce.GetProperty("sequence").GetInt32(), Is.EqualTo(3));

        JsonElement? suppression = null;
        for (var i = 0; i < 100 && suppression is null; i++)
        {
            var check = await _tenant.Client.GetAsync($"/v1/suppressions/{rcpt}");
            suppression = check.IsSuccessStatusCode ? await check.Content.ReadFromJsonAsync<JsonElement>() : null;
            await Task.Delay(suppression is null ? 100 : 0);
        }

        Assert.That(suppression?.GetProperty("reason").GetString(), Is.EqualTo("hardbounce"));
    }

    [Test]
    public async Task AnRfc5965ComplaintSentToTheReturnPathBecomesFeedbackAndSuppresses()
    {
        var rcpt = $"carl-{Guid.NewGuid():N}@mx-ok.test";
        var id = await SendAsync(rcpt);
        await _tenant.WaitForStatusAsync(id, "ok");
        var returnPath = TestEnvironment.Mx1.For(rcpt).Single().MailFrom;
        Assert.That(returnPath, Does.StartWith("b+").And.EndWith("@bounces.localhost"));

        await using var client = await RawSmtpClient.ConnectAsync(_bouncePort);
        await client.SendAsync("EHLO fbl.example.com\r\n");
        Assert.That(await client.SendAsync("MAIL FROM:<abusedesk@example.com>\r\n"), Does.StartWith("250"));
        Assert.That(await client.SendAsync($"RCPT TO:<{returnPath}>\r\n"), Does.StartWith("250"));
        Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
        Assert.That(await client.SendAsync(Rfc5965Example.Report(returnPath) + "\r\n.\r\n"), Does.StartWith("250 2.0.0"));

        var message = await _tenant.WaitForStatusAsync(id, "feedback");
        var feedback = message.GetProperty("events").EnumerateArray().Last();
        Assert.That(feedback.GetProperty("reason").GetString(), Is.EqualTo("abuse"));
        var check = await _tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/suppressions/{rcpt}");
        Assert.That(check.GetProperty("reason").GetString(), Is.EqualTo("feedback"));
    }

    [Test]
    public async Task AddressesThatAreNotSignedReturnPathsAndMessagesThatAreNotReportsAreRefused()
    {
        var rcpt = $"dora-{Guid.NewGuid():N}@mx-ok.test";
        var id = await SendAsync(rcpt);
        await _tenant.WaitForStatusAsync(id, "ok");
        var returnPath = TestEnvironment.Mx1.For(rcpt).Single().MailFrom;
        var at = returnPath.IndexOf('@');
        var forged = returnPath[..(at - 1)] + (returnPath[at - 1] == 'a' ? 'b' : 'a') + returnPath[at..];

        await using var client = await RawSmtpClient.ConnectAsync(_bouncePort);
        await client.SendAsync("EHLO mx.example.com\r\n");
        Assert.That(await client.SendAsync("MAIL FROM:<>\r\n"), Does.StartWith("250"));
        Assert.That(await client.SendAsync("RCPT TO:<postmaster@bounces.localhost>\r\n"), Does.StartWith("550 5.1.1"));
        Assert.That(await client.SendAsync($"RCPT TO:<{forged}>\r\n"), Does.StartWith("550 5.1.1"));
        Assert.That(await client.SendAsync($"RCPT TO:<{returnPath.Replace("bounces.localhost", "elsewhere.test", StringComparison.Ordinal)}>\r\n"), Does.StartWith("550 5.1.1"));
        Assert.That(await client.SendAsync($"RCPT TO:<{returnPath.ToUpperInvariant()}>\r\n"), Does.StartWith("250"), "VERP is case-insensitive");
        Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
        Assert.That(await client.SendAsync("Subject: Out of office\r\n\r\nI am away until Monday.\r\n.\r\n"), Does.StartWith("550 5.7.1"));

        // Positive signal: a genuine report for the same message, sent afterwards, is recorded; the refused one added nothing.
        await using var fbl = await RawSmtpClient.ConnectAsync(_bouncePort);
        await fbl.SendAsync("EHLO fbl.example.com\r\n");
        await fbl.SendAsync($"MAIL FROM:<abusedesk@example.com>\r\nRCPT TO:<{returnPath}>\r\n", replies: 2);
        await fbl.SendAsync("DATA\r\n");
        Assert.That(await fbl.SendAsync(Rfc5965Example.Report(returnPath) + "\r\n.\r\n"), Does.StartWith("250 2.0.0"));
        var message = await _tenant.WaitForStatusAsync(id, "feedback");
        Assert.That(message.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()), Is.EqualTo(new[] { "injected", "ok", "feedback" }),
            "a refused message records nothing");
    }
}
