using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

internal static class MtaStsExtensions
{
    /// <summary>
    /// MTA-STS (RFC 8461): the options, the shared policy table (listed by the admin API whether or not MTA-STS is on)
    /// and, when <see cref="MtaStsOptions.Enabled"/>, the real policy source in place of <see cref="NoMtaSts"/>.
    /// </summary>
    public static IHostApplicationBuilder AddMtaSts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<MtaStsOptions>(Section);
        builder.Services.AddSingleton<MtaStsStore>();
        if (builder.Configuration.GetSection(Section).GetValue<bool>(nameof(MtaStsOptions.Enabled)))
        {
            builder.Services.TryAddSingleton<Webhooks.WebhookResolver>(); // the webhooks' resolver, registered there too
            builder.Services.AddSingleton<MtaStsHttp>();
            builder.Services.AddSingleton<IMtaStsPolicies, MtaStsPolicies>(); // the last registration wins over NoMtaSts
        }

        return builder;
    }

    public const string Section = "SendGateway:Delivery:Tls:MtaSts";
}
