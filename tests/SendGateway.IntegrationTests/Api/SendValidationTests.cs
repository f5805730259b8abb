using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Api;

/// <summary>POST /v1/messages refuses bad input with problem details and queues nothing (api.md §2, reliability.md §9 B).</summary>
[TestFixture]
public sealed class SendValidationTests() : TenantFixture("api,events", Domain)
{
    private const string Domain = "validation.test";

    private static Dictionary<string, object?> Valid() => new()
    {
        ["from"] = new { email = $"app@{Domain}" },
        ["to"] = new[] { new { email = "ann@example.test", vars = new { first = "Ann" } } },
        ["subject"] = "Hello {{first}}",
        ["text"] = "Hi",
    };

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(object body)
    {
        var response = await Tenant.SendAsync(body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json").Or.EqualTo("application/json"));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <returns>The error text given for <paramref name="field"/>.</returns>
    private async Task<string> AssertRejectedAsync(Dictionary<string, object?> body, string field, HttpStatusCode status = HttpStatusCode.UnprocessableEntity)
    {
        var (code, problem) = await PostAsync(body);
        Assert.That(code, Is.EqualTo(status), problem.ToString());
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
        Assert.That(problem.GetProperty("errors").TryGetProperty(field, out var error), Is.True, $"errors should name {field}: {problem}");
        return error[0].GetString()!;
    }

    [Test]
    public async Task AValidMessageIsAccepted()
    {
        var (code, body) = await PostAsync(Valid());
        Assert.That(code, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(body.GetProperty("batch_id").GetString(), Does.StartWith("bat_"));
        Assert.That(body.GetProperty("messages")[0].GetProperty("status").GetString(), Is.EqualTo("accepted"));
    }

    [TestCase("Hi\r\nBcc: victim@x.test")]
    [TestCase("Hi\nthere")]
    [TestCase("Hi\u2028there")]
    public async Task ASubjectWithALineBreakIs422(string subject)
    {
        var body = Valid();
        body["subject"] = subject;
        await AssertRejectedAsync(body, "subject");
    }

    [Test]
    public async Task ADisplayNameWithCrLfIs422()
    {
        var body = Valid();
        body["from"] = new { email = $"app@{Domain}", name = "A\r\n\r\n<html>" };
        await AssertRejectedAsync(body, "from.name");
    }

    [Test]
    public async Task AHeaderValueWithLfIs422()
    {
        var body = Valid();
        body["headers"] = new Dictionary<string, string> { ["X-Campaign"] = "nov\nBcc: x@y.test" };
        await AssertRejectedAsync(body, "headers.X-Campaign");
    }

    [TestCase("X-Bad:Name")]
    [TestCase("X-Bad\r\nName")]
    [TestCase("X Bad")]
    public async Task AnInvalidHeaderNameIs422(string name)
    {
        var body = Valid();
        body["headers"] = new Dictionary<string, string> { [name] = "v" };
        await AssertRejectedAsync(body, "headers");
    }

    [TestCase("Message-ID")]
    [TestCase("DKIM-Signature")]
    [TestCase("Return-Path")]
    [TestCase("Bcc")]
    public async Task AServiceOwnedHeaderCannotBeSet(string name)
    {
        var body = Valid();
        body["headers"] = new Dictionary<string, string> { [name] = "v" };
        await AssertRejectedAsync(body, $"headers.{name}");
    }

    [TestCase("a@b.example>\r\nRCPT TO:<c@d.example")]
    [TestCase("<>")]
    [TestCase("user@[127.0.0.1]")]
    [TestCase("no-at-sign")]
    public async Task AnAddressThatIsNotAMailboxIs422(string address)
    {
        var body = Valid();
        body["to"] = new[] { new { email = address } };
        await AssertRejectedAsync(body, "to[0].email");
    }

    [TestCase("Authentication-Results", "trust header")]
    [TestCase("ARC-Seal", "trust header")]
    [TestCase("ARC-Message-Signature", "trust header")]
    [TestCase("ARC-Authentication-Results", "trust header")]
    [TestCase("Received-SPF", "trust header")]
    [TestCase("DKIM-Signature", "trust header")]
    [TestCase("From", "the author is the from field")]
    [TestCase("Sender", "the author is the from field")]
    public async Task ATrustOrAuthorHeaderIs422NamingIt(string name, string reason)
    {
        var body = Valid();
        body["headers"] = new Dictionary<string, string> { [name] = "mx.victim.test; dkim=pass header.d=victim.test" };
        Assert.That(await AssertRejectedAsync(body, $"headers.{name}"), Does.StartWith(name).And.Contain(reason));
    }

    [TestCase("reply_to", "a,b@validation.test", "without commas")]
    [TestCase("reply_to", "a@validation.test (the boss)", "comments")]
    [TestCase("to", "ann(the boss)@example.test", "comments")]
    [TestCase("to", "user@[127.0.0.1]", "domain literals")]
    [TestCase("cc", "Ann <ann@example.test>", "display name")]
    [TestCase("from", "\"App\" app@validation.test", "display name")]
    [TestCase("bcc", "ünï@example.test", "SMTPUTF8")]
    public async Task AnAddressThatIsNotAPlainMailboxIs422SayingWhy(string field, string address, string reason)
    {
        var body = Valid();
        var key = field switch
        {
            "to" => "to[0].email",
            "cc" or "bcc" => $"{field}[0].email",
            _ => $"{field}.email",
        };
        body[field] = field switch
        {
            "to" => new[] { new { email = address, vars = new { first = "x" } } },
            "cc" or "bcc" => new[] { new { email = address } },
            _ => new { email = address },
        };
        Assert.That(await AssertRejectedAsync(body, key), Does.Contain(reason));
    }

    [Test]
    public async Task AQuotedLocalPartIsAccepted()
    {
        var body = Valid();
        body["to"] = new[] { new { email = "\"ann smith\"@Example.TEST", vars = new { first = "Ann" } } };
        var (code, accepted) = await PostAsync(body);
        Assert.That(code, Is.EqualTo(HttpStatusCode.Accepted), accepted.ToString());
        Assert.That(accepted.GetProperty("messages")[0].GetProperty("email").GetString(), Is.EqualTo("\"ann smith\"@example.test"));
    }

    [Test]
    public async Task MoreThan1000EnvelopeRecipientsIs422()
    {
        var body = Valid();
        body["to"] = Enumerable.Range(0, 501).Select(i => new { email = $"r{i}@example.test", vars = new { first = "x" } }).ToArray();
        body["cc"] = new[] { new { email = "cc@example.test" } };
        await AssertRejectedAsync(body, "to");
    }

    [Test]
    public async Task AMissingTemplateVariableIs422NamingTheRecipient()
    {
        var body = Valid();
        body["to"] = new object[] { new { email = "ann@example.test", vars = new { first = "Ann" } }, new { email = "bob@example.test" } };
        await AssertRejectedAsync(body, "to[1].vars");
    }

    [Test]
    public async Task ASenderOutsideTheTenantsDomainsIs422SenderNotAuthorized()
    {
        var body = Valid();
        body["from"] = new { email = "ceo@someone-else.test" };
        var (code, problem) = await PostAsync(body);
        Assert.That(code, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("sender_not_authorized"));
    }

    [Test]
    public async Task ARenderedMessageOverTheSizeLimitIs413()
    {
        var body = Valid();
        body["text"] = new string('x', 150_000); // the factory sets MaxMessageBytes to 200 000
        var (code, _) = await PostAsync(body);
        Assert.That(code, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task ABodyOverTheRequestLimitIs413BeforeItIsRead()
    {
        using var content = new ByteArrayContent(new byte[16]);
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentLength = 50L * 1024 * 1024;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = content };
        var response = await Tenant.Client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [TestCase("{\"from\": ")]
    [TestCase("{\"from\":{\"email\":\"a@validation.test\"},\"from\":{\"email\":\"b@validation.test\"}}")]
    [TestCase("{\"subject\": 1e999}")]
    [TestCase("[1,2,3]")]
    [TestCase("{\"unknown_field\": true}")]
    public async Task MalformedOrHostileJsonIs400(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await Tenant.Client.PostAsync("/v1/messages", content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task DeeplyNestedJsonIs400()
    {
        var json = "{\"metadata\":" + string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_001);
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await Tenant.Client.PostAsync("/v1/messages", content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task AWrongContentTypeIs415()
    {
        using var content = new StringContent("from=a", Encoding.UTF8, "application/x-www-form-urlencoded");
        var response = await Tenant.Client.PostAsync("/v1/messages", content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }
}
