namespace SendGateway.Server.Templates;

/// <summary>A stored template or layout in a list.</summary>
public sealed record TemplateSummary(string Id, string Kind, string Name, int ActiveVersion, int LatestVersion, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
