using System.Text.Json;
using Microsoft.Extensions.Options;
using SendGateway.Server.Templates;

namespace SendGateway.Server.Tests.Templates;

[TestFixture]
public sealed class TemplateEngineTests
{
    private static readonly TemplateEngine Engine = new(Options.Create(new TemplatesOptions()), TimeProvider.System);

    private static Dictionary<string, JsonElement> Json(string json) => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    private static readonly Dictionary<string, JsonElement> Vars = Json("""{"first": "Ann", "html": "<b>&", "order": {"total": 12.5, "items": [{"name": "Tea"}, {"name": "<Cake>"}]}}""");
    private static readonly Dictionary<string, JsonElement> Shared = Json("""{"first": "Shared", "company": "Acme"}""");

    private static TemplateRender Render(string source, bool html = false, string? layout = null) =>
        Engine.RenderPart(source, layout, TemplateValues.Merge(Vars, Shared), html);

    [TestCase("Hello {{first}}", "Hello Ann")]
    [TestCase("Hello {{ first }} from {{company}}", "Hello Ann from Acme")]
    [TestCase("No variables", "No variables")]
    [TestCase("{{first}}{{first}}", "AnnAnn")]
    [TestCase("{ {first} }", "{ {first} }")]
    public void TodaysSyntaxRendersRecipientVarsBeforeSharedOnes(string source, string expected) =>
        Assert.That(Render(source).Output, Is.EqualTo(expected));

    [Test]
    public void ValuesAreEscapedInHtmlOnlyAndRawPrintsAsIs()
    {
        Assert.That(Render("<p>{{html}}</p>", html: true).Output, Is.EqualTo("<p>&lt;b&gt;&amp;</p>"));
        Assert.That(Render("<p>{{html | raw}}</p>", html: true).Output, Is.EqualTo("<p><b>&</p>"));
        Assert.That(Render("{{html}}").Output, Is.EqualTo("<b>&"));
    }

    [Test]
    public void ConditionalsLoopsAndNestedValues()
    {
        var source = "{% if order.total > 10 %}Big{% else %}Small{% endif %}: {% for i in order.items %}{{ i.name }};{% endfor %} {{ order.total }}";
        Assert.That(Render(source).Output, Is.EqualTo("Big: Tea;<Cake>; 12.5"));
        Assert.That(Render(source, html: true).Output, Is.EqualTo("Big: Tea;&lt;Cake&gt;; 12.5"));
    }

    [Test]
    public void AFlatNameWithDotsStillFillsTheNestedPath() =>
        Assert.That(Engine.RenderPart("{{ order.id }}", null, TemplateValues.Merge(Json("""{"order.id": "A-17"}"""), null), false).Output, Is.EqualTo("A-17"));

    [Test]
    public void EveryPrintedVariableWithoutAValueIsListedOnceAndNothingIsRendered()
    {
        var render = Render("{{ last }} {{ order.nope }} {{ last | upcase }} {% for i in order.items %}{{ i.price }}{% endfor %}");
        Assert.That(render.Output, Is.Null);
        Assert.That(render.Missing, Is.EqualTo(new[] { "last", "order.nope", "i.price" }));
    }

    [Test]
    public void TestedOrDefaultedVariablesAreOptional() =>
        Assert.That(Render("{% if coupon %}{{ coupon }}{% endif %}{{ nick | default: first }}").Output, Is.EqualTo("Ann"));

    [Test]
    public void ALayoutFramesThePartWithoutEscapingItAgain()
    {
        var render = Render("<p>{{ html }}</p>", html: true, layout: "<div class=\"{{ company }}\">{{ content }}</div>");
        Assert.That(render.Output, Is.EqualTo("<div class=\"Acme\"><p>&lt;b&gt;&amp;</p></div>"));
    }

    [TestCase("{{Text | example}}", "Unknown filter 'example'.")]
    [TestCase("{{ [test }}", "Syntax error: A value was expected at (1:3)")]
    [TestCase("line one\n{% if a %}x", "Syntax error: '{% endif %}' was expected at (2:12)")]
    [TestCase("{% include 'secrets' %}", "The include tag is not available: templates cannot read files.")]
    public void MalformedTemplatesAreRefusedWhenParsedNamingTheProblem(string source, string error) =>
        Assert.That(Engine.Parse(source).Error, Is.EqualTo(error));

    [Test]
    public void DeepNestingIsRefusedBeforeTheParserCouldOverflowTheStack()
    {
        var deep = string.Concat(Enumerable.Repeat("{% if a %}", 5000)) + string.Concat(Enumerable.Repeat("{% endif %}", 5000));
        Assert.That(Engine.Parse(deep).Error, Is.EqualTo("Blocks are nested more than 20 deep at (1:201)."));
        var longTag = "{{ " + string.Concat(Enumerable.Repeat("a[", 3000)) + "0" + new string(']', 3000) + " }}";
        Assert.That(Engine.Parse(longTag).Error, Does.StartWith("The tag at (1:1) is longer than 1000 characters"));
    }

    [Test]
    public void AHugeRangeIsRefusedBeforeFluidBuildsIt()
    {
        // Without the bound Fluid allocated 4.8 GB over 20 s for this range before the first step.
        Assert.That(Render("{% for i in (1..100000000) %}{% endfor %}").Error, Is.EqualTo("A range may hold at most 50000 numbers."));
        Assert.That(Engine.RenderPart("{% for i in (1..n) %}{% endfor %}", null, TemplateValues.Merge(Json("""{"n": 1e9}"""), null), false).Error,
            Is.EqualTo("A range may hold at most 50000 numbers."));
    }

    [Test]
    public void NestedLoopsStopAtTheStepLimit()
    {
        var render = Render("{% for i in (1..40000) %}{% for j in (1..40000) %}{% endfor %}{% endfor %}");
        Assert.That(render.Error, Is.EqualTo("The template runs more than 50000 steps (statements and loop iterations)."));
    }

    [Test]
    public void AValueDoubledWithoutBeingPrintedStopsAtTheOutputLimit()
    {
        var bomb = "{% assign x = 'aaaaaaaaaa' %}{% for i in (1..40) %}{% assign x = x | append: x %}{% endfor %}{{ x | size }}";
        Assert.That(Render(bomb).Error, Is.EqualTo($"The template produces more than {new TemplatesOptions().MaxOutputChars} characters."));
    }

    [Test]
    public void OutputPastTheLimitStops()
    {
        var small = new TemplateEngine(Options.Create(new TemplatesOptions { MaxOutputChars = 1024 }), TimeProvider.System);
        var render = small.RenderPart("{% for i in (1..1000) %}0123456789{% endfor %}", null, TemplateValues.Merge(null, null), false);
        Assert.That(render.Error, Is.EqualTo("The template produces more than 1024 characters."));
    }

    [Test]
    public void ATemplateLargerThanTheLimitIsRefused()
    {
        var small = new TemplateEngine(Options.Create(new TemplatesOptions { MaxTemplateBytes = 1024 }), TimeProvider.System);
        Assert.That(small.Parse(new string('x', 2000)).Error, Is.EqualTo("The template is larger than 1024 bytes."));
    }
}
