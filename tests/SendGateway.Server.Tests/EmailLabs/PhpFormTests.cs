using Microsoft.Extensions.Primitives;
using SendGateway.Server.EmailLabs;

namespace SendGateway.Server.Tests.EmailLabs;

/// <summary>Field names as PHP's http_build_query writes them and parse_str reads them; what PHP would not write is refused.</summary>
public sealed class PhpFormTests
{
    private static PhpForm Parse(params (string Key, string Value)[] fields) =>
        PhpForm.Parse(fields.GroupBy(f => f.Key).Select(g => new KeyValuePair<string, StringValues>(g.Key, new StringValues(g.Select(f => f.Value).ToArray()))));

    [Test]
    public void NestedBracketsArePathsAndAddressesWithDotsStayKeys()
    {
        var form = Parse(("to[ann.lee@x.test][vars][name]", "Ann"), ("to[ann.lee@x.test][vars][order][id]", "A-17"), ("to[bob@x.test]", "Bob"), ("subject", "Hi"));
        var ann = form["to"]!["ann.lee@x.test"]!;
        Assert.That(ann["vars"]!.Text("name"), Is.EqualTo("Ann"));
        Assert.That(ann["vars"]!["order"]!.Text("id"), Is.EqualTo("A-17"));
        Assert.That(form["to"]!.Text("bob@x.test"), Is.EqualTo("Bob"));
        Assert.That(form.Text("subject"), Is.EqualTo("Hi"));
        Assert.That(form["to"]!.Children.Select(c => c.Key), Is.EqualTo(new[] { "ann.lee@x.test", "bob@x.test" }), "in the order sent");
    }

    [Test]
    public void EmptyBracketsAppendAfterTheHighestIndexAndALaterValueReplaces()
    {
        var form = Parse(("tags[]", "a"), ("tags[]", "b"), ("files[3][name]", "x.txt"), ("files[]", "y"), ("subject", "first"), ("subject", "second"));
        Assert.That(form["tags"]!.Children.Select(c => (c.Key, c.Value.Value)), Is.EqualTo(new[] { ("0", "a"), ("1", "b") }));
        Assert.That(form["files"]!.Children.Select(c => c.Key), Is.EqualTo(new[] { "3", "4" }));
        Assert.That(form.Text("subject"), Is.EqualTo("second"));
    }

    [Test]
    public void AValueAndChildrenAtOnePathKeepTheLaterOne()
    {
        var form = Parse(("to", "plain@x.test"));
        Assert.That(form.Text("to"), Is.EqualTo("plain@x.test"));
        var both = PhpForm.Parse([new("to", "plain@x.test"), new("to[a@x.test]", "A")]);
        Assert.That(both["to"]!.HasChildren, Is.True);
        Assert.That(both.Text("to"), Is.Null);
    }

    [TestCase("to[a@x.test", "unclosed")]
    [TestCase("to[a]b", "after a bracket")]
    [TestCase("a[1][2][3][4][5][6][7]", "deeper")]
    public void NamesPhpWouldNotWriteAreRefused(string key, string why)
    {
        var error = Assert.Throws<FormatException>(() => Parse((key, "x")));
        Assert.That(error!.Message, Does.Contain(why));
    }

    [Test]
    public void TheDeepestAllowedNestingIsRead()
    {
        var form = Parse(("a[1][2][3][4][5][6]", "deep"));
        Assert.That(form["a"]!["1"]!["2"]!["3"]!["4"]!["5"]!.Text("6"), Is.EqualTo("deep"));
    }
}
