namespace SendGateway.Server.Common;

/// <summary><c>SendGateway:Roles</c>: which parts this process runs (architecture §1). Default: all.</summary>
internal sealed class SendGatewayRoles
{
    public static readonly string[] Known = ["api", "relay", "delivery", "events"];

    private readonly HashSet<string> _roles;

    public SendGatewayRoles(IConfiguration configuration)
    {
        var value = configuration["SendGateway:Roles"];
        _roles = string.IsNullOrWhiteSpace(value)
            ? [.. Known]
            : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => r.ToLowerInvariant()).ToHashSet();
        var unknown = _roles.Except(Known).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidConfigurationException($"SendGateway:Roles has unknown roles: {string.Join(", ", unknown)} (known: {string.Join(", ", Known)}).");
        }
    }

    public bool Api => _roles.Contains("api");

    public bool Relay => _roles.Contains("relay");

    public bool Delivery => _roles.Contains("delivery");

    public bool Events => _roles.Contains("events");
}
