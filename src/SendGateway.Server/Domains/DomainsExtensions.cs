namespace SendGateway.Server.Domains;

public static class DomainsExtensions
{
    /// <summary>Sender domains: their store (DKIM keys sealed), DNS checks, and the return-path target.</summary>
    public static IHostApplicationBuilder AddDomains(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ReturnPathOptions>("SendGateway:Bounces");
        builder.Services.AddSingleton<DomainStore>();
        builder.Services.AddSingleton<DomainVerifier>();
        return builder;
    }
}
