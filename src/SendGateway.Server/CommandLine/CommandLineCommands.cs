using SendGateway.Server.Relay;
using SendGateway.Server.Storage;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.CommandLine;

/// <summary>The executable's commands besides <c>serve</c> (api.md §10): <c>migrate</c>, <c>tenant create</c> (its first key's role ceiling: <c>--key-role</c>, owner by default), <c>smtp-credential create</c>, <c>user create</c>, <c>domain verify --force</c>, <c>backup</c>, <c>restore</c>.</summary>
internal static class CommandLineCommands
{
    /// <summary>The arguments left for the host's configuration once the command words are taken off.</summary>
    public static string[] HostArgs(string[] args) => args switch
    {
        ["serve" or "migrate", .. var rest] => rest,
        ["tenant", "create", ..] => TenantCreateCommand.HostArgs(args),
        ["smtp-credential", "create", "--tenant", _, "--name", _, .. var rest] => rest,
        ["backup", "--dir", _, .. var rest] => rest,
        ["backup", .. var rest] => rest,
        ["restore", "--file", _, .. var rest] => rest,
        ["user", "create", ..] => UserCreateCommand.Split(args).HostArgs,
        ["domain", "verify", ..] => DomainVerifyCommand.HostArgs(args),
        _ => args,
    };

    /// <summary>Runs a command and returns its exit code, or null for <c>serve</c>.</summary>
    public static async Task<int?> RunAsync(WebApplication app, string[] args, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0] == "serve" || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            return null;
        }

        var migrations = app.Services.GetRequiredService<MigrationRunner>();
        switch (args)
        {
            case ["migrate", ..]:
                Console.WriteLine($"Applied {await migrations.RunAsync(cancellationToken)} migration(s).");
                return 0;
            case ["tenant", "create", "--name", _, ..]:
                await migrations.RunAsync(cancellationToken);
                return await TenantCreateCommand.RunAsync(app.Services, args, cancellationToken);
            case ["smtp-credential", "create", "--tenant", var tenantId, "--name", var credentialName, ..]:
                await migrations.RunAsync(cancellationToken);
                if (await app.Services.GetRequiredService<TenantStore>().GetAsync(tenantId, cancellationToken) is null)
                {
                    await Console.Error.WriteLineAsync($"No tenant {tenantId}.");
                    return 1;
                }

                var iterations = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RelayOptions>>().Value.PasswordHashIterations;
                var (credential, password) = await app.Services.GetRequiredService<SmtpCredentialStore>().CreateAsync(tenantId, credentialName, null, iterations, cancellationToken);
                Console.WriteLine($"username: {credential.Username}");
                Console.WriteLine($"password: {password}");
                return 0;
            case ["backup", "--dir", var dir, ..]:
                return await BackupAsync(app, dir, cancellationToken);
            case ["backup", ..]:
                return await BackupAsync(app, null, cancellationToken);
            case ["restore", "--file", var file, ..]:
                var (keys, bytes) = await app.Services.GetRequiredService<Backups.BackupService>().RestoreAsync(file, cancellationToken);
                Console.WriteLine($"restored: PostgreSQL dump of {bytes} bytes, {keys} Redis keys");
                return 0;
            case ["user", "create", ..]:
                await migrations.RunAsync(cancellationToken);
                return await UserCreateCommand.RunAsync(app.Services, args, cancellationToken);
            case ["domain", "verify", ..]:
                await migrations.RunAsync(cancellationToken);
                return await DomainVerifyCommand.RunAsync(app.Services, args, cancellationToken);
            default:
                await Console.Error.WriteLineAsync(
                    $"usage: SendGateway.Server [serve | migrate | {TenantCreateCommand.Usage} | smtp-credential create --tenant ID --name NAME | {UserCreateCommand.Usage} | {DomainVerifyCommand.Usage} | backup [--dir DIR] | restore --file FILE]");
                return 2;
        }
    }

    private static async Task<int> BackupAsync(WebApplication app, string? dir, CancellationToken cancellationToken)
    {
        var (file, keys, bytes) = await app.Services.GetRequiredService<Backups.BackupService>().BackupAsync(dir, cancellationToken);
        Console.WriteLine($"backup: {file} (PostgreSQL dump of {bytes} bytes, {keys} Redis keys, AES-256-GCM)");
        return 0;
    }
}
