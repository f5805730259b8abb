using SendGateway.Server.Domains;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.CommandLine;

/// <summary>
/// <c>domain verify --force --tenant ID --name DOMAIN</c>: the operator's override for a domain on a private network,
/// whose DKIM record no public DNS serves. The domain is added to the tenant if it is not yet, marked verified without
/// a DNS lookup (never re-checked), audited in the tenant's log as an operator override and shown so in the panel.
/// </summary>
internal static class DomainVerifyCommand
{
    public const string Usage = "domain verify --force --tenant ID --name DOMAIN";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        if (args is not ["domain", "verify", "--force", "--tenant", var tenantId, "--name", var name, ..])
        {
            await Console.Error.WriteLineAsync($"usage: {Usage} (without --force, verify from DNS: POST /v1/domains/{{name}}/verify)");
            return 2;
        }

        if (await services.GetRequiredService<TenantStore>().GetAsync(tenantId, cancellationToken) is null)
        {
            await Console.Error.WriteLineAsync($"No tenant {tenantId}.");
            return 1;
        }

        var status = await services.GetRequiredService<DomainChanges>().ForceVerifyAsync(tenantId, name, cancellationToken);
        switch (status)
        {
            case DomainAddStatus.InvalidName:
                await Console.Error.WriteLineAsync(DomainChanges.InvalidName);
                return 2;
            case DomainAddStatus.HeldElsewhere:
                await Console.Error.WriteLineAsync(DomainChanges.HeldElsewhere);
                return 1;
            default:
                Console.WriteLine($"domain:   {name.Trim().ToLowerInvariant()}");
                Console.WriteLine("verified: operator override (audited; no DNS check)");
                return 0;
        }
    }

    /// <summary>The arguments left for the host's configuration.</summary>
    public static string[] HostArgs(string[] args) => args is ["domain", "verify", "--force", "--tenant", _, "--name", _, .. var rest] ? rest : args;
}
