using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;
using MimeKit.Cryptography;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>REST → Redis → delivery workers → real DNS and SMTP servers → events in PostgreSQL.</summary>
[TestFixture]
public sealed class DeliveryTests() : TenantFixture("api,delivery,events", "deliver-acme.test")
{
    private async Task<string[]> SendAsync(params object[] to)
    {
        var response = await Tenant.SendAsync(new
        {
            from = new { email = $"news@{SenderDomain}", name = "Acme" },
            to,
            subject = "Hello {{first}}",
            text = "Hi {{first}}, your code is {{code}}.",
            html = "<p>Hi {{first}}</p>",
            vars = new { code = "1234" },
            tags = new[] { "welcome" },
            metadata = new { order = "A-17" },
        });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray();
    }

    private static string Unique(string local, string domain) => $"{local}-{Guid.NewGuid():N}"[..(local.Length + 9)] + "@" + domain;

    [Test]
    public async Task DeliversOneMessagePerRecipientRenderedWithItsOwnVarsAndAVerifiableDkimSignature()
    {
        var ann = Unique("ann", "mx-ok.test");
        var bob = Unique("bob", "mx-ok.test");
        var ids = await SendAsync(new { email = ann, vars = new { first = "Ann" } }, new { email = bob, name = "Bob", vars = new { first = "Bob" } });

        foreach (var id in ids)
        {
            var message = await Tenant.WaitForStatusAsync(id, "ok");
            var types = message.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
            Assert.That(types, Is.EqualTo(new[] { "injected", "ok" }));
        }

        var annCopy = TestEnvironment.Mx1.For(ann).Single().Parse();
        var bobCopy = TestEnvironment.Mx1.For(bob).Single().Parse();
        Assert.That(annCopy.Subject, Is.EqualTo("Hello Ann"));
        Assert.That(bobCopy.Subject, Is.EqualTo("Hello Bob"));
        Assert.That(annCopy.TextBody, Does.Contain("Hi Ann, your code is 1234."));
        Assert.That(annCopy.MessageId, Does.StartWith(ids[0]));
        Assert.That(TestEnvironment.Mx1.For(ann).Single().MailFrom, Does.Match($"^b\\+{ids[0][4..].ToLowerInvariant()}-[a-z2-7]{{8}}@bounces\\.localhost$"), "signed VERP return path");

        foreach (var copy in new[] { annCopy, bobCopy })
        {
            var header = copy.Headers[copy.Headers.IndexOf(HeaderId.DkimSignature)];
            Assert.That(header.Value, Does.Contain($"d={SenderDomain}").And.Contain("c=relaxed/relaxed").And.Contain("a=rsa-sha256"));
            var verifier = new DkimVerifier(new DnsDkimKeyLocator(TestEnvironment.Dns.EndPoint));
            Assert.That(await verifier.VerifyAsync(copy, header), Is.True, "DKIM signature must verify against the published key");
        }
    }

    [Test]
    public async Task ASignatureDoesNotVerifyOnceTheBodyIsAltered()
    {
        var rcpt = Unique("tamper", "mx-ok.test");
        var id = (await SendAsync(new { email = rcpt, vars = new { first = "T" } }))[0];
        await Tenant.WaitForStatusAsync(id, "ok");
        var copy = TestEnvironment.Mx1.For(rcpt).Single().Parse();
        ((TextPart)copy.BodyParts.OfType<TextPart>().First()).Text = "altered";
        var header = copy.Headers[copy.Headers.IndexOf(HeaderId.DkimSignature)];
        Assert.That(await new DkimVerifier(new DnsDkimKeyLocator(TestEnvironment.Dns.EndPoint)).VerifyAsync(copy, header), Is.False);
    }

