namespace SendGateway.Server.Templates;

/// <summary>A version in a template's history (its content: <c>GET /v1/templates/{id}/versions/{n}</c>).</summary>
public sealed record TemplateVersionInfo(int Version, bool Active, DateTimeOffset CreatedAt);
