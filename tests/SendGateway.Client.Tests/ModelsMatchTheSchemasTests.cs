using System.Reflection;
using System.Text.Json;

namespace SendGateway.Client.Tests;

/// <summary>Every object schema of the OpenAPI document has a client type with exactly its fields (as they go over the wire).</summary>
public sealed class ModelsMatchTheSchemasTests
{
    private static readonly Dictionary<string, string> Renamed = new()
    {
        ["EmailAddressDto"] = nameof(EmailAddress), ["RecipientDto"] = nameof(Recipient), ["AttachmentDto"] = nameof(Attachment), ["TrackingDto"] = nameof(TrackingOptions),
    };

    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [Test]
    public void EverySchemaHasAClientTypeWithTheSameFieldNames()
    {
        using var spec = JsonDocument.Parse(File.ReadAllText(SpecPath()));
        var checkedSchemas = 0;
        foreach (var schema in spec.RootElement.GetProperty("components").GetProperty("schemas").EnumerateObject())
        {
            if (schema.Name.EndsWith("Page", StringComparison.Ordinal) || schema.Name.Contains("ProblemDetails", StringComparison.Ordinal))
            {
                continue; // Page<T> and SendGatewayException
            }

            var typeName = Renamed.GetValueOrDefault(schema.Name, schema.Name);
            var type = typeof(SendGatewayClient).Assembly.GetType($"SendGateway.Client.{typeName}");
            Assert.That(type, Is.Not.Null, $"no client type for schema {schema.Name}");
            var wire = type!.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)).Order().ToList();
            var expected = schema.Value.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToList();
            Assert.That(wire, Is.EqualTo(expected), schema.Name);
            checkedSchemas++;
        }

        Assert.That(checkedSchemas, Is.GreaterThan(50));
    }

    [Test]
    public void APageReadsDataAndNextCursor()
    {
        var page = JsonSerializer.Deserialize<Page<Suppression>>(
            """{"data":[{"email":"a@b.test","reason":"manual","created_at":"2026-12-01T10:00:00Z"}],"next_cursor":"abc"}""",
            Wire);
        Assert.That(page!.NextCursor, Is.EqualTo("abc"));
        Assert.That(page.Data.Single().CreatedAt, Is.EqualTo(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
    }

    internal static string SpecPath()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "SendGateway.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("SendGateway.sln not found above the test's folder");
        }

        return Path.Combine(root, "api-spec", "sendgateway-v1.json");
    }
}
