namespace SendGateway.Server.Relay;

/// <summary>What verifying a login needs: the tenant, its suspension flag and the password's PBKDF2 parameters.</summary>
internal sealed record StoredSmtpCredential
{
    public string TenantId { get; init; } = string.Empty;

    public bool Suspended { get; init; }

    public byte[] PasswordHash { get; init; } = [];

    public byte[] Salt { get; init; } = [];

    public int Iterations { get; init; }

    /// <summary>The stream its messages belong to unless they name one (<c>X-SG-Stream</c>); null = transactional.</summary>
    public string? DefaultStream { get; init; }
}
