using Microsoft.Extensions.Options;

namespace SendGateway.Server.Delivery.TlsPolicy.Dane;

internal static class DaneExtensions
{
    /// <summary>
    /// <c>SendGateway:Delivery:Tls:Dane</c>, validated in every role; in the delivery role, TLSA records are looked up
    /// through the validating resolvers (<see cref="DnssecDaneLookup"/>) when any is configured, else DANE stays off
    /// (<see cref="NoDane"/>). Registered after <c>AddDelivery</c>'s default: the last registration wins.
    /// </summary>
    public static IHostApplicationBuilder AddDane(this IHostApplicationBuilder builder, SendGatewayRoles roles)
    {
        builder.Services.AddValidatedOptions<DaneOptions>("SendGateway:Delivery:Tls:Dane");
        if (roles.Delivery)
        {
            builder.Services.AddSingleton<IDaneLookup>(s => s.GetRequiredService<IOptions<DaneOptions>>().Value.Enabled
                ? ActivatorUtilities.CreateInstance<DnssecDaneLookup>(s)
                : new NoDane());
        }

        return builder;
    }
}
