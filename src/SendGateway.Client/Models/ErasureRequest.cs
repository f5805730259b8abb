namespace SendGateway.Client;

/// <summary>The API's <c>ErasureRequest</c> object.</summary>
public sealed record ErasureRequest
{
    /// <summary>JSON <c>emails</c>.</summary>
    public List<string>? Emails { get; init; }
}
