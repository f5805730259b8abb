using System.Security.Cryptography;
using System.Text;

namespace SendGateway.Client.Tests;

/// <summary>
/// The verifier against signatures made here the way Standard Webhooks defines them (HMAC-SHA256 over
/// <c>id.timestamp.body</c>, key = base64 part of <c>whsec_</c>). The end-to-end test against the server's real batches
/// is in the integration tests (Clients/DotNetClientTests).
/// </summary>
public sealed class WebhookVerifierTests
{
    private const string Body = """[{"id":"evt_1","type":"ok","timestamp":"2026-12-01T10:00:00Z","message_id":"msg_1","sequence":2,"recipient":"ann@example.test"}]""";
    private static readonly string SecretA = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef"));
    private static readonly string SecretB = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("fedcba9876543210fedcba9876543210"));

    private static string Sign(string secret, string id, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [Test]
    public void AGenuineRequestVerifiesAndReturnsTheTypedEvents()
    {
        var ts = Now;
        var verified = new WebhookVerifier(SecretA).Verify("bat_1", ts.ToString(), Sign(SecretA, "bat_1", ts, Body), Encoding.UTF8.GetBytes(Body));
        Assert.That(verified.Id, Is.EqualTo("bat_1"));
        Assert.That(verified.Events.Single().Type, Is.EqualTo(EventTypes.Ok));
        Assert.That(verified.Events.Single().MessageId, Is.EqualTo("msg_1"));
        Assert.That(verified.Timestamp.ToUnixTimeSeconds(), Is.EqualTo(ts));
    }

    [Test]
    public void DuringARotationEitherSecretVerifiesASignatureListAndAnUnrelatedSecretDoesNot()
    {
        var ts = Now;
        var both = $"{Sign(SecretB, "bat_2", ts, Body)} {Sign(SecretA, "bat_2", ts, Body)}";
        var body = Encoding.UTF8.GetBytes(Body);
        Assert.That(new WebhookVerifier(SecretA).Verify("bat_2", ts.ToString(), both, body).Events, Has.Count.EqualTo(1));
        Assert.That(new WebhookVerifier(SecretB).Verify("bat_2", ts.ToString(), both, body).Events, Has.Count.EqualTo(1));
        Assert.That(new WebhookVerifier([SecretB, SecretA]).Verify("bat_2", ts.ToString(), Sign(SecretA, "bat_2", ts, Body), body).Events, Has.Count.EqualTo(1));
        var other = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Assert.Throws<WebhookVerificationException>(() => new WebhookVerifier(other).Verify("bat_2", ts.ToString(), both, body));
    }

    [Test]
    public void ATamperedBodyIdOrTimestampIsRefused()
    {
        var ts = Now;
        var signature = Sign(SecretA, "bat_3", ts, Body);
        var verifier = new WebhookVerifier(SecretA);
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify("bat_3", ts.ToString(), signature, Encoding.UTF8.GetBytes(Body.Replace("\"ok\"", "\"hardbounce\"", StringComparison.Ordinal))));
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify("bat_4", ts.ToString(), signature, Encoding.UTF8.GetBytes(Body)));
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify("bat_3", (ts + 1).ToString(), signature, Encoding.UTF8.GetBytes(Body)));
    }

    [Test]
    public void AnOldOrFutureTimestampIsRefusedEvenWithAGoodSignature()
    {
        var body = Encoding.UTF8.GetBytes(Body);
        var verifier = new WebhookVerifier(SecretA, TimeSpan.FromMinutes(5));
        var old = Now - 600;
        var ex = Assert.Throws<WebhookVerificationException>(() => verifier.Verify("bat_5", old.ToString(), Sign(SecretA, "bat_5", old, Body), body));
        Assert.That(ex!.Message, Does.Contain("tolerance"));
        var future = Now + 600;
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify("bat_5", future.ToString(), Sign(SecretA, "bat_5", future, Body), body));
    }

    [Test]
    public void MissingHeadersMalformedSignaturesAndANonArrayBodyAreRefused()
    {
        var ts = Now;
        var verifier = new WebhookVerifier(SecretA);
        var body = Encoding.UTF8.GetBytes(Body);
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(null, ts.ToString(), Sign(SecretA, "x", ts, Body), body));
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify("x", "yesterday", Sign(SecretA, "x", ts, Body), body));
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify("x", ts.ToString(), "v1,not-base64!! v2,abc", body));
        const string notArray = """{"type":"ok"}""";
        var ex = Assert.Throws<WebhookVerificationException>(() => verifier.Verify("x", ts.ToString(), Sign(SecretA, "x", ts, notArray), Encoding.UTF8.GetBytes(notArray)));
        Assert.That(ex!.Message, Does.Contain("array"));
        var small = new WebhookVerifier(SecretA) { MaxBodyBytes = 10 };
        Assert.Throws<WebhookVerificationException>(() => small.Verify("x", ts.ToString(), Sign(SecretA, "x", ts, Body), body));
    }

    [Test]
    public void TheHeaderLookupOverloadReadsTheThreeStandardHeaders()
    {
        var ts = Now;
        var headers = new Dictionary<string, string> { ["webhook-id"] = "bat_6", ["webhook-timestamp"] = ts.ToString(), ["webhook-signature"] = Sign(SecretA, "bat_6", ts, Body) };
        var verified = new WebhookVerifier(SecretA).Verify(Encoding.UTF8.GetBytes(Body), name => headers.GetValueOrDefault(name));
        Assert.That(verified.Id, Is.EqualTo("bat_6"));
    }
}
