namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

/// <summary>A row of <c>mta_sts_policies</c>; the policy columns are null for a domain that only failed so far.</summary>
internal sealed class StoredMtaStsPolicy
{
    public string Domain { get; set; } = string.Empty;

    public string? Id { get; set; }

    public string? Mode { get; set; }

    public string[] Mx { get; set; } = [];

    public long? MaxAge { get; set; }

    public string? Text { get; set; }

    public DateTime? FetchedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public string? LastError { get; set; }

    public DateTime? LastErrorAt { get; set; }

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
