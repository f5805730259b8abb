namespace SendGateway.Server.Suppressions;

/// <summary>Body of <c>POST /v1/suppressions</c>: one or many entries.</summary>
public sealed record AddSuppressionsRequest(IReadOnlyList<SuppressionInput>? Suppressions);
