namespace SendGateway.Server.Templates;

/// <summary><c>POST /v1/templates</c>: version 1 of a new template (or layout).</summary>
public sealed record CreateTemplateRequest : TemplatePartsRequest
{
    /// <summary>The tenant's own slug (<c>welcome-email</c>); generated (<c>tpl_…</c>) when not given.</summary>
    public string? Id { get; init; }

    public string? Name { get; init; }

    /// <summary><c>template</c> (default) or <c>layout</c>.</summary>
    public string? Kind { get; init; }
}
