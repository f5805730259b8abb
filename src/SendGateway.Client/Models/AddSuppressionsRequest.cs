namespace SendGateway.Client;

/// <summary>The API's <c>AddSuppressionsRequest</c> object.</summary>
public sealed record AddSuppressionsRequest
{
    /// <summary>JSON <c>suppressions</c>.</summary>
    public List<SuppressionInput>? Suppressions { get; init; }
}
