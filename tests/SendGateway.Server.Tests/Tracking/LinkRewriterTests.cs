using SendGateway.Server.Tracking;

namespace SendGateway.Server.Tests.Tracking;

[TestFixture]
public sealed class LinkRewriterTests
{
    private static string Track(string url) => $"T[{url}]";

    [Test]
    public void OnlyWellFormedAbsoluteHttpLinksAreRewrittenAndThePixelEndsTheBody()
    {
        var html = """
            <p><a href="https://acme.test/a?x=1&amp;y=2#top">one</a> <a href="http://acme.test">two</a>
            <a href="mailto:help@acme.test">mail</a> <a href="tel:+48123">tel</a> <a href="#section">anchor</a>
            <a href="/relative">rel</a> <a href="https://acme.test/keep" data-sg-notrack>keep</a> <a href="javascript:alert(1)">js</a>
            <a href=" https://acme.test/space">space</a></p>
            """;
        var result = LinkRewriter.Rewrite(html, Track, "PIXEL", 100);
        Assert.That(result, Does.Contain("href=\"T[https://acme.test/a?x=1&amp;y=2#top]\""), "the URL as the browser reads it, query and fragment included");
        Assert.That(result, Does.Contain("href=\"T[http://acme.test]\""));
        foreach (var kept in new[] { "mailto:help@acme.test", "tel:+48123", "#section", "/relative", "javascript:alert(1)", " https://acme.test/space" })
        {
            Assert.That(result, Does.Contain($"href=\"{kept}\""), kept);
        }

        Assert.That(result, Does.Contain("<a href=\"https://acme.test/keep\">keep</a>"), "data-sg-notrack stays untracked and is removed");
        Assert.That(result, Does.EndWith("<img src=\"PIXEL\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;width:1px;height:1px\"></body></html>"));
    }

    [Test]
    public void OpensOnlyAddsThePixelAndLinksPastTheLimitStay()
    {
        var result = LinkRewriter.Rewrite("<a href=\"https://a.test/1\">1</a><a href=\"https://a.test/2\">2</a>", Track, null, 1);
        Assert.That(result, Does.Contain("T[https://a.test/1]").And.Contain("href=\"https://a.test/2\"").And.Not.Contain("<img"));
        Assert.That(LinkRewriter.Rewrite("<p>x</p>", null, "P", 10), Does.Contain("<img src=\"P\""));
    }
}
