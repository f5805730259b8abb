using System.Text.Json;

namespace SendGateway.Server.Templates;

/// <summary>
/// A preview: <c>POST /v1/templates/render</c> takes an unsaved template's parts (as <c>POST /v1/templates</c>);
/// <c>POST /v1/templates/{id}/render</c> takes only <see cref="Vars"/> and optionally <see cref="Version"/>.
/// </summary>
public sealed record RenderTemplateRequest : TemplatePartsRequest
{
    public int? Version { get; init; }

    public Dictionary<string, JsonElement>? Vars { get; init; }
}
