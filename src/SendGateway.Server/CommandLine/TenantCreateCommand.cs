using SendGateway.Server.Tenants;

namespace SendGateway.Server.CommandLine;

/// <summary>
/// <c>tenant create --name NAME [--key-role ROLE]</c> (api.md §10): a tenant and its first API key, whose role ceiling
/// the operator names (owner when left out), made by <c>cli</c>. Prints the key once.
/// </summary>
internal static class TenantCreateCommand
{
    public const string Usage = "tenant create --name NAME [--key-role owner|admin|developer|viewer]";

    /// <summary>The arguments left for the host's configuration once the command's are taken off.</summary>
    public static string[] HostArgs(string[] args) => args switch
    {
        ["tenant", "create", "--name", _, "--key-role", _, .. var rest] => rest,
        ["tenant", "create", "--name", _, .. var rest] => rest,
        _ => args,
    };

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        if (args is not ["tenant", "create", "--name", var name, .. var more])
        {
            await Console.Error.WriteLineAsync($"usage: {Usage}");
            return 2;
        }

        var keyRole = more is ["--key-role", var role, ..] ? role : null;
        var (errors, tenant) = await services.GetRequiredService<TenantChanges>().CreateAsync(name, keyRole, ApiKeyMaker.CommandLine, cancellationToken);
        if (tenant is null)
        {
            await Console.Error.WriteLineAsync($"{string.Join(" ", errors.Values.SelectMany(v => v))}\nusage: {Usage}");
            return 2;
        }

        Console.WriteLine($"tenant_id: {tenant.Id}");
        Console.WriteLine($"api_key:   {tenant.ApiKey}");
        Console.WriteLine($"key_role:  {tenant.ApiKeyRole}");
        return 0;
    }
}
