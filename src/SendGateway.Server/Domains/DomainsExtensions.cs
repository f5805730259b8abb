namespace SendGateway.Server.Domains;

internal static class DomainsExtensions
{
    /// <summary>Sender domains: their store (DKIM keys sealed), DNS checks, the records to publish, the verified tracking hosts, and (events role) the re-check of verified domains.</summary>
    public static IHostApplicationBuilder AddDomains(this IHostApplicationBuilder builder, SendGatewayRoles roles)
    {
        builder.Services.AddSingleton<DomainStore>();
        builder.Services.AddSingleton<PrivacyContract.ITenantDeletionStep, DomainTenantDeletionStep>();
        builder.Services.AddSingleton<DomainViews>();
        builder.Services.AddSingleton<SpfAuthorization>();
        builder.Services.AddSingleton<TrackingHosts>();
        builder.Services.AddSingleton<DomainVerifier>();
        builder.Services.AddSingleton<DomainChanges>();
        builder.Services.AddSingleton<SenderDomainChanges>();
        builder.Services.AddHostedService(s => s.GetRequiredService<SenderDomainChanges>());
        builder.Services.AddValidatedOptions<DomainProofOptions>("SendGateway:Domains");
        builder.Services.AddSingleton<DomainRecheckStore>();
        if (roles.Events)
        {
            builder.Services.AddSingleton<DomainRecheckWorker>();
            builder.Services.AddHostedService(s => s.GetRequiredService<DomainRecheckWorker>());
        }
        return builder;
    }
}
