using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Api;

/// <summary>
/// reliability.md T35–T37, T39, T40, T46 on the REST front: every hostile input is refused with its status, naming the
/// field where there is one, and queues nothing (the api role alone, so the Redis streams hold every entry ever queued).
/// </summary>
[TestFixture]
public sealed class HostileRestInputTests() : TenantFixture("api", Domain)
{
    private const string Domain = "hostile.test";

    private static Dictionary<string, object?> Valid() => new()
    {
        ["from"] = new { email = $"app@{Domain}" },
        ["to"] = new[] { new { email = "ann@example.test" } },
        ["subject"] = "Hello",
        ["text"] = "Hi",
    };

    /// <summary>Posts <paramref name="send"/>'s request, asserts its status and that the streams hold as many entries as before.</summary>
    private async Task<JsonElement> AssertRefusedAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode status)
    {
        var before = await QueuedEntries.CountAsync(Factory);
        using var response = await send();
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
        Assert.That(await QueuedEntries.CountAsync(Factory), Is.EqualTo(before), "nothing queued");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task AssertFieldRefusedAsync(Dictionary<string, object?> body, string field)
    {
        var problem = await AssertRefusedAsync(() => Tenant.SendAsync(body), HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, $"errors name {field}: {problem}");
    }

    [TestCase("subject", "Hi\r\nBcc: victim@x.test")]
    [TestCase("subject", "Hi\u2028there")]
    [TestCase("from.name", "A\r\n\r\n<html>")]
    [TestCase("headers.X-Campaign", "nov\nBcc: x@y.test")]
    public async Task ALineBreakInAHeaderFieldIs422AndQueuesNothing(string field, string value)
    {
        var body = Valid();
        switch (field)
        {
            case "subject":
                body["subject"] = value;
                break;
            case "from.name":
                body["from"] = new { email = $"app@{Domain}", name = value };
                break;
            default:
                body["headers"] = new Dictionary<string, string> { ["X-Campaign"] = value };
                break;
        }

        await AssertFieldRefusedAsync(body, field);
    }

    [TestCase("Received")]
    [TestCase("Content-Transfer-Encoding")]
    [TestCase("X-SendGateway-Tenant")]
    [TestCase("X-SG-Id")]
    public async Task AReservedHeaderIs422NamingItAndQueuesNothing(string name)
    {
        var body = Valid();
        body["headers"] = new Dictionary<string, string> { [name] = "v" };
        await AssertFieldRefusedAsync(body, $"headers.{name}");
    }

    [TestCase("a@b.example>\r\nRCPT TO:<c@d.example")]
    [TestCase("<>")]
    [TestCase("user@[127.0.0.1]")]
    [TestCase("300 octets")]
    public async Task AnEnvelopeInjectionOrOverlongAddressIs422AndQueuesNothing(string address)
    {
        if (address == "300 octets")
        {
            // 64 + 1 + 235: each part within its own limit (local part 64, labels 63), the whole over RFC 5321's 254.
            address = new string('l', 64) + "@" + string.Join('.', new string('a', 63), new string('b', 63), new string('c', 63), new string('d', 38)) + ".test";
            Assert.That(address, Has.Length.EqualTo(300));
        }

        var body = Valid();
        body["to"] = new[] { new { email = address } };
        await AssertFieldRefusedAsync(body, "to[0].email");
    }

    [Test]
    public async Task AnAttachmentOverTheSizeLimitOnlyAfterBase64Is413AndQueuesNothing()
    {
        // The factory sets MaxMessageBytes to 200 000: 160 000 bytes are under it, their base64 (213 336 and line breaks) over.
        var body = Valid();
        body["attachments"] = new[] { new { filename = "a.bin", content_type = "application/octet-stream", content = Convert.ToBase64String(new byte[160_000]) } };
        await AssertRefusedAsync(() => Tenant.SendAsync(body), HttpStatusCode.RequestEntityTooLarge);
    }

    [Test]
    public async Task InvalidUtf8Is400AndQueuesNothing()
    {
        var json = Encoding.UTF8.GetBytes($"{{\"from\":{{\"email\":\"app@{Domain}\"}},\"to\":[{{\"email\":\"ann@example.test\"}}],\"subject\":\"Hi XX\",\"text\":\"t\"}}");
        var at = Array.IndexOf(json, (byte)'X');
        (json[at], json[at + 1]) = (0xC3, 0x28); // a lead byte followed by no continuation byte
        await AssertRefusedAsync(() => PostBytesAsync(json), HttpStatusCode.BadRequest);
    }

    [TestCase("PUT")]
    [TestCase("PATCH")]
    public async Task AWrongMethodIs405WithProblemDetails(string method)
    {
        var problem = await AssertRefusedAsync(
            () => Tenant.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/v1/messages") { Content = JsonContent.Create(Valid()) }),
            HttpStatusCode.MethodNotAllowed);
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(405));
    }

    private async Task<HttpResponseMessage> PostBytesAsync(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        return await Tenant.Client.PostAsync("/v1/messages", content);
    }
}
