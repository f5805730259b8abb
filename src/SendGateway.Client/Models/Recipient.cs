namespace SendGateway.Client;

/// <summary>The API's <c>RecipientDto</c> object.</summary>
public sealed record Recipient
{
    /// <summary>JSON <c>email</c>.</summary>
    public string? Email { get; init; }

    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>vars</c>.</summary>
    public Dictionary<string, object?>? Vars { get; init; }

    /// <summary>JSON <c>metadata</c>.</summary>
    public Dictionary<string, string>? Metadata { get; init; }
}
