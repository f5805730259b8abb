namespace SendGateway.Server.Suppressions;

/// <summary>Body of <c>POST /v1/suppressions</c>: one or many entries.</summary>
internal sealed record AddSuppressionsRequest(IReadOnlyList<SuppressionInput>? Suppressions);
