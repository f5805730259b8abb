namespace SendGateway.Client;

/// <summary>The API's <c>WarmupPlan</c> object.</summary>
public sealed record WarmupPlan
{
    /// <summary>JSON <c>start</c>.</summary>
    public string? Start { get; init; }

    /// <summary>JSON <c>daily</c>.</summary>
    public List<int>? Daily { get; init; }
}
