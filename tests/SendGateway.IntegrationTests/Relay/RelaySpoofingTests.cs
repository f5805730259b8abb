using MimeKit;
using MimeKit.Cryptography;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>
/// Issue 32 §3: the relay cannot be used to spoof. Exactly one From, every mailbox of From and Sender on a proven domain
/// of the tenant (550 5.7.1 naming the header), and the submitter's trust headers never leave: the delivered copy
/// carries our DKIM signature and no other.
/// </summary>
[TestFixture]
public sealed class RelaySpoofingTests : RelayFixture
{
    private static readonly string[] TrustHeaders =
        ["Authentication-Results", "ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results", "Received-SPF", "DKIM-Signature"];

    private async Task<string> SubmitAsync(string recipient, string message)
    {
        await using var client = await AuthenticatedAsync();
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}>\r\nRCPT TO:<{recipient}>\r\n", replies: 2), Does.Contain("250 2.1.5"));
        Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
        return await client.SendAsync(message.Replace("{D}", Domain, StringComparison.Ordinal) + "Subject: spoof\r\n\r\nbody\r\n.\r\n");
    }

    [TestCase("From: app@{D}\r\nFrom: ceo@victim.test\r\n", "550 5.7.1 Error: the message has more than one From header; it may have exactly one")]
    [TestCase("From: app@{D}, ceo@victim.test\r\n", "550 5.7.1 From header domain not authorized for this account")]
    [TestCase("From: App <app@{D}>, CEO <ceo@victim.test>\r\n", "550 5.7.1 From header domain not authorized for this account")]
    [TestCase("From: Team: app@{D};\r\n", "550 5.7.1 Error: the From header must list one or more mailboxes (local@domain), not a group or nothing")]
    [TestCase("From: app@{D}\r\nSender: ceo@victim.test\r\n", "550 5.7.1 Sender header domain not authorized for this account")]
    [TestCase("From: app@{D}\r\nSender: app@{D}, ceo@victim.test\r\n", "550 5.7.1 Error: the Sender header must be exactly one mailbox (local@domain)")]
    [TestCase("From: app@{D}\r\nSender: app@{D}\r\nSender: ceo@victim.test\r\n", "550 5.7.1 Error: the message has more than one Sender header; it may have at most one")]
    public async Task AnAuthorOutsideTheTenantsProvenDomainsIs550NamingTheHeaderAndQueuesNothing(string authorHeaders, string expected)
    {
        var rcpt = $"spoofed-{Guid.NewGuid():N}@mx-ok.test";
        Assert.That(await SubmitAsync(rcpt, authorHeaders), Is.EqualTo(expected + "\r\n"));
        await AssertNothingQueuedAsync(rcpt);
    }

    [Test]
    public async Task TheSubmittersTrustHeadersAreRemovedAndOurDkimSignatureIsTheOnlyOne()
    {
        var rcpt = $"trust-{Guid.NewGuid():N}@mx-ok.test";
        var forged = string.Concat(
            "Authentication-Results: mx.victim.test; dkim=pass header.d=victim.test; spf=pass; dmarc=pass\r\n",
            "ARC-Seal: i=1; a=rsa-sha256; cv=none; d=victim.test; s=arc; b=AAAA\r\n",
            "ARC-Message-Signature: i=1; a=rsa-sha256; d=victim.test; s=arc; h=from; bh=AAAA; b=AAAA\r\n",
            "arc-authentication-results: i=1; mx.victim.test; dkim=pass\r\n",
            "Received-SPF: pass (mx.victim.test: domain of victim.test designates 192.0.2.1 as permitted sender)\r\n",
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=victim.test; s=sel; h=from:subject;\r\n\tbh=AAAA; b=AAAA\r\n");

        // Every mailbox of From and the Sender are proven: the message is accepted, only the trust headers go.
        var reply = await SubmitAsync(rcpt, $"From: App <app@{{D}}>, Desk <desk@{{D}}>\r\nSender: app@{{D}}\r\n{forged}");
        Assert.That(reply, Does.StartWith("250 2.0.0 Ok: queued as bat_"));
        await Tenant.WaitForStatusAsync(await MessageIdForAsync(rcpt), "ok", seconds: 120);

        var copy = TestEnvironment.Mx1.For(rcpt).Single().Parse();
        Assert.That(copy.From.Mailboxes.Select(m => m.Address), Is.EqualTo(new[] { $"app@{Domain}", $"desk@{Domain}" }));
        foreach (var name in TrustHeaders.Where(n => n != "DKIM-Signature"))
        {
            Assert.That(copy.Headers.Contains(name), Is.False, $"the submitter's {name} was delivered");
        }

        var signatures = copy.Headers.Where(h => h.Id == HeaderId.DkimSignature).ToList();
        Assert.That(signatures, Has.Count.EqualTo(1), "our DKIM signature is the only one");
        Assert.That(signatures[0].Value, Does.Contain($"d={Domain}"));
        Assert.That(await new DkimVerifier(new DnsDkimKeyLocator(TestEnvironment.Dns.EndPoint)).VerifyAsync(copy, signatures[0]), Is.True);
    }
}
