namespace SendGateway.Server.EmailLabs;

internal static class EmailLabsExtensions
{
    /// <summary>The EmailLabs-compatible API's options and form reader (the api role maps it).</summary>
    public static IHostApplicationBuilder AddEmailLabs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<EmailLabsOptions>("SendGateway:EmailLabs");
        builder.Services.AddSingleton<EmailLabsForms>();
        return builder;
    }
}
