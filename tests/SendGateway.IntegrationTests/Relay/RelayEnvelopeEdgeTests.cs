using System.Text;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>
/// reliability.md T17, T19, T20, T22 through the relay with a delivery worker: the exact refusal, nothing queued for what
/// was refused, and what was accepted delivered once to exactly the addresses given (a recipient limit of 3 and a
/// message limit of 64 KB, so the limits are reached quickly).
/// </summary>
[TestFixture]
public sealed class RelayEnvelopeEdgeTests : RelayFixture
{
    private const int MessageLimit = 64 * 1024;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["SendGateway:Relay:MaxRecipients"] = "3",
        ["SendGateway:Relay:MaxMessageBytes"] = MessageLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";

    /// <summary>The one copy of the message to <paramref name="rcpt"/>, once its status is <c>ok</c>.</summary>
    private async Task<ReceivedMessage> DeliveredOnceAsync(string rcpt)
    {
        await Tenant.WaitForStatusAsync(await MessageIdForAsync(rcpt), "ok", seconds: 60);
        var copies = TestEnvironment.Mx1.For(rcpt).ToList();
        Assert.That(copies, Has.Count.EqualTo(1), $"delivered exactly once: {rcpt}");
        return copies[0];
    }

    private static string Body(string subject, string text = "body") => $"From: app@{Domain}\r\nSubject: {subject}\r\n\r\n{text}\r\n.\r\n";

    [Test]
    public async Task AddressesAtTheLengthFloorsAreDeliveredAsGivenAndOneOctetMoreIs501()
    {
        // local part 64, and a path of 256 octets: <, a 64-octet local part, @, a 189-octet domain, >.
        var longLocal = new string('l', 64 - 33) + "-" + Guid.NewGuid().ToString("N");
        var domain = $"{Guid.NewGuid():N}{new string('a', 63 - 32)}.{new string('b', 63)}.{new string('c', 56)}.test";
        Assert.That(domain, Has.Length.EqualTo(189));
        TestEnvironment.Dns.AddMx(domain, 10, "mx1.mx-ok.test");
        var atLocalFloor = $"{longLocal}@mx-ok.test";
        var atPathFloor = $"{longLocal}@{domain}";
        Assert.That($"<{atPathFloor}>", Has.Length.EqualTo(256));

        await using var client = await AuthenticatedAsync();
        Assert.That(await client.SendAsync($"MAIL FROM:<{new string('s', 65)}@{Domain}>\r\n"), Is.EqualTo("501 5.1.7 Bad sender address syntax\r\n"), "sender local part of 65");
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\n"), Does.StartWith("250 2.1.0"));
        Assert.That(await client.SendAsync($"RCPT TO:<{longLocal}x@mx-ok.test>\r\n"), Is.EqualTo("501 5.1.3 Bad recipient address syntax\r\n"), "local part of 65");
        Assert.That(await client.SendAsync($"RCPT TO:<{longLocal}@{domain[..^5]}c.test>\r\n"), Is.EqualTo("501 5.1.3 Bad recipient address syntax\r\n"), "path of 257");
        Assert.That(await client.SendAsync($"RCPT TO:<a@{new string('d', 63)}.{new string('e', 63)}.{new string('f', 63)}.{new string('g', 58)}.test>\r\n"),
            Is.EqualTo("501 5.1.3 Bad recipient address syntax\r\n"), "a 255-octet domain makes a path over 256");
        Assert.That(await client.SendAsync($"RCPT TO:<{atLocalFloor}>\r\n"), Does.StartWith("250 2.1.5"));
        Assert.That(await client.SendAsync($"RCPT TO:<{atPathFloor}>\r\n"), Does.StartWith("250 2.1.5"));
        Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
        Assert.That(await client.SendAsync(Body("floors")), Does.StartWith("250 2.0.0 Ok: queued as"));

        foreach (var rcpt in new[] { atLocalFloor, atPathFloor })
        {
            var copy = await DeliveredOnceAsync(rcpt);
            Assert.That(copy.Recipients, Is.EqualTo(new[] { rcpt }), "never truncated: the envelope names exactly the address given");
        }
    }

