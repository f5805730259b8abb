namespace SendGateway.Server.Suppressions;

/// <summary>One entry to add (API body or CSV line); <c>reason</c> defaults to <c>manual</c>.</summary>
internal sealed record SuppressionInput(string? Email, string? Reason, DateTimeOffset? ExpiresAt);
