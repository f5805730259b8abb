using System.Text;
using SendGateway.Server.Delivery.Pipeline;

namespace SendGateway.Server.Tests;

/// <summary>When a submitted message may skip MimeKit's transfer-encoding pass: 7-bit bytes and lines within 998 characters.</summary>
[TestFixture]
public sealed class SevenBitSafeTests
{
    private static bool Safe(string mime) => MimeBuilder.IsSevenBitSafe(Encoding.Latin1.GetBytes(mime));

    [Test]
    public void PlainAsciiWithShortLinesIsSafe() =>
        Assert.That(Safe("From: a@b.test\r\nSubject: Hi\r\n\r\n" + new string('x', 998) + "\r\nend"), Is.True);

    [Test]
    public void AnEightBitByteAnywhereIsNot() => Assert.That(Safe("Subject: Hi\r\n\r\ncaf\u00e9\r\n"), Is.False);

    [Test]
    public void ANulIsNot() => Assert.That(Safe("Subject: Hi\r\n\r\na\0b\r\n"), Is.False);

    [TestCase("\r\n")]
    [TestCase("\n")]
    [TestCase("")]
    public void ALineOf999CharactersIsNot(string end) => Assert.That(Safe("Subject: Hi\r\n\r\n" + new string('x', 999) + end), Is.False);
}