    [Test]
    public async Task ADataLargerThanItsDeclaredSizeIsReadToTheEndThen552AndNothingIsQueued()
    {
        var rcpt = $"{Unique("liar")}@mx-ok.test";
        await using var client = await AuthenticatedAsync();
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}> SIZE={MessageLimit + 1}\r\n"), Is.EqualTo("552 5.3.4 Message size exceeds fixed limit\r\n"));
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}> SIZE=abc\r\n"), Is.EqualTo("501 5.5.4 Bad message size syntax\r\n"));
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}> SIZE=100\r\nRCPT TO:<{rcpt}>\r\n", replies: 2), Does.Contain("250 2.1.5"));
        Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
        var lines = new StringBuilder($"From: app@{Domain}\r\nSubject: lie\r\n\r\n");
        while (lines.Length <= MessageLimit)
        {
            lines.Append(new string('z', 78)).Append("\r\n");
        }

        Assert.That(await client.SendAsync(lines + ".\r\n"), Is.EqualTo("552 5.3.4 Message size exceeds fixed limit\r\n"), "one reply, after the dot");
        Assert.That(await client.SendAsync("NOOP\r\n"), Does.StartWith("250"), "the content was read to the end: the session is in sync");
        await AssertNothingQueuedAsync(rcpt);
    }

    [Test]
    public async Task TheRecipientsWithinTheLimitAreDeliveredOnceAndTheOneRefusedWith452IsQueuedOnlyWhenResent()
    {
        var rcpts = Enumerable.Range(0, 4).Select(i => $"{Unique($"limit{i}")}@mx-ok.test").ToArray();
        await using (var client = await AuthenticatedAsync())
        {
            Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\n"), Does.StartWith("250"));
            for (var i = 0; i < 3; i++)
            {
                Assert.That(await client.SendAsync($"RCPT TO:<{rcpts[i]}>\r\n"), Is.EqualTo("250 2.1.5 Ok\r\n"));
            }

            Assert.That(await client.SendAsync($"RCPT TO:<{rcpts[3]}>\r\n"), Is.EqualTo("452 4.5.3 Error: too many recipients\r\n"));
            Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
            Assert.That(await client.SendAsync(Body("three of four")), Does.StartWith("250 2.0.0 Ok: queued as"));
        }

        foreach (var rcpt in rcpts[..3])
        {
            await DeliveredOnceAsync(rcpt);
        }

        Assert.That(TestEnvironment.Mx1.For(rcpts[3]), Is.Empty, "the 452 recipient was not part of the message");
        Assert.That(await EventsForAsync(rcpts[3]), Is.Empty);

        await using (var retry = await AuthenticatedAsync())
        {
            await retry.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{rcpts[3]}>\r\n", replies: 2);
            Assert.That(await retry.SendAsync("DATA\r\n"), Does.StartWith("354"));
            Assert.That(await retry.SendAsync(Body("the fourth, resent")), Does.StartWith("250 2.0.0 Ok: queued as"));
        }

        await DeliveredOnceAsync(rcpts[3]);
        Assert.That(rcpts[..3].Select(r => TestEnvironment.Mx1.For(r).Count()), Is.All.EqualTo(1), "the resend delivers nothing twice");
    }

    [Test]
    public async Task AnEightBitBodyDeclaredWith8BitMimeIsDeliveredIntact()
    {
        var rcpt = $"{Unique("utf8")}@mx-ok.test";
        const string text = "Grüße aus Köln – ½ € · 日本語のテキスト · ñandú";
        await using (var client = await AuthenticatedAsync())
        {
            Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}> BODY=8BITMIME\r\nRCPT TO:<{rcpt}>\r\n", replies: 2), Does.Contain("250 2.1.5"));
            Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
            var message = $"From: app@{Domain}\r\nSubject: eight bit\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}\r\n.\r\n";
            Assert.That(await client.SendBytesAsync(Encoding.UTF8.GetBytes(message)), Does.StartWith("250 2.0.0 Ok: queued as"));
        }

        var copy = await DeliveredOnceAsync(rcpt);
        var part = copy.Parse().BodyParts.OfType<MimeKit.TextPart>().Single();
        using var decoded = new MemoryStream();
        part.Content!.DecodeTo(decoded);
        Assert.That(Encoding.UTF8.GetString(decoded.ToArray()).TrimEnd('\r', '\n'), Is.EqualTo(text), "the octets sent, once decoded: nothing lost or mangled");
        Assert.That(part.ContentType.Charset, Is.EqualTo("utf-8"));
        Assert.That(copy.Content.All(b => b < 0x80), Is.True, "sent 7-bit safe (MimeBuilder encodes before signing, so an MX without 8BITMIME cannot alter it)");
    }
}
