namespace SendGateway.Server.Tenants.Panel;

/// <summary>The Keys page's form: a name, the scopes, the role ceiling (the page offers none above the person's), the addresses allowed (one per line; empty: any).</summary>
internal sealed class NewKeyForm
{
    public string? Name { get; set; }

    public bool Send { get; set; } = true;

    public bool Read { get; set; } = true;

    public bool Manage { get; set; }

    public string? AllowedIps { get; set; }

    /// <summary>Null until chosen: the person's own role.</summary>
    public string? Role { get; set; }

    public Tenants.CreateApiKeyRequest ToRequest() => new(
        Name,
        [.. new[] { (Send, Tenants.Scopes.Send), (Read, Tenants.Scopes.Read), (Manage, Tenants.Scopes.Manage) }.Where(s => s.Item1).Select(s => s.Item2)],
        (AllowedIps ?? string.Empty).Split(['\n', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        string.IsNullOrEmpty(Role) ? null : Role);
}
