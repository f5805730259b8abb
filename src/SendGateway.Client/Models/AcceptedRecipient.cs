namespace SendGateway.Client;

/// <summary>The API's <c>AcceptedRecipient</c> object.</summary>
public sealed record AcceptedRecipient
{
    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>email</c>.</summary>
    public string? Email { get; init; }

    /// <summary>JSON <c>status</c>.</summary>
    public string? Status { get; init; }

    /// <summary>JSON <c>reason</c>.</summary>
    public string? Reason { get; init; }
}
