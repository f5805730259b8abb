namespace SendGateway.Server.Privacy;

public static class PrivacyExtensions
{
    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PrivacyStore>();
        builder.Services.AddSingleton<QueueEraser>();
        return builder;
    }
}
