using System.Text.Json.Nodes;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Docs;

/// <summary>
/// The API reference is rendered from the checked-in OpenAPI document (kept equal to the code by OperationsTests), so
/// what a reader finds there is checked here: every operation has a summary, an example body when it takes one and an
/// example answer when its success has content, and the document passes Redocly's lint under docs/redocly.yaml (which
/// checks each example against its schema).
/// </summary>
[TestFixture]
public sealed class ApiReferenceTests
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Test]
    public void EveryOperationHasASummaryAndExamples()
    {
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot(), "api-spec", "sendgateway-v1.json")))!;
        var missing = new List<string>();
        var operations = 0;
        foreach (var (path, item) in spec["paths"]!.AsObject())
        {
            foreach (var method in Methods.Where(m => item![m] is not null))
            {
                operations++;
                var operation = item![method]!;
                var name = $"{method.ToUpperInvariant()} {path}";
                if (string.IsNullOrWhiteSpace((string?)operation["summary"]))
                {
                    missing.Add($"{name}: no summary (.WithSummary)");
                }

                if (operation["requestBody"]?["content"] is JsonObject body && !body.Any(c => HasExample(c.Value)))
                {
                    missing.Add($"{name}: no request example (Hosting/OpenApiExamples.json)");
                }

                var success = operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('2')).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
                if (success.Count == 0)
                {
                    missing.Add($"{name}: no success response");
                }
                else if (success.FirstOrDefault(r => r.Value?["content"] is JsonObject { Count: > 0 }) is { Value: { } answer }
                    && !answer["content"]!.AsObject().Any(c => HasExample(c.Value)))
                {
                    missing.Add($"{name}: no response example (Hosting/OpenApiExamples.json)");
                }
            }
        }

        Assert.That(operations, Is.GreaterThan(50), "the document's operations were read");
        Assert.That(missing, Is.Empty, "run make api-spec after adding the summary or example");
    }

    [Test]
    public async Task TheDocumentPassesRedoclyLint()
    {
        var root = TestPaths.RepositoryRoot();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5)); // npm ci on a fresh machine
        var (exit, output) = await ProcessRunner.CaptureAsync("bash", ["-c",
            "set -e; cd \"$0\"; npm ci --prefix docs --no-audit --no-fund --loglevel=error >/dev/null; " +
            "REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true docs/node_modules/.bin/redocly lint --config docs/redocly.yaml api-spec/sendgateway-v1.json",
            root], timeout.Token);
        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Your API description is valid").And.Not.Match(@"You have \d+ warning"), output);
    }

    private static bool HasExample(JsonNode? mediaType) => mediaType?["example"] is not null || mediaType?["examples"] is JsonObject { Count: > 0 };
}
