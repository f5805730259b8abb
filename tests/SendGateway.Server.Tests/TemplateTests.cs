using SendGateway.Server.Messages;

namespace SendGateway.Server.Tests;

[TestFixture]
public sealed class TemplateTests
{
    private static readonly Dictionary<string, string> Vars = new() { ["first"] = "Ann", ["html"] = "<b>&" };
    private static readonly Dictionary<string, string> Shared = new() { ["first"] = "Shared", ["company"] = "Acme" };

    [TestCase("Hello {{first}}", "Hello Ann")]
    [TestCase("Hello {{ first }} from {{company}}", "Hello Ann from Acme")]
    [TestCase("No variables", "No variables")]
    [TestCase("{{first}}{{first}}", "AnnAnn")]
    [TestCase("{ {first} }", "{ {first} }")]
    public void RendersRecipientVarsBeforeSharedOnes(string source, string expected) =>
        Assert.That(Template.Parse(source).Render(Vars, Shared, htmlEncode: false), Is.EqualTo(expected));

    [Test]
    public void HtmlEncodesValuesInHtml() =>
        Assert.That(Template.Parse("<p>{{html}}</p>").Render(Vars, null, htmlEncode: true), Is.EqualTo("<p>&lt;b&gt;&amp;</p>"));

    [Test]
    public void FindsTheFirstMissingVariable()
    {
        Assert.That(Template.Parse("{{first}} {{last}}").FindMissing(Vars, Shared), Is.EqualTo("last"));
        Assert.That(Template.Parse("{{first}} {{company}}").FindMissing(Vars, Shared), Is.Null);
    }

    [Test]
    public void MeasuresTheRenderedLengthWithoutRendering() =>
        Assert.That(Template.Parse("Hi {{first}}!").RenderedLength(Vars, null), Is.EqualTo("Hi Ann!".Length));

    [Test]
    public void RenderingWithAMissingVariableThrows() =>
        Assert.That(() => Template.Parse("{{nope}}").Render(Vars, null, false), Throws.InvalidOperationException);
}
