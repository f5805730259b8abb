namespace SendGateway.Server.Domains;

internal sealed record SenderDomain
{
    public string TenantId { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string DkimSelector { get; init; } = string.Empty;

    public string DkimPublicKey { get; init; } = string.Empty;

    /// <summary>Sends: its DKIM record was found with our key (<see cref="VerifiedBy"/> <c>dns</c>) or an operator said so (<c>operator</c>).</summary>
    public bool Verified { get; init; }

    public bool TrackingVerified { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary><c>dns</c>, <c>operator</c> (the command line's override, never re-checked), or null while not verified.</summary>
    public string? VerifiedBy { get; init; }

    /// <summary>When it was last verified; kept after a re-check stops it.</summary>
    public DateTime? VerifiedAt { get; init; }

    /// <summary>When a re-check stopped it (its DKIM record missing <see cref="MissingChecks"/> times in a row); null once verified again.</summary>
    public DateTime? UnverifiedAt { get; init; }

    /// <summary>Re-checks in a row that did not find the DKIM record.</summary>
    public int MissingChecks { get; init; }
}
