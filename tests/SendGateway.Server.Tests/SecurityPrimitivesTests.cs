using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SendGateway.Server.Common;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Tests;

[TestFixture]
public sealed class SecurityPrimitivesTests
{
    [Test]
    public void ApiKeysRoundTripAndOnlyTheRightSecretMatches()
    {
        var (keyId, key, hash) = ApiKeys.Generate();
        Assert.That(key, Does.StartWith($"sgk_{keyId}_"));
        Assert.That(ApiKeys.TryParse(key, out var parsedId, out var secret), Is.True);
        Assert.That(parsedId, Is.EqualTo(keyId));
        Assert.That(ApiKeys.Matches(secret, hash), Is.True);
        Assert.That(ApiKeys.Matches(secret + "x", hash), Is.False);
        Assert.That(hash, Is.Not.EqualTo(Encoding.UTF8.GetBytes(secret)));
    }

    [TestCase("")]
    [TestCase("sgk_")]
    [TestCase("sgk_onlyid")]
    [TestCase("sgk_id_")]
    [TestCase("pk_live_abc")]
    public void MalformedKeysDoNotParse(string presented) =>
        Assert.That(ApiKeys.TryParse(presented, out _, out _), Is.False);

    [Test]
    public void SealedSecretsOpenOnlyWithTheSameKeyAndPurpose()
    {
        var box = new SecretBox(Options.Create(new SecretsOptions { MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }));
        var sealedData = box.Seal("private key"u8, "dkim");
        Assert.That(Encoding.UTF8.GetString(box.Open(sealedData, "dkim")), Is.EqualTo("private key"));
        Assert.That(() => box.Open(sealedData, "other-purpose"), Throws.InstanceOf<CryptographicException>());
        sealedData[^1] ^= 1;
        Assert.That(() => box.Open(sealedData, "dkim"), Throws.InstanceOf<CryptographicException>());
    }

    [TestCase("", false)]
    [TestCase("c2hvcnQ=", false)]
    [TestCase("not base64!", false)]
    [TestCase("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", true)] // 32 bytes
    [TestCase("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==", false)] // 31 bytes
    [TestCase("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g", false)] // 33 bytes
    public void TheMasterKeyMustBe32Bytes(string key, bool valid)
    {
        var results = new SecretsOptions { MasterKey = key }.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(new object()));
        Assert.That(results.Any(), Is.EqualTo(!valid));
    }

    [Test]
    public void IdsArePrefixedAndTimeOrdered()
    {
        var first = Ids.New("msg");
        Thread.Sleep(2);
        var second = Ids.New("msg");
        Assert.That(first, Does.Match("^msg_[0-9A-Z]{26}$"));
        Assert.That(string.CompareOrdinal(first, second), Is.LessThan(0));
    }

    [Test]
    public void IdsOfTheSameMillisecondDifferInTheirRandomPartAcrossThreads()
    {
        var at = new SameInstant(DateTimeOffset.Parse("2026-11-23T00:00:00Z"));
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 25_000; i++)
            {
                ids.Add(Ids.New("msg", at));
            }
        });
        Assert.That(ids.Distinct().Count(), Is.EqualTo(100_000), "80 random bits per id: a repeat means random bytes were handed out twice");
        Assert.That(ids.Select(id => id[..14]).Distinct().Count(), Is.EqualTo(1), "the same clock gives the same time prefix");
    }

    private sealed class SameInstant(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }
}
