using System.Text.Json;
using System.Text.Json.Nodes;

namespace SendGateway.Server.Templates.Panel;

/// <summary>"Send a test" on a template's page: the sender address and the test vars (a JSON object).</summary>
internal sealed class TemplateTestForm
{
    private static readonly JsonSerializerOptions Json = new() { MaxDepth = 32 };

    public string? From { get; set; }

    public string Vars { get; set; } = "{}";

    /// <summary>
    /// Test vars to start from: every variable the template prints without a value (<c>order.total</c> nested), each an
    /// empty string, or <c>{}</c> when it prints none.
    /// </summary>
    public static string SampleVars(IEnumerable<string> missing)
    {
        var root = new JsonObject();
        foreach (var path in missing.Where(p => !p.Contains("[]", StringComparison.Ordinal)))
        {
            var node = root;
            var names = path.Split('.');
            foreach (var name in names[..^1])
            {
                node = node[name] as JsonObject ?? (JsonObject)(node[name] = new JsonObject());
            }

            node[names[^1]] ??= "";
        }

        return root.Count == 0 ? "{}" : root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The vars, or why they cannot be read (with line and column).</summary>
    public (Dictionary<string, JsonElement>? Vars, string? Error) ReadVars(int maxChars)
    {
        if (Vars.Length > maxChars)
        {
            return (null, $"Test vars are at most {maxChars} characters.");
        }

        try
        {
            return (string.IsNullOrWhiteSpace(Vars) ? [] : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Vars, Json) ?? [], null);
        }
        catch (JsonException e)
        {
            return (null, $"Test vars are not a JSON object (line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}).");
        }
    }
}
