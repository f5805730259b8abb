using SendGateway.Server.Templates;

namespace SendGateway.Server.Tests.Templates;

[TestFixture]
public sealed class EmailHtmlTests
{
    [Test]
    public void StyleRulesMoveIntoStyleAttributesAndLiquidSurvives()
    {
        var html = "<html><head><style>p { color: red; }</style></head><body><table>{% for i in items %}<tr><td><p>{{ i.name }}</p></td></tr>{% endfor %}</table></body></html>";
        var inlined = EmailHtml.InlineCss(html);
        Assert.That(inlined, Does.Contain("<p style=\"color: red\">{{ i.name }}</p>"));
        Assert.That(inlined, Does.Contain("<table>{% for i in items %}<tbody><tr>").Or.Contain("<table><tbody>{% for i in items %}<tr>").Or.Contain("<table>{% for i in items %}<tr>"));
        Assert.That(inlined, Does.Not.Contain("<style>"));
    }

    [Test]
    public void TextKeepsLinksParagraphsAndLiquid()
    {
        var text = EmailHtml.ToText("<h1>Hello {{ first }}</h1><p>Your <a href=\"{{ url }}\">order</a> is ready.</p><ul><li>Tea</li><li>Cake</li></ul><style>p{}</style>");
        Assert.That(text, Is.EqualTo("Hello {{ first }}\n\nYour order ({{ url }}) is ready.\n\n- Tea\n- Cake\n"));
    }
}
