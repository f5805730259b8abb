using System.Text;
using SendGateway.Server.Delivery.Dkim;

namespace SendGateway.Server.Tests;

/// <summary>DKIM relaxed body canonicalization (RFC 6376 §3.4.4), the bytes the body hash covers.</summary>
[TestFixture]
public sealed class DkimCanonicalizationTests
{
    private static string Canonical(string body) => Encoding.ASCII.GetString(DkimSignature.CanonicalBody(Encoding.ASCII.GetBytes(body)));

    [Test]
    public void TheRfcExampleReducesWhitespaceRunsAndDropsTrailingWhitespaceAndEmptyLines() =>
        Assert.That(Canonical(" C \r\nD \t E\r\n\r\n\r\n"), Is.EqualTo(" C\r\nD E\r\n")); // RFC 6376 §3.4.5

    [TestCase("plain line of text\r\n", "plain line of text\r\n")]
    [TestCase("\t\tleading tabs and  inner  spaces\t \r\n", " leading tabs and inner spaces\r\n")]
    [TestCase("a\r\n \t \r\n\r\nb\r\n", "a\r\n\r\n\r\nb\r\n")] // inner empty (or all-WSP) lines are kept
    [TestCase("no final line break", "no final line break\r\n")]
    [TestCase("bare\nline feeds\n", "bare\r\nline feeds\r\n")]
    [TestCase("\r\n\r\n", "")] // an empty body canonicalizes to nothing
    [TestCase("cr inside\rthe line \r\n", "cr inside\rthe line\r\n")]
    public void EachLineIsCanonicalized(string body, string expected) => Assert.That(Canonical(body), Is.EqualTo(expected));

    /// <summary>The in-place hash of a body canonicalization leaves alone, and the copy it makes of any other, agree.</summary>
    [TestCase("plain line of text\r\n")]
    [TestCase("base64AAAA\r\nBBBB\r\n\r\n\r\n")] // trailing empty lines dropped in place
    [TestCase("\r\n")]
    [TestCase("\r\n\r\n")]
    [TestCase("\r\ninner\r\n\r\nempty lines kept\r\n")]
    [TestCase("one space between words\r\n")]
    [TestCase("two  spaces\r\n")]
    [TestCase("a tab\there\r\n")]
    [TestCase("space at the end \r\n")]
    [TestCase("no final line break")]
    [TestCase("bare\nline feed\r\n")]
    [TestCase("cr inside\rthe line\r\r\n")]
    [TestCase("")]
    public void TheBodyHashIsTheHashOfTheCanonicalBody(string body)
    {
        var bytes = Encoding.ASCII.GetBytes(body);
        Assert.That(DkimSignature.BodyHash(bytes), Is.EqualTo(System.Security.Cryptography.SHA256.HashData(DkimSignature.CanonicalBody(bytes))));
    }
}
