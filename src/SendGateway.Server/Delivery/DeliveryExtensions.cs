using Microsoft.Extensions.DependencyInjection.Extensions;
using SendGateway.Server.Delivery.Connections;
using SendGateway.Server.Delivery.Dkim;
using SendGateway.Server.Delivery.Pipeline;
using SendGateway.Server.Delivery.Shaping;
using SendGateway.Server.Domains;

namespace SendGateway.Server.Delivery;

internal static class DeliveryExtensions
{
    public static IHostApplicationBuilder AddDelivery(this IHostApplicationBuilder builder, SendGatewayRoles roles)
    {
        builder.Services.AddValidatedOptions<DeliveryOptions>("SendGateway:Delivery")
            .Validate<Microsoft.Extensions.Options.IOptions<Queue.QueueOptions>>(
                (delivery, queue) => delivery.MaxQueueLifetime < queue.Value.BodyTtl,
                "SendGateway:Delivery:MaxQueueLifetime must be shorter than SendGateway:Queue:BodyTtl: a queued message's body must outlive its last retry.");
        builder.Services.AddSingleton<ISendingHost>(s => s.GetRequiredService<Microsoft.Extensions.Options.IOptions<DeliveryOptions>>().Value); // the suggested SPF's EHLO host
        builder.Services.AddSingleton<IpPools.ILocalSourcesSetting>(s => s.GetRequiredService<Microsoft.Extensions.Options.IOptions<DeliveryOptions>>().Value); // which pools this node has
        builder.Services.AddSingleton<Queue.IQueueLifetime>(s => s.GetRequiredService<Microsoft.Extensions.Options.IOptions<DeliveryOptions>>().Value); // the fronts' ceiling of a message's lifetime
        builder.Services.AddSingleton<RetrySchedule>();
        builder.Services.AddSingleton<DestinationThrottle>(); // the queue views show throttles in every role
        builder.Services.AddSingleton<Queue.IDestinationRests>(s => s.GetRequiredService<DestinationThrottle>());
        builder.Services.AddSingleton<DkimSigners>();
        builder.Services.AddSingleton<ISenderDomainListener>(s => s.GetRequiredService<DkimSigners>()); // told of changes on every node
        if (!roles.Delivery)
        {
            return builder;
        }

        builder.Services.AddSingleton<IMxResolver, MxResolver>();
        // Each TLS mechanism replaces its "off" default when it is configured (TlsPolicy/Dane, TlsPolicy/MtaSts, TlsReports).
        builder.Services.TryAddSingleton<TlsPolicy.Dane.IDaneLookup, TlsPolicy.Dane.NoDane>();
        builder.Services.TryAddSingleton<TlsPolicy.MtaSts.IMtaStsPolicies, TlsPolicy.MtaSts.NoMtaSts>();
        builder.Services.TryAddSingleton<TlsReports.ITlsReportSink, TlsReports.NoTlsReports>();
        // Shaping rules and actions, tenant pauses and queue controls replace these "off" defaults (services.Replace) where built.
        builder.Services.TryAddSingleton<Shaping.Rules.IShapingRuleSet, Shaping.Rules.EmptyShapingRuleSet>();
        builder.Services.TryAddSingleton<Shaping.Actions.IShapingActions, Shaping.Actions.NoShapingActions>();
        builder.Services.TryAddSingleton<Holds.ITenantPauses, Holds.NoTenantPauses>();
        builder.Services.TryAddSingleton<Holds.IQueueControls, Holds.NoQueueControls>();
        builder.Services.AddSingleton<ConnectionSlots>();
        builder.Services.AddSingleton<SmtpConnectionPool>();
        builder.Services.AddSingleton<BatchContentCache>();
        builder.Services.AddSingleton<ContentLoader>();
        builder.Services.AddSingleton<MessagePreparer>();
        builder.Services.AddSingleton<SourcePicker>();
        builder.Services.AddSingleton<SmtpSender>();
        builder.Services.AddSingleton<DeliveryPipeline>();
        builder.Services.AddSingleton<UnexpectedFailures>();
        builder.Services.AddSingleton<PoolPlacement>();
        builder.Services.AddSingleton<LaneHandOver>();
        builder.Services.AddSingleton<ShardLeases>();
        builder.Services.AddOptions<HostOptions>().Configure<Microsoft.Extensions.Options.IOptions<DeliveryOptions>>((host, delivery) =>
            host.ShutdownTimeout = TimeSpan.FromTicks(Math.Max(host.ShutdownTimeout.Ticks, (delivery.Value.ShutdownGrace + TimeSpan.FromSeconds(5)).Ticks)));
        builder.Services.AddHostedService<DeliveryWorker>();
        builder.Services.AddHostedService<ScheduleWorker>();
        return builder;
    }
}
