using SendGateway.Server.Tenants;
using SendGateway.Server.Users;

namespace SendGateway.Server.CommandLine;

/// <summary>
/// <c>user create [--tenant ID] --email E --role R [--password P] [--totp]</c> (api.md §7a): without <c>--tenant</c>
/// an operator. Prints the password it made and, with <c>--totp</c>, the <c>otpauth://</c> URI to enrol.
/// </summary>
internal static class UserCreateCommand
{
    public const string Usage = "user create [--tenant ID] --email EMAIL --role owner|admin|developer|viewer|operator [--password P] [--totp]";

    /// <summary>The command's flags taken off <paramref name="args"/> (after <c>user create</c>); the rest is for the host.</summary>
    public static (Dictionary<string, string?> Flags, string[] HostArgs) Split(string[] args)
    {
        var flags = new Dictionary<string, string?>(StringComparer.Ordinal);
        var rest = new List<string>();
        for (var i = 2; i < args.Length; i++)
        {
            if (args[i] == "--totp")
            {
                flags["totp"] = null;
            }
            else if (args[i] is "--tenant" or "--email" or "--role" or "--password" && i + 1 < args.Length)
            {
                flags[args[i][2..]] = args[++i];
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        return (flags, [.. rest]);
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        var (flags, _) = Split(args);
        var tenantId = flags.GetValueOrDefault("tenant");
        var role = flags.GetValueOrDefault("role") ?? (tenantId is null ? PanelRoles.Operator : null);
        var email = Addresses.Normalize(flags.GetValueOrDefault("email"));
        var password = flags.GetValueOrDefault("password");
        var problem = email is null ? "--email needs a valid address."
            : tenantId is null && role != PanelRoles.Operator ? "Without --tenant the user is an operator (--role operator)."
            : tenantId is not null && !PanelRoles.IsTenantRole(role) ? $"--role is one of {string.Join(", ", PanelRoles.TenantRoles)}."
            : password is { Length: < PanelPasswords.MinLength or > PanelPasswords.MaxLength } ? $"--password needs {PanelPasswords.MinLength} to {PanelPasswords.MaxLength} characters."
            : null;
        if (problem is null && tenantId is not null && await services.GetRequiredService<TenantStore>().GetAsync(tenantId, cancellationToken) is null)
        {
            problem = $"No tenant {tenantId}.";
        }

        if (problem is not null)
        {
            await Console.Error.WriteLineAsync($"{problem}\nusage: {Usage}");
            return 2;
        }

        var created = await services.GetRequiredService<UserAccounts>().CreateAsync(tenantId, email!, role!, password, flags.ContainsKey("totp"), cancellationToken);
        if (created is null)
        {
            await Console.Error.WriteLineAsync($"{email} already has a panel account.");
            return 1;
        }

        Console.WriteLine($"user_id:  {created.Id}");
        Console.WriteLine($"email:    {created.Email}");
        Console.WriteLine($"role:     {created.Role}");
        if (created.Password is not null)
        {
            Console.WriteLine($"password: {created.Password}");
        }

        if (created.OtpauthUri is not null)
        {
            Console.WriteLine($"totp:     {created.OtpauthUri}");
        }

        return 0;
    }
}
