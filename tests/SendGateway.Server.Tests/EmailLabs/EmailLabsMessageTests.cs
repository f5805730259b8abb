using Microsoft.Extensions.Primitives;
using SendGateway.Server.EmailLabs;

namespace SendGateway.Server.Tests.EmailLabs;

/// <summary>The new_sendmail form as our send request: every documented field lands where the accept path reads it.</summary>
public sealed class EmailLabsMessageTests
{
    private static PhpForm Form(params (string Key, string Value)[] fields) =>
        PhpForm.Parse(fields.Select(f => new KeyValuePair<string, StringValues>(f.Key, f.Value)));

    private static readonly (string, string)[] Minimal = [("to[ann@x.test]", ""), ("smtp_account", "1.acme.smtp"), ("subject", "Hi"), ("from", "shop@acme.test"), ("text", "t")];

    [Test]
    public void EveryFieldIsTranslated()
    {
        var (request, account, templateSubject, error) = EmailLabsMessage.Translate(Form(
            ("to[ann@x.test][vars][name]", "Ann"), ("to[ann@x.test][message_id]", "own-1"), ("to[bob@x.test]", "Bob"),
            ("smtp_account", "1.acme.smtp"), ("subject", "Hi {{name}}"), ("html", "<p>h</p>"), ("txt", "t"), ("from", "shop@acme.test"), ("from_name", "Shop"),
            ("headers[X-A]", "1"), ("cc", "cc@x.test"), ("cc_name", "Cc"), ("bcc", "bcc@x.test"), ("replay_to", "help@acme.test"),
            ("tags[0]", "a"), ("tags[1]", "b"), ("files[0][name]", "n.txt"), ("files[0][mime]", "text/plain"), ("files[0][content]", "aGk="), ("files[0][inline]", "1")), templates: false);
        Assert.That(error, Is.Null);
        Assert.That(account, Is.EqualTo("1.acme.smtp"));
        Assert.That(templateSubject, Is.Null);
        Assert.That(request!.To!.Select(t => (t.Email, t.Name)), Is.EqualTo(new[] { ("ann@x.test", (string?)null), ("bob@x.test", "Bob") }));
        Assert.That(request.To![0].Vars!["name"].GetString(), Is.EqualTo("Ann"));
        Assert.That(request.To![0].Metadata!["message_id"], Is.EqualTo("own-1"));
        Assert.That((request.Subject, request.Html, request.Text), Is.EqualTo(("Hi {{name}}", "<p>h</p>", "t")));
        Assert.That((request.From!.Email, request.From.Name), Is.EqualTo(("shop@acme.test", "Shop")));
        Assert.That(request.Headers!["X-A"], Is.EqualTo("1"));
        Assert.That((request.Cc!.Single().Email, request.Cc!.Single().Name, request.Bcc!.Single().Email), Is.EqualTo(("cc@x.test", "Cc", "bcc@x.test")));
        Assert.That(request.ReplyTo!.Email, Is.EqualTo("help@acme.test"));
        Assert.That(request.Tags, Is.EqualTo(new[] { "a", "b" }));
        var file = request.Attachments!.Single();
        Assert.That((file.Filename, file.ContentType, file.Content, file.Inline, file.ContentId), Is.EqualTo(("n.txt", "text/plain", "aGk=", true, "n.txt")));
        Assert.That(request.Metadata![EmailLabsMessage.AccountMetadataKey], Is.EqualTo("1.acme.smtp"));
    }

    [Test]
    public void ATemplateSendKeepsTheSubjectApartForTheTemplate()
    {
        var (request, _, templateSubject, error) = EmailLabsMessage.Translate(Form([.. Minimal.Where(f => f.Item1 != "text"), ("template_id", "tpl_1")]), templates: true);
        Assert.That(error, Is.Null);
        Assert.That((request!.TemplateId, request.Subject, templateSubject), Is.EqualTo(("tpl_1", (string?)null, "Hi")));
    }

    [TestCase("smtp_account", "smtp_account")]
    [TestCase("from", "from")]
    [TestCase("subject", "subject")]
    [TestCase("to[ann@x.test]", "to")]
    public void ARequiredFieldMissingIsNamed(string left, string named)
    {
        var (request, _, _, error) = EmailLabsMessage.Translate(Form(Minimal.Where(f => f.Item1 != left).ToArray()), templates: false);
        Assert.That(request, Is.Null);
        Assert.That(error, Does.Contain($"'{named}'"));
    }

    [Test]
    public void UnknownFieldsAndATemplateOnNewSendmailAreRefused()
    {
        Assert.That(EmailLabsMessage.Translate(Form([.. Minimal, ("return_path", "x")]), templates: false).Error, Does.Contain("'return_path'"));
        Assert.That(EmailLabsMessage.Translate(Form([.. Minimal, ("template_id", "t")]), templates: false).Error, Does.Contain("sendmail_templates"));
    }

    [TestCase("hardbounce", "InvalidRecipient", "Hardbounce")]
    [TestCase("hardbounce", "MessageExpired", "Softbounce")]
    [TestCase("softbounce", null, "Deferred")]
    [TestCase("click", null, "Track")]
    [TestCase("ok", null, "Ok")]
    public void StatusesTakeEmailLabsNames(string type, string? bounceClass, string name) =>
        Assert.That(EmailLabsStatuses.For(type, bounceClass), Is.EqualTo(name));
}
