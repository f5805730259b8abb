using System.Text;
using MimeKit;
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

    private static MimeMessage Parse(string mime) => MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(mime)));

    [Test]
    public void TextPartsWithoutATransferEncodingNeedNoStep() =>
        Assert.That(MimeBuilder.MayBeReencoded(Parse("From: a@b.test\r\nSubject: Hi\r\n\r\nplain text\r\n")), Is.False);

    [TestCase("")]
    [TestCase("Content-Transfer-Encoding: 8bit\r\n")]
    [TestCase("Content-Transfer-Encoding: binary\r\n")]
    public void ANonTextPartThatIsNotAlreadyEncodedNeedsTheStep(string encoding) =>
        Assert.That(MimeBuilder.MayBeReencoded(Parse(
            "From: a@b.test\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
            + "--x\r\nContent-Type: application/json\r\n" + encoding + "\r\n{}\r\n--x--\r\n")), Is.True);

    [Test]
    public void ABase64AttachmentNeedsNoStep() =>
        Assert.That(MimeBuilder.MayBeReencoded(Parse(
            "From: a@b.test\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/html\r\n\r\n<p>hi</p>\r\n"
            + "--x\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--x--\r\n")), Is.False);

    [Test]
    public void AnAttachedMessageNeedsTheStep() =>
        Assert.That(MimeBuilder.MayBeReencoded(Parse(
            "From: a@b.test\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: message/rfc822\r\n\r\n"
            + "Subject: inner\r\n\r\nbody\r\n--x--\r\n")), Is.True);
}
