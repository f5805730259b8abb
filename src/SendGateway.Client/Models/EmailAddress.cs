namespace SendGateway.Client;

/// <summary>The API's <c>EmailAddressDto</c> object.</summary>
public sealed record EmailAddress
{
    /// <summary>JSON <c>email</c>.</summary>
    public string? Email { get; init; }

    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }
}
