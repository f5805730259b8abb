namespace SendGateway.Server.Queue;

internal static class QueueExtensions
{
    /// <summary>The Redis queue's owners: streams, schedule, bodies, event streams, dead letters, erasure, views.</summary>
    public static IHostApplicationBuilder AddQueue(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<QueueOptions>("SendGateway:Queue");
        builder.Services.AddSingleton<IpPools.IPoolPlacement>(s => s.GetRequiredService<Microsoft.Extensions.Options.IOptions<QueueOptions>>().Value); // where IP pools' addresses live
        builder.Services.AddSingleton<QueueCipher>();
        builder.Services.AddSingleton<DeadLetters>();
        builder.Services.AddSingleton<OutboundQueue>();
        builder.Services.AddSingleton<QueueWriter>();
        builder.Services.AddSingleton<ReplicaAck>();
        builder.Services.AddSingleton<PoolLanes>();
        builder.Services.AddSingleton<PendingHeartbeat>();
        builder.Services.AddSingleton<JournalConnection>();
        builder.Services.AddSingleton<DeliveredJournal>();
        builder.Services.AddSingleton<QueueEraser>();
        builder.Services.AddSingleton<EventStreams>();
        builder.Services.AddSingleton<QueueBackpressure>();
        builder.Services.AddSingleton<QueueInspector>();
        builder.Services.AddSingleton<HeldEntries>();
        builder.Services.AddHealthChecks().AddCheck<DeadLettersHealthCheck>("dead_letters", tags: ["ready"]);
        return builder;
    }
}
