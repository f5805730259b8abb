namespace SendGateway.Server.Delivery.TlsPolicy;

internal static class TlsPolicyExtensions
{
    /// <summary>
    /// The TLS policy seam of delivery: <c>SendGateway:Delivery:Tls</c> and the resolver that asks DANE, MTA-STS and the
    /// message what each MX host's TLS must be (their "off" implementations unless <c>AddDane</c>, <c>AddMtaSts</c> and
    /// the TLS reports replace them).
    /// </summary>
    public static IHostApplicationBuilder AddTlsPolicy(this IHostApplicationBuilder builder, SendGatewayRoles roles)
    {
        builder.Services.AddValidatedOptions<DeliveryTlsOptions>("SendGateway:Delivery:Tls");
        if (roles.Delivery)
        {
            builder.Services.AddSingleton<TlsSessionReports>();
            builder.Services.AddSingleton<TlsPolicyResolver>();
        }

        return builder;
    }
}
