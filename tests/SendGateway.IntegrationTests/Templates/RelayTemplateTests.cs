using System.Net.Http.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SendGateway.IntegrationTests.Relay;

namespace SendGateway.IntegrationTests.Templates;

/// <summary>
/// <c>X-SG-Template</c> on the SMTP relay: the stored template supplies subject and parts, rendered with
/// <c>X-SG-Vars</c>; a submitted body beside it, an unknown template and a missing variable are refused with 554 5.6.0.
/// </summary>
[TestFixture]
public sealed class RelayTemplateTests : RelayFixture
{
    private string _template = null!;

    [OneTimeSetUp]
    public async Task CreateTemplateAsync()
    {
        _template = $"relay-{Guid.NewGuid():N}"[..14];
        var response = await Tenant.Client.PostAsJsonAsync("/v1/templates", new
        {
            id = _template, name = "Relay", subject = "Hello {{ first }}", html = "<p>{{ note }}</p>", text = "Note: {{ note }}",
        });
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
    }

    private MimeMessage Message(string to, string? vars, string body = "")
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("App", $"app@{Domain}"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Headers.Add("X-SG-Template", _template);
        if (vars is not null)
        {
            message.Headers.Add("X-SG-Vars", vars);
        }

        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    private async Task<string> SubmitAsync(MimeMessage message)
    {
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true, CheckCertificateRevocation = false };
        await client.ConnectAsync("127.0.0.1", Factory.SubmissionPort, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(Username, Password);
        try
        {
            return await client.SendAsync(message);
        }
        catch (SmtpCommandException e)
        {
            return $"{(int)e.StatusCode} {e.Message}";
        }
    }

    [Test]
    public async Task TheTemplateRendersWithTheVarsHeaderAndIsDeliveredWithoutControlHeaders()
    {
        var rcpt = $"rt-{Guid.NewGuid():N}@mx-ok.test";
        Assert.That(await SubmitAsync(Message(rcpt, """{"first": "Ann", "note": "<b>bold</b>"}""")), Does.Contain("Ok: queued as bat_"));

        var delivered = await Tenant.WaitForStatusAsync(await MessageIdForAsync(rcpt), "ok");
        Assert.That(delivered.GetProperty("metadata").GetProperty("template_id").GetString(), Is.EqualTo(_template));
        var copy = TestEnvironment.Mx1.For(rcpt).Single().Parse();
        Assert.That(copy.Subject, Is.EqualTo("Hello Ann"));
        Assert.That(copy.HtmlBody, Does.Contain("<p>&lt;b&gt;bold&lt;/b&gt;</p>"));
        Assert.That(copy.TextBody, Does.Contain("Note: <b>bold</b>"));
        Assert.That(copy.From.Mailboxes.Single().Name, Is.EqualTo("App"));
        Assert.That(copy.Headers.Any(h => h.Field.StartsWith("X-SG-", StringComparison.OrdinalIgnoreCase)), Is.False);
    }

    [Test]
    public async Task ABodyBesideTheTemplateAnUnknownTemplateAndMissingVarsAreRefused()
    {
        var rcpt = $"rr-{Guid.NewGuid():N}@mx-ok.test";
        Assert.That(await SubmitAsync(Message(rcpt, """{"first": "A", "note": "n"}""", body: "my own body")),
            Does.StartWith("554 5.6.0 Error: with X-SG-Template the message body must be empty"));
        Assert.That(await SubmitAsync(Message(rcpt, """{"first": "A"}""")), Does.StartWith("554 5.6.0 Error: X-SG-Vars: template variables without a value: note"));
        Assert.That(await SubmitAsync(Message(rcpt, """{"first": "A\r\nBcc: x@evil.test", "note": "n"}""")),
            Does.StartWith("554 5.6.0 Error: X-SG-Vars: the rendered subject may not hold CR, LF or control characters"));
        var unknown = Message(rcpt, "{}");
        unknown.Headers.Replace("X-SG-Template", "no-such-template");
        Assert.That(await SubmitAsync(unknown), Does.StartWith("554 5.6.0 Error: invalid X-SG-Template"));
        await AssertNothingQueuedAsync(rcpt);
    }
}
