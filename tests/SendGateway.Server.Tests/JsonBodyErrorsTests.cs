using System.Text.Json;
using SendGateway.Server.Common;
using SendGateway.Server.Messages;

namespace SendGateway.Server.Tests;

/// <summary>A JSON body of the wrong shape is answered with what is wrong, in the API's words, not .NET type names.</summary>
public sealed class JsonBodyErrorsTests
{
    private static string Describe(string json)
    {
        try
        {
            JsonSerializer.Deserialize<SendMessageRequest>(json, MessagesJson.Options);
        }
        catch (JsonException e)
        {
            return JsonBodyErrors.Describe(e, typeof(SendMessageRequest), MessagesJson.Options);
        }

        Assert.Fail($"{json} was read without an error");
        return string.Empty;
    }

    [Test]
    public void AFieldGivenAsAStringWhereAnObjectBelongsSaysTheObjectsShape() =>
        Assert.That(Describe("""{"from":"hello@example.test"}"""), Is.EqualTo("$.from must be an object {email, name}."));

    [Test]
    public void AnUnknownFieldIsNamedWithTheNearestKnownField() =>
        Assert.That(Describe("""{"frm":{"email":"a@b.test"}}"""), Is.EqualTo("Unknown field 'frm' at $; did you mean 'from'?"));

    [Test]
    public void AnUnknownFieldInsideAnArrayItemIsNamedWithItsPlace() =>
        Assert.That(Describe("""{"to":[{"emial":"a@b.test"}]}"""), Is.EqualTo("Unknown field 'emial' at $.to[0]; did you mean 'email'?"));

    [Test]
    public void AnUnknownFieldFarFromEveryKnownOneIsNamedAlone() =>
        Assert.That(Describe("""{"zzzzzzzzzz":1}"""), Is.EqualTo("Unknown field 'zzzzzzzzzz' at $."));

    [Test]
    public void AnArrayGivenAsAStringSaysItMustBeAnArray() =>
        Assert.That(Describe("""{"to":"a@b.test"}"""), Does.StartWith("$.to must be an array of objects {email, name").And.Not.Contain("SendGateway"));

    [TestCase("""{"subject":5}""", "$.subject must be a string.")]
    [TestCase("""{"template_version":"2"}""", "$.template_version must be a whole number.")]
    [TestCase("""{"auto_text":"no"}""", "$.auto_text must be true or false.")]
    public void AScalarOfTheWrongKindSaysTheKind(string json, string expected) => Assert.That(Describe(json), Is.EqualTo(expected));

    [Test]
    public void ASyntaxErrorGivesItsLineAndPosition() =>
        Assert.That(Describe("{\n  \"subject\": \"a\",\n  oops }"), Does.Match(@"^The body is not valid JSON \(line 3, position \d+\)\.$"));
}
