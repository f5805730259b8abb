namespace SendGateway.Server.Domains;

public sealed record SenderDomain
{
    public string TenantId { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string DkimSelector { get; init; } = string.Empty;

    public string DkimPublicKey { get; init; } = string.Empty;

    public bool Verified { get; init; }

    public bool TrackingVerified { get; init; }

    public DateTime CreatedAt { get; init; }
}
