namespace SendGateway.Server.IpPools;

internal static class IpPoolsExtensions
{
    /// <summary>Operator IP pools and the per-attempt source choice (warm-up included).</summary>
    public static IHostApplicationBuilder AddIpPools(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IpPoolStore>();
        builder.Services.AddSingleton<Tenants.IIpPoolNames>(s => s.GetRequiredService<IpPoolStore>());
        builder.Services.AddSingleton<LocalSources>();
        builder.Services.AddSingleton<SourceSelector>();
        builder.Services.AddSingleton<WarmupUsage>();
        return builder;
    }
}
