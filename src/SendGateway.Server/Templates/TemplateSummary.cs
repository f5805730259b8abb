namespace SendGateway.Server.Templates;

/// <summary>A stored template or layout in a list.</summary>
internal sealed record TemplateSummary(string Id, string Kind, string Name, int ActiveVersion, int LatestVersion, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
