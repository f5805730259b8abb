namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

/// <summary>A row of <c>mta_sts_policies</c>; the policy columns are null for a domain that only failed so far.</summary>
internal sealed record StoredMtaStsPolicy(
    string Domain, string? Id, string? Mode, string[] Mx, long? MaxAge, string? Text,
    DateTime? FetchedAt, DateTime? ExpiresAt, string? LastError, DateTime? LastErrorAt)
{
    public static string ModeName(MtaStsMode mode) => mode switch
    {
        MtaStsMode.Enforce => "enforce",
        MtaStsMode.Testing => "testing",
        _ => "none",
    };

    /// <summary>The stored policy, or null when the row has none.</summary>
    public MtaStsPolicy? ToPolicy()
    {
        if (Id is null || Mode is null || MaxAge is null || Text is null)
        {
            return null;
        }

        var mode = Mode switch { "enforce" => MtaStsMode.Enforce, "testing" => MtaStsMode.Testing, _ => MtaStsMode.None };
        return new MtaStsPolicy(mode, Mx, TimeSpan.FromSeconds(MaxAge.Value), Id, Text);
    }
}
