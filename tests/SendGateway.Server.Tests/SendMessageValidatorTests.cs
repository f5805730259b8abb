using System.Text.Json;
using SendGateway.Server.Messages;

namespace SendGateway.Server.Tests;

[TestFixture]
public sealed class SendMessageValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

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
        var outcome = SendMessageValidator.Validate(Valid(), new MessagesOptions(), Now);
        Assert.That(outcome.IsValid, Is.True);
        Assert.That(outcome.Message!.To.Single().Email, Is.EqualTo("Ann@example.test"));
        Assert.That(outcome.Message.To.Single().Vars!["first"], Is.EqualTo("Ann"));
    }

    [Test]
    public void NumbersAndBooleansAreTemplateValues()
    {
        var request = Valid() with { Vars = new() { ["n"] = JsonDocument.Parse("42").RootElement, ["b"] = JsonDocument.Parse("true").RootElement } };
        var outcome = SendMessageValidator.Validate(request, new MessagesOptions(), Now);
        Assert.That(outcome.Message!.Content.SharedVars, Is.EquivalentTo(new Dictionary<string, string> { ["n"] = "42", ["b"] = "true" }));
    }

    [Test]
    public void CollectsEveryFieldError()
    {
        var request = Valid() with { From = null, Subject = null, Text = null, Tags = ["", "ok"] };
        var outcome = SendMessageValidator.Validate(request, new MessagesOptions(), Now);
        Assert.That(outcome.Errors.Keys, Is.SupersetOf(new[] { "from.email", "subject", "text", "tags" }));
    }

    [Test]
    public void ASendAtTooFarAheadIsRefusedAndAPastOneMeansNow()
    {
        Assert.That(SendMessageValidator.Validate(Valid() with { SendAt = Now.AddDays(4) }, new MessagesOptions(), Now).Errors.Keys, Does.Contain("send_at"));
        Assert.That(SendMessageValidator.Validate(Valid() with { SendAt = Now.AddMinutes(-5) }, new MessagesOptions(), Now).Message!.SendAt, Is.Null);
        Assert.That(SendMessageValidator.Validate(Valid() with { SendAt = Now.AddHours(1) }, new MessagesOptions(), Now).Message!.SendAt, Is.EqualTo(Now.AddHours(1)));
    }

    [Test]
    public void AttachmentsMustBeBase64()
    {
        var request = Valid() with { Attachments = [new AttachmentDto("a.pdf", "application/pdf", "not base64!", false, null)] };
        Assert.That(SendMessageValidator.Validate(request, new MessagesOptions(), Now).Errors.Keys, Does.Contain("attachments[0].content"));
    }

    [Test]
    public void TemplateIdsAreRefusedUntilTemplatesExist()
    {
        var request = Valid() with { TemplateId = "welcome", Subject = null };
        Assert.That(SendMessageValidator.Validate(request, new MessagesOptions(), Now).Errors.Keys, Does.Contain("template_id"));
    }
}
