using Microsoft.Extensions.Options;
using SendGateway.Server.Common;
using SendGateway.Server.Tracking;

namespace SendGateway.Server.Tests.Tracking;

[TestFixture]
public sealed class TrackingTokensTests
{
    private static TrackingTokens Tokens(byte fill, Dictionary<string, string>? keys = null, string current = "t1")
    {
        var options = Options.Create(new SecretsOptions
        {
            MasterKey = Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray()), TrackingKeys = keys ?? [], CurrentTrackingKey = current,
        });
        return new TrackingTokens(new SecretBox(options), options);
    }

    private static string Key(byte fill) => Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray());

    private static readonly TrackingToken Click = new(
        TrackingToken.Click, "ten_01ABC", "msg_01XYZ", 7, 3, DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), "https://acme.test/a?b=1&c=%20d#frag", TrackingToken.OpensTracked);

    [Test]
    public void ATokenReadsBackExactlyAndHoldsNoAddress()
    {
        var text = Tokens(1).Create(Click);
        Assert.That(Tokens(1).Read(text, 8192), Is.EqualTo(Click));
        Assert.That(text, Does.Match("^[A-Za-z0-9_-]+$"), "URL-safe");
    }

    [Test]
    public void AnAlteredTruncatedOrForeignTokenIsRefused()
    {
        var text = Tokens(1).Create(Click);
        var altered = text[..10] + (text[10] == 'A' ? 'B' : 'A') + text[11..];
        Assert.That(Tokens(1).Read(altered, 8192), Is.Null);
        Assert.That(Tokens(1).Read(text[..^3], 8192), Is.Null);
        Assert.That(Tokens(2).Read(text, 8192), Is.Null, "signed under another master key");
        Assert.That(Tokens(1).Read("not a token!", 8192), Is.Null);
        Assert.That(Tokens(1).Read(text, 16), Is.Null, "longer than allowed");
    }

    [Test]
    public void AfterARotationOldTokensStillReadAndNewOnesUseTheNewKey()
    {
        var before = Tokens(1).Create(Click);
        var rotated = Tokens(1, new() { ["k2"] = Key(9) }, current: "k2");
        var after = rotated.Create(Click);
        Assert.That(rotated.Read(before, 8192), Is.EqualTo(Click), "a link in mail delivered before the rotation keeps working");
        Assert.That(rotated.Read(after, 8192), Is.EqualTo(Click));
        Assert.That(Tokens(1).Read(after, 8192), Is.Null, "a node without the new key refuses its tokens");
        Assert.That(Tokens(1, new() { ["k2"] = Key(8) }).Read(after, 8192), Is.Null, "the key id alone proves nothing: the MAC is checked under that id's key");
    }
}
