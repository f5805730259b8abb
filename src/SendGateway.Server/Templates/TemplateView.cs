namespace SendGateway.Server.Templates;

/// <summary>A stored template: what it is, its active version's content and the list of its versions, newest first.</summary>
public sealed record TemplateView(
    string Id, string Kind, string Name, int ActiveVersion, int LatestVersion, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    TemplateVersionView Active, IReadOnlyList<TemplateVersionInfo> Versions);
