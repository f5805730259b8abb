namespace SendGateway.Server.TlsReports;

internal static class TlsReportsExtensions
{
    /// <summary>
    /// TLS reports (RFC 8460) when <c>SendGateway:TlsReports:Enabled</c>: the delivery role counts sessions in Redis
    /// (<see cref="RedisTlsReportSink"/> replaces the "off" sink registered by delivery), the events role sends the daily reports.
    /// </summary>
    public static IHostApplicationBuilder AddTlsReports(this IHostApplicationBuilder builder, SendGatewayRoles roles)
    {
        builder.Services.AddValidatedOptions<TlsReportsOptions>("SendGateway:TlsReports");
        builder.Services.AddSingleton<TlsSessionTotals>(); // the operator's view of today's counts, in every role
        if (!builder.Configuration.GetValue<bool>("SendGateway:TlsReports:Enabled"))
        {
            return builder;
        }

        if (roles.Delivery)
        {
            builder.Services.AddSingleton<ITlsReportSink, RedisTlsReportSink>(); // the last registration wins
        }

        if (roles.Events)
        {
            builder.Services.AddSingleton<TlsReportMailer>();
            builder.Services.AddSingleton<TlsReportPoster>();
            builder.Services.AddSingleton<TlsReportDispatcher>();
            builder.Services.AddHostedService<TlsReportWorker>();
        }

        return builder;
    }
}
