namespace SendGateway.Server.Streams;

internal static class StreamsExtensions
{
    /// <summary>Message streams: their store, read by accept, and their checks.</summary>
    public static IHostApplicationBuilder AddStreams(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<StreamsOptions>(StreamsOptions.Section);
        builder.Services.AddSingleton<StreamStore>();
        builder.Services.AddSingleton<StreamChanges>();
        builder.Services.AddSingleton<StreamDefaults>();
        builder.Services.AddSingleton<PrivacyContract.ITenantDeletionStep, StreamTenantDeletionStep>();
        return builder;
    }
}
