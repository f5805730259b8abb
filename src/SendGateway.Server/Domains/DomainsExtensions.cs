namespace SendGateway.Server.Domains;

public static class DomainsExtensions
{
    /// <summary>Sender domains: their store (DKIM keys sealed), DNS checks, the records to publish, and the verified tracking hosts.</summary>
    public static IHostApplicationBuilder AddDomains(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ReturnPathOptions>("SendGateway:Bounces");
        builder.Services.AddValidatedOptions<TrackingHostOptions>("SendGateway:Tracking");
        builder.Services.AddSingleton<DomainStore>();
        builder.Services.AddSingleton<DomainViews>();
        builder.Services.AddSingleton<TrackingHosts>();
        builder.Services.AddSingleton<DomainVerifier>();
        builder.Services.AddSingleton<DomainChanges>();
        builder.Services.AddSingleton<SenderDomainChanges>();
        builder.Services.AddHostedService(s => s.GetRequiredService<SenderDomainChanges>());
        return builder;
    }
}
