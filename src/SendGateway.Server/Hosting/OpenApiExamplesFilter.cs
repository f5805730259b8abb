using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SendGateway.Server.Hosting;

/// <summary>
/// Puts the example request body and the example answer of each operation into the OpenAPI document, read from
/// <c>Hosting/OpenApiExamples.json</c> (keyed by operationId: <c>request</c> for the body, <c>response</c> for the first
/// 2xx answer with content). Redocly's lint checks every example against its schema, so an example cannot drift from
/// the code it describes; OpenApiExamplesTests checks that every operation has one.
/// </summary>
internal sealed class OpenApiExamplesFilter : IOperationFilter
{
    private static readonly Lazy<JsonObject> Examples = new(Load);

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.OperationId is null || Examples.Value[operation.OperationId] is not JsonObject examples)
        {
            return;
        }

        if (examples["request"] is { } request && operation.RequestBody?.Content?.Values.FirstOrDefault() is OpenApiMediaType body)
        {
            body.Example = request.DeepClone();
        }

        var answer = operation.Responses?
            .Where(r => r.Key.StartsWith('2') && r.Value.Content is { Count: > 0 })
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => r.Value.Content!.Values.First())
            .OfType<OpenApiMediaType>()
            .FirstOrDefault();
        if (examples["response"] is { } response && answer is not null)
        {
            answer.Example = response.DeepClone();
        }
    }

    private static JsonObject Load()
    {
        using var stream = typeof(OpenApiExamplesFilter).Assembly.GetManifestResourceStream("SendGateway.Server.Hosting.OpenApiExamples.json")
            ?? throw new InvalidOperationException("The embedded resource Hosting/OpenApiExamples.json is missing.");
        return JsonNode.Parse(stream)?.AsObject() ?? throw new InvalidOperationException("Hosting/OpenApiExamples.json is not a JSON object.");
    }
}
