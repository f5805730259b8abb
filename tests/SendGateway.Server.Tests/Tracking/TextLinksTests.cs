using SendGateway.Server.Tracking;

namespace SendGateway.Server.Tests.Tracking;

[TestFixture]
public sealed class TextLinksTests
{
    private static string Track(string url) => $"T[{url}]";

    [TestCase("See https://acme.test/a?b=1#c.", "See T[https://acme.test/a?b=1#c].")]
    [TestCase("(http://acme.test/x) and <https://acme.test/y>", "(T[http://acme.test/x]) and <T[https://acme.test/y]>")]
    [TestCase("Wiki https://en.wikipedia.test/wiki/Foo_(bar), ok", "Wiki T[https://en.wikipedia.test/wiki/Foo_(bar)], ok")]
    [TestCase("No links, just http:// and https:// alone", "No links, just http:// and https:// alone")]
    [TestCase("mailto:a@b.test ftp://x.test", "mailto:a@b.test ftp://x.test")]
    public void RewritesWellFormedUrlsWithoutTheirPunctuation(string text, string expected) =>
        Assert.That(TextLinks.Rewrite(text, Track, 100), Is.EqualTo(expected));

    [Test]
    public void StopsAtTheLinkLimit() =>
        Assert.That(TextLinks.Rewrite("https://a.test/1 https://a.test/2", Track, 1), Is.EqualTo("T[https://a.test/1] https://a.test/2"));
}
