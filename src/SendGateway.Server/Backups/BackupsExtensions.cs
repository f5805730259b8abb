namespace SendGateway.Server.Backups;

internal static class BackupsExtensions
{
    /// <summary>The <c>backup</c> and <c>restore</c> commands' service and options.</summary>
    public static IHostApplicationBuilder AddBackups(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<BackupOptions>("SendGateway:Backup");
        builder.Services.AddSingleton<BackupService>();
        return builder;
    }
}
