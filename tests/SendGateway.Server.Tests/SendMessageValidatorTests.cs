using System.Text.Json;
using Microsoft.Extensions.Options;
using SendGateway.Server.Messages;
using SendGateway.Server.Templates;

namespace SendGateway.Server.Tests;

[TestFixture]
public sealed class SendMessageValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly TemplateEngine Engine = new(Options.Create(new TemplatesOptions()), TimeProvider.System);

    private static SendMessageRequest Valid() => new()
    {
        From = new EmailAddressDto("app@acme.test", "Acme"),
        To = [new RecipientDto("Ann@Example.TEST", "Ann", new() { ["first"] = JsonDocument.Parse("\"Ann\"").RootElement }, null)],
        Subject = "Hi {{first}}",
        Text = "Hello",
    };

    [Test]
    public void AValidRequestBecomesOneEntryPerToWithTheDomainLowerCased()
    {
        var outcome = SendMessageValidator.Validate(Valid(), new MessagesOptions(), TimeSpan.FromDays(5), Now, Engine);
        Assert.That(outcome.IsValid, Is.True);
        Assert.That(outcome.Message!.To.Single().Email, Is.EqualTo("Ann@example.test"));
        Assert.That(outcome.Message.To.Single().Vars!["first"].GetString(), Is.EqualTo("Ann"));
    }

    [Test]
    public void NumbersAndBooleansAreTemplateValues()
    {
        var request = Valid() with { Vars = new() { ["n"] = JsonDocument.Parse("42").RootElement, ["b"] = JsonDocument.Parse("true").RootElement } };
        var outcome = SendMessageValidator.Validate(request, new MessagesOptions(), TimeSpan.FromDays(5), Now, Engine);
        Assert.That(outcome.Message!.Content.SharedVars!.ToDictionary(v => v.Key, v => v.Value.GetRawText()), Is.EquivalentTo(new Dictionary<string, string> { ["n"] = "42", ["b"] = "true" }));
        var rendered = Engine.RenderPart("{{n}} {{b}}", null, TemplateValues.Merge(null, outcome.Message.Content.SharedVars), html: false);
        Assert.That(rendered.Output, Is.EqualTo("42 true"));
    }

    [Test]
    public void CollectsEveryFieldError()
    {
        var request = Valid() with { From = null, Subject = null, Text = null, Tags = ["", "ok"] };
        var outcome = SendMessageValidator.Validate(request, new MessagesOptions(), TimeSpan.FromDays(5), Now, Engine);
        Assert.That(outcome.Errors.Keys, Is.SupersetOf(new[] { "from.email", "subject", "text", "tags" }));
    }

    [Test]
    public void ASendAtTooFarAheadIsRefusedAndAPastOneMeansNow()
    {
        Assert.That(SendMessageValidator.Validate(Valid() with { SendAt = Now.AddDays(4) }, new MessagesOptions(), TimeSpan.FromDays(5), Now, Engine).Errors.Keys, Does.Contain("send_at"));
        Assert.That(SendMessageValidator.Validate(Valid() with { SendAt = Now.AddMinutes(-5) }, new MessagesOptions(), TimeSpan.FromDays(5), Now, Engine).Message!.SendAt, Is.Null);
        Assert.That(SendMessageValidator.Validate(Valid() with { SendAt = Now.AddHours(1) }, new MessagesOptions(), TimeSpan.FromDays(5), Now, Engine).Message!.SendAt, Is.EqualTo(Now.AddHours(1)));
    }

    [Test]
    public void AttachmentsMustBeBase64()
    {
        var request = Valid() with { Attachments = [new AttachmentDto("a.pdf", "application/pdf", "not base64!", false, null)] };
        Assert.That(SendMessageValidator.Validate(request, new MessagesOptions(), TimeSpan.FromDays(5), Now, Engine).Errors.Keys, Does.Contain("attachments[0].content"));
    }

    [Test]
    public void AnUnknownTemplateIdIsRefused()
    {
        var request = Valid() with { TemplateId = "welcome", Subject = null };
        Assert.That(SendMessageValidator.Validate(request, new MessagesOptions(), TimeSpan.FromDays(5), Now, Engine).Errors.Keys, Does.Contain("template_id"));
    }

    [Test]
    public void EveryMissingVariableOfARecipientIsNamedAtOnce()
    {
        var request = Valid() with { Subject = "Hi {{first}} {{last}}", Text = "{{ order.total }} {{ last }}" };
        var outcome = SendMessageValidator.Validate(request, new MessagesOptions(), TimeSpan.FromDays(5), Now, Engine);
        Assert.That(outcome.Errors["to[0].vars"].Single(), Is.EqualTo("Template variables without a value for Ann@example.test: 'last', 'order.total'."));
    }

    [Test]
    public void ATextPartIsGeneratedFromHtmlUnlessSwitchedOff()
    {
        var request = Valid() with { Text = null, Html = "<p>Hi {{first}}, <a href=\"https://acme.test/x\">see</a></p>" };
        Assert.That(SendMessageValidator.Validate(request, new MessagesOptions(), TimeSpan.FromDays(5), Now, Engine).Message!.Content.Text, Is.EqualTo("Hi {{first}}, see (https://acme.test/x)\n"));
        Assert.That(SendMessageValidator.Validate(request with { AutoText = false }, new MessagesOptions(), TimeSpan.FromDays(5), Now, Engine).Message!.Content.Text, Is.Null);
    }

    [Test]
    public void AnHtmlBodyThatDoesNotParseIsReportedWithoutGeneratingText()
    {
        var request = Valid() with { Text = null, Html = "<p>" + string.Concat(Enumerable.Repeat("{{ x", 50_000)) };
        Assert.That(SendMessageValidator.Validate(request, new MessagesOptions(), TimeSpan.FromDays(5), Now, Engine).Errors.Keys, Does.Contain("html"));
    }
}
