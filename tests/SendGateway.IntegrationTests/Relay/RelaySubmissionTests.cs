using System.Net.Http.Json;
using System.Diagnostics;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Cryptography;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>Authenticated submission through the relay into the same pipeline as REST (api.md §3).</summary>
[TestFixture]
public sealed class RelaySubmissionTests : RelayFixture
{
    private static MimeMessage Message(string to, string subject)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("App", $"app@{Domain}"));
        foreach (var address in to.Split(','))
        {
            message.To.Add(MailboxAddress.Parse(address));
        }

        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "Line one\n.starts with a dot\n..two dots\nend" };
        return message;
    }

    private static SmtpClient Client() => new() { ServerCertificateValidationCallback = (_, _, _, _) => true, CheckCertificateRevocation = false };

    [Test]
    public async Task StartTlsAndAuthPlainQueueOneMessagePerRecipientThatIsDeliveredSignedWithoutControlHeaders()
    {
        var ann = $"ann-{Guid.NewGuid():N}@mx-ok.test";
        var bob = $"bob-{Guid.NewGuid():N}@mx-ok.test";
        var message = Message($"{ann},{bob}", "Via the relay");
        message.Headers.Add("X-SG-Tags", "relay, welcome");
        message.Headers.Add("X-SG-Metadata", "{\"order\":\"R-1\"}");
        using var client = Client();
        await client.ConnectAsync("127.0.0.1", Factory.SubmissionPort, SecureSocketOptions.StartTls);
        Assert.That(client.Capabilities.HasFlag(SmtpCapabilities.Chunking), Is.True);
        await client.AuthenticateAsync(Username, Password);
        var response = await client.SendAsync(message);
        await client.DisconnectAsync(true);
        Assert.That(response, Does.Contain("Ok: queued as bat_"));

        foreach (var rcpt in new[] { ann, bob })
        {
            var id = await MessageIdForAsync(rcpt);
            Assert.That(response, Does.Contain(id), "the 250 names each message's id, which GET /v1/messages/{id} finds");
            var delivered = await Tenant.WaitForStatusAsync(id, "ok");
            Assert.That(delivered.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "relay", "welcome" }));
            Assert.That(delivered.GetProperty("metadata").GetProperty("order").GetString(), Is.EqualTo("R-1"));
        }

        var copy = TestEnvironment.Mx1.For(ann).Single().Parse();
        Assert.That(copy.Headers.Any(h => h.Field.StartsWith("X-SG-", StringComparison.OrdinalIgnoreCase)), Is.False);
        Assert.That(copy.Subject, Is.EqualTo("Via the relay"));
        Assert.That(copy.TextBody!.Replace("\r\n", "\n", StringComparison.Ordinal), Does.Contain("\n.starts with a dot\n..two dots\n"));
        var signature = copy.Headers[copy.Headers.IndexOf(HeaderId.DkimSignature)];
        Assert.That(await new DkimVerifier(new DnsDkimKeyLocator(TestEnvironment.Dns.EndPoint)).VerifyAsync(copy, signature), Is.True);
    }

    [Test]
    public async Task ARecipientOnTheSuppressionListIsDroppedThroughTheSamePathAsRest()
    {
        var gone = $"gone-{Guid.NewGuid():N}@mx-ok.test";
        (await Tenant.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new[] { new { email = gone } } })).EnsureSuccessStatusCode();
        using var client = Client();
        await client.ConnectAsync("127.0.0.1", Factory.SubmissionPort, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(Username, Password);
        Assert.That(await client.SendAsync(Message(gone, "To a suppressed address")), Does.Contain("Ok: queued as bat_"));
        await client.DisconnectAsync(true);

        var dropped = await Tenant.WaitForStatusAsync(await MessageIdForAsync(gone), "dropped");
        Assert.That(dropped.GetProperty("events")[0].GetProperty("reason").GetString(), Is.EqualTo("suppressed"));
        Assert.That(TestEnvironment.Mx1.For(gone), Is.Empty);
    }

    [Test]
    public async Task ImplicitTlsWithAuthLoginWorks()
    {
        var rcpt = $"carl-{Guid.NewGuid():N}@mx-ok.test";
        using var client = Client();
        await client.ConnectAsync("127.0.0.1", Factory.TlsPort, SecureSocketOptions.SslOnConnect);
        client.AuthenticationMechanisms.Remove("PLAIN");
        await client.AuthenticateAsync(Username, Password);
        Assert.That(await client.SendAsync(Message(rcpt, "Implicit TLS")), Does.Contain("Ok: queued as bat_"));
        await client.DisconnectAsync(true);
        await Tenant.WaitForStatusAsync(await MessageIdForAsync(rcpt), "ok");
    }

    [Test]
    public async Task SwaksSubmitsWithStartTlsAndAuthPlain()
    {
        var rcpt = $"dora-{Guid.NewGuid():N}@mx-ok.test";
        var start = new ProcessStartInfo("swaks", [
            "--server", $"127.0.0.1:{Factory.SubmissionPort}", "--tls", "--auth", "PLAIN", "--auth-user", Username, "--auth-password", Password,
            "--from", $"app@{Domain}", "--to", rcpt, "--header", "Subject: from swaks", "--timeout", "20",
        ]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var swaks = Process.Start(start)!;
        var output = await swaks.StandardOutput.ReadToEndAsync() + await swaks.StandardError.ReadToEndAsync();
        await swaks.WaitForExitAsync();
        Assert.That(swaks.ExitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("250 2.0.0 Ok: queued as bat_"));
        await Tenant.WaitForStatusAsync(await MessageIdForAsync(rcpt), "ok");
    }

    [Test]
    public async Task TheSameXIdempotencyKeyQueuesTheMessageOnce()
    {
        var rcpt = $"once-{Guid.NewGuid():N}@mx-ok.test";
        var key = Guid.NewGuid().ToString();
        var answers = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var message = Message(rcpt, "Idempotent");
            message.MessageId = "fixed@relay-sender.test";
            message.Date = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
            message.Headers.Add("X-Idempotency-Key", key);
            using var client = Client();
            await client.ConnectAsync("127.0.0.1", Factory.SubmissionPort, SecureSocketOptions.StartTls);
            await client.AuthenticateAsync(Username, Password);
            answers.Add(await client.SendAsync(message));
            await client.DisconnectAsync(true);
        }

        Assert.That(answers[1], Is.EqualTo(answers[0]));
        await Tenant.WaitForStatusAsync(await MessageIdForAsync(rcpt), "ok");
        Assert.That((await EventsForAsync(rcpt)).Count(e => e.GetProperty("type").GetString() == "injected"), Is.EqualTo(1));
    }
}