    [Test]
    public async Task RetriesAfterA4xxAndDeliversOnTheNextAttempt()
    {
        var rcpt = Unique("tempfail-once", "mx-ok.test");
        var id = (await SendAsync(new { email = rcpt, vars = new { first = "X" } }))[0];

        var message = await Tenant.WaitForStatusAsync(id, "ok");
        var events = message.GetProperty("events").EnumerateArray().ToList();
        Assert.That(events.Select(e => e.GetProperty("type").GetString()), Is.EqualTo(new[] { "injected", "softbounce", "ok" }));
        Assert.That(events[1].GetProperty("smtp").GetProperty("code").GetInt32(), Is.EqualTo(451));
        Assert.That(events[1].GetProperty("smtp").GetProperty("attempt").GetInt32(), Is.EqualTo(1));
        Assert.That(events[2].GetProperty("smtp").GetProperty("attempt").GetInt32(), Is.EqualTo(2));
        Assert.That(events.Select(e => e.GetProperty("sequence").GetInt32()), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(TestEnvironment.Mx1.For(rcpt).Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task A5xxAtRcptIsAHardBounceWithItsClassAndEnhancedCode()
    {
        var id = (await SendAsync(new { email = Unique("nouser", "mx-ok.test"), vars = new { first = "X" } }))[0];

        var message = await Tenant.WaitForStatusAsync(id, "hardbounce");
        var bounce = message.GetProperty("events").EnumerateArray().Last();
        Assert.That(bounce.GetProperty("bounce").GetProperty("class").GetString(), Is.EqualTo("InvalidRecipient"));
        Assert.That(bounce.GetProperty("smtp").GetProperty("code").GetInt32(), Is.EqualTo(550));
        Assert.That(bounce.GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo("5.1.1"));
    }

    [Test]
    public async Task ASpamRejectionAfterTheDotIsASpamBounce()
    {
        var id = (await SendAsync(new { email = Unique("spam", "mx-ok.test"), vars = new { first = "X" } }))[0];

        var message = await Tenant.WaitForStatusAsync(id, "spambounce");
        Assert.That(message.GetProperty("events").EnumerateArray().Last().GetProperty("bounce").GetProperty("class").GetString(), Is.EqualTo("SpamBlock"));
    }

    [Test]
    public async Task AConnectionDroppedMidDataIsASoftBounceAndTheRetryDeliversOnce()
    {
        var rcpt = Unique("dropdata-once", "mx-ok.test");
        var id = (await SendAsync(new { email = rcpt, vars = new { first = "X" } }))[0];

        var message = await Tenant.WaitForStatusAsync(id, "ok");
        var softbounce = message.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "softbounce");
        Assert.That(softbounce.GetProperty("bounce").GetProperty("class").GetString(), Is.EqualTo("BadConnection"));
        Assert.That(TestEnvironment.Mx1.For(rcpt).Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task TriesTheNextMxWhenTheFirstDoesNotAnswer()
    {
        var rcpt = Unique("carol", "backup.test");
        var id = (await SendAsync(new { email = rcpt, vars = new { first = "C" } }))[0];

        var message = await Tenant.WaitForStatusAsync(id, "ok");
        Assert.That(message.GetProperty("events").EnumerateArray().Last().GetProperty("smtp").GetProperty("mx").GetString(), Is.EqualTo("mx2.backup.test"));
        Assert.That(TestEnvironment.Mx2.For(rcpt).Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task FallsBackToTheARecordWhenTheDomainHasNoMx()
    {
        var rcpt = Unique("dave", "a-only.test");
        var id = (await SendAsync(new { email = rcpt, vars = new { first = "D" } }))[0];

        await Tenant.WaitForStatusAsync(id, "ok");
        Assert.That(TestEnvironment.Mx2.For(rcpt).Count(), Is.EqualTo(1));
    }

    [TestCase("nxdomain-none.test", "BadDomain", "5.4.4")]
    [TestCase("nullmx.test", "BadDomain", "5.1.10")]
    public async Task AnUndeliverableDomainIsAHardBounce(string domain, string bounceClass, string enhanced)
    {
        var id = (await SendAsync(new { email = Unique("erin", domain), vars = new { first = "E" } }))[0];

        var last = (await Tenant.WaitForStatusAsync(id, "hardbounce")).GetProperty("events").EnumerateArray().Last();
        Assert.That(last.GetProperty("bounce").GetProperty("class").GetString(), Is.EqualTo(bounceClass));
        Assert.That(last.GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo(enhanced));
    }

    [Test]
    public async Task ADnsServerFailureIsTemporary()
    {
        var id = (await SendAsync(new { email = Unique("fay", "servfail.test"), vars = new { first = "F" } }))[0];

        var last = (await Tenant.WaitForStatusAsync(id, "softbounce")).GetProperty("events").EnumerateArray().Last();
        Assert.That(last.GetProperty("bounce").GetProperty("class").GetString(), Is.EqualTo("DNSFailure"));
    }

    [Test]
    public async Task PostfixSmtpSinkAcceptsOurMail()
    {
        var id = (await SendAsync(new { email = Unique("gus", "postfix-ok.test"), vars = new { first = "G" } }))[0];

        var last = (await Tenant.WaitForStatusAsync(id, "ok")).GetProperty("events").EnumerateArray().Last();
        Assert.That(last.GetProperty("smtp").GetProperty("mx").GetString(), Is.EqualTo("pf2.postfix.test"));
    }

    [Test]
    public async Task PostfixSmtpSinkRejectingRcptWith5xxIsAHardBounce()
    {
        var id = (await SendAsync(new { email = Unique("hal", "postfix-reject.test"), vars = new { first = "H" } }))[0];

        var last = (await Tenant.WaitForStatusAsync(id, "hardbounce")).GetProperty("events").EnumerateArray().Last();
        Assert.That(last.GetProperty("smtp").GetProperty("code").GetInt32(), Is.InRange(500, 599));
    }
}
